from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "ngoaivu.coordination"
    label = "coordination"
    verbose_name = _("Trao đổi thông tin trung ương — địa phương")

    def ready(self):
        from ngoaivu.coordination.actions import sweep_step
        from ngoaivu.coordination.attention import attention
        from ngoaivu.coordination.demo import load_demo
        from ngoaivu.core.attention import register_attention
        from ngoaivu.core.registry import register_demo_loader, register_nav, register_sweep

        register_nav(_("Báo cáo"), "coordination:report_list", order=40)
        register_nav(_("Văn bản chỉ đạo"), "coordination:directive_list", order=39)
        register_nav(_("Ý kiến BNG"), "coordination:opinion_queue", order=41,
                     visible=lambda user: user.is_authenticated and user.scope.sees_all)
        register_sweep("coordination", sweep_step, order=40, label=_("Yêu cầu báo cáo định kỳ"))
        register_attention(attention, order=40)
        register_demo_loader(load_demo, order=80)
