"""Statements built once per process and run again with new values (issue 9).

Django builds and compiles a queryset's SQL on every run: for a statement of many columns that costs more
than the database's work (a record's history, ~60 columns: 2 ms of a 4 ms panel at national scale; a
record page's main statement, with its joins, flags and the reader's scope: 4 ms to build and 4 to compile,
for half a millisecond of the database's). A statement whose shape never changes — only its values do — is
built here once, from a queryset made with marker values, and each later run sends the same text with the
real values in the markers' places, then converts the rows as Django would (dates on SQLite, decimals,
JSON): as plain rows (`rows`) or as the model instances the queryset gives, with what it selects through
its relations and its annotations (`instances`).

Only for statements whose text does not depend on the values: a filter on equality or a comparison of an integer,
date or date-and-time column (keys, versions, a window's days, a day's midnight), or on equality of a text column (a
country's code; a pattern made from the text, as a search's LIKE, is refused; a case-insensitive equality is a LIKE
on SQLite, refused, and an UPPER() on PostgreSQL, kept), not an `__in` of a list whose length varies, not a value
Django writes into the text (LIMIT and OFFSET are; pass them when building), not a lookup that reads the value
itself (django-countries' `icontains` looks up the countries' names). A condition the markers make one nothing can
meet or leave out of the text — a marker compared by = or <= (or >= and >) with a small integer column such as a
year is outside its range, and Django writes "nothing" (or leaves the comparison out, and the marker, not found,
refuses the statement); a lookup that reads the value finds nothing for a marker — says nothing of the real values:
on its first run a key's text is built with the real values too, and where it is empty with the markers or differs
from theirs, the key's statement is built by the ORM on every run (no saving, as without this module), never kept as
"no rows". A reader with no scope, whose statement is empty whatever the values, goes that way too. Compare a small
integer column by a range (`year__range`), which Django never leaves out. `build` must use each value as it is
given, never one worked out from it (a day before it): only the markers themselves are replaced, so pass a derived
value as a value of its own. Everything else the text holds — the reader's scope above all — must be in the key: a
key is one text. A marker the statement does not carry is refused, rather than run with a value left out; one it
carries in several places (a record's key repeated in the scope's subqueries) takes the value in each. The text is
kept per database alias, so SQLite and PostgreSQL never share one."""
import copy
import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import ModelIterable, NamedValuesListIterable, ValuesListIterable

# Marker values: integers no record's key or version takes, days no record has (in the first year of the
# era), each found among the compiled parameters. Inside a 32-bit integer's range: Django leaves out a
# comparison with a value outside the column's range (`history_id >= -7919000001` on PostgreSQL's integer
# column was dropped from the text, as always true).
_MARKER_BASE = -2_100_000_000
_FIRST_DAY = datetime.date(1, 1, 1)
# A day in: a time zone west of UTC must not take it before the first year.
_FIRST_MOMENT = datetime.datetime(1, 1, 2, tzinfo=datetime.timezone.utc)
_TEXT_MARK = "\x1d"  # the group separator: a text marker is "Mk_" and its number between two of them


def _markers(values, shift=0) -> list:
    """A marker for each value, of its type: an integer, a day, an aware moment or a text (`shift`: another
    set, for the check)."""
    markers = []
    for i, value in enumerate(values):
        if isinstance(value, datetime.datetime):
            if value.utcoffset() is None:  # a naive moment means nothing to a time-zone-aware database
                raise TypeError("statements: a moment must be aware of its time zone")
            markers.append(_FIRST_MOMENT + datetime.timedelta(days=shift + i))
        elif isinstance(value, datetime.date):
            markers.append(_FIRST_DAY + datetime.timedelta(days=shift + i))
        elif isinstance(value, int) and not isinstance(value, bool):
            markers.append(_MARKER_BASE - shift - i)
        elif isinstance(value, str):
            # Text no record holds (control characters), found only where Django sends the value as it is:
            # one it makes a pattern of (its "_" escaped for a LIKE) or changes the case of is not found, and
            # the statement is refused.
            markers.append(f"{_TEXT_MARK}Mk_{shift + i}{_TEXT_MARK}")
        else:
            raise TypeError(f"statements: a value must be an integer, a date, a moment or a text, "
                            f"not {type(value).__name__}")
    return markers


