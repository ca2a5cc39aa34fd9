from pathlib import Path

from gongkai.backup import archive
from gongkai.core.commands import GongkaiCommand

from .backup import passphrase


class Command(GongkaiCommand):
    help = "把 gongkai backup 生成的备份恢复到空的数据目录（和空的数据库）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件")

    def run(self, file, **options):
        import tarfile

        try:
            with tarfile.open(file, "r:gz") as tar:
                has_keys = archive.read_manifest(tar).get("keys")
        except (OSError, tarfile.TarError):
            raise archive.BackupError(f"无法读取备份文件 {file}。") from None
        summary = archive.restore(Path(file), passphrase=passphrase(bool(has_keys), confirm=False))
        rows = sum(summary.tables.values())
        self.stdout.write(f"已恢复 {summary.path}：{len(summary.tables)} 张表 {rows} 行，{summary.files} 个文件"
                          f"{'，含密钥' if summary.keys else ''}。")
