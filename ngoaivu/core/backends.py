"""The sign-in backend: Django's ModelBackend, whose per-request read of the signed-in user also brings
their memberships.

Every page needs the user and their scope (core.scoping.scope_of). Read apart, they were two statements
(the user, then the memberships) on every request, plus a third on the pages that list the memberships
(the home page, the profile). Here one statement reads the memberships joined to their user and to what
their labels show; a user without memberships (a superuser, a new account) costs the plain read of the
user instead. Nothing is kept between requests: each request reads both again, so a membership removed,
a role changed or an account deactivated takes effect on the next request in every worker.

The statement is written once per connection (per worker thread) from the models' fields (`_Read`), not compiled by the ORM on
every request: compiling a five-table select_related cost ~1 ms of every page, more than reading it.
"""
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router


class MembershipsBackend(ModelBackend):
    def get_user(self, user_id):
        from ngoaivu.core.models import User
        memberships = _read(user_id)
        if memberships:
            user = memberships[0].user
        else:
            user = User._default_manager.filter(pk=user_id).first()
            if user is None:
                return None
        user.loaded_memberships = memberships
        return user if self.user_can_authenticate(user) else None


# (attribute the object hangs from on its parent, model, alias, parent alias, foreign key column)
def _tables():
    from ngoaivu.core.models import Locality, Membership, Mission, Unit, User
    return [(None, Membership, "m", None, None),
            ("user", User, "u", "m", "user_id"),
            ("locality", Locality, "l", "m", "locality_id"),
            ("unit", Unit, "un", "m", "unit_id"),
            ("locality", Locality, "ul", "un", "locality_id"),
            ("mission", Mission, "mi", "m", "mission_id")]


class _Read:
    """The statement for one database connection and how to turn its rows into objects (the same
    converters the ORM applies to each column: dates on SQLite, the mission's country lists, ...)."""

    def __init__(self, connection):
        quote = connection.ops.quote_name
        self.parts, columns, joins = [], [], []
        for attr, model, alias, parent, fk in _tables():
            fields = model._meta.concrete_fields
            start = len(columns)
            converters = []  # (index, functions, column) for the columns that have any
            for i, field in enumerate(fields):
                col = field.get_col(alias)
                funcs = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                if funcs:
                    converters.append((i, funcs, col))
                columns.append(f"{quote(alias)}.{quote(field.column)}")
            self.parts.append((attr, model, alias, parent, start, [f.attname for f in fields],
                               fields.index(model._meta.pk), converters))
            if parent is None:
                joins.append(f"{quote(model._meta.db_table)} {quote(alias)}")
            else:
                kind = "INNER JOIN" if attr == "user" else "LEFT OUTER JOIN"
                joins.append(f"{kind} {quote(model._meta.db_table)} {quote(alias)} "
                             f"ON {quote(alias)}.{quote(model._meta.pk.column)} = {quote(parent)}.{quote(fk)}")
        self.sql = (f"SELECT {', '.join(columns)} FROM {' '.join(joins)} "
                    f"WHERE {quote('m')}.{quote('user_id')} = %s ORDER BY {quote('m')}.{quote('id')}")

    def objects(self, connection, row):
        """The membership of one row, with its user, locality, unit (and the unit's locality) and mission
        attached as select_related would; absent relations (NULL keys) are left unset, as there."""
        made = {}
        for attr, model, alias, parent, start, attnames, pk_index, converters in self.parts:
            values = list(row[start:start + len(attnames)])
            if values[pk_index] is None:  # no such related row
                continue
            for i, funcs, col in converters:
                for func in funcs:
                    values[i] = func(values[i], col, connection)
            obj = made[alias] = model.from_db(connection.alias, attnames, values)
            if parent is not None and parent in made:
                setattr(made[parent], attr, obj)
        return made["m"]


def _read(user_id):
    """The user's memberships (by pk) with their user and what their labels show, in one statement; all
    of them share one user object, as user.memberships would give."""
    from ngoaivu.core.models import Membership
    connection = connections[router.db_for_read(Membership)]
    # Kept on the connection itself: each thread has its own, and the converters are bound to its `ops`.
    read = getattr(connection, "_memberships_read", None)
    if read is None:
        read = connection._memberships_read = _Read(connection)
    with connection.cursor() as cursor:
        cursor.execute(read.sql, [user_id])
        rows = cursor.fetchall()
    memberships = [read.objects(connection, row) for row in rows]
    for membership in memberships[1:]:
        membership.user = memberships[0].user
    return memberships

