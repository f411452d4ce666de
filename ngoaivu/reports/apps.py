from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "ngoaivu.reports"
    label = "reports"
    verbose_name = _("Văn bản, báo cáo và dữ liệu mở")

    def ready(self):
        from ngoaivu.core.attention import register_attention
        from ngoaivu.core.registry import register_demo_loader, register_job, register_nav, register_sweep
        from ngoaivu.reports.actions import GENERATE_JOB, generate_job
        from ngoaivu.reports.attention import attention
        from ngoaivu.reports.demo import load_demo
        from ngoaivu.reports.sweep import STEP, sweep_step

        register_nav(_("Văn bản"), "reports:index", order=60)
        # Last: the PDFs of whatever the other steps changed; a request asks for it with request_step.
        register_sweep(STEP, sweep_step, order=95, label=_("Chuyển văn bản sang PDF"))
        # After every register's demo (the documents' tables read them) and the indicators' figures.
        register_demo_loader(load_demo, order=95)
        register_job(GENERATE_JOB, generate_job)
        # After the deadlines of the registers: nothing here is overdue.
        register_attention(attention, order=90)

        from django.db.models.signals import post_save, pre_save

        from ngoaivu.agreements.models import Agreement
        from ngoaivu.exchanges.models import Delegation
        from ngoaivu.reports.actions import drafts_follow_subject, subject_moving
        for model in (Agreement, Delegation):
            pre_save.connect(subject_moving, sender=model, dispatch_uid=f"reports.subject_moving.{model.__name__}")
            post_save.connect(drafts_follow_subject, sender=model,
                              dispatch_uid=f"reports.drafts_follow.{model.__name__}")
