"""A figure's and a target's history rows stop keeping the time of each save (`updated_at`): the row's own
history_date is that time, and the history shows what the user changed (as coordination 0011).

Reversible: going back, the column is made again and filled with each row's history_date."""

from django.db import migrations, models

HISTORICAL = ("historicalobservation", "historicaltarget")


def refill(apps, schema_editor):
    for name in HISTORICAL:
        model = apps.get_model("indicators", name)
        model.objects.update(updated_at=models.F("history_date"))


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0019_country_years_undated'),
    ]

    operations = [
        *(migrations.AlterField(model_name=name, name='updated_at',
                                field=models.DateTimeField(blank=True, editable=False, null=True,
                                                           verbose_name='cập nhật lúc'))
          for name in HISTORICAL),
        migrations.RunPython(migrations.RunPython.noop, refill, elidable=True),
        *(migrations.RemoveField(model_name=name, name='updated_at') for name in HISTORICAL),
    ]
