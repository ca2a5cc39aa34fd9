import os

from cryptography.fernet import Fernet
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.core.commands import GongkaiCommand
from gongkai.privacy import keys, services


class Command(GongkaiCommand):
    help = ("更换个人信息加密密钥：生成新密钥，用新密钥重新加密全部个人信息并重算检索哈希，然后删除旧密钥。"
            "使用环境变量 GONGKAI_FIELD_KEY 时，请先把新密钥放在最前（新,旧），运行本命令后再删去旧密钥。")

    def run(self, **options):
        now = timezone.now()
        from_env = bool(os.environ.get(keys.ENV))
        old = keys.keys()
        if from_env:
            if len(old) < 2:
                self.stdout.write("GONGKAI_FIELD_KEY 中只有一把密钥：请先生成新密钥放在最前（逗号分隔，新密钥在前），"
                                  f"再运行本命令。新密钥示例：{Fernet.generate_key().decode()}")
                return 1
        else:
            keys.write_key_file([Fernet.generate_key(), *old])  # the new key first; old ones still decrypt
            keys.reset()
        rows = services.reencrypt_all()
        if not from_env:
            keys.write_key_file(keys.keys()[:1])
            keys.reset()
        record("privacy.key_rotate", data={"rows": rows, "fingerprint": keys.fingerprint(), "at": now.isoformat()})
        services.scrub_storage()
        self.stdout.write(f"已用新密钥（指纹 {keys.fingerprint()}）重新加密 {rows} 条记录。"
                          + ("现在可以从 GONGKAI_FIELD_KEY 中删去旧密钥。" if from_env else "旧密钥已删除。")
                          + "请重新备份（gongkai backup）。")
