"""依申请公开: applications (cases), their clock events, letters, deliveries and per-agency settings.

The status follows 条例第四十五条 (登记、审核、办理、答复、归档). The deadline is never stored as the truth: it is
derived from the events by `clock.deadline()`; `due_date` on Application is a cache of that result (refreshed by
every service) so that the dashboard can filter and index on it.
"""

from django.conf import settings
from django.db import models

from gongkai.privacy import keys
from gongkai.privacy.fields import BlindIndexField, EncryptedTextField

from .outcomes import OUTCOME_CHOICES


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "当面提交"
    POST_SIGNED = "post_signed", "邮寄（需签收：挂号、EMS）"
    POST_PLAIN = "post_plain", "邮寄（平常信函）"
    ONLINE = "online", "在线平台"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"


class ApplicantType(models.TextChoices):
    """The Table-3 columns (申请人情况)."""

    NATURAL = "natural", "自然人"
    BUSINESS = "org.business", "商业企业"
    RESEARCH = "org.research", "科研机构"
    NGO = "org.ngo", "社会公益组织"
    LEGAL = "org.legal", "法律服务机构"
    OTHER = "org.other", "其他（法人或其他组织）"


# The official Table-3 column labels (申请人情况), used in report notes; the UI labels above add context.
OFFICIAL_COLUMN_LABELS = {**{v: label for v, label in ApplicantType.choices}, ApplicantType.OTHER: "其他"}


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘/U盘"
    PICKUP = "pickup", "当面领取"
    POST = "post", "邮寄"


class Status(models.TextChoices):
    REGISTERED = "registered", "登记"
    REVIEW = "review", "审核"
    PROCESSING = "processing", "办理"
    ANSWERED = "answered", "答复"
    ARCHIVED = "archived", "归档"
    TERMINATED = "terminated", "已终止"


# 条例第四十五条: 登记 → 审核 → 办理 → 答复 → 归档; 已终止 (不再处理) is a closed outcome that is archived too.
TRANSITIONS: dict[str, set[str]] = {
    Status.REGISTERED: {Status.REVIEW, Status.TERMINATED},
    Status.REVIEW: {Status.PROCESSING, Status.ANSWERED, Status.TERMINATED},
    Status.PROCESSING: {Status.ANSWERED, Status.TERMINATED},
    Status.ANSWERED: {Status.ARCHIVED},
    Status.TERMINATED: {Status.ARCHIVED},
    Status.ARCHIVED: set(),
}
OPEN_STATUSES = (Status.REGISTERED, Status.REVIEW, Status.PROCESSING)
# Answered or no longer handled, not yet archived (条例第四十五条: 答复 → 归档).
CLOSED_STATUSES = (Status.ANSWERED, Status.TERMINATED)
# Received and not yet closed: the clock runs (a REGISTERED case is one still awaiting confirmation of receipt).
RUNNING_STATUSES = (Status.REVIEW, Status.PROCESSING)


class EventKind(models.TextChoices):
    RECEIPT = "receipt", "确认收到"
    RECEIPT_OVERRIDE = "receipt_override", "更正收到日"
    ASSIGN = "assign", "分办"
    CORRECTION_REQUEST = "correction_request", "补正告知"
    CORRECTION_RECEIVED = "correction_received", "补正收到"
    THIRD_PARTY_SENT = "third_party_sent", "征求第三方意见"
    THIRD_PARTY_REPLY = "third_party_reply", "第三方答复"
    AGENCY_SENT = "agency_sent", "征求其他机关意见"
    AGENCY_REPLY = "agency_reply", "其他机关答复"
    EXTENSION = "extension", "延期"
    DELAY_35 = "delay_35", "第35条延迟答复"
    FEE_NOTICE = "fee_notice", "收费通知"
    FEE_PAID = "fee_paid", "缴费"
    REASONS_REQUEST = "reasons_request", "要求说明理由"
    DECISION = "decision", "决定"
    APPROVAL = "approval", "负责人审批"
    RETURNED = "returned", "负责人退回决定"
    ANSWER_REVIEW = "answer_review", "答复保密审查"
    REASSIGN = "reassign", "变更经办人"
    REQUEST = "request", "报请负责人同意"
    REQUEST_REFUSED = "request_refused", "负责人不同意"
    FILE = "file", "上传材料"
    DELIVERY = "delivery", "送达"
    ARCHIVE = "archive", "归档"


CONSULT_PAIRS = {EventKind.THIRD_PARTY_SENT: EventKind.THIRD_PARTY_REPLY, EventKind.AGENCY_SENT: EventKind.AGENCY_REPLY}


class ConsultSpan(models.TextChoices):
    EXCLUSIVE = "exclusive", "发出次日起至答复之日（含）"
    INCLUSIVE = "inclusive", "发出之日起至答复之日（均含）"


