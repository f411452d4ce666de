from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_overdue(apps, schema_editor):
    """The agreement row now carries the overdue-commitment count the sweep keeps in Tracking."""
    Agreement = apps.get_model("agreements", "Agreement")
    Tracking = apps.get_model("implementation", "Tracking")
    figure = Tracking.objects.filter(agreement_id=OuterRef("pk")).values("overdue_commitments")[:1]
    Agreement.objects.filter(pk__in=Tracking.objects.filter(overdue_commitments__gt=0).values("agreement_id")).update(
        overdue_commitments=Subquery(figure))


class Migration(migrations.Migration):
    dependencies = [("implementation", "0002_trigram_indexes"), ("agreements", "0002_agreement_overdue_commitments")]

    operations = [migrations.RunPython(copy_overdue, migrations.RunPython.noop)]
