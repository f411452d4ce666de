"""Search keeps Korean, Chinese, Thai, Lao… letters now (they used to fold to nothing), and a province's
search text holds its former names: recompute the stored search text of localities and units."""
from django.db import migrations


def refold(apps, schema_editor):
    from ngoaivu.core.reference import locality_search_parts
    from ngoaivu.core.text import refold
    refold(apps.get_model("core", "Locality"), lambda row: locality_search_parts(row.name, row.short_name))
    refold(apps.get_model("core", "Unit"), lambda row: [row.name])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_unit_trigram_index")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