def _adapt(value, connection):
    """A value as Django sends it among a statement's parameters (a day or a moment is text on SQLite, a
    moment in UTC there)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return connection.ops.adapt_datefield_value(value) if isinstance(value, datetime.date) else value


class _Compiled:
    def __init__(self, queryset, markers):
        self.queryset = queryset
        self.compiler = compiler = queryset.query.get_compiler(queryset.db)
        try:
            self.sql, params = compiler.as_sql()
        except EmptyResultSet:  # a condition nothing can meet: not kept (_kept runs it by the ORM instead)
            self.sql, params = None, ()
        # Where each value goes: the markers' positions among the statement's parameters.
        self.slots = []
        for marker in markers:
            marker = _adapt(marker, compiler.connection)
            # Of the marker's type (on PostgreSQL an integer column's value may come as psycopg's Int8, an int).
            places = [i for i, p in enumerate(params) if isinstance(p, type(marker)) and p == marker]
            if self.sql is not None and not places:
                raise ValueError(f"statement marker {marker} not found in {self.sql}")
            self.slots.append(places)
        self.params = list(params)
        # {column: (converters, expression)}: pure functions, given the connection they run on.
        self.converters = list(compiler.get_converters([s[0] for s in compiler.select[:compiler.col_count]])
                               .items())

    def _params(self, values, connection):
        if len(values) != len(self.slots):  # a key that does not hold a list's length: refused, never run short
            raise ValueError(f"statements: {len(values)} values for {len(self.slots)} markers in {self.sql}")
        params = list(self.params)
        for places, value in zip(self.slots, values):
            value = _adapt(value, connection)
            for place in places:
                params[place] = value
        return params

    def rows(self, alias, values) -> list[tuple]:
        connection = connections[alias]  # this thread's, not the one that compiled the statement
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self._params(values, connection))
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

    def instances(self, alias, values) -> list:
        """The queryset's model instances, made by Django's own iterable from a copy of the compiler that
        compiled it: its columns, related models and annotations are where it put them, and its `as_sql`
        answers the kept text with this run's values."""
        _refuse_prefetch(self.queryset)
        compiler = copy.copy(self.compiler)
        compiler.connection = connection = connections[alias]  # this thread's
        sql, params = self.sql, self._params(values, connection)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        query = copy.copy(self.queryset.query)  # shallow: nothing below changes it
        query.get_compiler = lambda *args, **kwargs: compiler
        return list(ModelIterable(type(self.queryset)(model=self.queryset.model, query=query, using=alias)))


class _Direct:
    """A statement whose text the markers do not give: built by the ORM with the caller's own `build` and
    values on every run, as without this module (see `_kept`)."""

    def __init__(self, build):
        self.build = build

    def rows(self, alias, values) -> list[tuple]:
        queryset = self.build(*values).using(alias)
        if queryset._iterable_class not in (ValuesListIterable, NamedValuesListIterable):
            raise ValueError("statements.rows: the rows of a values_list queryset (not flat)")  # tuples, as kept
        return list(queryset)

    def instances(self, alias, values) -> list:
        queryset = self.build(*values).using(alias)
        _refuse_prefetch(queryset)
        return list(queryset)


def _refuse_prefetch(queryset):
    if queryset._prefetch_related_lookups:
        raise ValueError("statements.instances: read related rows after the instances, not in the kept queryset")


_compiled: dict = {}
# Bounded: a key that holds a reader's scope has one entry per page and scope seen; the least recently used is
# dropped when full (a dict keeps the order entries were put in: a hit puts its entry back at the end). An entry
# (the queryset and its compiler) is ~90 KiB for the agreement page: 256 of them stay under 25 MB of a worker's
# 200 (issue 9's memory target).
MAX_KEPT = 256


# In place of a statement in `_compiled`: a key whose text the markers do not give, run by the ORM (_Direct).
_BY_THE_ORM = object()


