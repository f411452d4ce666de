"""Indicators by partner country: the figures of a country per province and of every country, equal to
counts made directly on the registers; the page after a change and the exported file say the same."""
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ngoaivu.exchanges.choices import Direction
from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Activity
from ngoaivu.partners.models import Partner
from tests.exchanges import factories
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def norway(world):
    """Records with Norway (a country the test world has none of) in 2024, and one outside the period."""
    a1 = agreement(world.a, title="Bản ghi nhớ với Vestland", signed_months_ago=24, country="NO")
    a1.partners.add(Partner.objects.create(name="Đại học Bergen", country="NO"))  # two partners: one agreement
    a2 = agreement(world.b, title="Bản ghi nhớ với Oslo", signed_months_ago=26, country="NO")
    old = agreement(world.b, title="Thỏa thuận cũ với Troms", signed_months_ago=60, country="NO", status="expired")
    factories.delegation(world.users["officer_a"], world.a, countries=("NO", "JP"), start_date=datetime.date(2024, 5, 1))
    factories.delegation(world.users["officer_b"], world.b, countries=("NO",), direction=Direction.INBOUND,
                         start_date=datetime.date(2024, 6, 1))
    activity = actions.save_activity(world.users["officer_a"], Activity(
        locality=world.a, agreement=a1, kind="aid", title="Trao tặng thiết bị", occurred_on=datetime.date(2024, 9, 9),
        aid_usd=Decimal(500), investment_pledged_usd=Decimal(100)))
    actions.save_activity(world.users["officer_b"], Activity(locality=world.b, agreement=old, kind="meeting",
                                                            title="Hội đàm", occurred_on=datetime.date(2021, 1, 5)))
    return {"a1": a1, "a2": a2, "activity": activity}


def by_province(client, period="2024"):
    response = client.get(reverse("indicators:country", args=["NO"]), {"period": period})
    assert response.status_code == 200
    return {(r["locality"].pk if r["locality"] else None): r["values"] for r in response.context["rows"]}, response


def test_a_countrys_page_counts_per_province_and_its_export_says_the_same(world, norway, client_for):
    client = client_for(world.users["officer_b"])  # statistics: another province's officer reads them too
    rows, response = by_province(client)
    assert rows[world.a.pk] == {"signed": 1, "in_force": 1, "delegations_out": 1, "activities": 1, "pledged": 100,
                                "disbursed": 0, "aid": 500}
    assert rows[world.b.pk] == {"signed": 1, "in_force": 1, "delegations_in": 1}
    assert response.context["national"]["signed"] == 2
    assert "Na Uy" in response.content.decode()

    exported = client.get(reverse("indicators:country", args=["no"]), {"period": "2024", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    line = {r[0]: r[1:] for r in cells[1:]}
    assert line[world.a.short_name] == [1, 1, 1, 0, 1, 100, 0, 500]
    assert line["Toàn quốc"][:5] == [2, 2, 1, 1, 1]

    # a change: the activity deleted, the page after a reload no longer counts it
    actions.delete_activity(world.users["officer_a"], Activity.objects.get(pk=norway["activity"].pk))
    rows, _response = by_province(client)
    assert "activities" not in rows[world.a.pk] and rows[world.a.pk]["signed"] == 1
    # a span that holds the old agreement's activity: counted for B
    rows, _response = by_province(client, "2020-2024")
    assert rows[world.b.pk]["activities"] == 1 and rows[world.b.pk]["signed"] == 2  # the expired one too (2021)
    assert rows[world.b.pk]["in_force"] == 1


def test_the_list_of_countries_equals_direct_counts(world, norway, client_for):
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Delegation
    client = client_for(world.users["central_viewer"])
    response = client.get(reverse("indicators:countries"), {"period": "2024"})
    assert response.status_code == 200
    rows = {r["code"]: r["values"] for r in response.context["rows"]}
    assert rows["NO"] == {"signed": 2, "in_force": 2, "delegations_out": 1, "delegations_in": 1, "activities": 1}
    span = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    for code, values in rows.items():
        assert values.get("signed", 0) == Agreement.objects.filter(
            partners__country=code, signed_on__range=span).distinct().count(), code
        assert values.get("delegations_out", 0) == Delegation.objects.filter(
            stops__country=code, start_date__range=span, direction="out").exclude(status="cancelled").distinct().count()
    exported = client.get(reverse("indicators:countries"), {"period": "2024", "format": "csv"})
    text = exported.content.decode("utf-8-sig")
    assert any(line.startswith("NO,") and line.split(",")[2:] == ["2", "2", "1", "1", "1"]
               for line in text.splitlines()), text


def test_an_unknown_country_answers_404(world, client_for):
    assert client_for(world.users["central"]).get(reverse("indicators:country", args=["ZZ"])).status_code == 404
