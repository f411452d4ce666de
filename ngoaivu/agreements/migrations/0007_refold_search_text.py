"""Search keeps Korean, Chinese, Thai, Lao… letters now (they used to fold to nothing): recompute the
stored search text of agreements (what `Agreement.search_parts` reads, as it stood at this migration)."""
from django.db import migrations


def refold(apps, schema_editor):
    from ngoaivu.core.text import refold
    from ngoaivu.partners.models import country_search_names

    def parts(row):
        parts = [row.reference, row.title, row.title_en, row.summary, row.signatory_name, row.form_other,
                 row.signer_vn, row.signer_foreign, row.inherited_from]
        for partner in row.partners.all():
            parts += [partner.name, partner.name_vi, *country_search_names(partner.country)]
        return parts

    refold(apps.get_model("agreements", "Agreement"), parts, prefetch=["partners"])


class Migration(migrations.Migration):
    dependencies = [("agreements", "0006_agreement_shared_index"), ("partners", "0002_refold_search_text")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
