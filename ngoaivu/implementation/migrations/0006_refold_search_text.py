"""Search keeps Korean, Chinese, Thai, Lao… letters now (they used to fold to nothing): recompute the
stored search text of commitments and activities."""
from django.db import migrations


def refold(apps, schema_editor):
    from ngoaivu.core.text import refold
    refold(apps.get_model("implementation", "Commitment"), lambda row: [row.description])
    refold(apps.get_model("implementation", "Activity"), lambda row: [row.title, row.description, row.participants])


class Migration(migrations.Migration):
    dependencies = [("implementation", "0005_commitment_open_due_index")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
