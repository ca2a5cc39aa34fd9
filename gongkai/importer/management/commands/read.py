from pathlib import Path

from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError
from gongkai.importer.detect import SHAPE_NAMES, read_path
from gongkai.reports.definition import get_format
from gongkai.reports.render.opendata import to_csv, to_json


def narrative_text(data) -> str:
    """The narrative sections as plain text (headings as found, then paragraphs)."""
    fmt = get_format(data.format_key)
    lines = [data.display_title, "", *data.preamble]
    for section in fmt.sections:
        heading = (data.found_headings or {}).get(section.key, section.heading)
        paragraphs = data.narrative.get(section.key, [])
        if paragraphs or section.content == "narrative":
            lines += ["", heading, *paragraphs]
    return "\n".join(lines) + "\n"


class Command(GongkaiCommand):
    help = ("读取一份已发布的年度报告（文本、HTML、Markdown、DOCX、PDF），把读到的单元格写成开放数据 CSV 或 JSON；"
            "JSON 含正文各部分，CSV 另写一份同名的 .narrative.txt 正文文件。")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", dest="kind", choices=["csv", "json"], default="json")
        parser.add_argument("-o", "--output", default="-", help="输出文件；- 表示标准输出（默认）")

    def run(self, *args, file, kind, output, **options):
        result = read_path(file)
        data = result.data
        content = to_json(data) + "\n" if kind == "json" else to_csv(data)
        if output == "-":
            self.stdout.write(content, ending="")
        else:
            out = Path(output)
            try:
                out.write_text(content, encoding="utf-8")
                if kind == "csv":
                    out.with_suffix(".narrative.txt").write_text(narrative_text(data), encoding="utf-8")
            except OSError as exc:
                raise GongkaiError(f"无法写入 {output}：{exc.strerror or exc}") from None
        for problem in result.problems:
            self.stderr.write(f"提示：{problem}")
        self.stderr.write(f"{file}：{data.agency_name or '（机关不详）'} {data.year or '（年度不详）'} 年，格式 {data.format_key}"
                          f"（{SHAPE_NAMES.get(result.shape, result.shape)}），读到 {result.cells_found} 个单元格。")
        return 0
