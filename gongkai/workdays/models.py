"""The statutory working-day calendar as data.

Only exceptions to the Monday–Friday rule are stored: official holidays (放假, including the weekend days inside
a holiday range, so that a date can be explained) and make-up working days on a weekend (调休上班). A year counts
only once its CalendarYear row is marked loaded; until then the services count Monday–Friday and say so.
"""

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    MAKEUP = "makeup", "调休上班"


class Source(models.TextChoices):
    CHINESE_CALENDAR = "chinese_calendar", "随软件提供的历年放假安排"
    NOTICE = "notice", "国务院办公厅通知（粘贴全文读取）"
    MANUAL = "manual", "人工录入"


class CalendarDay(models.Model):
    """One exception to the Monday–Friday rule."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", default=False)
    kind = models.CharField("类型", max_length=16, choices=DayKind.choices)
    name = models.CharField("节日", max_length=40, blank=True, help_text="如：春节")
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "工作日历例外日"
        verbose_name_plural = "工作日历例外日"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="holiday", is_workday=False) | models.Q(kind="makeup", is_workday=True)),
                name="workdays_day_kind_matches_is_workday",
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        return f"{self.date:%Y-%m-%d} {self.name}{label}" if self.name else f"{self.date:%Y-%m-%d} {label}"

    def save(self, *args, **kwargs):
        self.is_workday = self.kind == DayKind.MAKEUP
        super().save(*args, **kwargs)


class CalendarYear(models.Model):
    """Marks a year whose holiday schedule has been loaded (and from where)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    loaded = models.BooleanField("已录入", default=False)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.MANUAL)
    notice = models.CharField("通知文号", max_length=100, blank=True, help_text="如：国办发明电〔2025〕7号")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"

    def __str__(self):
        state = "已录入" if self.loaded else "未录入"
        return f"{self.year}年节假日安排（{state}）"
