"""`gongkai dossier CODE -o FILE.pdf` — the case dossier (案卷) of one application, found by 查询码 or 受理号.

An unknown code is one Chinese line and exit status 2. The dossier holds the applicant's personal data unless
--masked is given (the operator of the command can read the database anyway); printing it is audited."""

from pathlib import Path

from django.utils import timezone

from gongkai.cases import dossier
from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError
from gongkai.workdays.cli import ChineseArgumentErrors


class Command(ChineseArgumentErrors, GongkaiCommand):
    help = "生成一件政府信息公开申请的办理案卷（PDF）：gongkai dossier 查询码或受理号 -o 案卷.pdf"

    def add_arguments(self, parser):
        parser.add_argument("code", help="查询码或受理号")
        parser.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
        parser.add_argument("--masked", action="store_true", help="隐去申请人的身份证件号码、电话、地址和姓名")

    def run(self, *args, code, output, masked=False, **options):
        app = dossier.find_case(code)
        target = Path(output)
        if target.is_dir() or not target.parent.is_dir():
            raise GongkaiError(f"无法写入“{output}”：请给出一个文件名，且其所在目录须已存在。")
        data = dossier.pdf(app, actor=None, today=timezone.localdate(), now=timezone.now(), masked=masked,
                           via="cli")
        target.write_bytes(data)
        self.stdout.write(f"已生成 {app.tracking_code} 的案卷：{target}（{len(data):,} 字节）")
