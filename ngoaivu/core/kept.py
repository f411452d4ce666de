"""What every kept summary table shares: rows of whole numbers under a key, kept equal to their
recomputation from the registers by adding signed differences in the transaction of each change (an upsert
`x = x + excluded.x`, so that concurrent writes to one row queue on it instead of overwriting each other),
recomputed for a few provinces after a bulk write, compared with and rebuilt from the registers by
`ngoaivu summaries --check/--rebuild`.

A keeper declares its table (`KeptTable`: name, key columns, figure columns, how its rows are recomputed)
and keeps what is its own: how a record's share of the rows is read, and which changes move it. A share is
{key: figures}: a tuple of numbers, or a number where the table has one figure column.
"""
from django.db import connection, connections, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

CHUNK = 500  # ids per statement: under the databases' limits of parameters


def year_of(column: str, conn) -> str:
    """SQL for the year of a date column (a %-escaped strftime: the statements take parameters)."""
    return (f"CAST(EXTRACT(YEAR FROM {column}) AS integer)" if conn.vendor == "postgresql"
            else f"CAST(strftime('%%Y', {column}) AS integer)")


def in_list(column: str, ids) -> tuple[str, list]:
    """`column IN (%s, …)` and its parameters, the ids sorted (none: a list that matches no row)."""
    ids = sorted(ids) or [-1]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", ids


def and_in(column: str, ids) -> tuple[str, list]:
    """` AND column IN (%s, …)` and its parameters, to follow a condition."""
    where, params = in_list(column, ids)
    return f" AND {where}", params


def localities_where(column: str, locality_ids) -> tuple[str, list]:
    """`AND (column IN (…) OR column IS NULL)` and its parameters: the records of these provinces (None or 0:
    the centre's own, whose column is NULL); `locality_ids` None: every record (no condition)."""
    if locality_ids is None:
        return "", []
    ids = {int(i or 0) for i in locality_ids}
    real = sorted(i for i in ids if i)
    parts = [in_list(column, real)[0]] if real else []
    if 0 in ids:
        parts.append(f"{column} IS NULL")
    return f"AND ({' OR '.join(parts) or '1 = 0'})", real


def _combined(signed_shares) -> dict:
    total = {}
    for sign, share in signed_shares:
        for key, values in share.items():
            if isinstance(values, tuple):
                have = total.get(key, (0,) * len(values))
                total[key] = tuple(a + sign * v for a, v in zip(have, values))
            else:
                total[key] = total.get(key, 0) + sign * values
    return total


def plus(*shares) -> dict:
    """The sum of shares, key by key."""
    return _combined((1, share) for share in shares)


def difference(before: dict, after: dict) -> dict:
    """after − before, key by key; the keys whose figures do not move are left out."""
    return {key: values for key, values in _combined(((-1, before), (1, after))).items()
            if (any(values) if isinstance(values, tuple) else values)}


class KeptTable:
    """A kept table: `key` columns (the first one scopes `stored` and `refresh`: the province, or the
    agreement) and `fields`, the figures; `recompute(scope_ids=None, using=None)` gives {key: figures} from
    the registers. `array_types` (one SQL type a column): on PostgreSQL, every row in one statement from
    an array per column (executemany costs a round trip per row). `scoped_by`: the key columns that scope
    instead, a row being of the provinces given if any of them is (a record's province and its agreement's:
    `recompute(ids)` must then give the rows of the records either names)."""

    def __init__(self, table: str, key: tuple, fields: tuple, recompute, array_types: tuple = (), scoped_by=None):
        self.table, self.key, self.fields, self.recompute = table, tuple(key), tuple(fields), recompute
        self.scoped_by = tuple(scoped_by or self.key[:1])
        self.zero = 0 if len(self.fields) == 1 else (0,) * len(self.fields)
        columns = ", ".join(self.key + self.fields)
        conflict = f"ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {{sets}}"
        marks = ", ".join(["%s"] * (len(self.key) + len(self.fields)))
        self._values_sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) {conflict}"
        self._arrays_sql = (f"INSERT INTO {table} ({columns}) SELECT * FROM unnest("
                            f"{', '.join(f'%s::{t}[]' for t in array_types)}) {conflict}") if array_types else ""
        self._add = ", ".join(f"{f} = {table}.{f} + excluded.{f}" for f in self.fields)
        self._set = ", ".join(f"{f} = excluded.{f}" for f in self.fields)

    def rows(self, share, nonzero=False) -> list[tuple]:
        """(*key, *figures) sorted by key: two transactions writing shared rows lock them in one order."""
        rows = (((*key, values) if len(self.fields) == 1 else (*key, *values)) for key, values in share.items())
        return sorted(row for row in rows if not nonzero or any(row[len(self.key):]))

    def write(self, rows, *, add=True, using=None) -> None:
        """Insert rows (*key, *figures); on an existing key add the figures to it (`add`) or set them."""
        if not rows:
            return
        sets = self._add if add else self._set
        conn = connections[using or "default"]
        with conn.cursor() as cursor:
            if self._arrays_sql and conn.vendor == "postgresql":
                cursor.execute(self._arrays_sql.format(sets=sets), [list(column) for column in zip(*rows)])
            else:
                cursor.executemany(self._values_sql.format(sets=sets), rows)

    def add(self, deltas: dict) -> int:
        """Add the differences {key: figures} in the current transaction. Returns the rows written."""
        rows = self.rows(deltas, nonzero=True)
        if rows:
            with transaction.atomic():
                self.write(rows)
        return len(rows)

    def stored(self, scope_ids=None) -> dict:
        """The rows as {key: figures} like `recompute` (rows at zero left out), of these provinces (None or
        0: the centre) or agreements; None: every row."""
        sql, params = f"SELECT {', '.join(self.key + self.fields)} FROM {self.table}", []
        if scope_ids is not None:
            where, params = self._scoped({int(i or 0) for i in scope_ids})
            sql += f" WHERE {where}"
        n = len(self.key)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {tuple(row[:n]): int(row[n]) if len(self.fields) == 1 else tuple(int(v) for v in row[n:])
                    for row in cursor.fetchall() if any(row[n:])}

    def refresh(self, scope_ids) -> None:
        """Recompute the rows of these provinces (None or 0: the centre) or agreements after a bulk write the
        signals did not see. Their rows are locked first, so that a concurrent `add` lands after this."""
        ids = sorted({int(i or 0) for i in scope_ids})
        if not ids:
            return
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start:start + CHUNK]
                where, params = self._scoped(chunk)
                cursor.execute(f"SELECT id FROM {self.table} WHERE {where} ORDER BY id{lock}", params)
                fresh = self.recompute(chunk)
                cursor.execute(f"DELETE FROM {self.table} WHERE {where}", params)
                self.write(self.rows(fresh), add=False)

    def scopes_of(self, rows) -> set[int]:
        """The provinces (0: the centre) or agreements whose `refresh` recomputes these rows (*key, …), as
        `differences` gives them."""
        columns = [self.key.index(column) for column in self.scoped_by]
        return {int(row[i] or 0) for row in rows for i in columns}

    def _scoped(self, ids) -> tuple[str, list]:
        """The condition (and its parameters) of the rows of these provinces (or agreements)."""
        parts = [in_list(column, ids) for column in self.scoped_by]
        return (f"({' OR '.join(where for where, _params in parts)})",
                [p for _where, params in parts for p in params])

    def rebuild(self, using=None, fresh=None) -> int:
        """Every row recomputed from the registers (`fresh`: already recomputed, by a migration's historical
        models). Returns the number of rows."""
        with transaction.atomic(using=using), connections[using or "default"].cursor() as cursor:
            if fresh is None:
                fresh = self.recompute(using=using)
            cursor.execute(f"DELETE FROM {self.table}")
            self.write(self.rows(fresh), add=False, using=using)
        return len(fresh)

    def differences(self, scope_ids=None) -> list[tuple]:
        """[(*key, stored figures, recomputed figures)] wherever the two disagree."""
        have, want, zero = self.stored(scope_ids), self.recompute(scope_ids), self.zero
        return [(*key, have.get(key, zero), want.get(key, zero))
                for key in sorted(set(have) | set(want)) if have.get(key, zero) != want.get(key, zero)]


