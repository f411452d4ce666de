"""Migration helpers that only act on PostgreSQL (SQLite has no trigram index)."""
from django.db import migrations


def trigram_index(table: str, column: str = "search_text") -> migrations.RunPython:
    """A GIN trigram index so `LIKE '%word%'` on a folded column stays fast at national scale."""
    name = f"{table}_{column}_trgm"[:63]

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)')

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forward, backward, elidable=False)
