from django.db import migrations

from ngoaivu.core.migration_ops import sqlite_index

# The country's longest-idle agreements (implementation.queries.dormant_list: the centre's home panel, the
# national page) in the order of 0017's index, for the whole country: SQLite read every dormant agreement
# (18,000 at 50,000 agreements) from agreement_idle_idx and sorted them, 2.1 ms and ten times the VM instructions
# at 5,000 (bench/scaling). Left out of 0017 because SQLite then read the calendars' self-renewing agreements
# through it (5.7 → 78 ms): their filter wrote auto_renew as a bare column, which agreement_expiry_idx could
# not match; it is now `auto_renew IN (true)` (agreements.deadlines), and tests/implementation/
# test_dormant_order.py checks both plans. SQLite only, as 0017 (PostgreSQL has agreement_idle_order_idx, 0013).


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0017_sqlite_idle_order_indexes'),
    ]

    operations = [
        sqlite_index("agreement_idle_order_sqlite_idx", "agreements_agreement",
                     '("status", "health", COALESCE("last_activity_on", "signed_on", "in_force_on"), "id")'),
    ]
