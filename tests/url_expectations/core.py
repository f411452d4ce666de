from tests.url_expectations import EVERYONE, READ, SIGNED_IN, Case, statuses

API_ANON = 401  # DRF answers 401 to anonymous requests (token auth sends WWW-Authenticate)
# Accounts are managed by managers only, within their scope: the centre's manager (every account) and the
# manager of A (A's); a centre officer is refused.
ACCOUNT_MANAGERS = ("manager_a", "central_manager")
MANAGERS_ONLY = dict(central=403, central_manager=200, officer_a=403, officer_b=403, unit_officer=403,
                     mission_officer=403, viewer=403, central_viewer=403)


def populate(world):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from ngoaivu.core.models import Job, User
    world.records["user_b"] = User.objects.get(username="officer_b")
    world.records["membership_b"] = world.records["user_b"].memberships.first()
    # A finished export of officer A's: theirs alone, whatever another persona's scope (core.jobs).
    job = Job(kind="agreements.export_csv", title="Xuất sổ thỏa thuận (CSV): 6.000 dòng", state="done", total=6000,
              requested_by=User.objects.get(username="officer_a"), requested_at=timezone.now(),
              finished_at=timezone.now(), params={"query": ""}, result_name="thoa-thuan.csv")
    job.result.save("thoa-thuan.csv", ContentFile("\ufeffMã hồ sơ\r\n".encode()), save=True)
    world.records["job_a"] = job


# Only the requester opens or downloads their job; anybody else is told it does not exist.
JOB_OWNER_ONLY = statuses(default=404, officer_a=200)


CASES = {
    "home": Case(statuses(), writers=READ),
    # A home panel loaded after the page (issue 9); tests/core/test_lazy_panels.py checks each panel's content.
    "core:home_panel": Case(statuses(), kwargs={"name": "implementation"}, writers=READ),
    "healthz": Case(statuses(anonymous=200), writers=READ),
    "login": Case(statuses(default=302, anonymous=200), writers=EVERYONE),
    "logout": Case(statuses(default=405, anonymous=405), writers=EVERYONE),
    "set_language": Case(statuses(default=302, anonymous=302), method="post", query="", writers=EVERYONE),
    # A stored file through the scoped view: A's agreement document (tests/core/test_files.py walks them all).
    "core:file_download": Case(statuses(officer_b=404), kwargs=lambda w: {
        "model": "agreements.document", "field": "file", "pk": w.document_a.pk}, writers=READ),
    "core:job_list": Case(statuses(), writers=READ),
    "core:job_detail": Case(JOB_OWNER_ONLY, kwargs=lambda w: {"pk": w.job_a.pk}, writers=READ),
    "core:job_download": Case(JOB_OWNER_ONLY, kwargs=lambda w: {"pk": w.job_a.pk}, writers=READ),
    "core:locality_list": Case(statuses(), writers=READ),
    "core:locality_detail": Case(statuses(), kwargs=lambda w: {"pk": w.a.pk}, writers=READ),
    "core:locality_set_agency": Case(statuses(default=405), kwargs=lambda w: {"pk": w.a.pk},
                                     writers=("manager_a", "central_manager"), data=lambda w: {"unit": w.unit_a.pk}),
    "core:user_list": Case(statuses(**MANAGERS_ONLY), writers=READ),
    "core:user_create": Case(statuses(**MANAGERS_ONLY), writers=ACCOUNT_MANAGERS),
    # manager of A may not open an account of province B: 404, like any record outside the scope
    # (officer_b's own account: redirected to their profile page)
    "core:user_detail": Case(statuses(**{**MANAGERS_ONLY, "manager_a": 404, "officer_b": 302}),
                             kwargs=lambda w: {"pk": w.user_b.pk}, writers=("central_manager",),
                             post=dict(manager_a=404, officer_b=302)),
    "core:membership_role": Case(statuses(default=405), kwargs=lambda w: {"pk": w.membership_b.pk},
                                 writers=("central_manager",), post=dict(manager_a=404)),
    "core:user_password": Case(statuses(default=405), kwargs=lambda w: {"pk": w.user_b.pk},
                               writers=("central_manager",), post=dict(manager_a=404)),
    "core:profile": Case(statuses(), writers=SIGNED_IN),
    "core:password_change": Case(statuses(), writers=SIGNED_IN),
    "core:password_change_done": Case(statuses()),
    "api-root": Case(statuses(anonymous=API_ANON)),
    "api-token": Case(statuses(default=405, anonymous=405), writers=EVERYONE),
    "api-countries": Case(statuses(anonymous=API_ANON)),
    "locality-list": Case(statuses(anonymous=API_ANON)),
    "locality-detail": Case(statuses(anonymous=API_ANON), kwargs=lambda w: {"pk": w.a.pk}),
    "unit-list": Case(statuses(anonymous=API_ANON)),
    "unit-detail": Case(statuses(anonymous=API_ANON), kwargs=lambda w: {"pk": w.unit_a.pk}),
    "sector-list": Case(statuses(anonymous=API_ANON)),
    "sector-detail": Case(statuses(anonymous=API_ANON), kwargs=lambda w: {"pk": __import__(
        "ngoaivu.core.models", fromlist=["Sector"]).Sector.objects.first().pk}),
    # The schema and its docs are public: other government systems read them before they have a token.
    "schema": Case(statuses(anonymous=200)),
    "api-docs": Case(statuses(anonymous=200)),
}
