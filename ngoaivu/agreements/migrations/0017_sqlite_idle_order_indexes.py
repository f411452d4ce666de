from django.db import migrations

from ngoaivu.core.migration_ops import sqlite_index

# A province's longest-idle agreements (implementation.queries.dormant_list: the home panel) are ordered by
# COALESCE(last_activity_on, signed_on, in_force_on) ASC NULLS FIRST. PostgreSQL reads a province's dormant rows
# and those dates from agreement_idle_local_idx's INCLUDE columns. SQLite's CREATE INDEX has no INCLUDE, so it
# visited every dormant row of the province (1,538 in Lạng Sơn at 50,000 agreements) and sorted them: 4.3 ms,
# fourteen times the 5,000-agreement figure. SQLite's ASC already puts NULLs first, so an index on the
# expression gives the order and the first rows are read from it (0.05 ms). SQLite only: PostgreSQL's ASC is
# NULLS LAST, and it has its own. (The same index for the whole country came later, 0018: SQLite first read the
# calendars' self-renewing agreements through it instead of agreement_expiry_idx, 5.7 → 78 ms.)
# tests/implementation/test_dormant_order.py fails if the plan sorts again (a rebuild of the table drops it).


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0016_visible_counts'),
    ]

    operations = [
        sqlite_index("agreement_idle_local_sqlite_idx", "agreements_agreement",
                     '("locality_id", "status", "health", COALESCE("last_activity_on", "signed_on", "in_force_on"), '
                     '"id")'),
    ]
