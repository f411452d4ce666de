"""A date filter of a list that cannot be read (?signed_after=2026-13-01) is an error naming the filter:
beside the field in the filter panel on the page, a 400 naming the parameter in the API. A readable one
filters (dd/mm/yyyy on the pages, ISO dates in the API)."""
import datetime

import pytest
from django.urls import reverse

BAD = "2026-13-01"
PAGES = [("agreements:agreement_list", "signed_after", "Ký từ ngày"),
         ("agreements:agreement_list", "signed_before", "Ký đến ngày"),
         ("exchanges:delegation_list", "start_after", "Bắt đầu từ ngày"),
         ("exchanges:conference_list", "start_before", "Bắt đầu đến ngày"),
         ("implementation:commitment_list", "due_after", "Hạn từ ngày"),
         ("implementation:activity_list", "occurred_before", "Diễn ra đến ngày")]
API = [("agreement-list", "signed_after"), ("delegation-list", "start_after"), ("conference-list", "start_before"),
       ("commitment-list", "due_before"), ("activity-list", "occurred_after")]


@pytest.mark.django_db
@pytest.mark.parametrize("name,param,label", PAGES)
def test_a_bad_date_in_a_list_filter_is_shown_at_the_field(name, param, label, world, client_for):
    response = client_for(world.users["officer_a"]).get(reverse(name), {param: BAD, "q": "x"})
    assert response.status_code == 200
    assert param in response.context["filter"].form.errors
    page = response.content.decode()
    assert f"{label}: ngày không có thật" in page
    assert "Bộ lọc có lỗi" in page
    assert 'value="2026-13-01"' in page, "what was typed stays in the field"


@pytest.mark.django_db
@pytest.mark.parametrize("name,param", API)
def test_a_bad_date_in_an_api_filter_is_a_400_naming_it(name, param, world, client_for):
    response = client_for(world.users["officer_a"]).get(reverse(name), {param: BAD})
    assert response.status_code == 400
    assert param in response.json()["errors"]


@pytest.mark.django_db
def test_a_date_range_filters_the_list(world, client_for):
    client = client_for(world.users["officer_a"])
    start = world.delegation_a.start_date
    url = reverse("exchanges:delegation_list")
    shown = lambda **q: {d.pk for d in client.get(url, q).context["object_list"]}  # noqa: E731
    assert world.delegation_a.pk in shown(start_after=start.strftime("%d/%m/%Y"),
                                          start_before=start.strftime("%d/%m/%Y"))
    assert world.delegation_a.pk not in shown(start_after=(start + datetime.timedelta(days=1)).strftime("%d/%m/%Y"))
    api = client.get(reverse("delegation-list"), {"start_before": (start - datetime.timedelta(days=1)).isoformat()})
    assert api.status_code == 200
    assert world.delegation_a.pk not in {row["id"] for row in api.json()["results"]}
