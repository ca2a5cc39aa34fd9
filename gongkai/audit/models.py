from django.conf import settings
from django.db import models

from .actions import ACTIONS, label


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One line of the append-only audit log."""

    at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="时间")
    action = models.CharField(max_length=64, db_index=True, verbose_name="动作")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, verbose_name="操作人"
    )
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, verbose_name="机关"
    )
    object_type = models.CharField(max_length=64, blank=True, verbose_name="对象类型")
    object_id = models.CharField(max_length=64, blank=True, verbose_name="对象编号")
    object_repr = models.CharField(max_length=200, blank=True, verbose_name="对象")
    data = models.JSONField(default=dict, blank=True, verbose_name="数据")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = "审计记录"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action_label} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        if self.action not in ACTIONS:
            raise ValueError(f"unknown audit action code: {self.action}")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")

    @property
    def action_label(self) -> str:
        return label(self.action)
