"""The full-text index over SearchEntry.tokens (jieba-segmented, space-separated).

SQLite: an FTS5 external-content table kept in step by triggers (so deletes and test flushes follow).
PostgreSQL: a generated tsvector column with the `simple` configuration and a GIN index.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE catalog_search_fts USING fts5(tokens, content='catalog_searchentry', "
    "content_rowid='document_id', tokenize='unicode61')",
    "CREATE TRIGGER catalog_search_ai AFTER INSERT ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(rowid, tokens) VALUES (new.document_id, new.tokens); END",
    "CREATE TRIGGER catalog_search_ad AFTER DELETE ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(catalog_search_fts, rowid, tokens) VALUES ('delete', old.document_id, old.tokens); END",
    "CREATE TRIGGER catalog_search_au AFTER UPDATE ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(catalog_search_fts, rowid, tokens) VALUES ('delete', old.document_id, old.tokens); "
    "INSERT INTO catalog_search_fts(rowid, tokens) VALUES (new.document_id, new.tokens); END",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS catalog_search_au", "DROP TRIGGER IF EXISTS catalog_search_ad",
               "DROP TRIGGER IF EXISTS catalog_search_ai", "DROP TABLE IF EXISTS catalog_search_fts"]
PG_UP = [
    "ALTER TABLE catalog_searchentry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED",
    "CREATE INDEX catalog_search_tsv_gin ON catalog_searchentry USING gin (tsv)",
]
PG_DOWN = ["DROP INDEX IF EXISTS catalog_search_tsv_gin", "ALTER TABLE catalog_searchentry DROP COLUMN IF EXISTS tsv"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        todo = statements.get(vendor, [])
        for sql in todo:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
                             _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN})),
    ]
