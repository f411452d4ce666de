"""An index on the activities' day and agreement, for the activities of a period by partner country
(indicators.partner_countries): without it a period's activities are a scan of the whole table, as the
implementation app's indexes lead with the agreement or the province. Created here, by the reader that
needs it, so the implementation app's model and migrations stay as they are (its model does not declare
it; `IF NOT EXISTS` on both databases)."""
from django.db import migrations

INDEX = "indicators_activity_day_agreement"


class Migration(migrations.Migration):

    dependencies = [
        ("implementation", "0010_merge_summaries_reviews"),
        ("indicators", "0003_year_totals"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {INDEX} ON implementation_activity (occurred_on, agreement_id)",
                          f"DROP INDEX IF EXISTS {INDEX}"),
    ]
