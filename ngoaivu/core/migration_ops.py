"""Migration helpers: trigram indexes (PostgreSQL only) and filling kept summary tables with live code."""
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


def fill_kept(model_label: str, fill) -> migrations.RunPython:
    """A data migration that fills a kept summary table with the app's live code (`fill(apps, schema_editor)`,
    usually the keeper's rebuild), run only when the table already has every column of the live model.
    The live code writes the live model's columns: on a database that has data and is migrated from an
    older version, an earlier migration of the same table would write columns a later migration adds, and
    fail. It skips instead; the migration that adds the last column fills the table (and must use this too).
    On a new database the tables are empty either way."""
    def forward(apps, schema_editor):
        from django.apps import apps as live_apps
        model = live_apps.get_model(model_label)
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            present = {c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)}
        if {f.column for f in model._meta.concrete_fields} <= present:
            fill(apps, schema_editor)

    return migrations.RunPython(forward, migrations.RunPython.noop)