def follow(model, share, add, uid: str, fields=None, deletes=True) -> None:
    """Keep a table current through `model`'s ORM writes: `share(pk)` is the record's share as the database
    holds it, read before and after a save, and before a delete (while what cascades is still there);
    `add(deltas)` adds the difference. `uid` names the receivers (and the instance's attribute). `fields`
    (names of the model's fields the share depends on): a save with update_fields naming none of them moves
    nothing and reads nothing. deletes=False: saves only (a share of records that, deleted with `model`'s
    record by cascade, subtract themselves)."""
    was = f"_kept_{uid.replace('.', '_')}"
    fields = None if fields is None else {name for field in fields for name in (field, f"{field}_id")}

    def skipped(raw, update_fields):
        return raw or (fields is not None and update_fields is not None and not fields & set(update_fields))

    def before_save(sender, instance, raw=False, update_fields=None, **kwargs):
        setattr(instance, was, {} if skipped(raw, update_fields) or instance.pk is None else share(instance.pk))

    def saved(sender, instance, raw=False, update_fields=None, **kwargs):
        if not skipped(raw, update_fields):
            add(difference(getattr(instance, was, {}), share(instance.pk)))

    def before_delete(sender, instance, **kwargs):
        setattr(instance, was, share(instance.pk))

    def deleted(sender, instance, **kwargs):
        add(difference(getattr(instance, was, {}), {}))

    receivers = [(pre_save, before_save, "pre_save"), (post_save, saved, "saved")]
    if deletes:
        receivers += [(pre_delete, before_delete, "pre_delete"), (post_delete, deleted, "deleted")]
    for signal, receiver, name in receivers:
        signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid + name)


def records_before_of(shares: dict, add):
    """A keeper's `records_before(model, ids)` (core.summaries.records_written) for the models of `shares`,
    {model label: share(ids)}: the share of these records read before a write that sends no signal, the
    returned callable adds the difference after it; None for a model not counted."""
    def records_before(model, ids):
        share = shares.get(model._meta.label)
        if share is None:
            return None
        before = share(ids)
        return lambda: add(difference(before, share(ids)))
    return records_before


def moved_by_no_register_write(_changes) -> None:
    """`refresh_summaries` and `apply_changes` of a keeper counting records the register's bulk writes
    (agreements, partners) and the agreements' sweep never move: delegations, conferences, the commitments'
    host bodies. Their own signal-less writes go through `records_before`."""


def over_tables(*tables):
    """`refresh_summaries`, `rebuild` and `differences` of a keeper whose rows are these tables' (one per
    province, one per partner country): each does it for every table, in order."""
    def refresh_summaries(locality_ids) -> None:
        for table in tables:
            table.refresh(locality_ids)

    def rebuild(using=None) -> int:
        return sum(table.rebuild(using=using) for table in tables)

    def differences(scope_ids=None) -> list[tuple]:
        return [difference for table in tables for difference in table.differences(scope_ids)]

    return refresh_summaries, rebuild, differences


def moved_by_no_status_change(_changes) -> None:
    """`apply_changes` of a keeper whose keys hold no agreement's status, health or overdue commitments: the
    sweep's changes move none of its rows."""
