from django.db import migrations, models

from ngoaivu.core.migration_ops import fill_kept


def fill(apps, schema_editor):
    """The delegations and conferences per province and year as the registers are (kept current from here on)."""
    from ngoaivu.indicators.exchange_totals import rebuild
    rebuild(using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ('exchanges', '0010_indexes_for_national_reads'),
        ('indicators', '0010_country_year_agreements'),
    ]

    operations = [
        migrations.CreateModel(
            name='ExchangeYearTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('locality', models.IntegerField(verbose_name='tỉnh, thành phố')),
                ('year', models.SmallIntegerField(verbose_name='năm')),
                ('channel', models.CharField(blank=True, max_length=8, verbose_name='kênh')),
                ('country', models.CharField(blank=True, max_length=2, verbose_name='quốc gia')),
                ('delegations_out', models.IntegerField(default=0, verbose_name='đoàn ra')),
                ('delegations_in', models.IntegerField(default=0, verbose_name='đoàn vào')),
                ('conferences', models.IntegerField(default=0, verbose_name='hội nghị, hội thảo')),
            ],
            options={
                'verbose_name': 'số đoàn và hội nghị theo năm',
                'verbose_name_plural': 'số đoàn và hội nghị theo năm',
                'indexes': [models.Index(fields=['year', 'country'], name='exchange_total_year_idx'),
                            models.Index(fields=['country', 'year'], name='exchange_total_country_idx')],
                'constraints': [models.UniqueConstraint(fields=('locality', 'year', 'channel', 'country'),
                                                        name='one_exchange_year_total_per_key')],
            },
        ),
        fill_kept("indicators.ExchangeYearTotal", fill),
    ]
