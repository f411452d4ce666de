from django.db import migrations

from ngoaivu.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    """Folded-text search of activities and commitments stays fast at national scale (PostgreSQL only)."""

    dependencies = [("implementation", "0001_initial")]

    operations = [
        trigram_index("implementation_activity"),
        trigram_index("implementation_commitment"),
    ]
