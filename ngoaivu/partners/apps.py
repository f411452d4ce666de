from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "ngoaivu.partners"
    label = "partners"
    verbose_name = _("Đối tác nước ngoài")

    def ready(self):
        from ngoaivu.core.registry import register_nav

        register_nav(_("Đối tác"), "partners:partner_list", order=40)
        register_nav(_("Cơ hội hợp tác"), "partners:opportunity_list", order=42)

        from ngoaivu.core.attention import register_attention
        from ngoaivu.partners.alerts import attention
        register_attention(attention, order=15)
        from ngoaivu.partners.opportunities import attention as opportunity_attention
        register_attention(opportunity_attention, order=16)

        from ngoaivu.core.registry import register_demo_loader
        from ngoaivu.partners.demo import load_demo_partners
        register_demo_loader(load_demo_partners, order=80)
        from ngoaivu.partners.demo_opportunities import load_demo_opportunities
        register_demo_loader(load_demo_opportunities, order=81)

        # Missions abroad: their own page for their officers, the list for the centre.
        from ngoaivu.core.registry import register_home_panel
        from ngoaivu.partners import views_missions
        register_nav(_("Cơ quan đại diện"), "partners:mission_home", order=45,
                     visible=lambda user: views_missions.is_mission_user(user) or views_missions.is_centre_user(user))
        # loaded after the page like every panel that reads records (issue 9); only a mission's officers get one
        register_home_panel(views_missions.home_panel, order=5, lazy_name="missions",
                            visible=lambda request: views_missions.is_mission_user(request.user))
