"""A scanned PDF (pages rendered here from the project's own report, no text layer) read by local OCR, and
legacy Word files (.doc, .wps) read through LibreOffice. Skipped where the Debian tools are missing."""

import random
import shutil
import subprocess

import pytest

from gongkai.importer.detect import read_bytes

from .corpus.build import as_docx, as_pdf, random_report
from .helpers import differences


def _scan(raw_pdf: bytes, dpi: int = 200) -> bytes:
    """Print and scan: every page rendered to a grey image, the images saved as a PDF without any text."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(raw_pdf)
    images = [document[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(document))]
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr not installed")
def test_a_scanned_pdf_is_read_by_ocr_with_every_cell_marked_by_its_confidence():
    data = random_report(random.Random(11), "2021")
    try:
        raw, _ = as_pdf(data)
    except Exception as exc:  # no CJK font on this machine
        pytest.skip(f"PDF renderer unavailable: {exc}")
    scanned = _scan(raw)
    import pypdfium2 as pdfium

    assert not pdfium.PdfDocument(scanned)[0].get_textpage().get_text_range().strip()  # no text layer at all
    result = read_bytes(scanned, "scan.pdf")
    assert result.shape == "ocr" and "扫描件" in result.problems[0]
    assert result.data.year == data.year
    right = sum(1 for a in data.cells if a in result.origins and result.data.cell(*a).value == data.cell(*a).value
                and result.data.cell(*a).kind == data.cell(*a).kind)
    assert right >= 0.95 * len(data.cells)
    assert {o.how for o in result.origins.values()} <= {"ocr", "order", "split-row", "split-columns", "cell"}
    assert all(0 <= o.confidence <= 1 for o in result.origins.values())
    assert any(o.how == "ocr" for o in result.origins.values())


@pytest.fixture(scope="module")
def legacy_doc(tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (libreoffice-writer-nogui) not installed")
    data = random_report(random.Random(12), "2019")
    tmp = tmp_path_factory.mktemp("doc")
    (tmp / "r.docx").write_bytes(as_docx(data)[0])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp), str(tmp / "r.docx")], capture_output=True, timeout=180, check=True)
    return data, (tmp / "r.doc").read_bytes()


@pytest.mark.parametrize("name", ["report.doc", "report.wps"])
def test_legacy_word_files_read_cell_for_cell(legacy_doc, name):
    data, raw = legacy_doc
    assert raw.startswith(b"\xd0\xcf\x11\xe0")  # a Word 97 binary (OLE) file, as WPS Office also writes it
    result = read_bytes(raw, name)
    assert result.shape == "doc"
    assert differences(data, result.data) == []


def test_an_excel_file_is_refused_in_one_line():
    from gongkai.importer.detect import Unreadable

    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Workbook".encode("utf-16-le")
    with pytest.raises(Unreadable, match="不是 Word 文档"):
        read_bytes(ole, "x.xls")
