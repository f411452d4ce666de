from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "ngoaivu.agreements"
    label = "agreements"
    verbose_name = _("Thỏa thuận quốc tế")

    def ready(self):
        from ngoaivu.agreements.demo import load_demo_agreements
        from ngoaivu.agreements.panels import deadlines_panel, sees_register
        from ngoaivu.core.registry import register_demo_loader, register_home_panel, register_nav

        register_nav(_("Thỏa thuận quốc tế"), "agreements:agreement_list", order=20)
        # loaded after the page: it reads the register's deadlines (issue 9)
        register_home_panel(deadlines_panel, order=20, lazy_name="agreements-deadlines", visible=sees_register)
        register_demo_loader(load_demo_agreements, order=20)
        from ngoaivu.agreements.sweep import sweep_step
        from ngoaivu.core.registry import register_sweep
        # First: health and the exchanges read the statuses this step moves.
        register_sweep("agreements", sweep_step, order=10, label=_("Tình trạng và hạn của thỏa thuận"))
        # The register list's total (core.scoping.ScopedQuerySet.visible_count) reads these kept counts.
        from ngoaivu.agreements import visible_counts
        from ngoaivu.core.summaries import register_summaries
        visible_counts.connect()
        register_summaries(visible_counts)
        from ngoaivu.agreements import exports
        from ngoaivu.core.jobs import register_export
        register_export("agreements.export_xlsx", _("Xuất sổ thỏa thuận (Excel)"), exports.visible_rows,
                        exports.write_xlsx, "agreements:agreement_list")
        register_export("agreements.export_csv", _("Xuất sổ thỏa thuận (CSV)"), exports.visible_rows, exports.write_csv,
                        "agreements:agreement_list")
        # The import pages register themselves with the background confirmation when their module is read.
        from ngoaivu.agreements import views_excel  # noqa: F401
