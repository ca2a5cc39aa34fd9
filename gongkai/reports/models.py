from django.conf import settings
from django.db import models

from .model import Kind


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    VALIDATED = "validated", "已校验"
    SUBMITTED = "submitted", "已提交负责人审核"
    APPROVED = "approved", "负责人已批准"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被更正版本取代"


# The only moves a report may make. Editing a validated/submitted/approved report sends it back to draft;
# publishing freezes it; a change after that is a new version (amend) whose publication supersedes the old one.
TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.DRAFT: {ReportStatus.VALIDATED},
    ReportStatus.VALIDATED: {ReportStatus.DRAFT, ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.DRAFT, ReportStatus.APPROVED},
    ReportStatus.APPROVED: {ReportStatus.DRAFT, ReportStatus.PUBLISHED},
    ReportStatus.PUBLISHED: {ReportStatus.SUPERSEDED},
    ReportStatus.SUPERSEDED: set(),
}
# States in which the text and tables may still change (a change returns the report to draft).
EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.VALIDATED, ReportStatus.SUBMITTED, ReportStatus.APPROVED})
# States that count as "handed to the 政务公开办" for the oversight overview.
SUBMITTED_OR_LATER = frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED,
                                ReportStatus.SUPERSEDED})


class ReportOrigin(models.TextChoices):
    SYSTEM = "system", "本系统编制"
    IMPORTED = "imported", "导入的已发布报告"


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def public(self):
        """Published now or once (a superseded version stays on record)."""
        return self.filter(status__in=[ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED])

    def current(self):
        """The newest version of every agency-year."""
        return self.exclude(status=ReportStatus.SUPERSEDED)

    def for_year(self, agency, year):
        return self.filter(agency=agency, year=year).order_by("-version")


class Report(models.Model):
    """One version of an agency's annual report for one year."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="reports", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    format_key = models.CharField("报告格式", max_length=16)
    status = models.CharField("状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    origin = models.CharField("来源", max_length=16, choices=ReportOrigin.choices, default=ReportOrigin.SYSTEM)
    title = models.CharField("标题", max_length=200, blank=True)
    preamble = models.JSONField("引言", default=list, blank=True)
    narrative = models.JSONField("正文", default=dict, blank=True)
    proactive = models.JSONField("主动公开概况", default=dict, blank=True)
    amends = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments",
                               verbose_name="更正的版本")
    amend_reason = models.TextField("更正理由", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    content_hash = models.CharField("内容哈希", max_length=64, blank=True)
    validated_at = models.DateTimeField("校验通过时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_on = models.DateField("批准日期", null=True, blank=True)
    extras = models.JSONField("第六部分填报事项", default=dict, blank=True,
                              help_text="entered figures of section 六: npc, cppcc (counts), other (text)")
    revision = models.PositiveIntegerField(default=0, help_text="incremented on every change, for conflict detection")
    # The rules' last verdict, so that the oversight dashboard shows errors without running them on every report:
    # valid only while errors_revision == revision (services.remember_findings).
    errors_found = models.PositiveSmallIntegerField("发现的错误数", null=True, blank=True)
    errors_revision = models.PositiveIntegerField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "version"], name="report_unique_version")]
        ordering = ["agency", "-year", "-version"]
        verbose_name = "年度报告"

    def __str__(self):
        return f"{self.agency.name}{self.year}年度报告（第{self.version}版）"

    @property
    def is_frozen(self) -> bool:
        return self.status not in EDITABLE

    @property
    def is_public(self) -> bool:
        return self.status in (ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED)

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[ReportStatus(self.status)]


class CellSource(models.TextChoices):
    MANUAL = "manual", "手工填报"
    COMPUTED = "computed", "系统统计"
    IMPORTED = "imported", "导入"
    DEMO = "demo", "演示数据"


class ReportCell(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="cells")
    table = models.CharField(max_length=8)
    row_key = models.CharField(max_length=40)
    col_key = models.CharField(max_length=40)
    kind = models.CharField(max_length=8, choices=[(k.value, k.value) for k in Kind], default=Kind.BLANK.value)
    value = models.CharField(max_length=200, blank=True, help_text="decimal text for numbers, the literal otherwise")
    source = models.CharField(max_length=16, choices=CellSource.choices, default=CellSource.MANUAL)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    entered_at = models.DateTimeField(null=True, blank=True)
    source_note = models.CharField(max_length=200, blank=True)
    source_link = models.CharField(max_length=300, blank=True, help_text="URL of the records a computed cell counts")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "table", "row_key", "col_key"],
                                               name="report_cell_unique")]
        verbose_name = "报告单元格"

    def __str__(self):
        return f"{self.table}/{self.row_key}/{self.col_key}={self.value}"
