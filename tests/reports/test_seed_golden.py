"""The seed, reproduced: the real 2020 report of 嘉祥县商务局, cell for cell, and in every rendering."""

import csv
import io
from pathlib import Path

import pytest

from gongkai.agencies.models import Agency
from gongkai.demo.load import load_demo, seed_report, seed_text
from gongkai.reports.definition import get_format
from gongkai.reports.render.opendata import to_csv
from gongkai.reports.rules import validate
from gongkai.reports.services import get_report, to_data

GOLDEN = Path(__file__).parent.parent / "golden" / "jiaxiang-commerce-2020.csv"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "jiaxiang-commerce-2020.txt"

SEED_HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def golden_rows():
    return list(csv.DictReader(io.StringIO(GOLDEN.read_text(encoding="utf-8"))))


def seed_row_labels():
    """The seed's row labels in the seed's order (2019 trial format)."""
    fmt = get_format("2019")
    return [r.label for t in ("t2", "t3") for r in fmt.tables[t].rows]


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="shared/seed is not beside this checkout")
def test_the_packaged_seed_is_the_shared_seed():
    assert seed_text() == SHARED_SEED.read_text(encoding="utf-8")


def test_the_seed_reads_as_a_2019_format_report_of_2020():
    data = seed_report()
    assert (data.format_key, data.year, data.agency_name) == ("2019", 2020, "嘉祥县商务局")
    assert data.display_title == "嘉祥县商务局2020年政府信息公开工作年度报告"


def test_every_cell_of_the_seed_equals_the_golden_file():
    assert to_csv(seed_report()) == GOLDEN.read_text(encoding="utf-8")
    rows = golden_rows()
    assert len(rows) == 198 and {r["kind"] for r in rows} == {"zero"}


def test_the_seed_has_no_findings():
    assert validate(seed_report()) == []


def test_the_seed_section_two_figures():
    data = seed_report()
    assert data.proactive == {"total": 35, "channels": [{"name": "嘉祥政府网站", "count": 32},
                                                        {"name": "“智慧嘉祥”客户端", "count": 3}]}
    assert data.narrative["s2"] == ["2020年，全局全年共主动公开政府信息35条，其中通过嘉祥政府网站发布各类信息32条，"
                                    "通过“智慧嘉祥”客户端发布信息3条。"]


def test_the_seed_narrative_sections():
    data = seed_report()
    assert data.narrative["s1"][0].startswith("2020年，嘉祥县商务局政务公开工作以习近平新时代中国特色社会主义思想为指导")
    assert data.narrative["s1"][-1].startswith("（三）明确工作制度。")
    assert data.narrative["s5"][0] == "（一）存在的主要问题"
    assert "2020年，县商务局共承办人大代表建议0件，政协提案0件。" in data.narrative["s6"]
    assert data.preamble[0].startswith("本报告根据《中华人民共和国政府信息公开条例》")


@pytest.mark.django_db
def test_the_demo_stores_the_seed_cell_for_cell(today):
    load_demo(today)
    report = get_report(Agency.objects.get(code="jiaxiang-shangwu"), 2020)
    assert report.status == "published" and report.format_key == "2019"
    assert to_csv(to_data(report)) == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_demo_also_holds_a_2021_format_year_consistent_with_2020(today):
    load_demo(today)
    agency = Agency.objects.get(code="jiaxiang-shangwu")
    data_2021 = to_data(get_report(agency, 2021))
    assert data_2021.format_key == "2021"
    assert validate(data_2021, to_data(get_report(agency, 2020))) == []


def _in_order(text: str, labels: list[str]) -> list[str]:
    """Labels missing from text, or out of order."""
    problems, pos = [], 0
    compact = "".join(text.split())
    for label in labels:
        found = compact.find("".join(label.split()), pos)
        if found < 0:
            problems.append(label)
        else:
            pos = found
    return problems


def test_html_shows_the_seed_titles_and_row_labels_in_order():
    from gongkai.reports.render.html import render_html

    html = render_html(seed_report())
    assert _in_order(html, SEED_HEADINGS) == []
    assert _in_order(html, seed_row_labels()) == []


def test_docx_shows_the_seed_titles_and_row_labels_in_order():
    docx = pytest.importorskip("docx")
    from gongkai.reports.render.docx import render_docx

    document = docx.Document(io.BytesIO(render_docx(seed_report())))
    texts = []
    body = document.element.body
    for block in body.iterchildren():
        if block.tag.endswith("}p"):
            texts.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif block.tag.endswith("}tbl"):
            for row in block.iter():
                if row.tag.endswith("}tc"):
                    texts.append("".join(t.text or "" for t in row.iter() if t.tag.endswith("}t")))
    text = "\n".join(texts)
    assert _in_order(text, SEED_HEADINGS) == []
    assert _in_order(text, seed_row_labels()) == []


def test_pdf_shows_the_seed_titles_and_row_labels_in_order():
    pdfplumber = pytest.importorskip("pdfplumber")
    from gongkai.reports.render.pdf import render_pdf

    with pdfplumber.open(io.BytesIO(render_pdf(seed_report()))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        cells = [c for page in pdf.pages for table in page.extract_tables() for row in table for c in row if c]
    assert "嘉祥县商务局2020年政府信息公开工作年度报告" in "".join(text.split())
    assert _in_order(text, SEED_HEADINGS) == []
    # labels wrap inside narrow cells: compare the table cells' text, without line breaks
    assert _in_order("\n".join("".join(c.split()) for c in cells), seed_row_labels()) == []
