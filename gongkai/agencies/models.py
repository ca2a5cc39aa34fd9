from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models


class AgencyLevel(models.TextChoices):
    GOVERNMENT = "government", "本级人民政府"
    DEPARTMENT = "department", "部门"
    TOWN = "town", "乡镇（街道）"
    SECTION = "section", "内设科室"


# Agencies that publish an annual report (条例第四十九条): governments, departments and 乡镇/街道, never a 内设科室.
REPORTING_LEVELS = frozenset({AgencyLevel.GOVERNMENT, AgencyLevel.DEPARTMENT, AgencyLevel.TOWN})


# A level may only sit under these parent levels.
ALLOWED_PARENT_LEVELS = {
    AgencyLevel.GOVERNMENT: {None, AgencyLevel.GOVERNMENT},
    AgencyLevel.DEPARTMENT: {AgencyLevel.GOVERNMENT},
    AgencyLevel.TOWN: {AgencyLevel.GOVERNMENT},
    AgencyLevel.SECTION: {AgencyLevel.DEPARTMENT, AgencyLevel.GOVERNMENT, AgencyLevel.TOWN},
}


class Role(models.TextChoices):
    CLERK = "clerk", "经办人"
    REVIEWER = "reviewer", "保密审查员"
    HEAD = "head", "负责人"
    ADMIN = "admin", "管理员"
    OVERSIGHT = "oversight", "政务公开办"


code_validator = RegexValidator(r"^[a-z0-9][a-z0-9-]{1,62}$", "代码只能用小写字母、数字和连字符。")


class AgencyQuerySet(models.QuerySet):
    def reporting(self):
        """Agencies that publish annual reports (governments, departments, 乡镇/街道; not internal sections)."""
        return self.filter(level__in=REPORTING_LEVELS)


class Agency(models.Model):
    """机关：本级人民政府 → 部门 → 内设科室."""

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    code = models.CharField("代码", max_length=64, unique=True, validators=[code_validator])
    level = models.CharField("层级", max_length=16, choices=AgencyLevel.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name="上级")
    org_code = models.CharField("组织机构代码或统一社会信用代码", max_length=18, blank=True)
    # per-agency settings used by the guide, letters and the annual report
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    office_phone = models.CharField("联系电话", max_length=40, blank=True)
    office_fax = models.CharField("传真", max_length=40, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    website = models.CharField("政府网站名称", max_length=100, blank=True)
    letter_prefix = models.CharField("文书字号前缀", max_length=20, blank=True, help_text="如：嘉商公开")

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "机关"

    def __str__(self):
        return self.name

    @property
    def publishes_reports(self) -> bool:
        return self.level in REPORTING_LEVELS

    def ancestors(self):
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def descendants(self):
        result, frontier = [], list(self.children.all())
        while frontier:
            node = frontier.pop(0)
            result.append(node)
            frontier.extend(node.children.all())
        return result


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Membership(models.Model):
    """A staff user's role in one agency. A user may hold several roles; each is scoped to its agency."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField("岗位", max_length=16, choices=Role.choices)
    active = models.BooleanField(default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        unique_together = [("user", "agency", "role")]
        verbose_name = "岗位"

    def __str__(self):
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
