from django.db import migrations, models

from ngoaivu.core.migration_ops import fill_kept


def fill(apps, schema_editor):
    """The agreements' counts per province, partner country and signing year as the registers are (kept
    current from here on)."""
    from ngoaivu.indicators.country_totals import rebuild
    rebuild(using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0009_name_without_register_suffix'),
    ]

    operations = [
        migrations.AddField(
            model_name='countryyeartotal',
            name='signed',
            field=models.IntegerField(default=0, verbose_name='thỏa thuận ký'),
        ),
        migrations.AddField(
            model_name='countryyeartotal',
            name='in_force',
            field=models.IntegerField(default=0, verbose_name='thỏa thuận đang có hiệu lực'),
        ),
        fill_kept("indicators.CountryYearTotal", fill),
    ]
