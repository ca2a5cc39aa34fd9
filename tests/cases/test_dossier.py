"""The case dossier (案卷): cover, the steps and the deadline trace with articles, every letter, deliveries with proof
scans, the case's files and the audit trail — as PDF from the case page and from `gongkai dossier CODE -o FILE`."""

import hashlib
import io
from datetime import datetime

import pdfplumber
import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.cases import decisions, dossier, letters
from gongkai.cases.clock import TZ
from gongkai.cases.models import CaseFile, FileKind, Letter, LetterKind
from gongkai.documents import model
from gongkai.documents.fonts import cjk_families
from tests.cli import run_command
from tests.conftest import logged_in

from .letter_cases import CLARIFIED, case_with_every_letter, d, fresh

NOW = datetime(2026, 11, 25, 16, 0, tzinfo=TZ)
needs_font = pytest.mark.skipif(not cjk_families(), reason="没有中文字体（fonts-noto-cjk）")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def full_case(clerk, head, agency, today):
    """补正, 征求第三方意见 and 征求其他机关意见, 延期, 收费, the answer and the 决定公开告知书, delivered by post and in
    person, archived."""
    found = case_with_every_letter(clerk, head, agency, today)
    app = fresh(found[0].application)
    answer = Letter.objects.get(application=app, kind=LetterKind.ANSWER)
    letters.deliver(clerk, answer, method="ems", on=today, proof="EA123456789CN", revision=app.revision, today=today)
    notice = Letter.objects.get(application=app, kind=LetterKind.DISCLOSE)
    letters.deliver(clerk, notice, method="in_person", on=today, proof="王经理签收", revision=fresh(app).revision,
                    today=today)
    decisions.archive(clerk, fresh(app), revision=fresh(app).revision, today=today)
    return fresh(app)


def build(app, today, masked=False):
    return dossier.build(app, today=today, now=NOW, masked=masked, printed_by="测试")


def test_the_dossier_holds_cover_trace_every_letter_deliveries_files_and_audit_in_order(full_case, today):
    doc = build(full_case, today)
    text = doc.text()
    order = ["政府信息公开申请办理案卷", "查询码", "保管期限", "卷内目录", "一、办理过程和答复期限的计算", "二、文书",
             "三、送达记录", "四、案件材料", "五、操作记录（审计日志）"]
    positions = [text.index(x) for x in order]
    assert positions == sorted(positions)
    assert full_case.tracking_code in text and "张三（自然人）" in text and "定期30年" in text
    for letter in full_case.letters.all():
        assert letter.number in text and letter.title in text and "\n".join(letter.paragraphs) in text
    assert CLARIFIED in text and "补正后的所需信息" in text


def test_the_trace_shows_each_step_with_its_article_and_the_days(full_case, today):
    text = build(full_case, today).text()
    for article in ("第三十一条", "第三十条", "第三十二条", "第三十四条", "第三十三条第二款", "第三十三条第三款",
                    "国办函〔2020〕109号"):
        assert article in text, article
    assert "2026年11月3日（星期二） 一次性告知补正" in text and "2026年11月5日（星期四） 收到补正申请" in text
    assert "第1个工作日" in text and "2026-11" not in text  # day by day, one date style


def test_the_audit_trail_lists_every_step_of_the_case(full_case, today):
    text = build(full_case, today).text()
    for label in ("登记政府信息公开申请", "告知补正", "登记补正收到", "征求意见", "延长答复期限", "发出收费通知",
                  "作出办理决定", "负责人审批办理决定", "出具文书", "登记送达", "归档"):
        assert label in text, label
    assert text.count("出具文书") >= full_case.letters.count()


def test_deliveries_are_listed_and_files_are_empty_safe(full_case, today):
    text = build(full_case, today).text()
    assert "EA123456789CN" in text and "邮寄（EMS/挂号）" in text and "直接送达" in text and "王经理签收" in text
    assert "本案没有上传的材料" in text and "尚未上传其扫描件" in text


