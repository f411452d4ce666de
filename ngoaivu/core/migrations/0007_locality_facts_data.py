from django.db import migrations


def load(apps, schema_editor):
    """Record the dated facts (Resolution 202/2025's 6 cities and 28 provinces, Huế's renaming under
    Resolution 175/2024, each former province's successor) and correct the 3 rows the package marked as
    cities (Quảng Ninh, Bắc Ninh, Đồng Nai) with their units' names."""
    from ngoaivu.core.reference import load_locality_facts
    load_locality_facts(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_locality_facts")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
