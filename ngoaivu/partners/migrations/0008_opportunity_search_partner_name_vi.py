"""An opportunity is found by its partner's Vietnamese name too, as the partner list finds the partner: recompute
the stored search text of opportunities (what `Opportunity.search_parts` reads, as it stands at this migration)."""
from django.db import migrations


def refold(apps, schema_editor):
    from ngoaivu.core.countries import country_name
    from ngoaivu.core.text import refold

    def parts(row):
        partner = row.partner
        return [row.title, row.sought, row.offered, row.contact, country_name(row.country) if row.country else "",
                partner.name if partner else "", partner.name_vi if partner else ""]

    refold(apps.get_model("partners", "Opportunity"), parts, prefetch=["partner"])


class Migration(migrations.Migration):
    dependencies = [("partners", "0007_partner_history_reason_whole")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
