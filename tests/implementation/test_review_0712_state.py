"""What the review of 07/12/2026 found left behind by actions that answered as if all was well:
- the API cleared a recurring commitment's due date (the edit form refuses it), after which every save of the
  form was refused;
- a result proposed before the commitment was waived, confirmed afterwards, turned the waiver into
  "fulfilled" without a word, and stayed in the reviewers' to-do list meanwhile;
- a planned activity added to or deleted from a plan left no trace in the plan's history."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Activity, Commitment, Fulfilment, PlannedActivity
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_keeps_a_recurring_commitments_due_date_as_the_form_does(world):
    c = world.commitment_a
    Commitment.objects.filter(pk=c.pk).update(recurrence="yearly", due_on=datetime.date(2027, 6, 30))
    api = api_for(world.users["officer_a"])
    response = api.patch(f"/api/commitments/{c.pk}/", {"due_on": None}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["due_on"], response.json()
    c.refresh_from_db()
    assert (c.recurrence, c.due_on) == ("yearly", datetime.date(2027, 6, 30))
    # Clearing it together with the recurrence is a one-off commitment without a date: allowed, as on the form.
    assert api.patch(f"/api/commitments/{c.pk}/", {"due_on": None, "recurrence": "none"},
                     format="json").status_code == 200
    c.refresh_from_db()
    assert (c.recurrence, c.due_on) == ("none", None)


def _proposed(world):
    a = agreement(world.a, signed_months_ago=20)
    c = Commitment.objects.create(agreement=a, description="Hội chợ thương mại", responsible_unit=world.unit_a,
                                  due_on=TODAY + datetime.timedelta(days=30))
    return c, actions.propose_fulfilment(world.users["unit_officer"], c, TODAY, note="Đã tổ chức")


def test_waiving_returns_the_results_awaiting_review_and_a_confirmation_after_it_changes_nothing(world, client_for):
    c, proposal = _proposed(world)
    assert client_for(world.users["officer_a"]).post(reverse("implementation:commitment_status", args=[c.pk]), {
        "status": "waived", "note": "Đối tác rút khỏi hợp tác"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == "returned"
    [review] = proposal.reviews.all()
    assert (review.decision, review.reviewed_by) == ("return", world.users["officer_a"])
    assert review.note == "Cam kết đã được miễn thực hiện: Đối tác rút khỏi hợp tác"
    assert not actions.pending_reviews(world.users["manager_a"]).filter(pk=proposal.pk).exists()

    # A reviewer who opened the result before the waiver confirms it: refused, the waiver stands.
    response = client_for(world.users["manager_a"]).post(
        reverse("implementation:fulfilment_review", args=[proposal.pk]), {"decision": "confirm"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    c.refresh_from_db()
    assert (c.status, c.fulfilled_on) == ("waived", None)


def test_a_result_is_not_confirmed_on_a_commitment_no_longer_open(world):
    """The action's own guard, whatever left the proposal pending (data from before this check)."""
    c, proposal = _proposed(world)
    Commitment.objects.filter(pk=c.pk).update(status="waived")
    with pytest.raises(ValidationError) as refused:
        actions.review_fulfilment(world.users["manager_a"], proposal, "confirm")
    assert "Không thực hiện nữa" in refused.value.messages[0]
    assert Commitment.objects.get(pk=c.pk).status == "waived"
    assert Fulfilment.objects.get(pk=proposal.pk).state == "proposed"
    # Returning it is still possible.
    actions.review_fulfilment(world.users["manager_a"], proposal, "return", note="Cam kết đã miễn")
    assert Fulfilment.objects.get(pk=proposal.pk).state == "returned"


def test_a_planned_activity_added_and_deleted_is_in_the_plans_history(world, client_for):
    plan = world.plan_a
    client = client_for(world.users["officer_a"])
    assert client.post(reverse("implementation:plan_detail", args=[plan.pk]), {
        "title": "Hội thảo xúc tiến đầu tư Gyeonggi", "kind": "promotion",
        "planned_on": TODAY.strftime("%d/%m/%Y")}).status_code == 302
    item = PlannedActivity.objects.get(plan=plan, title="Hội thảo xúc tiến đầu tư Gyeonggi")
    done = Activity.objects.create(agreement=plan.agreement, locality=plan.agreement.locality, kind="promotion",
                                   title="Hội thảo đã tổ chức", occurred_on=TODAY)
    done.planned_activities.add(item)
    assert client.post(reverse("implementation:planned_delete", args=[item.pk])).status_code == 302
    assert not PlannedActivity.objects.filter(pk=item.pk).exists()

    reasons = list(plan.history.order_by("-history_id").values_list("history_change_reason", "history_user__username"))
    assert reasons[:2] == [
        ("Xóa hoạt động dự kiến: Hội thảo xúc tiến đầu tư Gyeonggi (bỏ liên kết với 1 hoạt động đã ghi)", "officer_a"),
        ("Thêm hoạt động dự kiến: Hội thảo xúc tiến đầu tư Gyeonggi", "officer_a")]
    page = client.get(reverse("implementation:plan_detail", args=[plan.pk])).content.decode()
    assert "Xóa hoạt động dự kiến: Hội thảo xúc tiến đầu tư Gyeonggi" in page
    plan.refresh_from_db()
    assert plan.year == world.plan_a.year  # the plan itself unchanged


def test_a_long_planned_activitys_title_is_in_the_history_whole_and_in_the_readers_language(world, client_for):
    """The plan history's reason held 100 characters (PostgreSQL refused a longer one, and the add or delete
    with it); the reason is one message, shown in English to an English reader (the review's second reading)."""
    from django.utils import translation

    from ngoaivu.core.stored_text import translate_stored
    plan = world.plan_a
    title = "Hội thảo xúc tiến đầu tư và thương mại giữa các địa phương " * 5
    item = actions.save_planned_activity(world.users["officer_a"], PlannedActivity(plan=plan, title=title[:300]))
    done = Activity.objects.create(agreement=plan.agreement, locality=plan.agreement.locality, kind="promotion",
                                   title="Hội thảo đã tổ chức", occurred_on=TODAY)
    done.planned_activities.add(item)
    actions.delete_planned_activity(world.users["officer_a"], item)
    deleted, added = plan.history.order_by("-history_id").values_list("history_change_reason", flat=True)[:2]
    assert added == f"Thêm hoạt động dự kiến: {title[:300]}"
    assert deleted == f"Xóa hoạt động dự kiến: {title[:300]} (bỏ liên kết với 1 hoạt động đã ghi)"
    with translation.override("en"):
        assert translate_stored(deleted) == f"Planned activity deleted: {title[:300]} (unlinked from 1 recorded activity)"


def test_the_waivers_return_note_reads_in_the_readers_language(world, client_for):
    c, proposal = _proposed(world)
    actions.set_commitment_status(world.users["officer_a"], c, "waived", note="Đối tác rút")
    client = client_for(world.users["officer_a"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("implementation:commitment_detail", args=[c.pk])).content.decode()
    assert "The commitment was waived: Đối tác rút" in page
