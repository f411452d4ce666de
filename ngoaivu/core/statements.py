"""Statements built once per process and run again with new values (issue 9).

Django builds and compiles a queryset's SQL on every run: for a statement of many columns that costs more
than the database's work (a record's history, ~60 columns: 2 ms of a 4 ms panel at national scale). A
statement whose shape never changes — only its values do — is built here once, from a queryset made with
marker values, and each later run sends the same text with the real values in the markers' places, then
converts the rows as Django would (dates on SQLite, decimals, JSON).

Only for statements whose text does not depend on the values: a filter on equality or a comparison of an
integer column (keys, versions), not an `__in` of a list whose length varies, not a value Django writes into
the text (LIMIT and OFFSET are; pass them when building). A marker the text does not carry exactly once is
refused, rather than run with a value left out. The text is kept per database alias, so SQLite and PostgreSQL
never share one."""
import itertools

from django.db import connections

# Marker values: integers no record's key or version takes, each found once among the compiled parameters.
# Inside a 32-bit integer's range: Django leaves out a comparison with a value outside the column's range
# (`history_id >= -7919000001` on PostgreSQL's integer column was dropped from the text, as always true).
_MARKER_BASE = -2_100_000_000


class _Compiled:
    def __init__(self, queryset, markers):
        compiler = queryset.query.get_compiler(queryset.db)
        self.sql, params = compiler.as_sql()
        # Where each value goes: the markers' positions among the statement's parameters.
        self.slots = []
        for marker in markers:
            places = [i for i, p in enumerate(params) if p == marker]
            if len(places) != 1:
                raise ValueError(f"statement marker {marker} found {len(places)} times in {self.sql}")
            self.slots.append(places[0])
        self.params = list(params)
        # {column: (converters, expression)}: pure functions, given the connection they run on.
        self.converters = list(compiler.get_converters([s[0] for s in compiler.select[:compiler.col_count]])
                               .items())

    def rows(self, alias, values) -> list[tuple]:
        params = list(self.params)
        for slot, value in zip(self.slots, values):
            params[slot] = value
        connection = connections[alias]  # this thread's, not the one that compiled the statement
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if not self.converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for position, (functions, expression) in self.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            converted.append(tuple(row))
        return converted


_compiled: dict = {}


def rows(key, build, *values, using="default") -> list[tuple]:
    """The rows (tuples) of the values_list queryset `build(*markers)` returns, run with `values` in the
    markers' places. `key` names the statement's shape (the same key must always build the same text);
    the first run of a key on a database builds it."""
    compiled = _compiled.get((key, using))
    if compiled is None:
        markers = list(itertools.islice(itertools.count(_MARKER_BASE, -1), len(values)))
        compiled = _compiled[(key, using)] = _Compiled(build(*markers).using(using), markers)
    return compiled.rows(using, values)
