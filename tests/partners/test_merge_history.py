"""A merge moved the duplicate's opportunities, warnings and subsidiaries to the partner kept through update(),
which writes no history row: an opportunity's history said it was posted for the duplicate and nothing since,
though it now names the survivor (who moved it, when, why: nowhere on its page). An unmerge moved them back
as silently. Each now has a row naming the merge, by the officer who merged (or unmerged)."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.partners import actions, alerts
from ngoaivu.partners import opportunities as ops
from ngoaivu.partners.models import Partner, PartnerMerge, PartnerWarning
from ngoaivu.partners.models_opportunities import Opportunity

pytestmark = pytest.mark.django_db


def _last(record):
    return record.history.order_by("-history_id").first()


def test_a_merge_and_its_unmerge_leave_history_rows_on_what_they_move(world, client_for):
    survivor = actions.create_partner(world.users["central"], name="Samsung Electronics", country="KR",
                                      allow_duplicate=True)
    duplicate = actions.create_partner(world.users["central"], name="Samsung Electronic Co", country="KR",
                                       allow_duplicate=True)
    subsidiary = actions.create_partner(world.users["central"], name="Samsung Display", country="KR",
                                        parent=duplicate, allow_duplicate=True)
    listing = ops.post_opportunity(world.users["officer_b"], kind="partner_seeks", title="Samsung tìm địa điểm",
                                   country="KR", partner=duplicate, locality=world.b)
    warning = alerts.issue_warning(world.users["mission_officer"], duplicate, category="no_capacity", severity="high",
                                   summary="Chưa chứng minh năng lực", source="Thương vụ",
                                   source_date=datetime.date(2026, 1, 20))
    central = client_for(world.users["central"])
    response = central.post(reverse("partners:partner_merge"), {
        "survivor": survivor.pk, "duplicate": duplicate.pk, "reason": "Nhập trùng"})
    assert response.status_code == 302

    for record, field in ((Opportunity.objects.get(pk=listing.pk), "partner_id"),
                          (PartnerWarning.objects.get(pk=warning.pk), "partner_id"),
                          (Partner.objects.get(pk=subsidiary.pk), "parent_id")):
        assert getattr(record, field) == survivor.pk
        row = _last(record)
        assert getattr(row, field) == survivor.pk and row.history_user == world.users["central"]
        assert row.history_change_reason == "Theo đối tác giữ lại khi gộp đối tác trùng"
    page = client_for(world.users["officer_b"]).get(listing.get_absolute_url()).content.decode()
    history = page.split('id="history-title"')[1]
    assert "Samsung Electronic Co → Samsung Electronics" in history

    merge = PartnerMerge.objects.get(duplicate=duplicate)
    response = client_for(world.users["central_manager"]).post(reverse("partners:merge_undo", args=[merge.pk]))
    assert response.status_code == 302
    for record, field in ((Opportunity.objects.get(pk=listing.pk), "partner_id"),
                          (PartnerWarning.objects.get(pk=warning.pk), "partner_id"),
                          (Partner.objects.get(pk=subsidiary.pk), "parent_id")):
        assert getattr(record, field) == duplicate.pk
        row = _last(record)
        assert getattr(row, field) == duplicate.pk and row.history_user == world.users["central_manager"]
        assert row.history_change_reason == "Theo đối tác được tách lại sau khi gộp"
