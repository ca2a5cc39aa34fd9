"""Every input shape reads back cell for cell: the seed, and random consistent reports of both formats
rendered through issue 1's renderers and through emulations of the messy shapes real reports come in."""

import random
from pathlib import Path

import pytest

from gongkai.demo.load import seed_text
from gongkai.importer.detect import read_bytes
from gongkai.importer.text import read_text
from gongkai.reports.render.opendata import to_csv
from gongkai.reports.rules import validate

from .corpus.build import (
    as_docx,
    as_html,
    markdown_fragments,
    messy_text,
    random_report,
    runtogether_text,
    word_html,
    word_text,
)
from .helpers import differences

GOLDEN = Path(__file__).parent.parent / "golden" / "jiaxiang-commerce-2020.csv"
CLEAN_SHAPES = {"text": word_text, "html": lambda d, rng: as_html(d), "html-word": word_html,
                "docx": lambda d, rng: as_docx(d), "markdown": markdown_fragments}
TEXT_ONLY_SHAPES = {"text-messy": messy_text, "text-runtogether": runtogether_text}


def test_the_seed_reads_back_cell_for_cell():
    result = read_text(seed_text())
    assert result.problems == []
    assert to_csv(result.data) == GOLDEN.read_text(encoding="utf-8")


def test_the_seed_read_as_a_file_is_the_same_report():
    result = read_bytes(seed_text().encode("utf-8"), "seed.txt")
    assert result.shape == "text" and to_csv(result.data) == GOLDEN.read_text(encoding="utf-8")
    assert result.data.found_headings["s3"] == "三、收到和处理政府信息公开申请情况"


def test_the_seed_in_gb18030_reads_the_same():
    result = read_bytes(seed_text().encode("gb18030"), "seed.txt")
    assert to_csv(result.data) == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("format_key", ["2019", "2021"])
@pytest.mark.parametrize("shape", sorted(CLEAN_SHAPES))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rendered_reports_read_back_cell_for_cell(shape, format_key, seed):
    rng = random.Random(seed)
    data = random_report(rng, format_key, gaps=seed == 3)
    raw, name = CLEAN_SHAPES[shape](data, rng)
    result = read_bytes(raw, name)
    assert differences(data, result.data) == []
    assert (result.data.year, result.data.agency_name) == (data.year, data.agency_name)
    assert result.problems == []
    assert result.data.narrative["s1"] == data.narrative["s1"]
    assert [f.rule for f in validate(result.data) if f.is_error] == []


@pytest.mark.parametrize("format_key", ["2019", "2021"])
@pytest.mark.parametrize("shape", sorted(TEXT_ONLY_SHAPES))
@pytest.mark.parametrize("seed", [4, 5])
def test_text_without_cell_structure_reads_back_cell_for_cell(shape, format_key, seed):
    rng = random.Random(seed)
    data = random_report(rng, format_key)
    raw, name = TEXT_ONLY_SHAPES[shape](data, rng)
    assert differences(data, read_bytes(raw, name).data) == []


def test_blank_slash_and_dash_cells_keep_their_kind():
    data = random_report(random.Random(7), "2021")
    data.set("t2", "rules", "issued", "/")
    data.set("t2", "penalty", "decisions", "-")
    data.set("t4", "count", "review.other", "")
    for shape in (word_text, word_html, markdown_fragments):
        got = read_bytes(*shape(data, random.Random(1))).data
        assert got.cell("t2", "rules", "issued").kind == "slash"
        assert got.cell("t2", "penalty", "decisions").text == "-"
        assert got.cell("t4", "count", "review.other").kind == "blank"


def test_the_2021_amount_keeps_its_decimals():
    data = random_report(random.Random(8), "2021")
    data.set("t2", "fees", "amount", "12.50")
    got = read_bytes(*as_html(data)).data
    assert str(got.value("t2", "fees", "amount")) in ("12.5", "12.50")


def test_the_format_is_detected_from_the_labels_not_the_year():
    data = random_report(random.Random(9), "2019", year=2020)
    data.title = data.title.replace("2020", "2022")
    result = read_bytes(*as_html(data))
    assert (result.data.format_key, result.data.year) == ("2019", 2022)
    assert any("2022 年度报告使用的是" in p for p in result.problems)  # E11: an old table in a new year
