"""JSON and CSV: written from a report, read back identically; bad input names the field and the problem."""

import csv
import io
import json

import pytest

from gongkai.reports.render.opendata import CSV_COLUMNS, OpenDataError, from_csv, from_json, to_csv, to_json

from .factories import consistent_report


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_json_round_trip_keeps_every_cell_and_its_kind(fmt):
    data = consistent_report(fmt)
    data.set("t3", "grant", "org.ngo", "/")
    data.set("t2", "rules", data and next(iter(["made" if fmt == "2019" else "issued"])), "")
    data.narrative = {"s1": ["总体情况。"]}
    back = from_json(to_json(data))
    assert back.cells == {a: c.with_source("imported") for a, c in back.cells.items()}
    for address, cell in data.cells.items():
        assert (back.cell(*address).kind, back.cell(*address).value) == (cell.kind, cell.value)
    assert back.narrative == {"s1": ["总体情况。"]}


def test_json_declares_its_schema_and_format():
    raw = json.loads(to_json(consistent_report("2021")))
    assert raw["schema"] == "gongkai.report/1" and raw["format"] == "2021"
    assert raw["format_document"] == "国办公开办函〔2021〕30号"
    assert {"row": "new", "col": "natural", "kind": "number", "value": 7} in raw["tables"]["t3"]


def test_csv_has_exactly_the_documented_columns_and_label_paths():
    rows = list(csv.DictReader(io.StringIO(to_csv(consistent_report("2021")))))
    assert list(rows[0]) == CSV_COLUMNS
    secret = next(r for r in rows if r["row_key"] == "deny.state_secret" and r["col_key"] == "org.business")
    assert secret["row_label"] == "三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密"
    assert secret["col_label"] == "申请人情况 / 法人或其他组织 / 商业企业"
    rules = next(r for r in rows if r["table"] == "t2" and r["row_key"] == "rules")
    assert rules["row_label"] == "第二十条第（一）项 / 规章"
    assert {r["kind"] for r in rows} <= {"number", "zero", "blank", "slash", "text"}


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_csv_round_trip_detects_the_format(fmt):
    data = consistent_report(fmt)
    back = from_csv(to_csv(data))
    assert back.format_key == fmt
    assert all(back.cell(*a).value == c.value for a, c in data.cells.items())


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "JSON 语法错误"),
    ('{"schema": "other"}', "字段 schema"),
    ('{"schema": "gongkai.report/1", "format": "1999", "year": 2020}', "字段 format"),
    ('{"schema": "gongkai.report/1", "format": "2021", "year": "二〇二一"}', "字段 year"),
    ('{"schema": "gongkai.report/1", "format": "2021", "year": 2021}', "缺少字段 tables"),
    ('{"schema": "gongkai.report/1", "format": "2021", "year": 2021, "tables": {"t9": []}}', "tables.t9"),
    ('{"schema": "gongkai.report/1", "format": "2021", "year": 2021, "tables": {"t3": [{"row": "new", "col": "x", '
     '"kind": "zero", "value": 0}]}}', "没有单元格 t3/new/x"),
    ('{"schema": "gongkai.report/1", "format": "2021", "year": 2021, "tables": {"t3": [{"row": "new", '
     '"col": "natural", "kind": "number", "value": "abc"}]}}', "不是数字"),
    ('{"schema": "gongkai.report/1", "format": "2021", "year": 2021, "tables": {"t3": [{"row": "new", '
     '"col": "natural", "kind": "huge", "value": 1}]}}', "kind 应为"),
])
def test_bad_json_names_the_field_and_the_problem(text, message):
    with pytest.raises(OpenDataError, match=message):
        from_json(text)


@pytest.mark.parametrize(("text", "message"), [
    ("", "为空"),
    ("a,b,c\n", "CSV 表头应为"),
    (",".join(CSV_COLUMNS) + "\n", "没有单元格数据"),
    (",".join(CSV_COLUMNS) + "\nt3,new,x,natural,y,zero\n", "第 2 行：应有 7 列"),
    (",".join(CSV_COLUMNS) + "\nt3,new,x,natural,y,number,十二\n", "第 2 行：value“十二”不是数字"),
])
def test_bad_csv_names_the_line_and_the_problem(text, message):
    with pytest.raises(OpenDataError, match=message):
        from_csv(text)


def test_section_six_figures_travel_in_the_json():
    data = consistent_report("2021")
    data.section_six = {"fee_notices": 2, "fee_notice_amount": 1300, "fees_collected": 1100}
    assert from_json(to_json(data)).section_six == data.section_six


def test_bad_section_six_in_json_is_named():
    raw = json.loads(to_json(consistent_report("2021")))
    raw["section_six"] = {"fee_notices": "两件"}
    with pytest.raises(OpenDataError, match="section_six"):
        from_json(json.dumps(raw))


def test_text_that_a_spreadsheet_would_run_is_neutralised_in_the_csv_and_restored_on_reading():
    data = consistent_report("2021")
    data.set("t3", "grant", "org.ngo", '=HYPERLINK("http://x")')
    text = to_csv(data)
    assert "'=HYPERLINK" in text
    assert from_csv(text).cell("t3", "grant", "org.ngo").text == '=HYPERLINK("http://x")'
