"""Opportunities are national listings: every signed-in user reads them. The poster's scope edits (the
embassy in Korea's `opp_kr`: the mission, and the centre for a record without a province); another
province expresses interest; the poster or the centre connects; the interested province, the poster or
the centre records the outcome. A province edits its own profile only."""
from tests.url_expectations import READ, Case, statuses

API_ANON = 401
PROVINCES = ("manager_a", "officer_a", "officer_b")  # a province expresses interest (not its own listing)
POSTERS = ("central", "manager_a", "officer_a", "officer_b", "mission_officer")
OPP = lambda w: {"pk": w.opp_kr.pk}  # noqa: E731
EXPRESSED = lambda w: {"pk": w.interest_b.pk}  # noqa: E731
CONNECTED = lambda w: {"pk": w.interest_a.pk}  # noqa: E731
PROFILE_A = lambda w: {"locality_pk": w.a.pk}  # noqa: E731
NEW_OPP = {"kind": "partner_seeks", "title": "Tỉnh Jeollanam-do tìm đối tác nông nghiệp", "country": "KR"}


def populate(world):
    from ngoaivu.partners import opportunities as ops
    opp = ops.post_opportunity(world.users["mission_officer"], title="Busan tìm đối tác du lịch biển", country="KR")
    world.records["opp_kr"] = opp
    world.records["interest_b"] = ops.express_interest(world.users["officer_b"], opp, "Đà Nẵng có cảng biển")
    interest_a = ops.express_interest(world.users["officer_a"], opp, "")
    world.records["interest_a"] = ops.connect_interest(world.users["mission_officer"], interest_a)
    # A's own listing and profile (the edit forms' round trips and concurrency: officer_a and manager_a edit).
    world.records["opp_a"] = ops.post_opportunity(world.users["officer_a"], kind="province_seeks",
                                                  title="Lạng Sơn tìm đối tác logistics", sought="Kho vận")
    world.records["profile_a"] = ops.save_profile(world.users["officer_a"], world.a, strengths="Cửa khẩu")


CASES = {
    "partners:opportunity_list": Case(statuses()),
    "partners:opportunity_create": Case(statuses(default=403, central=200, central_manager=200, manager_a=200,
                                                 officer_a=200, officer_b=200, mission_officer=200),
                                        writers=POSTERS, data=NEW_OPP),
    "partners:opportunity_export": Case(statuses(), writers=READ),
    "partners:opportunity_detail": Case(statuses(), kwargs=OPP, writers=READ),
    "partners:opportunity_edit": Case(statuses(default=403, central=200, central_manager=200, mission_officer=200),
                                      kwargs=OPP, writers=("central", "mission_officer"),
                                      data={**NEW_OPP, "status": "open"}),
    "partners:opportunity_interest": Case(statuses(default=405), kwargs=OPP,
                                          writers=("manager_a", "officer_a", "officer_b"), data={"note": "Quan tâm"}),
    "partners:interest_connect": Case(statuses(default=405), kwargs=EXPRESSED, writers=("central", "mission_officer")),
    "partners:interest_outcome": Case(statuses(default=403, central=200, central_manager=200, manager_a=200,
                                               officer_a=200, mission_officer=200), kwargs=CONNECTED,
                                      writers=("central", "manager_a", "officer_a", "mission_officer"),
                                      data=lambda w: {"agreement": w.agreement_a.pk}),
    "opportunity-list": Case(statuses(anonymous=API_ANON), writers=POSTERS, data=NEW_OPP),
    "opportunity-detail": Case(statuses(anonymous=API_ANON), kwargs=OPP, writers=("central", "mission_officer"),
                               data={**NEW_OPP, "status": "open"}),
    "opportunity-interest-list": Case(statuses(anonymous=API_ANON), writers=PROVINCES,
                                      data=lambda w: {"opportunity": w.opp_a.pk, "note": "Đà Nẵng quan tâm"}),
    "opportunity-interest-detail": Case(statuses(anonymous=API_ANON), kwargs=EXPRESSED),
    # Steps are POST only: DRF answers a GET with 405 before it looks the record up.
    "opportunity-interest-connect": Case(statuses(default=405, anonymous=API_ANON), kwargs=EXPRESSED,
                                         writers=("central", "mission_officer")),
    "opportunity-interest-outcome": Case(statuses(default=405, anonymous=API_ANON), kwargs=CONNECTED,
                                         writers=("central", "manager_a", "officer_a", "mission_officer"),
                                         data=lambda w: {"agreement": w.agreement_a.pk}),
    "partners:profile_list": Case(statuses()),
    "partners:profile_detail": Case(statuses(), kwargs=PROFILE_A, writers=READ),
    "partners:profile_edit": Case(statuses(default=403, manager_a=200, officer_a=200), kwargs=PROFILE_A,
                                  writers=("manager_a", "officer_a"), data={"strengths": "Cửa khẩu"}),
}
