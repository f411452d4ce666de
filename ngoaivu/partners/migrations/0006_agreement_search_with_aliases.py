"""The agreement register's search finds an agreement by its partners' other names ("quang tay", "广西"
find an agreement with Guangxi): recompute the stored search text of agreements with their partners'
aliases (what `Agreement.search_parts` reads, as it stands at this migration)."""
from django.db import migrations


def refold(apps, schema_editor):
    from ngoaivu.core.text import refold
    from ngoaivu.partners.models import country_search_names

    def parts(row):
        parts = [row.reference, row.title, row.title_en, row.summary, row.signatory_name, row.form_other,
                 row.signer_vn, row.signer_foreign, row.inherited_from]
        for partner in row.partners.all():
            parts += [partner.name, partner.name_vi, *(a.name for a in partner.aliases.all()),
                      *country_search_names(partner.country)]
        return parts

    refold(apps.get_model("agreements", "Agreement"), parts, prefetch=["partners__aliases"])


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_opportunities"), ("agreements", "0009_historical_records_and_step_overrides")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