class Retention(models.TextChoices):
    """保管期限 of a case file (机关文件材料归档范围和文书档案保管期限规定: 永久、定期30年、定期10年)."""

    PERMANENT = "permanent", "永久"
    Y30 = "30y", "定期30年"
    Y10 = "10y", "定期10年"


class CaseSettings(models.Model):
    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="case_settings")
    decision_needs_approval = models.BooleanField("答复须经负责人审批", default=True)
    start_day_counted = models.BooleanField("起算日计入期限", default=False)
    letter_number_pattern = models.CharField("文书编号格式", max_length=60, default="{prefix}〔{year}〕第{n}号")
    consult_span = models.CharField("征求意见时间扣除口径", max_length=16, choices=ConsultSpan.choices,
                                    default=ConsultSpan.EXCLUSIVE)
    fee_pauses_clock = models.BooleanField("收费通知至缴费期间不计入答复期限", default=True)
    review_body = models.CharField(
        "行政复议机关", max_length=100, blank=True,
        help_text="不予公开、部分公开答复书中告知的行政复议机关（《行政复议法》第二十四条）；留空则为上级人民政府。")
    four_eyes = models.BooleanField("作出决定的人不得审批本人的决定", default=True,
                                    help_text="启用后，答复须由作出决定以外的另一位负责人审批。")
    retention_years = models.PositiveSmallIntegerField(
        "申请人个人信息保存年限", null=True, blank=True,
        help_text="归档满该年数的申请，申请人姓名、证件号码、联系方式和地址将被匿名化（gongkai retention）；留空为不自动匿名化。")
    dossier_retention = models.CharField(
        "案卷保管期限", max_length=12, choices=Retention.choices, default=Retention.Y30,
        help_text="印在案卷封面上；按本机关文书档案保管期限表确定（永久、定期30年、定期10年）。")
    acceptance_prefix = models.CharField(
        "受理号前缀", max_length=20, blank=True,
        help_text="如“嘉商”；留空则取文书字号前缀去掉“公开”二字（嘉商公开 → 嘉商）。")
    acceptance_number_pattern = models.CharField("受理号格式", max_length=60, default="{prefix}依申〔{year}〕{n}号")
    fee_needs_approval = models.BooleanField(
        "收费通知须经负责人同意", default=True,
        help_text="开启后，经办人报请、负责人同意后才发出收费通知（国办函〔2020〕109号）。")
    answer_needs_review = models.BooleanField(
        "答复须经保密审查", default=False,
        help_text="开启后，经办人作出的决定先由保密审查员审查（条例第十七条），再报负责人审批。")

    class Meta:
        verbose_name = "依申请公开设置"

    def __str__(self):
        return f"{self.agency} 依申请公开设置"


class ApplicationQuerySet(models.QuerySet):
    def of(self, agency):
        return self.filter(agency=agency)

    def open(self):
        """Received and not closed (the clock runs); indexed by agency + status + due date."""
        return self.filter(status__in=RUNNING_STATUSES)

    def unconfirmed(self):
        return self.filter(received_date__isnull=True, status=Status.REGISTERED)

    def overdue(self, today):
        return self.open().filter(due_date__lt=today)

    def due_within(self, today, last_day):
        """Open cases due from today up to last_day (e.g. the 5th working day from today)."""
        return self.open().filter(due_date__gte=today, due_date__lte=last_day)

    def assigned_to(self, user):
        return self.filter(assigned_to=user)

    def with_id_number(self, value):
        """Exact match on the ID number through its keyed hash (the number itself is stored encrypted)."""
        return self.filter(id_number_hash__in=keys.blind_indexes(value)) if keys.normalise(value) else self.none()

    def with_phone(self, value):
        """Exact match on the phone number (spaces and hyphens ignored) through its keyed hash."""
        return self.filter(phone_hash__in=keys.blind_indexes(value)) if keys.normalise(value) else self.none()

    def search(self, text):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(models.Q(tracking_code__iexact=text) | models.Q(applicant_name__icontains=text)
                           | models.Q(content__icontains=text))

    # --- the queues of the 工作台 (gongkai/cases/queues.py) -------------------------------------------------------
    def handled_by(self, user):
        return self.filter(assigned_to=user)

    def waiting_correction(self):
        return self.open().filter(due_kind="correction")

    def waiting_fee(self):
        return self.open().filter(due_kind="fee")

    def in_consultation(self):
        """Open cases with a consultation (第三十二条、第三十四条) sent and not yet answered."""
        unanswered = CaseEvent.objects.filter(application=models.OuterRef("pk"), replies__isnull=True,
                                              kind__in=[EventKind.THIRD_PARTY_SENT, EventKind.AGENCY_SENT])
        return self.open().filter(models.Exists(unanswered))

    def decided_pending(self):
        """A decision made and not yet approved (the case is still open)."""
        return self.open().exclude(outcome="").filter(approved_at__isnull=True)

    def awaiting_review(self):
        """Decisions waiting for 保密审查 where the agency asks for it (CaseSettings.answer_needs_review)."""
        return self.decided_pending().filter(agency__case_settings__answer_needs_review=True,
                                             reviewed_at__isnull=True)

    def awaiting_approval(self):
        """Decisions waiting for the head: reviewed first where the agency asks for a 保密审查 of answers."""
        needs_review = models.Q(agency__case_settings__answer_needs_review=True)
        return self.decided_pending().exclude(needs_review & models.Q(reviewed_at__isnull=True))

    def returned(self):
        """Decisions the head sent back, waiting for the clerk."""
        return self.open().exclude(returned_note="")

    def _answer_delivered(self):
        return Delivery.objects.filter(letter__application=models.OuterRef("pk"), letter__kind=LetterKind.ANSWER)

    def answered_not_delivered(self):
        return self.filter(status__in=CLOSED_STATUSES).exclude(models.Exists(self._answer_delivered()))

    def delivered_not_archived(self):
        return self.filter(status__in=CLOSED_STATUSES).filter(models.Exists(self._answer_delivered()))


