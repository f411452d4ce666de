"""An agreement's search text puts what its published record does not show (the signers' names, where it was
inherited from, its partners' other names) after core.text.PRIVATE_MARK, so the open data's search can leave it
out in SQL: recompute every agreement's (Agreement.built_search_text as it stood at this migration)."""
from django.db import migrations


def refold(apps, schema_editor):
    from ngoaivu.core.text import refold
    from ngoaivu.partners.models import country_search_names

    def shown(row):
        parts = [row.reference, row.title, row.title_en, row.summary, row.signatory_name]
        parts += [row.form_other] if row.form == "other" else []
        for partner in row.partners.all():
            parts += [partner.name, partner.name_vi, *country_search_names(partner.country)]
        return parts

    def hidden(row):
        parts = [row.signer_vn, row.signer_foreign, row.inherited_from]
        parts += [] if row.form == "other" else [row.form_other]
        for partner in row.partners.all():
            parts += [alias.name for alias in partner.aliases.all()]
        return parts

    refold(apps.get_model("agreements", "Agreement"), shown, prefetch=["partners", "partners__aliases"],
           private_of=hidden)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0021_country_visible_counts"), ("partners", "0006_agreement_search_with_aliases")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]
