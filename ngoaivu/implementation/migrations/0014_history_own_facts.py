"""The health rules' history rows stop keeping the time of each save (`updated_at`): the row's own
history_date is that time, and the history shows which rule changed (as coordination 0011).

Reversible: going back, the column is made again and filled with each row's history_date."""

from django.db import migrations, models


def refill(apps, schema_editor):
    model = apps.get_model("implementation", "historicalhealthsettings")
    model.objects.update(updated_at=models.F("history_date"))


class Migration(migrations.Migration):

    dependencies = [
        ('implementation', '0013_commitment_history_reason_whole'),
    ]

    operations = [
        migrations.AlterField(model_name='historicalhealthsettings', name='updated_at',
                              field=models.DateTimeField(blank=True, editable=False, null=True,
                                                         verbose_name='cập nhật lúc')),
        migrations.RunPython(migrations.RunPython.noop, refill, elidable=True),
        migrations.RemoveField(model_name='historicalhealthsettings', name='updated_at'),
    ]
