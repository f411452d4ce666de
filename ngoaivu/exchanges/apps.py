from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "ngoaivu.exchanges"
    label = "exchanges"
    verbose_name = _("Đoàn ra, đoàn vào, hội nghị quốc tế")

    def ready(self):
        from ngoaivu.core.registry import register_demo_loader, register_home_panel, register_nav
        from ngoaivu.exchanges.demo import load_demo
        from ngoaivu.exchanges.views.figures import home_panel, sees_figures

        register_nav(_("Đoàn ra, đoàn vào"), "exchanges:delegation_list", order=30)
        register_nav(_("Hội nghị quốc tế"), "exchanges:conference_list", order=32)
        register_nav(_("Lịch"), "exchanges:calendar", order=34)
        # loaded after the page: it counts the year's delegations and conferences (issue 9)
        register_home_panel(home_panel, order=30, lazy_name="exchanges", visible=sees_figures)
        register_demo_loader(load_demo, order=40)
        # The calendar's secret address ends with the password it was made under (core.actions).
        from ngoaivu.core.registry import register_credential_revoker
        from ngoaivu.exchanges.actions import revoke_feed_tokens
        register_credential_revoker(revoke_feed_tokens)
        from ngoaivu.core.registry import register_sweep
        from ngoaivu.exchanges.sweep import sweep_step
        register_sweep("exchanges", sweep_step, order=20, label=_("Trạng thái đoàn, hội nghị"))
        from ngoaivu.core.attention import register_attention
        from ngoaivu.exchanges.agenda import attention
        register_attention(attention, order=40)
        # `ngoaivu summaries --check/--rebuild`: a delegation's status "reported" against its report row.
        from ngoaivu.core.summaries import register_summaries
        from ngoaivu.exchanges import list_counts, report_status
        register_summaries(report_status)
        # The lists' unfiltered totals: delegations and conferences counted per province.
        list_counts.connect()
        register_summaries(list_counts)
        # The home panels' figures of the year, per province.
        from ngoaivu.exchanges import year_figures
        year_figures.connect()
        register_summaries(year_figures)
        from ngoaivu.core.jobs import register_export
        from ngoaivu.exchanges import exports
        register_export("exchanges.delegations_xlsx", _("Xuất danh sách đoàn ra, đoàn vào (Excel)"),
                        exports.visible_delegations, exports.delegations_xlsx, "exchanges:delegation_list")
        register_export("exchanges.conferences_xlsx", _("Xuất danh sách hội nghị, hội thảo (Excel)"),
                        exports.visible_conferences, exports.conferences_xlsx, "exchanges:conference_list")
        # The import page registers itself with the background confirmation when its module is read.
        from ngoaivu.exchanges.views import imports  # noqa: F401
