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
    import datetime

    from ngoaivu.partners import actions, alerts, merging
    world.records["partner_a"] = actions.create_partner(world.users["officer_a"], name="Incheon Metropolitan City",
                                                        name_vi="Thành phố Incheon", country="KR")
    # A warning by the embassy in Korea on the partner of A's draft (agreements.populate): A has ties, B not.
    world.records["warning_kr"] = alerts.issue_warning(
        world.users["mission_officer"], world.partner_kr, category="dispute", severity="high",
        summary="Tranh chấp hợp đồng với nhà đầu tư", source="Báo Korea Herald", source_date=datetime.date(2026, 1, 5))
    # Two entries of one Korean province by two provinces (duplicate candidates), and a merge to undo.
    world.records["dup_a"] = actions.create_partner(world.users["officer_a"], name="Gyeongsangbuk-do", country="KR")
    world.records["dup_b"] = actions.create_partner(world.users["officer_b"], name="Gyeongsangbuk Province",
                                                    country="KR")
    jeju = actions.create_partner(world.users["central"], name="Jeju Special Self-Governing Province", country="KR")
    jeju_dup = actions.create_partner(world.users["officer_b"], name="Jeju-do", country="KR")
    world.records["merge"] = merging.merge_partners(world.users["central"], jeju, jeju_dup)


PARTNER_A = lambda w: {"pk": w.partner_a.pk}  # noqa: E731
WARNING = lambda w: {"pk": w.warning_kr.pk}  # noqa: E731
MERGE = lambda w: {"pk": w.merge.pk}  # noqa: E731
# Missions and the centre warn (the mission lifts its own); only the centre merges.
WARNERS = ("central", "mission_officer")
CENTRE = ("central",)
NEW_WARNING = {"category": "environment", "severity": "medium", "summary": "Rủi ro ô nhiễm", "source": "Báo chí",
               "source_date": "05/01/2026"}
NEW_PARTNER = {"name": "Jeollanam-do", "kind": "local_gov", "country": "KR"}

CASES = {
    "partners:partner_list": Case(statuses()),
    "partners:partner_create": Case(statuses(**NOT_EDITORS), writers=ADDERS, data=NEW_PARTNER),
    "partners:partner_detail": Case(statuses(), kwargs=PARTNER_A, writers=READ),
    "partners:partner_edit": Case(statuses(default=403, central=200, manager_a=200, officer_a=200), kwargs=PARTNER_A,
                                  writers=CHANGERS, data={"name": "Incheon", "kind": "local_gov", "country": "JP"}),
    "partners:partner_export": Case(statuses(), writers=READ),
    "partners:partner_suggest": Case(statuses(default=302), query="?q=inc"),  # htmx only; a plain GET redirects
    "partners:warning_create": Case(statuses(default=403, central=200, mission_officer=200), kwargs=PARTNER_A,
                                    writers=WARNERS, data=NEW_WARNING),
    "partners:warning_detail": Case(statuses(), kwargs=WARNING, writers=READ),
    "partners:warning_acknowledge": Case(statuses(default=405), kwargs=WARNING, writers=("manager_a", "officer_a")),
    "partners:warning_lift": Case(statuses(default=403, central=200, mission_officer=200), kwargs=WARNING,
                                  writers=WARNERS, data={"reason": "Tranh chấp đã được giải quyết"}),
    "partners:duplicate_list": Case(statuses(default=403, central=200), writers=READ),
    "partners:partner_merge": Case(statuses(default=403, central=200), writers=CENTRE,
                                   data=lambda w: {"survivor": w.dup_a.pk, "duplicate": w.dup_b.pk}),
    "partners:merge_detail": Case(statuses(default=403, central=200), kwargs=MERGE, writers=READ),
    "partners:merge_undo": Case(statuses(default=405), kwargs=MERGE, writers=CENTRE),
    "partner-warning-list": Case(statuses(anonymous=API_ANON)),
    "partner-warning-detail": Case(statuses(anonymous=API_ANON), kwargs=WARNING),
    "partner-list": Case(statuses(anonymous=API_ANON), writers=ADDERS, data=NEW_PARTNER),
    "partner-detail": Case(statuses(anonymous=API_ANON), kwargs=PARTNER_A, writers=CHANGERS,
                           data={"country": "JP", "notes": "Đổi sang Nhật Bản"}),
}
