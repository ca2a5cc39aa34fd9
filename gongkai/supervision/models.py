"""督办: a notice from the 政务公开办 of a 本级人民政府 to an agency under it, answered by the agency and closed or
sent again by the 政务公开办. Every step is a `SupervisionStep` row (the list with all dates) and an audit entry on
both sides."""

from django.conf import settings
from django.db import models


class Subject(models.TextChoices):
    OVERDUE_CASE = "overdue_case", "依申请公开逾期未答复"
    LATE_PUBLICATION = "late_publication", "政府信息未按时公开（条例第二十六条）"
    MISSING_REPORT = "missing_report", "年度报告未报送或未公布"
    REPORT_ERROR = "report_error", "年度报告有错误"


class State(models.TextChoices):
    SENT = "sent", "待答复"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


class StepKind(models.TextChoices):
    SEND = "send", "发出督办"
    ANSWER = "answer", "答复"
    REISSUE = "reissue", "再次督办"
    CLOSE = "close", "办结"


# The only moves a notice may make: which step leads from which state to which.
TRANSITIONS: dict[str, dict[str, str]] = {
    State.SENT: {StepKind.ANSWER: State.ANSWERED, StepKind.REISSUE: State.SENT},
    State.ANSWERED: {StepKind.CLOSE: State.CLOSED, StepKind.REISSUE: State.SENT},
    State.CLOSED: {},
}


class NoticeQuerySet(models.QuerySet):
    def to_agency(self, agency):
        return self.filter(agency=agency)

    def sent_by(self, government):
        return self.filter(government=government)

    def awaiting_answer(self):
        return self.filter(state=State.SENT)

    def awaiting_close(self):
        return self.filter(state=State.ANSWERED)

    def overdue(self, today):
        return self.filter(state=State.SENT, due_on__lt=today)


class Notice(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="supervision_notices",
                               verbose_name="被督办机关")
    government = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                                   verbose_name="督办的本级人民政府")
    number = models.PositiveIntegerField("督办序号")
    subject = models.CharField("督办事项", max_length=24, choices=Subject.choices)
    case = models.ForeignKey("cases.Application", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name="关联申请")
    document = models.ForeignKey("catalog.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name="关联政府信息")
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name="关联年度报告")
    text = models.TextField("督办内容")
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.SENT)
    round = models.PositiveSmallIntegerField("督办次数", default=1)
    sent_on = models.DateField("督办日期")
    due_days = models.PositiveSmallIntegerField("答复期限（工作日）")
    due_on = models.DateField("答复期限")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = "督办通知"
        constraints = [models.UniqueConstraint(fields=["government", "number"], name="supervision_number_unique")]
        indexes = [models.Index(fields=["agency", "state", "due_on"], name="supervision_agency_state")]

    def __str__(self):
        return f"督办第{self.number}号（{self.agency.name}）"

    def steps_allowed(self) -> set[str]:
        return set(TRANSITIONS[State(self.state)])


class Step(models.Model):
    """One step of a notice, with its date: sent, answered, sent again, closed."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="steps")
    # the notice's agency again: the distribution column, so a sharded database keeps the steps with the notice
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("步骤", max_length=16, choices=StepKind.choices)
    on = models.DateField("日期")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("内容", blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = "督办步骤"

    def __str__(self):
        return f"{self.get_kind_display()} {self.on}"
