"""PDF text layers: pdfplumber's ruled tables, and the pypdfium2 text (the fallback for undecodable fonts):
wrapped row labels, vertical labels one character per line, page headers and footers inside a table."""

import random

import pytest

from gongkai.importer.detect import read_bytes
from gongkai.importer.pdf_reader import pdfium_text
from gongkai.importer.text import read_text

from .corpus.build import as_pdf, random_report
from .helpers import differences

pytest.importorskip("pdfplumber")
pytest.importorskip("pypdfium2")


@pytest.fixture(scope="module", params=["2019", "2021"])
def rendered(request):
    data = random_report(random.Random(11), request.param)
    try:
        raw, _ = as_pdf(data)
    except Exception as exc:  # no CJK font on this machine
        pytest.skip(f"PDF renderer unavailable: {exc}")
    return data, raw


def test_a_rendered_pdf_reads_back_cell_for_cell(rendered):
    data, raw = rendered
    result = read_bytes(raw, "report.pdf")
    assert result.shape == "pdf"
    assert differences(data, result.data) == []
    assert result.data.narrative["s1"] == data.narrative["s1"]
    assert result.problems == []


def test_the_pdf_text_layer_alone_reads_back_cell_for_cell(rendered):
    data, raw = rendered
    text = pdfium_text(raw)
    assert "三\n、\n本" in text or "（三）不" in text  # vertical and wrapped labels really are in the stream
    assert differences(data, read_text(text).data) == []


def test_a_page_footer_inside_a_table_is_ignored():
    data = random_report(random.Random(12), "2021")
    from .corpus.build import messy_text

    body = messy_text(data)[0].decode("utf-8").split("\n")
    cut = next(i for i, ln in enumerate(body) if ln.startswith("（二）部分公开"))
    body[cut:cut] = ["— 3 —", "第 3 页 共 5 页"]
    assert differences(data, read_text("\n".join(body)).data) == []


def test_a_real_pdf_cut_in_half_is_read_partly_or_refused_in_one_line(rendered):
    from gongkai.importer.detect import Unreadable

    _, raw = rendered
    try:
        result = read_bytes(raw[: len(raw) // 2], "cut.pdf")
    except Unreadable as exc:
        assert "\n" not in exc.message
    else:
        assert result.data.format_key in ("2019", "2021")


def test_the_ruled_tables_alone_read_back_cell_for_cell(rendered):
    from gongkai.importer.detect import read_pdf_tables

    data, raw = rendered
    result = read_pdf_tables(raw)
    assert differences(data, result.data) == [] and result.problems == []


def test_blank_cells_send_the_pdf_to_its_ruled_tables_and_keep_their_kind():
    data = random_report(random.Random(13), "2021", gaps=True)
    data.set("t3", "grant", "org.ngo", "")
    data.set("t3", "grant", "total", data.value("t3", "grant", "total"))
    try:
        raw, _ = as_pdf(data)
    except Exception as exc:
        pytest.skip(f"PDF renderer unavailable: {exc}")
    result = read_bytes(raw, "gaps.pdf")
    assert differences(data, result.data) == []
    assert result.data.cell("t3", "grant", "org.ngo").kind == "blank"


def test_mutated_pdfs_are_read_or_refused_in_one_line(rendered):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from gongkai.importer.detect import Unreadable

    _, raw = rendered

    @settings(max_examples=12, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(0, len(raw) - 1), st.binary(min_size=1, max_size=64), st.booleans())
    def check(at, junk, cut):
        mutated = raw[:at] if cut else raw[:at] + junk + raw[at + len(junk):]
        try:
            read_bytes(mutated, "m.pdf")
        except Unreadable as exc:
            assert "\n" not in exc.message

    check()
