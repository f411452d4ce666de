"""Search keeps Korean, Chinese, Thai, Lao… letters now (they used to fold to nothing): recompute the
stored search text of delegations and conferences (their `search_parts` as they stood at this migration)."""
from django.db import migrations


def refold(apps, schema_editor):
    from ngoaivu.core.countries import country_name
    from ngoaivu.core.text import fold, refold

    def partner_label(partner):
        if partner.name_vi and fold(partner.name_vi) != fold(partner.name):
            return f"{partner.name_vi} ({partner.name})"
        return partner.name

    def delegation_parts(row):
        stops = list(row.stops.all())
        return [row.title, row.head_name, row.head_title, row.purpose, *[country_name(s.country) for s in stops],
                *[s.city for s in stops], *[partner_label(p) for p in row.partners.all()],
                *[m.full_name for m in row.members.all()]]

    refold(apps.get_model("exchanges", "Delegation"), delegation_parts, prefetch=["stops", "partners", "members"])
    refold(apps.get_model("exchanges", "Conference"),
           lambda row: [row.title, row.venue, row.organiser_name, row.content])


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0002_trigram_indexes"), ("partners", "0002_refold_search_text")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
