"""The session engine: Django's database sessions (same table, same cookie, same encoding), whose read
of a request's session is a statement written once per process instead of an ORM query compiled on every
request (a third of a millisecond of every page on SQLite, more on PostgreSQL). Nothing of the session is
kept between requests: each request reads its row again, so a session ended elsewhere (sign-out, password
change, expiry) ends here at once."""
from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

_SQL: dict[str, str] = {}


class SessionStore(db.SessionStore):
    def load(self):
        """The session's data, or {} (and no session key, as Django's) when it is missing or expired."""
        connection = connections[router.db_for_read(self.model, instance=None)]
        sql = _SQL.get(connection.alias)
        if sql is None:
            quote, table = connection.ops.quote_name, self.model._meta.db_table
            sql = _SQL[connection.alias] = (
                f"SELECT {quote('session_data')} FROM {quote(table)} "
                f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
