"""The register of 行政复议 and 行政诉讼 brought against the agency's 政府信息公开 decisions.

A matter points at the 依申请公开 case it challenges (nullable FK to cases.Application — older matters may predate the
case register) and quotes the challenged decision (`decision`, copied from the case's 答复要点 when left empty).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q


class AppealKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    SUIT_DIRECT = "suit_direct", "未经复议直接起诉"
    SUIT_AFTER = "suit_after", "复议后起诉"

    @property
    def is_suit(self) -> bool:
        return self != AppealKind.REVIEW


class AppealStage(models.TextChoices):
    FILED = "filed", "已申请／已起诉"
    ACCEPTED = "accepted", "已受理／已立案"
    HEARING = "hearing", "审理中"
    CONCLUDED = "concluded", "已审结"


class AppealResult(models.TextChoices):
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


DECIDED = (AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER)


class AppealQuerySet(models.QuerySet):
    def for_agency(self, agency):
        return self.filter(agency=agency)

    def decided_in(self, year: int):
        """Counted in the year of its result (结果维持/结果纠正/其他结果)."""
        return self.filter(result__in=DECIDED, result_on__year=year)

    def open_at_end_of(self, year: int):
        """Filed by 31 December and without a result by then: 尚未审结 of that year."""
        end = date(year, 12, 31)
        return self.filter(filed_on__lte=end).filter(Q(result_on__isnull=True) | Q(result_on__gt=end))

    def counted_in(self, year: int):
        return (self.decided_in(year) | self.open_at_end_of(year)).distinct()

    def in_cell(self, year: int, kind: str, result: str):
        """The matters one Table-4 cell counts (result "total": every matter counted in the year)."""
        qs = self.filter(kind=kind)
        if result == AppealResult.PENDING:
            return qs.open_at_end_of(year)
        if result == "total":
            return qs.counted_in(year)
        return qs.decided_in(year).filter(result=result)


class AppealStorage(FileSystemStorage):
    """Uploaded documents live under GONGKAI_DATA_DIR/appeals (never under the code or static files).

    The location is read from settings on every use, so a changed DATA_DIR (tests, a moved data dir) is honoured.
    """

    @property
    def base_location(self):
        return str(Path(settings.DATA_DIR) / "appeals")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def appeal_storage():
    return AppealStorage()


class Appeal(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="appeals",
                               verbose_name="被申请人／被告机关")
    kind = models.CharField("类别", max_length=16, choices=AppealKind.choices)
    body = models.CharField("复议机关或法院", max_length=100)
    reference = models.CharField("案号", max_length=100, blank=True)
    applicant = models.CharField("申请人／原告", max_length=100, blank=True)
    case = models.ForeignKey("cases.Application", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="appeals", verbose_name="所涉申请")
    decision = models.TextField("被复议／被诉的答复或行为")
    filed_on = models.DateField("申请／起诉日期")
    accepted_on = models.DateField("受理／立案日期", null=True, blank=True)
    result_on = models.DateField("结果日期", null=True, blank=True)
    stage = models.CharField("阶段", max_length=16, choices=AppealStage.choices, default=AppealStage.FILED)
    result = models.CharField("结果", max_length=16, choices=AppealResult.choices, default=AppealResult.PENDING)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "-filed_on", "-pk"]
        verbose_name = "行政复议、行政诉讼"
        indexes = [models.Index(fields=["agency", "kind", "result_on"])]

    def __str__(self):
        ref = self.reference or f"#{self.pk}"
        return f"{self.get_kind_display()} {ref}"


class DocumentKind(models.TextChoices):
    APPLICATION = "application", "复议申请书／起诉状"
    ACCEPTANCE = "acceptance", "受理通知书／立案通知"
    DEFENCE = "defence", "答复书／答辩状"
    DECISION = "decision", "复议决定书／判决书／裁定书"
    OTHER = "other", "其他"


class AppealDocument(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书类别", max_length=16, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    file = models.FileField(upload_to="%Y/%m/", storage=appeal_storage, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["appeal", "uploaded_at"]
        verbose_name = "复议诉讼文书"

    def __str__(self):
        return self.original_name
