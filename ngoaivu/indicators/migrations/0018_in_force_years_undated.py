from django.db import migrations

from ngoaivu.core.migration_ops import fill_kept


def fill(apps, schema_editor):
    """The agreements in force whose signing date is unknown now count from the year they were entered here:
    the kept rows are recomputed once."""
    from ngoaivu.indicators.in_force import rebuild
    rebuild(using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0017_definition_en'),
    ]

    operations = [
        fill_kept("indicators.InForceYear", fill),
    ]
