from gongkai.core.commands import GongkaiCommand
from gongkai.importer.commands import READ_HELP, Out, narrative_text, read_command

__all__ = ["Command", "narrative_text"]


class _Stream:
    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")


class Command(GongkaiCommand):
    help = READ_HELP

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", dest="kind", choices=["csv", "json"], default="json")
        parser.add_argument("-o", "--output", default="-", help="输出文件；- 表示标准输出（默认）")

    def run(self, *args, file, kind, output, **options):
        return read_command(file, kind, output, Out(_Stream(self.stdout)), Out(_Stream(self.stderr)))
