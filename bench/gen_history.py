"""The change history of the national-scale dataset: every record with a page the bench measures gets the
creation row django-simple-history writes, and a quarter to three quarters of them 1 to 3 edits (the number
is the record's key modulo 4), each changing one text column, so that a record page reads and compares a
history as a served register's does. The other parts are bulk-written and send no signal: without this part
every measured record page showed an empty history, and its panel cost was under-measured (a record with 12
edits cost the agreement page +24 %, bench/RESULTS.md "thirty-third session").

Written by INSERT … SELECT from each record's own row (the same statement on SQLite and PostgreSQL): the
edits' older rows carry the column with " (bản N)" after it, the newest row what the record holds now.

    python bench/generate.py --only history DATABASE_URL [--replace]
"""
import datetime

from django.db import connection, transaction
from django.utils import timezone

# The records whose pages the bench measures, and the text column each edit changes (a TextField each: a
# bounded column could overflow with " (bản N)" after its value).
EDITED = {"agreements.Agreement": "summary", "partners.Partner": "notes", "exchanges.Delegation": "purpose",
          "exchanges.Conference": "content", "coordination.ReportRequest": "body",
          "coordination.ReportReturn": "text", "coordination.Directive": "body"}
MAX_EDITS = 3  # a record has `key % (MAX_EDITS + 1)` edits after its creation


def models():
    from django.apps import apps
    return [(apps.get_model(label), column) for label, column in EDITED.items()]


def history_tables():
    return [model.history.model for model, _column in models()]


def generate(user_id=None) -> dict:
    """Write the rows; returns {history table: rows written}. `user_id`: who is named on every row."""
    quote = connection.ops.quote_name
    counts = {}
    base_time = timezone.now() - datetime.timedelta(days=400)
    with transaction.atomic(), connection.cursor() as cursor:
        for model, edited in models():
            history = model.history.model
            own = [f.column for f in history._meta.concrete_fields
                   if not f.name.startswith("history_")]
            if edited not in own or history._meta.get_field(edited).get_internal_type() != "TextField":
                raise ValueError(f"{history._meta.label} has no text column {edited}")
            key = quote(model._meta.pk.column)
            table, target = quote(model._meta.db_table), quote(history._meta.db_table)
            columns = ", ".join(quote(c) for c in own)
            meta = ", ".join(quote(c) for c in ("history_date", "history_type", "history_user_id",
                                                "history_change_reason"))
            written = 0
            # Row j (0: the creation) of the records with at least j edits ("%%": a literal % among parameters,
            # on both databases' cursors). The newest row of each record
            # (j == its number of edits) holds its columns as they are; the older ones, " (bản j)" after the
            # edited column.
            for j in range(MAX_EDITS + 1):
                picked = ", ".join(
                    f"CASE WHEN {key} %% {MAX_EDITS + 1} > %s THEN {quote(c)} || %s ELSE {quote(c)} END"
                    if c == edited else quote(c) for c in own)
                cursor.execute(
                    f"INSERT INTO {target} ({columns}, {meta}) SELECT {picked}, %s, %s, %s, %s FROM {table}"
                    f" WHERE {key} %% {MAX_EDITS + 1} >= %s",
                    [j, f" (bản {j})",
                     # As the ORM stores a moment (naive UTC text on SQLite), so that the column sorts as one.
                     connection.ops.adapt_datetimefield_value(base_time + datetime.timedelta(days=30 * j)),
                     "+" if j == 0 else "~",
                     user_id, "", j])
                written += cursor.rowcount
            counts[history._meta.db_table] = written
        cursor.execute("ANALYZE")
    return counts
