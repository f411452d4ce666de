"""Writing many rows that each get their own values, fast.

Django's `bulk_update` builds one CASE WHEN per field over the whole batch: its Python cost and the
database's grow with the square of the batch (20 s for 3,000 agreements on SQLite). One prepared
UPDATE ... WHERE pk = %s run with executemany costs one short statement per row instead (SQLite reuses
the statement); on PostgreSQL one UPDATE ... FROM unnest(arrays) writes them all. Rows are plain tuples: building model instances of a wide
model (the agreement) would cost more than the write.
"""
from django.db import connection, models

# Field types whose Python value the drivers take as it is; the others go through get_db_prep_save.
_PLAIN = {"CharField", "TextField", "SlugField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
          "SmallIntegerField", "BigIntegerField", "BooleanField", "AutoField", "BigAutoField", "ForeignKey"}


def _converter(field):
    if field.get_internal_type() in _PLAIN:
        return None
    # The same value recurs down a column (a sweep's one timestamp, a few hundred distinct dates): each is
    # prepared once per call. Unhashable values (JSON lists) are prepared every time.
    prepared = {}

    def convert(value):
        try:
            return prepared[value]
        except KeyError:
            result = prepared[value] = field.get_db_prep_save(value, connection)
            return result
        except TypeError:
            return field.get_db_prep_save(value, connection)
    return convert


def _execute_arrays(sql, arrays):
    """Run `sql` whose every %s is one array, the arrays sent in PostgreSQL's binary format through a
    server-side-binding cursor: Django's psycopg cursor binds client-side, quoting each array into the
    query text in Python (~6× the CPU for a chunk of 2,000 rows). The cursor goes through Django's wrapper,
    so query logging and execute_wrapper still see the statement."""
    import psycopg
    connection.ensure_connection()
    with connection._prepare_cursor(psycopg.Cursor(connection.connection)) as cursor:
        cursor.execute(sql.replace("%s", "%b"), arrays)


def update_rows(model, fields, rows) -> int:
    """UPDATE `model` SET fields = values WHERE pk = pk, for each row (pk, *values), in one executemany.
    No signals, no history, like QuerySet.update. Returns the number of rows sent."""
    rows = list(rows)
    if not rows:
        return 0
    opts = model._meta
    columns = [opts.get_field(name) for name in fields]
    converters = [_converter(f) for f in columns]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        # One statement joining the table to the rows unnested from one array per column: PostgreSQL
        # plans it once, where thousands of pipelined UPDATEs cost a parse and plan each.
        names = [f"c{i}" for i in range(len(columns))]
        sql = "UPDATE {t} SET {sets} FROM unnest({arrays}) AS v(pk, {names}) WHERE {t}.{pk} = v.pk".format(
            t=quote(opts.db_table), pk=quote(opts.pk.column), names=", ".join(names),
            sets=", ".join(f"{quote(f.column)} = v.{n}" for f, n in zip(columns, names)),
            arrays=", ".join(f"%s::{f.db_type(connection)}[]" for f in [opts.pk, *columns]))
        arrays = [[row[0] for row in rows]] + [
            [row[i + 1] if convert is None else convert(row[i + 1]) for row in rows]
            for i, convert in enumerate(converters)]
        _execute_arrays(sql, arrays)
        return len(rows)
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(opts.db_table), ", ".join(f"{quote(f.column)} = %s" for f in columns), quote(opts.pk.column))
    params = [[value if convert is None else convert(value) for convert, value in zip(converters, row[1:])] + [row[0]]
              for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(rows)


def insert_rows(model, fields, rows) -> int:
    """INSERT rows (tuples of `fields`, every column without a database default given) in one statement
    on PostgreSQL (SELECT from one unnested array per column) or one executemany on SQLite: for the tens
    of thousands of history rows of a sweep, where a model instance per row (bulk_create) cost more than
    the write. No signals, no returned ids. Returns the number of rows sent."""
    rows = list(rows)
    if not rows:
        return 0
    opts = model._meta
    columns = [opts.get_field(name) for name in fields]
    converters = [_converter(f) for f in columns]
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    values = [[row[i] if convert is None else convert(row[i]) for row in rows] for i, convert in enumerate(converters)]
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in columns)
        _execute_arrays(f"INSERT INTO {quote(opts.db_table)} ({names}) SELECT * FROM unnest({arrays})", values)
        return len(rows)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(opts.db_table)} ({names}) VALUES "
                           f"({', '.join(['%s'] * len(columns))})", list(zip(*values)))
    return len(rows)


class AnyOf(models.lookups.In):
    """`field__any_of=[keys]`: `field = ANY(%s)` with the keys as one array parameter on PostgreSQL, `IN
    (...)` elsewhere. With thousands of keys (a sweep's chunk) an `IN (%s, %s, …)` list cost more in
    Python than its reading in the database: psycopg's client-side binding splits and quotes a query text
    of thousands of placeholders (~9 ms each time for 2,000 keys)."""

    lookup_name = "any_of"

    def _plain_integers(self) -> bool:
        """Whether the keys are plain ints for an integer column (or a key to one), which need no preparing:
        a sweep's chunks of 2,000 ids were prepared twice each, key by key (~0.4 s of a 31,817-agreement
        sweep)."""
        field = getattr(self.lhs, "output_field", None)
        field = getattr(field, "target_field", None) if getattr(field, "is_relation", False) else field
        return (isinstance(field, models.IntegerField) and isinstance(self.rhs, (list, tuple))
                and all(type(v) is int for v in self.rhs))

    def get_prep_lookup(self):
        if self._plain_integers():
            return list(self.rhs)
        return super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [v for v in self.rhs if v is not None]
        if not values:
            return "FALSE", ()
        # one array of the column's type (the keys are prepared like any value of the field)
        prep = self.lhs.output_field
        array_type = prep.db_type(connection) if prep.get_internal_type() not in ("AutoField", "BigAutoField") \
            else prep.rel_db_type(connection)
        if not self._plain_integers():
            values = [prep.get_db_prep_value(v, connection, prepared=False) for v in values]
        return f"{lhs} = ANY(%s::{array_type}[])", (*lhs_params, values)


models.Field.register_lookup(AnyOf)
models.ForeignObject.register_lookup(AnyOf)  # related fields keep lookups of their own (agreement_id__any_of)
