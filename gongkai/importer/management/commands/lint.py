from gongkai.core.commands import GongkaiCommand
from gongkai.importer.commands import LINT_HELP, SUMMARY_COLUMNS, Out, lint_command

from .read import _Stream

__all__ = ["Command", "SUMMARY_COLUMNS"]


class Command(GongkaiCommand):
    help = LINT_HELP

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--csv", dest="csv_out", help="把每份报告的汇总写成 CSV 文件")

    def run(self, *args, files, json: bool = False, csv_out=None, **options):
        return lint_command(files, json, csv_out, Out(_Stream(self.stdout)), Out(_Stream(self.stderr)))
