"""The partner directory is shared: everyone signed in reads it; province officers, missions and the
central officers add to it. A partner is changed by the centre, or by the province that added it while no
other province's record uses it (`partner_a`: added by officer_a, used by nobody else)."""
from tests.url_expectations import READ, Case, statuses

API_ANON = 401
NOT_EDITORS = dict(central_viewer=403, unit_officer=403, viewer=403)
ADDERS = ("central", "manager_a", "officer_a", "officer_b", "mission_officer")
# Everyone else is refused, officer_b and the mission included: they would re-scope A's records.
CHANGERS = ("central", "manager_a", "officer_a")


def populate(world):
    from ngoaivu.partners import actions
    world.records["partner_a"] = actions.create_partner(world.users["officer_a"], name="Incheon Metropolitan City",
                                                        name_vi="Thành phố Incheon", country="KR")


PARTNER_A = lambda w: {"pk": w.partner_a.pk}  # noqa: E731
NEW_PARTNER = {"name": "Jeollanam-do", "kind": "local_gov", "country": "KR"}

CASES = {
    "partners:partner_list": Case(statuses()),
    "partners:partner_create": Case(statuses(**NOT_EDITORS), writers=ADDERS, data=NEW_PARTNER),
    "partners:partner_detail": Case(statuses(), kwargs=PARTNER_A, writers=READ),
    "partners:partner_edit": Case(statuses(default=403, central=200, manager_a=200, officer_a=200), kwargs=PARTNER_A,
                                  writers=CHANGERS, data={"name": "Incheon", "kind": "local_gov", "country": "JP"}),
    "partner-list": Case(statuses(anonymous=API_ANON), writers=ADDERS, data=NEW_PARTNER),
    "partner-detail": Case(statuses(anonymous=API_ANON), kwargs=PARTNER_A, writers=CHANGERS,
                           data={"country": "JP", "notes": "Đổi sang Nhật Bản"}),
}
