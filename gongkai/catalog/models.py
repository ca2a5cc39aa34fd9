"""主动公开目录: documents with 索引号 and metadata, the 保密审查 workflow, channels, attachments, the search index,
and the Article-20 registry behind 表二."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from .taxonomy import art20_label, taxonomy, topic_label


class IndexScheme(models.TextChoices):
    """索引号 patterns of statutory-spec §6.3."""

    ORG_YEAR = "org_year", "组织机构代码/年份-5位流水号（如 000014349/2018-00222）"
    CREDIT_YEAR = "credit_year", "统一社会信用代码/年份-5位流水号（如 11330800002618197P/2021-00119）"
    CREDIT_MONTH = "credit_month", "统一社会信用代码/年月-5位流水号（如 11341702486344515H/202110-00013）"


class CatalogSettings(models.Model):
    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="catalog_settings")
    index_scheme = models.CharField("索引号模式", max_length=16, choices=IndexScheme.choices,
                                    default=IndexScheme.CREDIT_YEAR)

    class Meta:
        verbose_name = "目录设置"

    def __str__(self):
        return f"{self.agency} · {self.get_index_scheme_display()}"


class IndexCounter(models.Model):
    """The last serial issued per agency and period (year or year-month). Serials never go back."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT)
    period = models.CharField(max_length=6)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "period"], name="catalog_counter_unique")]

    def __str__(self):
        return f"{self.agency_id}/{self.period}: {self.last}"


class DocStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "待保密审查"
    APPROVAL = "approval", "待负责人审批"
    PUBLISHED = "published", "已发布"
    FILED = "filed", "已登记（不主动公开）"
    REJECTED = "rejected", "已退回修改"


TRANSITIONS: dict[str, set[str]] = {
    DocStatus.DRAFT: {DocStatus.REVIEW},
    DocStatus.REJECTED: {DocStatus.REVIEW},
    DocStatus.REVIEW: {DocStatus.APPROVAL, DocStatus.REJECTED},
    DocStatus.APPROVAL: {DocStatus.PUBLISHED, DocStatus.FILED, DocStatus.REJECTED},
    DocStatus.PUBLISHED: set(),
    DocStatus.FILED: set(),
}
EDITABLE = {DocStatus.DRAFT, DocStatus.REJECTED}


class Disclosure(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class DocumentQuerySet(models.QuerySet):
    def of(self, agency):
        return self.filter(agency=agency)

    def published(self):
        return self.filter(status=DocStatus.PUBLISHED, disclosure=Disclosure.PROACTIVE)

    def published_in(self, year: int):
        return self.published().filter(published_on__year=year)

    def late(self):
        """第二十六条: published more than 20 working days after the information was formed or changed."""
        return self.filter(status=DocStatus.PUBLISHED, published_late=True)

    def waiting(self):
        return self.filter(status__in=[DocStatus.DRAFT, DocStatus.REVIEW, DocStatus.APPROVAL, DocStatus.REJECTED])


class Document(models.Model):
    """一条政府信息 in the catalog."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="documents")
    title = models.CharField("名称", max_length=300)
    index_no = models.CharField("索引号", max_length=40, null=True, blank=True, unique=True)
    doc_number = models.CharField("文号", max_length=80, blank=True, db_index=True)
    publisher = models.CharField("发布机构", max_length=100)
    written_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    formed_on = models.DateField("信息形成或变更日期", help_text="第二十六条：自此日起20个工作日内公开")
    publish_due = models.DateField("应公开期限", null=True, blank=True)
    published_late = models.BooleanField("超期公开", default=False)
    topic = models.CharField("主题分类", max_length=8)
    genre = models.CharField("体裁", max_length=20)
    art20_item = models.PositiveSmallIntegerField("第二十条所列项", null=True, blank=True)
    disclosure = models.CharField("公开属性", max_length=12, choices=Disclosure.choices, default=Disclosure.PROACTIVE)
    disclosure_basis = models.CharField("公开属性依据", max_length=300, blank=True)
    is_secret = models.BooleanField("涉密", null=True, blank=True)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    effective_on = models.DateField("实施日期", null=True, blank=True)
    invalid_on = models.DateField("失效或废止日期", null=True, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)           # sanitised HTML
    body_text = models.TextField(blank=True)               # plain text of body (snippets, search)
    status = models.CharField("状态", max_length=12, choices=DocStatus.choices, default=DocStatus.DRAFT)
    review_opinion = models.TextField("保密审查意见", blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField("退回理由", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息"
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["agency", "status", "published_on", "id"], name="catalog_doc_pub"),
                   models.Index(fields=["agency", "topic"], name="catalog_doc_topic")]

    def __str__(self):
        return self.title

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[DocStatus(self.status)]

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def topic_label(self) -> str:
        return topic_label(self.topic)

    @property
    def art20_label(self) -> str:
        return art20_label(self.art20_item) if self.art20_item else ""

    @property
    def is_public(self) -> bool:
        return self.status == DocStatus.PUBLISHED and self.disclosure == Disclosure.PROACTIVE


class DocumentChannel(models.Model):
    """One channel the document was published through (第二十三条)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField("发布渠道", max_length=16)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "channel"], name="catalog_channel_unique")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return taxonomy().channels.get(self.channel, self.channel)


class Attachment(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8)          # pdf, docx, xlsx, png, jpg, gif
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_as = models.CharField(max_length=300)           # relative to GONGKAI_DATA_DIR
    text = models.TextField(blank=True)                    # extracted text, for the personal-data scan
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.filename


