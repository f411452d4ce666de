from django.db import migrations

from ngoaivu.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    # Own migration: PostgreSQL refuses CREATE INDEX in a transaction with pending FK checks.
    dependencies = [("exchanges", "0001_initial")]

    operations = [trigram_index("exchanges_delegation"), trigram_index("exchanges_conference")]
