"""The work around a case: deadline changes after a calendar notice, requests to the head (延期、收费) and the files
kept with it. Imported by models.py, so Django sees them as the cases app's models."""

from django.conf import settings
from django.db import models

from .models import Application, Delivery


class DeadlineChangeQuerySet(models.QuerySet):
    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)

    def for_handler(self, user):
        """The changes of the cases this person handles (assigned to them, else registered by them)."""
        return self.filter(models.Q(application__assigned_to=user)
                           | models.Q(application__assigned_to__isnull=True, application__created_by=user))


class DeadlineChange(models.Model):
    """A case's deadline moved because a year's official holiday schedule was entered (it had been provisional).
    Listed for the case's handler until acknowledged."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="deadline_changes")
    old_due = models.DateField("原期限")
    new_due = models.DateField("新期限")
    old_provisional = models.BooleanField(default=True)
    new_provisional = models.BooleanField(default=False)
    year = models.PositiveSmallIntegerField("录入的年度")
    reference = models.CharField("依据", max_length=200, blank=True)
    changed_on = models.DateField("变动日期")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects = DeadlineChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = "期限变动"
        indexes = [models.Index(fields=["agency", "acknowledged_at"], name="cases_deadline_change_open")]

    def __str__(self):
        return f"{self.application.tracking_code} {self.old_due} → {self.new_due}"


# --- requests to the head (延期、收费) ------------------------------------------------------------------------------
class RequestKind(models.TextChoices):
    EXTENSION = "extension", "延长答复期限"
    FEE = "fee", "收取信息处理费"


class RequestState(models.TextChoices):
    PENDING = "pending", "待负责人审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "不同意"
    WITHDRAWN = "withdrawn", "已撤回"


REQUEST_TRANSITIONS: dict[str, set[str]] = {
    RequestState.PENDING: {RequestState.APPROVED, RequestState.REFUSED, RequestState.WITHDRAWN},
    RequestState.APPROVED: set(),
    RequestState.REFUSED: set(),
    RequestState.WITHDRAWN: set(),
}


class HeadRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=RequestState.PENDING)


class HeadRequest(models.Model):
    """A clerk asks the office's head to agree to a step only the head may take: extending the answer period
    (第三十三条第二款) or sending a fee notice (国办函〔2020〕109号)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="head_requests")
    kind = models.CharField("事项", max_length=16, choices=RequestKind.choices)
    state = models.CharField("状态", max_length=16, choices=RequestState.choices, default=RequestState.PENDING)
    reason = models.TextField("理由", blank=True)
    days = models.PositiveSmallIntegerField("延长工作日数", null=True, blank=True)
    items = models.PositiveIntegerField("件数", null=True, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_on = models.DateField("报请日期")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    objects = HeadRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_on", "id"]
        verbose_name = "报请负责人审批事项"
        indexes = [models.Index(fields=["agency", "state"], name="cases_request_state")]

    def __str__(self):
        return f"{self.application.tracking_code} {self.get_kind_display()}（{self.get_state_display()}）"

    def can_move_to(self, state) -> bool:
        return state in REQUEST_TRANSITIONS[self.state]


# --- files on a case ---------------------------------------------------------------------------------------------
class FileKind(models.TextChoices):
    APPLICATION = "application", "申请书扫描件"
    ENVELOPE = "envelope", "信封或签收凭证（收到日证据）"
    CORRECTION = "correction", "补正材料"
    THIRD_PARTY = "third_party", "第三方意见"
    AGENCY_REPLY = "agency_reply", "其他机关意见"
    DISCLOSED = "disclosed", "提供的政府信息"
    DELIVERY_PROOF = "delivery_proof", "送达凭证（如EMS回执扫描件）"
    OTHER = "other", "其他材料"


class CaseFile(models.Model):
    """A file kept with a case: type checked by content, stored outside the web root (as catalog attachments)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("材料类型", max_length=16, choices=FileKind.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    delivery = models.ForeignKey(Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="files",
                                 verbose_name="所证明的送达")
    filename = models.CharField(max_length=200)
    file_type = models.CharField("文件类型", max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_as = models.CharField(max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_on = models.DateField("上传日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_on", "id"]
        verbose_name = "案件材料"

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename}"

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()
