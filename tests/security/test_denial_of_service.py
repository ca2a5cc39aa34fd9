"""Issue 14 §1 and §8: no request holds the write lock while it parses or renders; size and row limits; published
files rendered once; bounded narrative; revision required; the DOCX reader's memory bound; the sanitiser."""

import io
import re
import time
import zipfile

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import Workbook

from gongkai.cases import ledger
from gongkai.catalog import registry
from gongkai.catalog.sanitize import sanitize
from gongkai.core import uploads
from gongkai.core.errors import GongkaiError
from gongkai.importer import detect
from gongkai.importer.docx_reader import MAX_DOCUMENT_XML
from gongkai.reports import lifecycle, published, services
from gongkai.reports.models import ReportCell
from tests.conftest import logged_in
from tests.reports.factories import consistent_report, fill_report


def xlsx_without_dimension(rows: int, header: list[str], row: list) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(header)
    for _ in range(rows):
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            target.writestr(info, data)
    return out.getvalue()


FIGURE_HEADER = ["年度", "事项", "处理决定数量", "数据来源"]


def test_a_figures_file_with_too_many_rows_is_refused_quickly(clerk, agency, today):
    """Issue 14: 1.5 million rows with no <dimension> ran 120 s holding the write lock."""
    content = xlsx_without_dimension(registry.MAX_ROWS + 500, FIGURE_HEADER, [2025, "行政许可", 1, "县政务服务平台"])
    assert len(content) < registry.MAX_IMPORT_BYTES
    started = time.perf_counter()
    with pytest.raises(GongkaiError, match=f"超过 {registry.MAX_ROWS} 行"):
        registry.import_figures(clerk, agency, filename="x.xlsx", content=content, source_note="", today=today)
    assert time.perf_counter() - started < 20


