"""One search index for documents, annual reports, guides and 制度 pages (docs/decisions.md 37).

The entry table gets its own INTEGER PRIMARY KEY (the FTS5 rowid; before, the rowid was the `bigint` document_id,
which SQLite does not take as the table's rowid), copied facet columns and separate title, number and facet
token columns. The index is derived data: it is dropped and rebuilt here (`gongkai reindex` rebuilds it too).
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_DROP = ["DROP TRIGGER IF EXISTS catalog_search_au", "DROP TRIGGER IF EXISTS catalog_search_ad",
               "DROP TRIGGER IF EXISTS catalog_search_ai", "DROP TABLE IF EXISTS catalog_search_fts"]
COLUMNS = "title_tokens, tokens, number_tokens, facets"
NEW = ", ".join(f"new.{c.strip()}" for c in COLUMNS.split(","))
OLD = ", ".join(f"old.{c.strip()}" for c in COLUMNS.split(","))
SQLITE_UP = [
    f"CREATE VIRTUAL TABLE catalog_search_fts USING fts5({COLUMNS}, content='catalog_searchentry', "
    "content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER catalog_search_ai AFTER INSERT ON catalog_searchentry BEGIN "
    f"INSERT INTO catalog_search_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END",
    "CREATE TRIGGER catalog_search_ad AFTER DELETE ON catalog_searchentry BEGIN "
    f"INSERT INTO catalog_search_fts(catalog_search_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD}); END",
    "CREATE TRIGGER catalog_search_au AFTER UPDATE ON catalog_searchentry BEGIN "
    f"INSERT INTO catalog_search_fts(catalog_search_fts, rowid, {COLUMNS}) VALUES ('delete', old.id, {OLD}); "
    f"INSERT INTO catalog_search_fts(rowid, {COLUMNS}) VALUES (new.id, {NEW}); END",
]
PG_DROP = ["DROP INDEX IF EXISTS catalog_search_tsv_gin", "ALTER TABLE catalog_searchentry DROP COLUMN IF EXISTS tsv"]
# weights: A title, B 索引号/文号, C facet tokens, D text; a query names the weights it searches
PG_UP = [
    "ALTER TABLE catalog_searchentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title_tokens), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, number_tokens), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, facets), 'C') || "
    "setweight(to_tsvector('simple'::regconfig, tokens), 'D')) STORED",
    "CREATE INDEX catalog_search_tsv_gin ON catalog_searchentry USING gin (tsv) WITH (fastupdate = off)",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


def _rebuild(apps, schema_editor):
    from gongkai.catalog.search_index import reindex_all

    if apps.get_model("catalog", "Document").objects.exists():
        reindex_all()


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial"), ("catalog", "0005_attachment_text_pii_marks")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_DROP, "postgresql": PG_DROP}), migrations.RunPython.noop),
        migrations.DeleteModel(name="SearchEntry"),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("doc", "政府信息"), ("report", "年度报告"), ("guide", "公开指南"),
                                                   ("policy", "公开制度")], default="doc", max_length=8)),
                ("page_key", models.CharField(blank=True, max_length=40, null=True)),
                ("title", models.CharField(max_length=300)),
                ("url", models.CharField(blank=True, max_length=200)),
                ("published_on", models.DateField(blank=True, null=True)),
                ("topic", models.CharField(blank=True, max_length=8)),
                ("genre", models.CharField(blank=True, max_length=20)),
                ("excerpt", models.TextField(blank=True)),
                ("title_tokens", models.TextField(blank=True)),
                ("tokens", models.TextField(blank=True)),
                ("number_tokens", models.TextField(blank=True)),
                ("facets", models.TextField(blank=True)),
                ("agency", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="agencies.agency")),
                ("document", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                                  related_name="search", to="catalog.document")),
            ],
            options={"constraints": [models.UniqueConstraint(condition=models.Q(("page_key__isnull", False)),
                                                             fields=("page_key",), name="catalog_search_page_key")]},
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=40, primary_key=True, serialize=False)),
                    ("df", models.PositiveIntegerField(default=0))],
        ),
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
                             _run({"sqlite": SQLITE_DROP, "postgresql": PG_DROP})),
        migrations.RunPython(_rebuild, migrations.RunPython.noop),
    ]
