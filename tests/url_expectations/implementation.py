"""Implementation tracking: records of province A (partner in Korea, so the Korean mission sees them)
and of province B; another province's record answers 404."""
import datetime

from django.core.files.base import ContentFile

from tests.url_expectations import NOBODY, READ, Case, statuses

NOT_B = dict(officer_b=404)
RECORD_A = dict(central=403, central_viewer=403, officer_b=404, mission_officer=403, viewer=403)  # + unit officer
MANAGE_A = dict(RECORD_A, unit_officer=403)
# Who writes on A's records: its officers and manager, and the responsible unit (Sở Công Thương) where
# the record names it; plans and new commitments are the province's.
RECORDERS_A = ("manager_a", "officer_a", "unit_officer")
MANAGERS_A = ("manager_a", "officer_a")
CENTRE_ONLY = dict(manager_a=403, officer_a=403, officer_b=403, unit_officer=403, mission_officer=403, viewer=403)


def populate(world):
    from ngoaivu.implementation import actions
    from ngoaivu.implementation.models import (Activity, Commitment, Evidence, Fulfilment, FulfilmentReview, Plan,
                                               PlannedActivity)
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
        FulfilmentReview.objects.create(fulfilment=fulfilment, decision="confirm", reviewed_by=world.users["officer_a"])
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
    # Province B names an agreement it cannot read: answered as an id that does not exist (400), not 403.
    "commitment-list": Case(api(), writers=MANAGERS_A, post=dict(officer_b=400), data=lambda w: {"agreement": w.impl_agreement_a.pk, "description": "Cam kết mới"}),
    "commitment-detail": Case(api(**NOT_B), kwargs=lambda w: {"pk": w.commitment_a.pk}, writers=RECORDERS_A, data={"description": "Cam kết đã sửa"}),
    "activity-list": Case(api(), writers=RECORDERS_A + ("officer_b",), data=lambda w: {"agreement": w.impl_agreement_a.pk, "locality": w.a.pk, "kind": "meeting", "title": "Hội đàm mới", "occurred_on": "2026-01-05"}),
    "activity-detail": Case(api(**NOT_B), kwargs=lambda w: {"pk": w.activity_a.pk}, writers=RECORDERS_A, data={"title": "Hội đàm đã sửa"}),
    "implementation-plan-list": Case(api()),
    "implementation-plan-detail": Case(api(**NOT_B), kwargs=lambda w: {"pk": w.plan_a.pk}),
    "agreement-health-list": Case(api()),
    "agreement-health-detail": Case(api(**NOT_B), kwargs=lambda w: {"pk": w.impl_agreement_a.pk}),
    "health-change-list": Case(api()),
    "health-change-detail": Case(api(**NOT_B), kwargs=lambda w: {"pk": w.impl_agreement_a.health_changes.first().pk}),
    "implementation:agreement_list": Case(statuses()),
    "implementation:agreement": Case(statuses(**NOT_B), kwargs=ag, writers=READ),
    "implementation:commitment_create": Case(statuses(**MANAGE_A), kwargs=ag, writers=MANAGERS_A),
    "implementation:activity_create_for": Case(statuses(**RECORD_A), kwargs=ag, writers=RECORDERS_A),
    "implementation:plan_create": Case(statuses(**MANAGE_A), kwargs=ag, writers=MANAGERS_A),
    "implementation:capacity": Case(statuses(**NOT_B), kwargs=ag, writers=NOBODY),
    "implementation:commitment_list": Case(statuses()),
    "implementation:commitment_detail": Case(statuses(**NOT_B), kwargs=lambda w: {"pk": w.commitment_a.pk}, writers=READ),
    "implementation:commitment_edit": Case(statuses(**RECORD_A), kwargs=lambda w: {"pk": w.commitment_a.pk}, writers=RECORDERS_A),
    "implementation:commitment_fulfil": Case(statuses(**RECORD_A), kwargs=lambda w: {"pk": w.commitment_a.pk}, writers=RECORDERS_A),
    "implementation:commitment_status": Case(statuses(default=405), kwargs=lambda w: {"pk": w.commitment_a.pk}, writers=RECORDERS_A, post=NOT_B, data={"status": "in_progress"}),
    # A proposed result is confirmed by the province's foreign-affairs staff, never by its proposer.
    "implementation:fulfilment_review": Case(statuses(**MANAGE_A), kwargs=lambda w: {"pk": w.fulfilment_a.pk},
                                             writers=MANAGERS_A, data={"decision": "confirm"}),
    "implementation:activity_list": Case(statuses()),
    "implementation:activity_create": Case(statuses(central=403, central_viewer=403, mission_officer=403, viewer=403), writers=RECORDERS_A + ("officer_b",)),
    "implementation:activity_detail": Case(statuses(**NOT_B), kwargs=lambda w: {"pk": w.activity_a.pk}, writers=READ),
    "implementation:activity_edit": Case(statuses(**RECORD_A), kwargs=lambda w: {"pk": w.activity_a.pk}, writers=RECORDERS_A),
    "implementation:activity_delete": Case(statuses(**RECORD_A), kwargs=lambda w: {"pk": w.activity_a.pk}, writers=RECORDERS_A),
    "implementation:evidence_add": Case(statuses(default=405), kwargs=lambda w: {"pk": w.activity_a.pk}, writers=RECORDERS_A, post=NOT_B),
    "implementation:plan_detail": Case(statuses(**NOT_B), kwargs=lambda w: {"pk": w.plan_a.pk},
                                       writers=MANAGERS_A),
    "implementation:plan_edit": Case(statuses(**MANAGE_A), kwargs=lambda w: {"pk": w.plan_a.pk}, writers=MANAGERS_A),
    "implementation:planned_delete": Case(statuses(default=405), kwargs=lambda w: {"pk": w.planned_a.pk}, writers=MANAGERS_A, post=NOT_B),
    "implementation:national": Case(statuses(**CENTRE_ONLY), writers=READ),
    "implementation:notifications": Case(statuses(), writers=READ),
    "implementation:settings": Case(statuses(), writers=READ),
    "implementation:settings_national": Case(statuses(central_viewer=403, **CENTRE_ONLY), writers=("central",)),
    "implementation:settings_locality": Case(statuses(central_viewer=403, officer_a=403, viewer=403, unit_officer=403,
                                                      officer_b=404, mission_officer=404),
                                             kwargs=lambda w: {"pk": 0} if False else {"locality_pk": w.a.pk}, writers=("central", "manager_a")),
}