def _store(data_dir, app, kind, name, data, content_type, file_type, *, delivery=None, on=None, sha=None):
    digest = hashlib.sha256(data).hexdigest()
    relative = f"cases/{app.agency.code}/{digest[:2]}/{digest}.{file_type}"
    (data_dir / relative).parent.mkdir(parents=True, exist_ok=True)
    (data_dir / relative).write_bytes(data)
    return CaseFile.objects.create(agency=app.agency, application=app, kind=kind, filename=name, file_type=file_type,
                                   content_type=content_type, size=len(data), sha256=sha or digest,
                                   stored_as=relative, delivery=delivery, uploaded_on=on or d("2026-11-02"))


def _pdf(pages: int) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_the_case_files_are_listed_and_scans_shown_with_the_proof_under_its_delivery(full_case, today, data_dir):
    delivery = full_case.letters.get(kind=LetterKind.ANSWER).deliveries.get()
    _store(data_dir, full_case, FileKind.APPLICATION, "申请书.png", PNG, "image/png", "png")
    _store(data_dir, full_case, FileKind.DELIVERY_PROOF, "EMS回执.png", PNG, "image/png", "png", delivery=delivery,
           on=today)
    doc = build(full_case, today)
    text = doc.text()
    assert "申请书.png" in text and "EMS回执.png" in text and "本案没有上传的材料" not in text
    assert f"送达凭证（{delivery.letter.number}，2026年11月25日送达）" in text
    assert text.index("EMS回执.png") < text.rindex("四、案件材料") < text.index("申请书.png")
    images = [b for b in doc.blocks if isinstance(b, model.Image)]
    assert [i.caption for i in images] == ["送达凭证：EMS回执.png", "申请书扫描件：申请书.png"]
    notice = full_case.letters.get(kind=LetterKind.DISCLOSE)
    assert f"尚未上传送达凭证扫描件的送达：{notice.number}（直接送达）" in text


def test_a_pdf_scan_is_drawn_page_by_page_up_to_three_pages(full_case, today, data_dir):
    _store(data_dir, full_case, FileKind.DELIVERY_PROOF, "签收单.pdf", _pdf(4), "application/pdf", "pdf")
    doc = build(full_case, today)
    images = [b for b in doc.blocks if isinstance(b, model.Image)]
    assert [i.caption[-9:] for i in images] == ["（第1页，共4页）", "（第2页，共4页）", "（第3页，共4页）"]
    assert all(i.data.startswith(b"\x89PNG") for i in images) and "其余1页见原件" in doc.text()


def test_a_missing_or_altered_file_is_listed_as_such_and_not_shown(full_case, today, data_dir):
    missing = _store(data_dir, full_case, FileKind.OTHER, "说明.png", PNG + b"1", "image/png", "png")
    (data_dir / missing.stored_as).unlink()
    _store(data_dir, full_case, FileKind.THIRD_PARTY, "意见.png", PNG, "image/png", "png", sha="0" * 64)
    doc = build(full_case, today)
    text = doc.text()
    assert "说明.png" in text and "文件缺失" in text and "意见.png" in text and "与登记的校验值不符" in text
    assert not [b for b in doc.blocks if isinstance(b, model.Image)]


def test_a_masked_dossier_hides_the_applicants_personal_data(full_case, today):
    text = build(full_case, today, masked=True).text()
    assert "张三" not in text and "370101199001011234" not in text and "13812345678" not in text
    assert "zhangsan@example.com" not in text and "山东省济宁市嘉祥县" not in text
    assert "张*" in text and "138****5678" in text and "已按查看人的岗位隐去" in text


