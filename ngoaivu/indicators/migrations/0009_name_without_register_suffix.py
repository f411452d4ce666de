"""The catalogue named "agreements_signed" "… (từ sổ theo dõi)" while the pages add "(từ sổ theo dõi)" after
every computed indicator, so the label said it twice. The stored name loses the suffix when it is still the
catalogue's (a name the centre changed is left alone), with a history row so that the edit form's version
token and "who changed what" see the change."""
from django.db import migrations
from django.utils import timezone

OLD = ("Số thỏa thuận quốc tế được ký (từ sổ theo dõi)", "International agreements signed (register)")
NEW = ("Số thỏa thuận quốc tế được ký", "International agreements signed")


def rename(apps, schema_editor, old=OLD, new=NEW):
    Indicator = apps.get_model("indicators", "Indicator")
    History = apps.get_model("indicators", "HistoricalIndicator")
    names = [f.attname for f in Indicator._meta.concrete_fields]
    for indicator in Indicator.objects.filter(code="agreements_signed"):
        changed = False
        if indicator.name == old[0]:
            indicator.name, changed = new[0], True
        if indicator.name_en == old[1]:
            indicator.name_en, changed = new[1], True
        if changed:
            indicator.save(update_fields=["name", "name_en"])
            History.objects.create(**{n: getattr(indicator, n) for n in names}, history_date=timezone.now(),
                                   history_type="~", history_change_reason="Bỏ “(từ sổ theo dõi)” lặp lại trong tên")


def restore(apps, schema_editor):
    rename(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):

    dependencies = [("indicators", "0008_in_force_years")]

    operations = [migrations.RunPython(rename, restore)]
