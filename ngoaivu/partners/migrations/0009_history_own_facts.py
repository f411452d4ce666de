"""The province profile's history rows stop keeping the time of each save (`updated_at`): the row's own
history_date is that time (as implementation 0014 and coordination 0011).

Reversible: going back, the column is made again and filled with each row's history_date."""

from django.db import migrations, models


def refill(apps, schema_editor):
    model = apps.get_model("partners", "historicalprovinceprofile")
    model.objects.update(updated_at=models.F("history_date"))


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0008_opportunity_search_partner_name_vi'),
    ]

    operations = [
        migrations.AlterField(model_name='historicalprovinceprofile', name='updated_at',
                              field=models.DateTimeField(blank=True, editable=False, null=True,
                                                         verbose_name='cập nhật lúc')),
        migrations.RunPython(migrations.RunPython.noop, refill, elidable=True),
        migrations.RemoveField(model_name='historicalprovinceprofile', name='updated_at'),
    ]
