"""The order of steps of Law 70/2020 (Arts. 18–19): approval needs the opinions, signing needs the approval;
a step out of order is refused with its reason and changes nothing, unless a written reason overrides it
(kept on the event and in its history). An opinion still awaited keeps its deadline after later steps."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngoaivu.agreements import actions
from ngoaivu.agreements.choices import AgreementStatus as S
from ngoaivu.agreements.choices import EventKind as E
from ngoaivu.agreements.deadlines import compute_deadlines
from ngoaivu.agreements.models import Agreement, Event, StatusChange
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def officer(world):
    return world.users["officer_a"]


def _snapshot(a):
    a = Agreement.objects.get(pk=a.pk)
    return (a.status, a.signed_on, a.next_due_on, Event.objects.filter(agreement=a).count(),
            StatusChange.objects.filter(agreement=a).count(), a.history.count())


def _asked_mofa(officer, a, day=D(2026, 1, 5)):
    return actions.record_event(officer, a, E.OPINION_REQUESTED, day, consultee="Bộ Ngoại giao", is_mofa=True,
                                today=day)


def test_signing_before_approval_is_refused_with_the_reason_and_nothing_changes(world, officer):
    a = agreement(officer, world.a, today=D(2026, 1, 5))
    _asked_mofa(officer, a)
    before = _snapshot(a)
    with pytest.raises(ValidationError) as refused:
        actions.record_event(officer, a, E.SIGNED, D(2026, 1, 9), place="Lạng Sơn", today=D(2026, 1, 9))
    message = str(refused.value)
    assert "chưa được phê duyệt ký kết" in message and "Lý do ghi nhận khi chưa đủ bước trước" in message
    assert _snapshot(a) == before
    assert Agreement.objects.get(pk=a.pk).status == S.CONSULTING


def test_approval_needs_mofas_opinion_for_the_peoples_committee(world, officer):
    a = agreement(officer, world.a, today=D(2026, 1, 5))
    request = actions.record_event(officer, a, E.OPINION_REQUESTED, D(2026, 1, 5), consultee="Sở Công Thương",
                                   today=D(2026, 1, 5))
    actions.record_event(officer, a, E.OPINION_RECEIVED, D(2026, 1, 7), request=request, opinion="agree",
                         today=D(2026, 1, 7))
    before = _snapshot(a)
    with pytest.raises(ValidationError, match="chưa có ý kiến của Bộ Ngoại giao"):
        actions.record_event(officer, a, E.APPROVED, D(2026, 1, 8), today=D(2026, 1, 8))
    assert _snapshot(a) == before


def test_an_override_with_a_written_reason_is_stored_in_history_and_the_opinion_deadline_stays(world, officer):
    a = agreement(officer, world.a, today=D(2026, 1, 5))
    _asked_mofa(officer, a)
    due = Agreement.objects.get(pk=a.pk).next_due_on
    assert due == D(2026, 1, 14)
    reason = "Chủ tịch UBND tỉnh quyết định ký tại Hội nghị hợp tác, theo Công văn 12/UBND-NV"
    approval = actions.record_event(officer, a, E.APPROVED, D(2026, 1, 8), override_reason=reason, today=D(2026, 1, 8))
    signing = actions.record_event(officer, a, E.SIGNED, D(2026, 1, 9), override_reason="  ", today=D(2026, 1, 9))
    a = Agreement.objects.get(pk=a.pk)
    assert a.status == S.IN_FORCE and a.signed_on == D(2026, 1, 9)
    approval.refresh_from_db()
    signing.refresh_from_db()
    assert approval.override_reason == reason
    assert signing.override_reason == ""  # approved by then: nothing was missing, nothing overridden
    audit = approval.history.first()
    assert audit.override_reason == reason and audit.recorded_by == officer
    assert audit.history_change_reason.startswith("Ghi nhận khi chưa đủ bước trước: Chủ tịch UBND tỉnh")
    # The MOFA opinion is still awaited: its deadline did not disappear with the signing.
    kinds = {d.kind: d.date for d in compute_deadlines(a, list(a.events.all()), D(2026, 1, 20))}
    assert kinds["opinion"] == D(2026, 1, 14)
    assert a.next_due_on == D(2026, 1, 14)
    # A late answer can still be recorded after the signing, and closes that deadline.
    request = a.events.get(kind=E.OPINION_REQUESTED)
    actions.record_event(officer, a, E.OPINION_RECEIVED, D(2026, 1, 21), request=request, opinion="agree",
                         today=D(2026, 1, 21))
    a = Agreement.objects.get(pk=a.pk)
    assert "opinion" not in {d.kind for d in compute_deadlines(a, list(a.events.all()), D(2026, 1, 21))}
    assert a.next_due_on == D(2026, 1, 24)  # the report to the PM and copy to MOFA remains


def test_a_disagreement_cannot_be_overridden_without_the_prime_ministers_consent(world, officer):
    a = agreement(officer, world.a, today=D(2026, 1, 5))
    request = _asked_mofa(officer, a)
    actions.record_event(officer, a, E.OPINION_RECEIVED, D(2026, 1, 7), request=request, opinion="disagree",
                         today=D(2026, 1, 7))
    before = _snapshot(a)
    with pytest.raises(ValidationError, match="Thủ tướng"):
        actions.record_event(officer, a, E.APPROVED, D(2026, 1, 8), override_reason="Cấp bách", today=D(2026, 1, 8))
    assert _snapshot(a) == before


def test_a_historical_record_has_no_legal_deadline_and_no_order_check(world, officer):
    a = agreement(officer, world.a, historical=True, signed_on=D(2022, 3, 1), today=D(2026, 1, 5))
    assert a.status == S.IN_FORCE and not a.events.exists()
    # Signed after Law 70 came into force and never reported: a tracked one would be overdue.
    assert compute_deadlines(a, [], D(2026, 1, 5)) == []
    assert Agreement.objects.get(pk=a.pk).next_due_on is None


def test_the_page_refuses_signing_before_approval_then_accepts_it_with_a_reason(world, client_for, officer):
    a = agreement(officer, world.a, today=D(2026, 1, 5))
    client = client_for(officer)
    url = reverse("agreements:event_create", args=[a.pk])
    before = _snapshot(a)
    response = client.post(url, {"kind": "signed", "date": "09/01/2026", "place": "Lạng Sơn"})
    assert response.status_code == 200
    assert "chưa được phê duyệt ký kết" in response.content.decode()
    assert _snapshot(a) == before
    response = client.post(url, {"kind": "signed", "date": "09/01/2026", "place": "Lạng Sơn",
                                 "override_reason": "Ký theo ủy quyền của Chủ tịch tại Văn bản 5/UBND"})
    assert response.status_code == 302
    event = Event.objects.get(agreement=a, kind=E.SIGNED)
    assert event.override_reason == "Ký theo ủy quyền của Chủ tịch tại Văn bản 5/UBND"
    page = client.get(a.get_absolute_url()).content.decode()
    assert "Ký theo ủy quyền của Chủ tịch tại Văn bản 5/UBND" in page and "Ghi nhận khi chưa đủ bước trước" in page


def test_the_api_refuses_signing_before_approval_with_the_reason(world, client_for, officer):
    a = agreement(officer, world.a, today=D(2026, 1, 5))
    client = client_for(officer)
    response = client.post(f"/api/agreements/{a.pk}/events/", {"kind": "signed", "date": "2026-01-09"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "chưa được phê duyệt ký kết" in response.content.decode()
    assert Agreement.objects.get(pk=a.pk).signed_on is None
    response = client.post(f"/api/agreements/{a.pk}/events/", {"kind": "signed", "date": "2026-01-09",
                                                                "override_reason": "Theo ủy quyền"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["override_reason"] == "Theo ủy quyền"


def test_the_capacity_check_is_linked_from_a_draft_and_prompted_before_requesting_opinions(world, client_for, officer):
    a = agreement(officer, world.a, today=D(2026, 1, 5))
    client = client_for(officer)
    capacity_url = reverse("implementation:capacity", args=[a.pk])
    assert capacity_url in client.get(a.get_absolute_url()).content.decode()
    form = client.get(reverse("agreements:event_create", args=[a.pk]) + "?kind=opinion_requested").content.decode()
    assert 'id="capacity-prompt"' in form and capacity_url in form
    response = client.post(capacity_url, {"responsible_unit": "", "budget_identified": "on", "unit_named": "on",
                                          "first_year_plan": "on", "several_fields": "on", "leadership_signoff": "on"})
    assert response.status_code == 302
    form = client.get(reverse("agreements:event_create", args=[a.pk]) + "?kind=opinion_requested").content.decode()
    assert 'id="capacity-prompt"' not in form
    # Once signed, the capacity step is no longer shown on the page.
    signed = agreement(officer, world.a, signed_on=D(2025, 3, 1), reported_on=D(2025, 3, 5), today=D(2026, 1, 5))
    assert capacity_url.replace(str(a.pk), str(signed.pk)) not in client.get(signed.get_absolute_url()).content.decode()