class SearchKind(models.TextChoices):
    """What a search entry points at: a catalog document or one of the portal's own pages."""

    DOCUMENT = "doc", "政府信息"
    REPORT = "report", "年度报告"
    GUIDE = "guide", "公开指南"
    POLICY = "policy", "公开制度"


class SearchEntryQuerySet(models.QuerySet):
    def documents(self):
        return self.filter(kind=SearchKind.DOCUMENT)

    def pages(self):
        return self.exclude(kind=SearchKind.DOCUMENT)

    def for_page(self, key: str):
        return self.filter(page_key=key)


class SearchEntry(models.Model):
    """One searchable item: a published document, a published annual report, an agency's guide or 制度 page.

    The integer primary key is the full-text row id (SQLite: an FTS5 external-content table follows this table by
    triggers, rowid = id; PostgreSQL: a generated, weighted tsvector column with a GIN index). The facet values
    are copied here, so a search never joins the documents table. Tables created in migrations 0006/0007."""

    kind = models.CharField(max_length=8, choices=SearchKind.choices, default=SearchKind.DOCUMENT)
    document = models.OneToOneField(Document, null=True, blank=True, on_delete=models.CASCADE, related_name="search")
    page_key = models.CharField(max_length=40, null=True, blank=True)  # "report:12", "guide:3" (not documents)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    topic = models.CharField(max_length=8, blank=True)
    genre = models.CharField(max_length=20, blank=True)
    excerpt = models.TextField(blank=True)          # plain text for snippets (pages; documents use body_text)
    title_tokens = models.TextField(blank=True)     # jieba tokens of the title (title hits rank first)
    tokens = models.TextField(blank=True)           # jieba tokens of 文号, summary and text
    number_tokens = models.TextField(blank=True)    # 索引号 and 文号 split at punctuation (phrase-prefix match)
    facets = models.TextField(blank=True)           # filter tokens: kind, agency, year, topic, genre

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page_key"], condition=models.Q(page_key__isnull=False),
                                               name="catalog_search_page_key")]
        # covering index: facets and the date of a few thousand candidates without reading the wide rows
        indexes = [models.Index(fields=["id", "published_on", "kind", "agency", "topic", "genre"],
                                name="catalog_search_facets")]

    def __str__(self):
        return f"search:{self.kind}:{self.document_id or self.page_key}"

    @property
    def year(self):
        return self.published_on.year if self.published_on else None


class SearchWord(models.Model):
    """The indexed vocabulary for “您是不是要找”: words (no numbers) and in how many entries they were indexed.
    Counts only grow (a withdrawn document leaves its words); a suggestion is checked against the index."""

    word = models.CharField(max_length=40, primary_key=True)
    df = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.word


class RegistryKind(models.TextChoices):
    RULE = "rules", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class RegistryEntryQuerySet(models.QuerySet):
    def issued_in(self, year):
        return self.filter(issued_on__year=year)

    def repealed_in(self, year):
        return self.filter(repealed_on__year=year)

    def in_force_at(self, day: date):
        return self.filter(issued_on__lte=day).exclude(repealed_on__lte=day)

    def published_in(self, year):
        return self.filter(published_on__year=year)

    def public_at(self, day: date):
        return self.filter(published_on__lte=day).exclude(repealed_on__lte=day)


class RegistryEntry(models.Model):
    """第二十条第（一）项: a 规章 or 行政规范性文件 with its issue and repeal dates."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="registry_entries")
    kind = models.CharField("类别", max_length=12, choices=RegistryKind.choices)
    title = models.CharField("名称", max_length=300)
    doc_number = models.CharField("文号", max_length=80, blank=True)
    issued_on = models.DateField("制发日期")
    published_on = models.DateField("公开日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("备注", max_length=200, blank=True)

    objects = RegistryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "id"]
        verbose_name = "规章和规范性文件登记"

    def __str__(self):
        return self.title


class FigureItem(models.TextChoices):
    """Yearly figures that come from other business systems (第二十条第（五）（六）（八）（九）项)."""

    LICENSING = "licensing", "行政许可"
    OTHER_SERVICES = "other_services", "其他对外管理服务事项"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    FEES = "fees", "行政事业性收费"
    PROCUREMENT = "procurement", "政府集中采购"


class YearFigure(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="year_figures")
    year = models.PositiveSmallIntegerField("年度")
    item = models.CharField("事项", max_length=16, choices=FigureItem.choices)
    decisions = models.PositiveIntegerField("处理决定数量", null=True, blank=True)
    prev_items = models.PositiveIntegerField("上一年项目数量", null=True, blank=True)
    change = models.IntegerField("本年增/减", null=True, blank=True)
    amount = models.DecimalField("金额", max_digits=14, decimal_places=4, null=True, blank=True,
                                 help_text="行政事业性收费：万元；政府集中采购：采购总金额（单位见“单位”）")
    projects = models.PositiveIntegerField("采购项目数量", null=True, blank=True)
    unit = models.CharField("金额单位", max_length=8, blank=True, default="万元")
    source_note = models.CharField("数据来源", max_length=200)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "item"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "item"], name="catalog_figure_unique")]

    def __str__(self):
        return f"{self.year} {self.get_item_display()}"


class PiiMark(models.Model):
    """A reviewer's confirmation that one piece of personal data in a document is meant to be published."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pii_marks")
    digest = models.CharField(max_length=40)   # keyed hash of kind and value (no number in clear)
    kind = models.CharField(max_length=16)
    masked = models.CharField(max_length=30)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "digest"], name="catalog_piimark_unique")]
        verbose_name = "个人信息确认"

    def __str__(self):
        return f"{self.document_id} {self.kind} {self.masked}"
