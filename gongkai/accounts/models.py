"""Account security: forced password change, the agency's second-factor rule, and throttle counters.

The counters live in the database, not in the page cache: no flood of cached pages can evict them.
"""

from django.conf import settings
from django.db import models


class AccountState(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_state")
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "账号状态"

    def __str__(self):
        return f"{self.user} 账号状态"


class AgencySecurity(models.Model):
    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="security")
    require_totp = models.BooleanField(
        "本机关工作人员必须启用动态口令（双因素认证）", default=False,
        help_text="启用后，本机关工作人员登录时除密码外还须输入手机验证器上的6位动态口令。")

    class Meta:
        verbose_name = "机关账号安全设置"

    def __str__(self):
        return f"{self.agency} 账号安全设置"


class Throttle(models.Model):
    """Failures (or submissions) of one subject in one scope; the subject is kept only as a keyed hash."""

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="accounts_throttle_unique")]
        indexes = [models.Index(fields=["last_at"], name="accounts_throttle_last")]
        verbose_name = "限流计数"

    def __str__(self):
        return f"{self.scope} {self.failures}"