@pytest.mark.django_db(transaction=True)
def test_figures_are_parsed_before_the_write_transaction(clerk, agency, today, monkeypatch):
    seen = []
    real = registry.parse_figures

    def spy(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(registry, "parse_figures", spy)
    csv = "年度,事项,处理决定数量,数据来源\n2025,行政许可,3,县政务服务平台\n".encode()
    assert registry.import_figures(clerk, agency, filename="x.csv", content=csv, source_note="", today=today) == 1
    assert seen == [False]


def test_a_csv_with_too_many_rows_is_refused(clerk, agency, today):
    csv = ("年度,事项,处理决定数量,数据来源\n" + "2025,行政许可,3,平台\n" * (registry.MAX_ROWS + 5)).encode()
    with pytest.raises(GongkaiError, match="分批导入"):
        registry.import_figures(clerk, agency, filename="x.csv", content=csv, source_note="", today=today)


def test_the_ledger_import_has_a_row_limit_too(clerk, agency, today):
    content = xlsx_without_dimension(ledger.MAX_ROWS + 5, ledger.IMPORT_COLUMNS, ["当面提交"] * 10)
    with pytest.raises(GongkaiError, match=f"最多导入 {ledger.MAX_ROWS} 行"):
        ledger.import_xlsx(clerk, agency, content, today=today)


@pytest.mark.django_db(transaction=True)
def test_the_ledger_is_read_before_the_write_transaction(clerk, agency, today, monkeypatch):
    seen = []
    real = uploads.xlsx_rows

    def spy(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(uploads, "xlsx_rows", spy)
    content = xlsx_without_dimension(1, ledger.IMPORT_COLUMNS, ["当面提交", "2026-11-02", "自然人", "李四", "居民身份证",
                                                                "370101199001011235", "13900001111", "某文件", None, None])
    assert ledger.import_xlsx(clerk, agency, content, today=today) == 1
    assert seen == [False]


def test_xlsx_rows_stops_at_the_limit_without_reading_the_rest():
    content = xlsx_without_dimension(50, ["a"], [1])
    assert len(uploads.xlsx_rows(content, max_rows=51, max_cols=5)) == 51
    with pytest.raises(uploads.TooManyRows):
        uploads.xlsx_rows(content, max_rows=10, max_cols=5)


# --- published reports ---------------------------------------------------------------------------------------------
@pytest.fixture
def published_report(clerk, head, agency, today, django_capture_on_commit_callbacks):
    report = services.create_report(clerk, agency, 2025, today=today)
    data = consistent_report("2021", 2025)
    report = fill_report(clerk, report, data, today)
    lifecycle.mark_validated(clerk, report, today=today)
    lifecycle.submit(clerk, report, today=today)
    lifecycle.approve(head, report, today=today)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(head, report, today=today)
    report.refresh_from_db()
    return report


def test_the_public_pdf_is_rendered_at_publication_and_served_from_storage(client, published_report, monkeypatch):
    """Issue 14: the PDF was rendered on every request (0.85 s; 31 s with a 4 MB narrative)."""
    assert published.path_for(published_report, "pdf").is_file()
    assert published.path_for(published_report, "docx").is_file()
    calls = []
    monkeypatch.setattr(published, "render", lambda data, kind: calls.append(kind) or b"never")
    url = reverse("portal:report_download", args=[published_report.agency.code, 2025, "pdf"])
    for _ in range(3):
        response = client.get(url)
        body = b"".join(response.streaming_content)
        assert response.status_code == 200 and body.startswith(b"%PDF-")
    assert calls == []
    assert "attachment" in response["Content-Disposition"]


def test_a_published_report_without_its_file_is_rendered_once(client, published_report, monkeypatch):
    published.path_for(published_report, "docx").unlink()
    real, calls = published.render, []
    monkeypatch.setattr(published, "render", lambda data, kind: calls.append(kind) or real(data, kind))
    url = reverse("portal:report_download", args=[published_report.agency.code, 2025, "docx"])
    for _ in range(2):
        assert client.get(url).status_code == 200
    assert calls == ["docx"]


def test_a_four_megabyte_narrative_is_refused(clerk, agency, today):
    report = services.create_report(clerk, agency, 2025, today=today)
    with pytest.raises(GongkaiError, match="过长"):
        services.update_narrative(clerk, report, sections={"s1": "年" * (4 * 1024 * 1024)}, today=today)
    many = {key: "字" * services.MAX_SECTION_TEXT for key in ("s1", "s2", "s3", "s4", "s5")}
    with pytest.raises(GongkaiError, match="报告正文过长"):
        services.update_narrative(clerk, report, sections=many, today=today)
    report.refresh_from_db()
    assert not report.narrative


def test_saving_cells_without_the_revision_is_refused(client, clerk, agency, today):
    """Issue 14: a save without `revision` skipped the conflict check."""
    report = services.create_report(clerk, agency, 2025, today=today)
    c = logged_in(client, clerk)
    r = c.post(reverse("office:report_save_cells", args=[report.pk]), {"cell:t3/new/natural": "7"}, follow=True)
    assert "缺少版本号" in r.content.decode()
    assert ReportCell.objects.get(report=report, table="t3", row_key="new", col_key="natural").value == ""
    r = c.post(reverse("office:report_save_narrative", args=[report.pk]), {"section:s1": "改写"}, follow=True)
    assert "缺少版本号" in r.content.decode()
    r = c.post(reverse("office:report_save_extras", args=[report.pk]), {"npc": "3"}, follow=True)
    assert "缺少版本号" in r.content.decode()
    report.refresh_from_db()
    assert report.extras == {}
    c.post(reverse("office:report_save_cells", args=[report.pk]), {"cell:t3/new/natural": "7",
                                                                   "revision": report.revision})
    assert ReportCell.objects.get(report=report, table="t3", row_key="new", col_key="natural").value == "7"


# --- the importer ---------------------------------------------------------------------------------------------------
def docx_with_text(chars: int) -> bytes:
    body = ("<w:p><w:r><w:t>" + "政府信息公开" * 1000 + "</w:t></w:r></w:p>") * (chars // 6000 + 1)
    document = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("word/document.xml", document)
    return out.getvalue()


def test_a_docx_whose_text_unpacks_beyond_the_bound_is_refused_before_parsing(monkeypatch):
    """Issue 14: a 570 KB DOCX unpacking to 150 MB took 17.5 s and 1.7 GB."""
    raw = docx_with_text(MAX_DOCUMENT_XML // 3 + 10_000)  # 3 bytes a character: just over the bound
    assert len(raw) < 1024 * 1024 and uploads.member_size(raw, "word/document.xml") > MAX_DOCUMENT_XML
    import gongkai.importer.docx_reader as reader

    monkeypatch.setattr(reader, "docx_blocks", lambda raw: pytest.fail("parsed"))
    with pytest.raises(detect.Unreadable, match="正文解压后超过"):
        detect.read_bytes(raw, "big.docx")


# --- the sanitiser -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("tag", ["<svg>", "<math>", "<style>", "<iframe src='x'>", "<svg><g>", "<noscript>"])
def test_text_after_an_unclosed_dangerous_tag_is_kept(tag):
    """Issue 14: everything after an unclosed <svg>/<math>/<style>/<iframe> was silently dropped."""
    html, text = sanitize(f"<p>第一段</p>{tag}<p>第二段，<strong>仍须公开</strong>。</p><p>第三段</p>")
    assert "第二段" in text and "第三段" in text and "仍须公开" in html
    assert "<svg" not in html and "<style" not in html and "<iframe" not in html


def test_closed_dangerous_tags_still_lose_their_content():
    html, text = sanitize("<p>a</p><style>p{color:red}</style><iframe>frame text</iframe><script>x()</script><p>b</p>")
    assert html == "<p>a</p><p>b</p>" and text == "a\nb"


def test_protocol_relative_and_script_links_are_dropped():
    html, _ = sanitize('<a href="//evil.example/x">a</a><a href="JaVaScRiPt:alert(1)">b</a><a href="/ok">c</a>')
    assert "evil.example" not in html and "alert" not in html and 'href="/ok"' in html