class Application(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="applications")
    tracking_code = models.CharField("查询码", max_length=12, unique=True)
    acceptance_no = models.CharField("受理号", max_length=60, blank=True, db_index=True,
                                     help_text="机关内部编号，确认收到申请时按年度顺序编排，如 嘉商依申〔2026〕17号")
    acceptance_year = models.PositiveSmallIntegerField(null=True, blank=True)
    acceptance_seq = models.PositiveIntegerField(null=True, blank=True)
    channel = models.CharField("申请渠道", max_length=16, choices=Channel.choices)
    arrived_at = models.DateTimeField("实际到达时间")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    received_date = models.DateField("法定收到日", null=True, blank=True)
    received_override = models.TextField("收到日更正理由", blank=True)
    # applicant
    applicant_type = models.CharField("申请人类别", max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    id_type = models.CharField("证件类型", max_length=16, choices=IdType.choices, default=IdType.RESIDENT_ID)
    # personal data: encrypted at rest (个人信息保护法第五十一条), found by exact value through the keyed hashes
    id_number = EncryptedTextField("证件号码")
    phone = EncryptedTextField("联系电话")
    email = EncryptedTextField("电子邮箱", blank=True)
    address = EncryptedTextField("通信地址", blank=True)
    id_number_hash = BlindIndexField(source="id_number")
    phone_hash = BlindIndexField(source="phone")
    anonymised_on = models.DateField("匿名化日期", null=True, blank=True)
    # request
    content = models.TextField("所需信息的内容描述")
    clarified_content = models.TextField("补正后的所需信息内容描述", blank=True,
                                         help_text="第三十条：申请人补正后的申请内容；此后的文书引用这一内容")
    purpose = models.TextField("用途", blank=True)
    delivery_form = models.CharField("获取方式", max_length=16, choices=DeliveryForm.choices,
                                     default=DeliveryForm.PAPER)
    # work
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.REGISTERED)
    section = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="assigned_applications", verbose_name="承办科室")
    internal_due = models.DateField("科室内部办理期限", null=True, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="经办人")
    # decision (one Table-3 outcome)
    outcome = models.CharField("办理结果", max_length=32, choices=OUTCOME_CHOICES, blank=True)
    decision_date = models.DateField("决定日期", null=True, blank=True)
    decision_text = models.TextField("答复要点", blank=True)
    sub_basis = models.CharField("具体情形", max_length=16, blank=True,
                                 help_text="本机关不掌握相关政府信息：不存在（第三十六条（四））或非本机关负责公开（（五））")
    responsible_agency = models.CharField("负责公开的机关", max_length=100, blank=True)
    responsible_contact = models.CharField("负责公开机关的联系方式", max_length=100, blank=True)
    decision_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_note = models.TextField("退回意见", blank=True, help_text="负责人退回决定时的意见；重新作出决定后清空")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="答复保密审查人")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_opinion = models.TextField("答复保密审查意见", blank=True)
    closed_on = models.DateField("办结日", null=True, blank=True, help_text="作出答复或不再处理决定之日（表三口径）")
    # cached deadline (refreshed from the events by every service)
    due_date = models.DateField("答复期限", null=True, blank=True)
    due_kind = models.CharField(max_length=16, blank=True)
    due_provisional = models.BooleanField(default=False)
    # flags
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="疑似重复申请")
    month_count = models.PositiveIntegerField("申请人当月申请件数", default=1)
    revision = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-arrived_at", "-id"]
        verbose_name = "政府信息公开申请"
        constraints = [
            models.UniqueConstraint(fields=["agency", "acceptance_year", "acceptance_seq"], name="cases_acceptance_unique",
                                    condition=models.Q(acceptance_seq__isnull=False)),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_date"], name="cases_app_due"),
            models.Index(fields=["agency", "assigned_to", "status"], name="cases_app_assignee"),
            models.Index(fields=["agency", "received_date"], name="cases_app_received"),
            models.Index(fields=["agency", "closed_on"], name="cases_app_closed"),
            models.Index(fields=["agency", "id_number_hash", "received_date"], name="cases_app_applicant"),
        ]

    def __str__(self):
        return f"{self.tracking_code} {self.masked_name}"  # also the audit log's object_repr: no full names there

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:  # keep each keyed hash with its value
            extra = {f"{name}_hash" for name in ("id_number", "phone") if name in update_fields}
            kwargs["update_fields"] = set(update_fields) | extra
        super().save(*args, **kwargs)

    def can_move_to(self, status) -> bool:
        return status in TRANSITIONS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def masked_phone(self) -> str:
        return mask(self.phone, 3, 4)

    @property
    def masked_id(self) -> str:
        return mask(self.id_number, 4, 4)

    @property
    def masked_email(self) -> str:
        local, _, domain = (self.email or "").partition("@")
        return f"{local[:1]}***@{domain}" if domain else "*" * len(self.email or "")

    @property
    def masked_address(self) -> str:
        address = self.address or ""
        return address[:6] + "****" if len(address) > 6 else "*" * len(address)

    @property
    def masked_name(self) -> str:
        if self.applicant_type != ApplicantType.NATURAL or len(self.applicant_name) < 2:
            return self.applicant_name
        return self.applicant_name[0] + "*" * (len(self.applicant_name) - 1)


