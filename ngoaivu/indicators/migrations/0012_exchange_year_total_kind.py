from django.db import migrations, models

from ngoaivu.core.migration_ops import fill_kept


def fill(apps, schema_editor):
    """Every row again from the registers, each with its kind (the rows before this migration told the
    conferences apart by a blank channel and country; on an upgrade from before 0011, 0011 skipped its fill
    for want of this column and the table is empty until here)."""
    from ngoaivu.indicators.exchange_totals import rebuild
    rebuild(using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0011_exchange_year_totals'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='exchangeyeartotal',
            name='one_exchange_year_total_per_key',
        ),
        migrations.AddField(
            model_name='exchangeyeartotal',
            name='kind',
            field=models.CharField(choices=[('delegation', 'Đoàn ra, đoàn vào'), ('conference', 'Hội nghị, hội thảo')],
                                   default='delegation', max_length=10, verbose_name='loại'),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name='exchangeyeartotal',
            constraint=models.UniqueConstraint(fields=('locality', 'year', 'kind', 'channel', 'country'),
                                               name='one_exchange_year_total_per_key'),
        ),
        fill_kept("indicators.ExchangeYearTotal", fill),
    ]
