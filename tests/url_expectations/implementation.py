"""Implementation tracking: records of province A (partner in Korea, so the Korean mission sees them)
and of province B; another province's record answers 404."""
import datetime

from django.core.files.base import ContentFile

from tests.url_expectations import Case, statuses

NOT_B = dict(officer_b=404)
RECORD_A = dict(central=403, central_viewer=403, officer_b=404, mission_officer=403, viewer=403)  # + unit officer
MANAGE_A = dict(RECORD_A, unit_officer=403)
CENTRE_ONLY = dict(manager_a=403, officer_a=403, officer_b=403, unit_officer=403, mission_officer=403, viewer=403)


def populate(world):
    from ngoaivu.implementation import actions
    from ngoaivu.implementation.models import Activity, Commitment, Evidence, Fulfilment, Plan, PlannedActivity
    from tests.implementation.factories import agreement

    for key, locality, country in (("a", world.a, "KR"), ("b", world.b, "JP")):
        ag = agreement(locality, title=f"Bản ghi nhớ {key}", country=country, signed_months_ago=14)
        commitment = Commitment.objects.create(agreement=ag, description=f"Cam kết {key}",
                                               responsible_unit=world.unit_a if key == "a" else None,
                                               due_on=datetime.date(2025, 12, 31))
        activity = Activity.objects.create(agreement=ag, locality=locality, kind="meeting", title=f"Hội đàm {key}",
                                           occurred_on=datetime.date(2025, 1, 10),
                                           responsible_unit=world.unit_a if key == "a" else None)
        evidence = Evidence(activity=activity, size=3)
        evidence.file.save("bien-ban.txt", ContentFile(b"abc"), save=True)
        fulfilment = Fulfilment(commitment=commitment, fulfilled_on=datetime.date(2025, 6, 1))
        fulfilment.evidence.save("ket-qua.txt", ContentFile(b"ok"), save=True)
        plan = Plan.objects.get(agreement=ag, year=2026)
        item = PlannedActivity.objects.create(plan=plan, title="Đón đoàn")
        world.records.update({f"impl_agreement_{key}": ag, f"commitment_{key}": commitment,
                              f"activity_{key}": activity, f"evidence_{key}": evidence,
                              f"fulfilment_{key}": fulfilment, f"plan_{key}": plan, f"planned_{key}": item})
    actions.sweep()


def ag(w):
    return {"pk": w.impl_agreement_a.pk}


API_ANON = 401


def api(**overrides):
    return statuses(anonymous=API_ANON, **overrides)


CASES = {
    "commitment-list": Case(api()),
    "commitment-detail": Case(api(**NOT_B), kwargs=lambda w: {"pk": w.commitment_a.pk}),
    "activity-list": Case(api()),
    "activity-detail": Case(api(**NOT_B), kwargs=lambda w: {"pk": w.activity_a.pk}),
    "implementation-plan-list": Case(api()),
    "implementation-plan-detail": Case(api(**NOT_B), kwargs=lambda w: {"pk": w.plan_a.pk}),
    "agreement-health-list": Case(api()),
    "agreement-health-detail": Case(api(**NOT_B), kwargs=lambda w: {"pk": w.impl_agreement_a.pk}),
    "health-change-list": Case(api()),
    "health-change-detail": Case(api(**NOT_B), kwargs=lambda w: {"pk": w.impl_agreement_a.health_changes.first().pk}),
    "implementation:agreement_list": Case(statuses()),
    "implementation:agreement": Case(statuses(**NOT_B), kwargs=ag),
    "implementation:commitment_create": Case(statuses(**MANAGE_A), kwargs=ag),
    "implementation:activity_create_for": Case(statuses(**RECORD_A), kwargs=ag),
    "implementation:plan_create": Case(statuses(**MANAGE_A), kwargs=ag),
    "implementation:capacity": Case(statuses(**NOT_B), kwargs=ag),
    "implementation:commitment_list": Case(statuses()),
    "implementation:commitment_detail": Case(statuses(**NOT_B), kwargs=lambda w: {"pk": w.commitment_a.pk}),
    "implementation:commitment_edit": Case(statuses(**RECORD_A), kwargs=lambda w: {"pk": w.commitment_a.pk}),
    "implementation:commitment_fulfil": Case(statuses(**RECORD_A), kwargs=lambda w: {"pk": w.commitment_a.pk}),
    "implementation:commitment_status": Case(statuses(default=405), kwargs=lambda w: {"pk": w.commitment_a.pk}),
    "implementation:activity_list": Case(statuses()),
    "implementation:activity_create": Case(statuses(central=403, central_viewer=403, mission_officer=403, viewer=403)),
    "implementation:activity_detail": Case(statuses(**NOT_B), kwargs=lambda w: {"pk": w.activity_a.pk}),
    "implementation:activity_edit": Case(statuses(**RECORD_A), kwargs=lambda w: {"pk": w.activity_a.pk}),
    "implementation:activity_delete": Case(statuses(**RECORD_A), kwargs=lambda w: {"pk": w.activity_a.pk}),
    "implementation:evidence_add": Case(statuses(default=405), kwargs=lambda w: {"pk": w.activity_a.pk}),
    "implementation:plan_detail": Case(statuses(**NOT_B), kwargs=lambda w: {"pk": w.plan_a.pk}),
    "implementation:plan_edit": Case(statuses(**MANAGE_A), kwargs=lambda w: {"pk": w.plan_a.pk}),
    "implementation:planned_delete": Case(statuses(default=405), kwargs=lambda w: {"pk": w.planned_a.pk}),
    "implementation:national": Case(statuses(**CENTRE_ONLY)),
    "implementation:notifications": Case(statuses()),
    "implementation:settings": Case(statuses()),
    "implementation:settings_national": Case(statuses(central_viewer=403, **CENTRE_ONLY)),
    "implementation:settings_locality": Case(statuses(central_viewer=403, officer_a=403, viewer=403, unit_officer=403,
                                                      officer_b=404, mission_officer=404),
                                             kwargs=lambda w: {"pk": 0} if False else {"locality_pk": w.a.pk}),
}
