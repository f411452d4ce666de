from django.db import migrations

from ngoaivu.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    # Separate from 0002: PostgreSQL refuses CREATE INDEX in a transaction with pending FK checks.
    dependencies = [("core", "0002_reference_data")]

    operations = [trigram_index("core_unit")]
