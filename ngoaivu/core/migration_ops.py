"""Migration helpers: trigram indexes (PostgreSQL only), indexes of one database only, filling kept summary
tables with live code, and the reverse step of a column widened to hold whole texts."""
from django.db import migrations
from django.db.models.functions import Length


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


def sqlite_index(name: str, table: str, columns: str) -> migrations.RunPython:
    """An index on SQLite only (`columns`: the SQL list, expressions allowed), for what PostgreSQL has by other
    means (its own index with NULLS FIRST and INCLUDE columns). Django does not know it: a later migration that
    makes SQLite rebuild the table drops it, so a test must check the plan that needs it.

    A database whose statistics were gathered (ANALYZE: the bench's, an operator's) has none for a new index,
    and SQLite then takes it for the most selective: one of them drew a province's plan deadlines off
    agreement_locality_status_idx (3.6 → 9.8 ms). The table's statistics are refreshed; a database never
    analysed stays so (every index weighed by the same defaults)."""
    return _vendor_index("sqlite", name, table, columns, after=_refresh_sqlite_statistics)


def postgres_index(name: str, table: str, columns: str) -> migrations.RunPython:
    """An index on PostgreSQL only, for what Django's Index cannot write on both databases: an expression
    ordered NULLS FIRST, which SQLite's CREATE INDEX rejects (its ASC already puts NULLs first: sqlite_index).
    A test must check the plan that needs it, as for sqlite_index."""
    return _vendor_index("postgresql", name, table, columns)


def refresh_sqlite_statistics(table: str) -> migrations.RunPython:
    """After an index Django adds itself (AddIndex): on SQLite, the table's statistics refreshed where they were
    gathered, as sqlite_index does (its docstring says why); nothing on PostgreSQL, which keeps no statistics of
    a plain index."""
    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            _refresh_sqlite_statistics(schema_editor, table)

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)


def _refresh_sqlite_statistics(schema_editor, table):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        analysed = cursor.fetchone() is not None
    if analysed:
        schema_editor.execute(f'ANALYZE "{table}"')


def _vendor_index(vendor: str, name: str, table: str, columns: str, after=None) -> migrations.RunPython:
    """The RunPython of sqlite_index and postgres_index; `after(schema_editor, table)` runs once it is built."""
    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" {columns}')
            if after:
                after(schema_editor, table)

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
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


def refuse_longer(model_label: str, field: str, length: int, what: str):
    """The reverse step of a migration that widened `field` of `model_label` ("app.Model") past `length`
    characters: going back would cut the longer values (PostgreSQL casts to varchar(n) silently), so it is
    refused while one is there, for whoever reverses to shorten or move them first. Placed after the change
    (`migrations.RunPython(migrations.RunPython.noop, refuse_longer(...))`): reversed, it runs before the
    column is shortened. `what` names the values in the refusal ("partner history reasons")."""
    app_label, model_name = model_label.split(".")

    def refuse(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        longer = model.objects.annotate(size=Length(field)).filter(size__gt=length).count()
        if longer:
            raise migrations.exceptions.IrreversibleError(
                f"{longer} {what} are longer than {length} characters; shorten them before reversing")
    return refuse