def _text(queryset):
    """The queryset's SQL text; None for a condition nothing can meet."""
    try:
        return queryset.query.get_compiler(queryset.db).as_sql()[0]
    except EmptyResultSet:
        return None


def _kept(key, build, values, using) -> "_Compiled | _Direct":
    compiled = _compiled.pop((key, using), None)
    if compiled is None:
        if len(_compiled) >= MAX_KEPT:
            try:
                del _compiled[next(iter(_compiled))]
            except (KeyError, RuntimeError, StopIteration):  # another thread's change meanwhile: nothing lost
                pass
        markers, others = _markers(values), _markers(values, shift=1000)
        compiled = _Compiled(build(*markers).using(using), markers)
        # The text the first run's values give must be the markers' (the module's docstring: a condition the
        # markers make empty or leave out says nothing of real values). Built once more, at the first run only.
        # Not compared when a value repeats: Django writes an IN list's values once each (a page's keys padded
        # with the first, core.rows.of_page_keys), where the markers, all different, fill every place.
        actual = _text(build(*values).using(using))
        differs = actual is not None and actual != compiled.sql and len(set(values)) == len(values)
        if compiled.sql is None or differs:
            compiled = _BY_THE_ORM
        elif actual is None:  # these values meet nothing (a key beyond its column's range): this run only
            return _Direct(build)
        else:
            _check(compiled, _Compiled(build(*others).using(using), others))
    _compiled[(key, using)] = compiled
    # The caller's own `build` (its closure is this request's), never the one of the run that found the key.
    return _Direct(build) if compiled is _BY_THE_ORM else compiled


def _check(compiled, again):
    """The statement built a second time with other markers must differ in the markers' places only: a value
    `build` worked out from a marker (a day before it), or one Django wrote otherwise (a day compared with a
    moment), would stay the first marker's and give wrong rows in silence. Refused instead."""
    places = {place for places in compiled.slots for place in places}
    if (compiled.sql != again.sql or compiled.slots != again.slots
            or any((a != b) != (i in places) for i, (a, b) in enumerate(zip(compiled.params, again.params)))):
        raise ValueError(f"statements: the values do not all go where their markers went in {compiled.sql}")


def rows(key, build, *values, using="default") -> list[tuple]:
    """The rows (tuples) of the values_list queryset `build(*markers)` returns, run with `values` in the
    markers' places. `key` names the statement's shape (the same key must always build the same text);
    the first run of a key on a database builds it."""
    return _kept(key, build, values, using).rows(using, values)


def instances(key, build, *values, using="default") -> list:
    """The model instances of the queryset `build(*markers)` returns (its select_related, annotations and
    deferred columns as Django gives them), run with `values` in the markers' places; as `rows`. Not its
    prefetch_related, refused: a kept queryset's lookups would be shared by every run. The related rows are
    read after, each by a kept statement of its own (core.generic.kept_related)."""
    return _kept(key, build, values, using).instances(using, values)


def counted(expression=None, condition=None):
    """COUNT(expression) (the primary key by default), of the rows meeting `condition` (a Q) if given, as a
    plain function for a values_list: as an aggregate there, Django groups by every column it selects."""
    from django.db.models import Case, F, Func, IntegerField, When
    expression = F("pk") if expression is None else expression
    if condition is not None:
        expression = Case(When(condition, then=expression))
    return Func(expression, function="COUNT", output_field=IntegerField())


def count(key, build, *values, using="default") -> int:
    """How many rows the queryset `build(*markers)` returns, counted by the database with `values` in the
    markers' places (as `rows`; the key is its own, apart from `rows` of the same key); 0 for a queryset of
    nothing (`.none()`, never sent). Not for a distinct, sliced or combined queryset, refused: COUNT(pk) of
    its rows would not be their number."""
    def counting(*markers):
        queryset = build(*markers)
        query = queryset.query
        if query.distinct or query.is_sliced or query.combinator:
            raise ValueError("statements.count: not for a distinct, sliced or combined queryset")
        return queryset.order_by().values_list(counted())
    found = rows(("count", key), counting, *values, using=using)
    return found[0][0] if found else 0
