"""Search keeps Korean, Chinese, Thai, Lao… letters now (they used to fold to nothing): recompute the
stored search text of partners, and their duplicate-spotting keys, which are folded the same way."""
from django.db import migrations


def refold(apps, schema_editor):
    from ngoaivu.core.text import refold
    from ngoaivu.partners.models import country_search_names, name_key
    Partner = apps.get_model("partners", "Partner")
    refold(Partner, lambda row: [row.name, row.name_vi, *country_search_names(row.country)])
    changed = []
    for row in Partner.objects.order_by("pk").iterator(chunk_size=500):
        keys = (name_key(row.name), name_key(row.name_vi))
        if keys != (row.name_key, row.name_vi_key):
            row.name_key, row.name_vi_key = keys
            changed.append(row)
    Partner.objects.bulk_update(changed, ["name_key", "name_vi_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
