import getpass
import os
from pathlib import Path

from django.utils import timezone

from gongkai.audit.services import record
from gongkai.backup import archive
from gongkai.core.commands import GongkaiCommand


def passphrase(ask: bool, confirm: bool) -> str | None:
    value = os.environ.get("GONGKAI_BACKUP_PASSPHRASE")
    if value or not ask:
        return value
    value = getpass.getpass("备份口令：")
    if confirm and getpass.getpass("再次输入备份口令：") != value:
        raise archive.BackupError("两次输入的口令不一致。")
    return value


class Command(GongkaiCommand):
    help = ("把数据库和数据目录中的全部文件（附件、复议诉讼文书、案件材料、已发布的报告文件）备份到一个文件"
            "（--with-keys 时同时备份用口令加密的密钥）")

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件，如 /backup/gongkai-2026-12-01.tar.gz")
        parser.add_argument("--with-keys", action="store_true",
                            help="同时备份密钥（用口令加密；口令取自 GONGKAI_BACKUP_PASSPHRASE 或在终端输入）")

    def run(self, file, with_keys=False, **options):
        secret = passphrase(with_keys, confirm=True) if with_keys else None
        if with_keys and not secret:
            raise archive.BackupError("请设置 GONGKAI_BACKUP_PASSPHRASE 或在终端输入备份口令。")
        now = timezone.now()
        record("system.backup", data={"file": Path(file).name[:100], "keys": with_keys, "at": now.isoformat()})
        summary = archive.backup(Path(file), passphrase=secret, now=now)
        rows = sum(summary.tables.values())
        self.stdout.write(f"已备份到 {summary.path}：{len(summary.tables)} 张表 {rows} 行，{summary.files} 个文件"
                          f"{'，含加密的密钥' if summary.keys else '（不含密钥：请另行妥善保存数据目录中的 field_key）'}。")
