from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CoreConfig(AppConfig):
    name = "ngoaivu.core"
    label = "core"
    verbose_name = _("Nền tảng")

    def ready(self):
        from ngoaivu.core.registry import register_nav
        from ngoaivu.core.views import can_manage_users

        register_nav(_("Trang chủ"), "home", order=0)
        # The list of them ("Provinces and cities"), not one province as a field names it ("Province").
        register_nav(pgettext_lazy("list of provinces", "Tỉnh, thành phố"), "core:locality_list", order=80)
        register_nav(_("Tài khoản"), "core:user_list", order=90, visible=can_manage_users)
        from ngoaivu.core.housekeeping import clear_expired_sessions, clear_stale_imports, clear_unreferenced_files
        from ngoaivu.core.registry import register_sweep
        from ngoaivu.core import jobs
        # The jobs no `ngoaivu worker` took (an installation that runs none), and the old jobs' files.
        register_sweep("jobs", jobs.sweep_step, order=89, label=_("Việc chạy nền"))
        from ngoaivu.core import import_views
        from ngoaivu.core.registry import register_job
        register_job(import_views.CHECK_JOB, import_views.check_job)
        register_job(import_views.CONFIRM_JOB, import_views.confirm_job)
        register_sweep("sessions", clear_expired_sessions, order=90, label=_("Phiên đăng nhập hết hạn"))
        register_sweep("import_previews", clear_stale_imports, order=91, label=_("Bản xem trước nhập tệp bỏ dở"))
        register_sweep("files", clear_unreferenced_files, order=92, label=_("Tệp không hồ sơ nào giữ"))
        # Last: after every step that writes what the summaries count.
        from ngoaivu.core import summaries
        register_sweep("summaries", summaries.sweep_step, order=99, daily=True,
                       label=_("Đối chiếu số liệu tổng hợp với sổ đăng ký"))
        from ngoaivu.core import sweep
        from ngoaivu.core.attention import register_attention
        register_attention(sweep.attention, order=1)  # first: every other section may be stale without it
        from ngoaivu.core import display
        display.install()  # every model is loaded by now
        from ngoaivu.core.bulk import AnyOf
        assert AnyOf.lookup_name == "any_of"  # registered on import (field__any_of=[keys], used by the sweep)