@needs_font
def test_the_dossier_pdf_from_the_case_page_is_audited_and_masked_for_a_reviewer(client, full_case, clerk,
                                                                                 reviewer):
    r = logged_in(client, clerk).get(reverse("cases:dossier", args=[full_case.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in r["Content-Disposition"]
    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        assert len(pdf.pages) >= 12
        first = pdf.pages[0]
        assert (round(first.width), round(first.height)) == (595, 842)
        text = "".join(p.extract_text() for p in pdf.pages)
    assert "张三" in text and "政府信息公开申请答复书" in text and "五、操作记录" in text
    entry = AuditEntry.objects.get(action="case.dossier.print")
    assert entry.actor == clerk and entry.data["masked"] is False
    client.logout()
    r = logged_in(client, reviewer).get(reverse("cases:dossier", args=[full_case.pk]))
    with pdfplumber.open(io.BytesIO(r.content)) as pdf:
        text = "".join(p.extract_text() for p in pdf.pages)
    assert "张三" not in text and "张*" in text


def test_the_case_page_has_the_dossier_button(client, full_case, clerk):
    page = logged_in(client, clerk).get(reverse("cases:detail", args=[full_case.pk])).content.decode()
    assert reverse("cases:dossier", args=[full_case.pk]) in page and "打印案卷" in page


def test_dossier_of_another_agency_is_forbidden_and_post_is_refused(client, full_case, outsider_from_other_agency,
                                                                    clerk):
    assert logged_in(client, outsider_from_other_agency).get(
        reverse("cases:dossier", args=[full_case.pk])).status_code == 403
    client.logout()
    assert logged_in(client, clerk).post(reverse("cases:dossier", args=[full_case.pk])).status_code == 405


@needs_font
def test_the_command_writes_the_dossier_by_tracking_code(full_case, tmp_path):
    out = tmp_path / "案卷.pdf"
    code, stdout, _ = run_command("dossier", full_case.tracking_code.lower(), "-o", str(out))
    assert code == 0 and full_case.tracking_code in stdout
    with pdfplumber.open(out) as pdf:
        assert "政府信息公开申请办理案卷" in pdf.pages[0].extract_text()
    assert AuditEntry.objects.get(action="case.dossier.print").data["via"] == "cli"


def test_the_case_is_found_by_its_acceptance_number_in_any_brackets(full_case):
    number = full_case.acceptance_no
    assert number.startswith("测商依申〔2026〕")
    assert dossier.find_case(number) == full_case
    assert dossier.find_case(number.replace("〔", "[").replace("〕", "]")) == full_case
    assert dossier.find_case(number.replace("〔", "（").replace("〕", "）")) == full_case
    assert dossier.find_case(full_case.tracking_code.lower()) == full_case


def test_the_cover_shows_the_acceptance_number_and_the_tracking_code(full_case, today):
    doc = build(full_case, today)
    assert doc.title == f"政府信息公开申请办理案卷（{full_case.acceptance_no}）"
    assert f"受理号\t{full_case.acceptance_no}\n查询码\t{full_case.tracking_code}" in doc.text()


@needs_font
def test_the_command_finds_the_case_by_its_acceptance_number(full_case, tmp_path):
    out = tmp_path / "案卷.pdf"
    code, stdout, _ = run_command("dossier", full_case.acceptance_no, "-o", str(out))
    assert code == 0 and out.stat().st_size > 10000


@pytest.mark.django_db
def test_the_command_says_one_chinese_line_and_exits_2_for_an_unknown_code(tmp_path):
    code, stdout, stderr = run_command("dossier", "NOSUCHCODE", "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and stderr.strip() == "错误：没有查询码或受理号为“NOSUCHCODE”的申请。"
    assert not (tmp_path / "x.pdf").exists()


def test_the_dossier_of_an_unconfirmed_online_application_is_complete_and_says_so(agency, today):
    from gongkai.cases import intake

    from .conftest import APPLICANT

    app = intake.submit_online(agency, {k: v for k, v in APPLICANT.items()}, now=NOW)
    text = build(app, today).text()
    assert "尚未确认收到" in text and "本案尚未出具文书" in text and "尚无送达记录" in text
    assert "在线提交政府信息公开申请" in text and "尚未作出决定" in text


def test_a_masked_dossier_hides_the_contact_person_of_an_organisation(clerk, agency, today):
    from .conftest import register

    app = register(clerk, agency, "2026-11-02", today, applicant_type="org.business", applicant_name="测试县某某有限公司",
                   id_type="credit_code", id_number="91370829MA3C0XYZ1A", contact_person="李明华")
    text = build(fresh(app), today, masked=True).text()
    assert "李明华" not in text and "联系人：李**" in text and "测试县某某有限公司" in text
