from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImplementationConfig(AppConfig):
    name = "ngoaivu.implementation"
    label = "implementation"
    verbose_name = _("Triển khai thỏa thuận")

    def ready(self):
        from ngoaivu.core.registry import register_demo_loader, register_home_panel, register_nav
        from ngoaivu.implementation import views
        from ngoaivu.implementation.demo import load_demo

        register_nav(_("Triển khai"), "implementation:agreement_list", order=30)
        register_nav(_("Toàn quốc"), "implementation:national", order=35, visible=views.sees_national)
        register_nav(_("Việc cần làm"), "implementation:notifications", order=38)
        # loaded after the page: its lists read the register (issue 9)
        from ngoaivu.agreements.panels import sees_register
        register_home_panel(views.home_panel, order=20, lazy_name="implementation", visible=sees_register)
        from ngoaivu.core.attention import register_attention
        from ngoaivu.implementation.queries import attention
        register_attention(attention, order=20)
        register_demo_loader(load_demo, order=70)
        from ngoaivu.core.registry import register_sweep
        from ngoaivu.implementation.sweep import STEP, sweep_step
        # After the register's step: health follows whether an agreement is (still) in force.
        register_sweep(STEP, sweep_step, order=30, label=_("Tình hình triển khai"))
        from ngoaivu.implementation import summaries
        summaries.connect()
        from ngoaivu.implementation import record_counts
        record_counts.connect()  # before activities_follow_agreement (record_counts' docstring)
        from ngoaivu.implementation import unit_counts
        unit_counts.connect()
        from django.db.models.signals import post_save, pre_save
        from ngoaivu.agreements.models import Agreement
        from ngoaivu.implementation.actions import activities_follow_agreement, agreement_moving
        pre_save.connect(agreement_moving, sender=Agreement, dispatch_uid="implementation.agreement_moving")
        post_save.connect(activities_follow_agreement, sender=Agreement, dispatch_uid="implementation.activities_follow")
        from ngoaivu.agreements.actions import status_changed
        from ngoaivu.implementation.actions import health_follows_status
        status_changed.connect(health_follows_status, sender=Agreement, dispatch_uid="implementation.health_follows")
        from ngoaivu.agreements.actions import facts_changed
        from ngoaivu.implementation.actions import health_follows_facts
        facts_changed.connect(health_follows_facts, sender=Agreement, dispatch_uid="implementation.health_facts")
        from ngoaivu.core.summaries import register_summaries
        register_summaries(summaries)
        register_summaries(record_counts)
        register_summaries(unit_counts)
