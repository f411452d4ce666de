"""A first history row for every indicator the catalogue migration (0002) loaded without one: the edit
form's version token and the conflict message ("who changed what") diff a change against the row before
it, and a record with no history row has no "before"."""
from django.db import migrations
from django.utils import timezone


def baseline(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    History = apps.get_model("indicators", "HistoricalIndicator")
    have = set(History.objects.values_list("id", flat=True))
    now = timezone.now()
    names = [f.attname for f in Indicator._meta.concrete_fields]
    History.objects.bulk_create([
        History(**{n: getattr(indicator, n) for n in names}, history_date=now, history_type="+",
                history_change_reason="Danh mục ban đầu")
        for indicator in Indicator.objects.exclude(pk__in=have)])


class Migration(migrations.Migration):

    dependencies = [("indicators", "0004_activity_day_index")]

    operations = [migrations.RunPython(baseline, migrations.RunPython.noop)]
