"""The conference list's search finds a conference by its partners' names, other names and countries
("han quoc" finds one with a Korean partner): recompute the stored search text of conferences with their
partners (what `Conference.search_parts` reads, as it stands at this migration)."""
from django.db import migrations


def refold(apps, schema_editor):
    from ngoaivu.core.text import refold
    from ngoaivu.partners.models import country_search_names

    def parts(row):
        parts = [row.title, row.venue, row.organiser_name, row.content]
        for partner in row.partners.all():
            parts += [partner.name, partner.name_vi, *(a.name for a in partner.aliases.all()),
                      *country_search_names(partner.country)]
        return parts

    refold(apps.get_model("exchanges", "Conference"), parts, prefetch=["partners__aliases"])


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0008_conference_partners")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
