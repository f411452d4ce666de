"""The open data's reads (reports.opendata): an index of the public agreements in the list's order, and when
each agreement was first made public (`Agreement.published_at`, filled here from the history as the feed read
it on each visit: the first historical row in which it was public, else its creation), with the feed's index
and a constraint that keeps it set."""
from importlib import import_module

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from ngoaivu.core.migration_ops import refresh_sqlite_statistics

# Adding a constraint (and removing it, going back) makes SQLite rebuild the table from what Django knows of it,
# which drops the indexes made on SQLite alone (core.migration_ops.sqlite_index): made again after it, by the
# migrations that made them (CREATE INDEX IF NOT EXISTS; nothing on PostgreSQL).
SQLITE_ONLY_INDEXES = [operation for name in ("0017_sqlite_idle_order_indexes", "0018_sqlite_country_idle_order_index")
                       for operation in import_module(f"ngoaivu.agreements.migrations.{name}").Migration.operations]


def make_sqlite_only_indexes(apps, schema_editor):
    for operation in SQLITE_ONLY_INDEXES:
        operation.code(apps, schema_editor)


def fill_published_at(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    History = apps.get_model("agreements", "HistoricalAgreement")
    first_public = (History.objects.filter(id=OuterRef("pk"), visibility="public")
                    .order_by("history_date").values("history_date")[:1])
    # updated_at is an auto_now field: update() leaves it, as the column it is.
    Agreement.objects.filter(visibility="public").update(published_at=Coalesce(Subquery(first_public), "created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0024_unreported_index'),
        ('core', '0013_background_jobs'),
    ]

    operations = [
        # Going back, run last: after the constraint's removal has rebuilt the table.
        migrations.RunPython(migrations.RunPython.noop, make_sqlite_only_indexes, elidable=False),
        migrations.AddIndex(
            model_name='agreement',
            index=models.Index(condition=models.Q(('visibility', 'public')), fields=['visibility', '-signed_on', '-id'], name='agreement_public_idx'),
        ),
        migrations.AddField(
            model_name='agreement',
            name='published_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='công khai lúc'),
        ),
        migrations.RunPython(fill_published_at, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name='agreement',
            index=models.Index(condition=models.Q(('visibility', 'public')), fields=['visibility', '-published_at', '-id'], name='agreement_published_idx'),
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('visibility', 'public'), _negated=True), ('published_at__isnull', False), _connector='OR'), name='agreement_public_has_published_at'),
        ),
        migrations.RunPython(make_sqlite_only_indexes, migrations.RunPython.noop, elidable=False),
        refresh_sqlite_statistics("agreements_agreement"),
    ]
