from django.db import migrations

from ngoaivu.core.migration_ops import fill_kept


def fill(apps, schema_editor):
    """The agreements in force whose signing date is unknown now count in force for their partners' countries
    from the year they were entered here: the kept rows are recomputed once."""
    from ngoaivu.indicators.country_totals import rebuild
    rebuild(using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0018_in_force_years_undated'),
    ]

    operations = [
        fill_kept("indicators.CountryYearTotal", fill),
    ]
