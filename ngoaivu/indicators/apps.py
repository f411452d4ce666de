from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "ngoaivu.indicators"
    label = "indicators"
    verbose_name = _("Chỉ số, mục tiêu")

    def ready(self):
        from ngoaivu.core.registry import register_demo_loader, register_nav
        from ngoaivu.indicators.demo import load_demo

        register_nav(_("Chỉ số"), "indicators:national", order=80)
        # After the registers' demo data (their counts feed the computed indicators).
        register_demo_loader(load_demo, order=90)

        # The yearly totals the computed indicators read: kept by the registers' ORM writes (signals) and
        # by their bulk writes (the summaries hook they already call).
        from ngoaivu.core.summaries import register_summaries
        from ngoaivu.indicators import country_totals, exchange_totals, in_force, totals
        totals.connect()
        register_summaries(totals)
        country_totals.connect()
        register_summaries(country_totals)
        in_force.connect()
        register_summaries(in_force)
        exchange_totals.connect()
        register_summaries(exchange_totals)

        # Entered figures collected through structured report returns (coordination's three hooks).
        from ngoaivu.coordination import hooks as returns_hooks
        from ngoaivu.indicators import returns
        returns_hooks.register_return_fields(returns.offered_fields)
        returns_hooks.register_value_check(returns.value_error)
        returns_hooks.register_return_accepted(returns.accepted)
