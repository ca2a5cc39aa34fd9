"""Letters as 公文 (GB/T 9704-2012): A4, the margins, 仿宋 3号 body on a 22 × 28 grid, 小标宋 2号 title, 发文字号
under it, 主送, 落款 and 成文日期, page numbers; DOCX properties; file names — checked from the DOCX section
properties and the PDF page and text geometry, never bytes.

Set GONGKAI_LETTER_PNG=/some/dir to also write page 1 of every kind as PNG (pdftoppm) for looking at."""

import io
import os
import shutil
import subprocess
from datetime import UTC
from urllib.parse import unquote

import pdfplumber
import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from gongkai.cases import letter_output
from gongkai.cases.models import LetterKind
from gongkai.documents import gongwen
from gongkai.documents.fonts import cjk_families
from tests.conftest import logged_in

from .letter_cases import CLARIFIED, case_with_every_letter

MM = 72 / 25.4
needs_font = pytest.mark.skipif(not cjk_families(), reason="没有中文字体（fonts-noto-cjk）")


@pytest.fixture
def every_letter(clerk, head, agency, today):
    agency.letter_prefix, agency.office_name, agency.office_address, agency.office_phone = (
        "测商公开", "测试县商务局办公室", "测试县人民路1号", "0537-6851234")
    agency.save()
    return case_with_every_letter(clerk, head, agency, today)


def test_docx_of_every_kind_is_a4_with_the_official_margins_and_grid(every_letter):
    for letter in every_letter:
        doc = Document(io.BytesIO(letter_output.docx_bytes(letter)))
        section = doc.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), letter.kind
        margins = [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                         section.right_margin)]
        assert margins == [37, 35, 28, 26], letter.kind
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "linesAndChars"
        assert int(grid.get(qn("w:linePitch"))) == 579  # 22 lines: 225 mm / 22
        pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
        assert round(156 * MM / pitch) == 28  # 28 characters: 156 mm / 15.79 pt


def test_docx_typography_title_number_addressee_body_signature(every_letter):
    letter = next(x for x in every_letter if x.kind == LetterKind.ANSWER)
    doc = Document(io.BytesIO(letter_output.docx_bytes(letter)))
    paragraphs = [p for p in doc.paragraphs if p.text]
    title, number, addressee = paragraphs[:3]
    assert title.text == "政府信息公开申请答复书" and title.style.font.size.pt == 22
    assert title.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert number.text == letter.number and addressee.text == "张三："
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 16 and normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert [p.text for p in paragraphs[-2:]] == ["测试县商务局", "2026年11月25日"]
    assert paragraphs[3].text.startswith("本机关于2026年11月2日收到") and CLARIFIED in paragraphs[3].text
    footer = doc.sections[0].footer.paragraphs[0]
    assert "PAGE" in footer._p.xml and footer.text.startswith("— ") and footer.text.endswith(" —")
    assert doc.settings.odd_and_even_pages_header_footer


def test_docx_properties_name_the_letter_the_agency_and_the_issue_time(every_letter):
    letter = every_letter[0]
    props = Document(io.BytesIO(letter_output.docx_bytes(letter))).core_properties
    assert props.title == letter.title and props.author == "测试县商务局" and props.last_modified_by == "测试县商务局"
    assert props.keywords == letter.number and props.comments == ""
    issued = letter_output.issued_at(letter)
    assert issued.date() == letter.issued_on
    assert props.created == issued.astimezone(UTC) and props.modified == props.created
    assert props.created.year != 2013 and "python-docx" not in (props.author + props.comments)


def test_file_name_is_number_and_kind_with_a_safe_header(client, clerk, every_letter):
    answer = next(x for x in every_letter if x.kind == LetterKind.ANSWER)
    assert letter_output.file_name(answer, "docx") == f"{answer.number}-政府信息公开申请答复书.docx"
    r = logged_in(client, clerk).get(reverse("cases:letter_docx", args=[answer.pk]))
    header = r["Content-Disposition"]
    assert header.startswith('attachment; filename="letter-') and "filename*=UTF-8''" in header
    assert unquote(header.split("UTF-8''")[1]) == f"{answer.number}-政府信息公开申请答复书.docx"
    assert header.isascii()
    assert gongwen.file_name('a/b:"c"', "x", ext="pdf") == "abc-x.pdf"


@needs_font
def test_pdf_of_every_kind_is_a4_with_text_inside_the_margins_and_22_by_28(every_letter, tmp_path):
    out_dir = os.environ.get("GONGKAI_LETTER_PNG")
    for letter in every_letter:
        data = letter_output.pdf_bytes(letter)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            page = pdf.pages[0]
            assert (round(page.width), round(page.height)) == (595, 842), letter.kind  # A4 in points
            chars = [c for c in page.chars if c["text"].strip()]
            body = [c for c in chars if c["bottom"] < page.height - 35 * MM + 1]
            footer = [c for c in chars if c["top"] > page.height - 35 * MM]
            assert min(c["x0"] for c in body) >= 28 * MM - 1, letter.kind
            assert max(c["x1"] for c in body) <= page.width - 26 * MM + 1, letter.kind
            assert min(c["top"] for c in body) >= 37 * MM - 1, letter.kind
            assert "".join(c["text"] for c in footer).replace(" ", "") == "—1—"
            text = page.extract_text()
            assert letter.title.replace(" ", "") in text.replace(" ", "") and letter.number in text
            assert "&amp;" not in text and "&quot;" not in text
            sizes = {round(c["size"]) for c in body}
            assert {16, 22} <= sizes, letter.kind
        if out_dir:
            os.makedirs(out_dir, exist_ok=True)
            path = os.path.join(out_dir, letter.kind)
            (tmp_path / "x.pdf").write_bytes(data)
            subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile",
                            str(tmp_path / "x.pdf"), path], check=True)


@needs_font
def test_pdf_body_lines_hold_28_characters_and_the_page_22_lines(clerk, agency, today):
    from gongkai.cases.models import Letter

    from .conftest import register

    app = register(clerk, agency, "2026-11-20", today, content="申" * 900)
    receipt = Letter.objects.get(application=app, kind=LetterKind.RECEIPT)
    with pdfplumber.open(io.BytesIO(letter_output.pdf_bytes(receipt))) as pdf:
        page = pdf.pages[0]
        lines: dict[int, list] = {}
        for c in page.chars:
            if c["text"] == "申" and round(c["size"]) == 16:
                lines.setdefault(round(c["top"]), []).append(c)
        full = [len(v) for v in lines.values()]
        assert max(full) == 28  # a full line of the body
        tops = sorted(chars[0]["top"] for chars in lines.values() if len(chars) == 28)
        pitches = {round(b - a, 2) for a, b in zip(tops, tops[1:], strict=False)}
        assert len(tops) >= 10 and len(pitches) == 1
        pitch = pitches.pop()
        assert abs(pitch - 28.95) < 0.01 and 22 * pitch <= 225 * MM  # 22 lines on the page


def test_pdftoppm_is_there_to_look_at_pages():
    assert shutil.which("pdftoppm")
