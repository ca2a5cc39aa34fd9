"""The dossier of the demo's case with 补正, 征求意见 and 延期 (cases.demo.FULL_CASE) holds all its letters, the trace
and its audit entries (run on SQLite and PostgreSQL by ./run test)."""

from datetime import date, datetime

import pytest

from gongkai.audit.models import AuditEntry
from gongkai.cases import demo, dossier
from gongkai.cases.clock import TZ
from gongkai.cases.models import Application, EventKind
from gongkai.documents import gongwen

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo_case(agency, section, clerk, head):
    demo.load(TODAY, agency, {"jingban": clerk, "fuzeren": head})
    kinds = {EventKind.CORRECTION_RECEIVED, EventKind.EXTENSION, EventKind.REQUEST}
    found = [app for app in Application.objects.of(agency).filter(outcome="partial")
             if kinds <= set(app.events.values_list("kind", flat=True))
             and app.events.filter(kind__in=[EventKind.THIRD_PARTY_SENT, EventKind.AGENCY_SENT]).exists()]
    assert len(found) == 1, "the demo has one 部分公开 case with 补正, 征求意见 and 延期 asked of the head"
    return found[0]


def test_the_demo_dossier_holds_every_letter_the_trace_and_the_audit_entries(demo_case):
    doc = dossier.build(demo_case, today=TODAY, now=datetime(2026, 11, 25, 16, tzinfo=TZ), masked=False,
                        printed_by="测试")
    text = doc.text()
    letters = list(demo_case.letters.all())
    assert {x.kind for x in letters} >= {"receipt", "correction", "consult", "extension", "answer"}
    for letter in letters:
        assert letter.number in text and "\n".join(letter.paragraphs) in text
    assert demo_case.clarified_content and demo_case.clarified_content in text
    assert "办理结果\t（二）部分公开；依据：" in text and "只计这一情形" not in text
    assert f"答复期限：{gongwen.chinese_date(demo_case.due_date)}。" not in text  # said once, by the trace's last step
    assert f"受理号\t{demo_case.acceptance_no}\n查询码\t{demo_case.tracking_code}" in text
    assert "报请延长答复期限" in text and "负责人同意报请事项" in text and "同意延长15个工作日" in text
    for step in ("一次性告知补正（第三十条", "收到补正申请，答复期限自该日重新起算（第三十条）", "第三十四条",
                 "经工作机构负责人同意延长答复期限 15 个工作日", "第三十三条第二款", "第1个工作日"):
        assert step in text, step
    entries = AuditEntry.objects.filter(object_type="cases.application", object_id=str(demo_case.pk))
    assert entries.count() >= 8
    for entry in entries:
        assert entry.action_label in text


@pytest.mark.skipif(not __import__("gongkai.documents.fonts", fromlist=["x"]).cjk_families(), reason="没有中文字体")
def test_the_demo_dossier_pdf_names_every_letter(demo_case, clerk):
    import io

    import pdfplumber

    data = dossier.pdf(demo_case, actor=clerk, today=TODAY, now=datetime(2026, 11, 25, 16, tzinfo=TZ), masked=False)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "").replace(" ", "")
    for letter in demo_case.letters.all():
        assert letter.number in text
    assert "第三十三条第二款" in text and "操作记录" in text


def test_every_audit_value_of_the_demo_cases_is_labelled_in_the_dossier(agency, section, clerk, head):
    demo.load(TODAY, agency, {"jingban": clerk, "fuzeren": head})
    keys = set()
    for app in Application.objects.of(agency):
        for entry in dossier.audit_entries(app):
            keys |= {k for k, v in (entry.data or {}).items() if not isinstance(v, dict | list)}
    assert keys - set(dossier.DATA_LABELS) - dossier.INTERNAL_KEYS == set()
