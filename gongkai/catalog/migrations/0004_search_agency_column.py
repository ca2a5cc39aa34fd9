"""SQLite: the FTS5 table also indexes the agency, so a per-agency search is one MATCH (no join)."""

from django.db import migrations

UP = [
    "DROP TRIGGER IF EXISTS catalog_search_au", "DROP TRIGGER IF EXISTS catalog_search_ad",
    "DROP TRIGGER IF EXISTS catalog_search_ai", "DROP TABLE IF EXISTS catalog_search_fts",
    "CREATE VIRTUAL TABLE catalog_search_fts USING fts5(tokens, agency_id, content='catalog_searchentry', "
    "content_rowid='document_id', tokenize='unicode61')",
    "CREATE TRIGGER catalog_search_ai AFTER INSERT ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(rowid, tokens, agency_id) VALUES (new.document_id, new.tokens, new.agency_id); END",
    "CREATE TRIGGER catalog_search_ad AFTER DELETE ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(catalog_search_fts, rowid, tokens, agency_id) "
    "VALUES ('delete', old.document_id, old.tokens, old.agency_id); END",
    "CREATE TRIGGER catalog_search_au AFTER UPDATE ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(catalog_search_fts, rowid, tokens, agency_id) "
    "VALUES ('delete', old.document_id, old.tokens, old.agency_id); "
    "INSERT INTO catalog_search_fts(rowid, tokens, agency_id) VALUES (new.document_id, new.tokens, new.agency_id); END",
    "INSERT INTO catalog_search_fts(catalog_search_fts) VALUES ('rebuild')",
]
DOWN = UP[:4] + [
    "CREATE VIRTUAL TABLE catalog_search_fts USING fts5(tokens, content='catalog_searchentry', "
    "content_rowid='document_id', tokenize='unicode61')",
    "CREATE TRIGGER catalog_search_ai AFTER INSERT ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(rowid, tokens) VALUES (new.document_id, new.tokens); END",
    "CREATE TRIGGER catalog_search_ad AFTER DELETE ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(catalog_search_fts, rowid, tokens) VALUES ('delete', old.document_id, old.tokens); END",
    "CREATE TRIGGER catalog_search_au AFTER UPDATE ON catalog_searchentry BEGIN "
    "INSERT INTO catalog_search_fts(catalog_search_fts, rowid, tokens) VALUES ('delete', old.document_id, old.tokens); "
    "INSERT INTO catalog_search_fts(rowid, tokens) VALUES (new.document_id, new.tokens); END",
    "INSERT INTO catalog_search_fts(catalog_search_fts) VALUES ('rebuild')",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_list_order_index")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]