def mask(value: str, keep_start: int, keep_end: int) -> str:
    """3701**********1234, 138****5678; short values are masked entirely but for the last character."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return "*" * max(len(value) - 1, 0) + value[-1:]
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


class CaseEvent(models.Model):
    """One dated step on a case's clock. Rows are never edited; the deadline is derived from them."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=24, choices=EventKind.choices)
    date = models.DateField("日期")
    due = models.DateField("期限", null=True, blank=True)
    days = models.PositiveSmallIntegerField("工作日数", null=True, blank=True)
    party = models.CharField("对象", max_length=100, blank=True)
    amount = models.PositiveIntegerField("金额（元）", null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "办理事项"

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "登记回执"
    CORRECTION = "correction", "补正告知书"
    THIRD_PARTY = "third_party", "征求第三方意见书"
    CONSULT = "consult", "征求意见函"
    EXTENSION = "extension", "延期答复告知书"
    DELAY = "delay", "延迟答复告知书"
    FEE = "fee", "收费通知书"
    ANSWER = "answer", "政府信息公开申请答复书"
    DISCLOSE = "disclose_notice", "决定公开告知书"


class LetterTemplate(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("文书类型", max_length=16, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文模板")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("agency", "kind")]
        verbose_name = "文书模板"

    def __str__(self):
        return f"{self.agency} {self.get_kind_display()}"


class Letter(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书类型", max_length=16, choices=LetterKind.choices)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    number = models.CharField("文号", max_length=60)
    title = models.CharField("标题", max_length=100)
    addressee = models.CharField("收件人", max_length=100)
    paragraphs = models.JSONField("正文段落", default=list)
    issued_on = models.DateField("落款日期")
    provisional = models.BooleanField("含暂定日期", default=False)
    to_applicant = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]
        unique_together = [("agency", "year", "seq")]
        verbose_name = "文书"

    def __str__(self):
        return f"{self.number} {self.title}"


class DeliveryMethod(models.TextChoices):
    IN_PERSON = "in_person", "直接送达"
    EMS = "ems", "邮寄（EMS/挂号）"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "在线平台"
    OTHER = "other", "其他"


class Delivery(models.Model):
    """送达 of one letter."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="deliveries")
    method = models.CharField("送达方式", max_length=16, choices=DeliveryMethod.choices)
    date = models.DateField("送达日期")
    proof = models.CharField("送达凭证", max_length=100, blank=True, help_text="如：EMS单号、签收人")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "送达记录"

    def __str__(self):
        return f"{self.letter.number} {self.get_method_display()} {self.date}"



# The work around a case — deadline changes, requests to the head, files — lives in work_models.py.
from .work_models import (  # noqa: E402, F401
    REQUEST_TRANSITIONS,
    CaseFile,
    DeadlineChange,
    FileKind,
    HeadRequest,
    RequestKind,
    RequestState,
)
