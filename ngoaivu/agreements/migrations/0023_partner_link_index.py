"""An index on the agreements' partners by partner then agreement: a mission's country arm reads the
agreements of its countries' partners (core.scoping), which PostgreSQL read by hashing the whole link table
(50,000 rows, ~5 ms at national scale) when the partner's own index would have meant a visit to the table per
link; with both columns in the index it is one index-only lookup per partner (Hungary's 27: 0.15 ms). The
table is Django's own for the many-to-many (no model to declare it on); `IF NOT EXISTS` on both databases."""
from django.db import migrations

INDEX = "agreement_partner_link_idx"


class Migration(migrations.Migration):

    dependencies = [
        ("agreements", "0022_private_search_text"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {INDEX} ON agreements_agreement_partners (partner_id, agreement_id)",
                          f"DROP INDEX IF EXISTS {INDEX}"),
    ]
