"""The conference list by partner and by partner country (issue 10): the list page, its export and the API
take `partner` (an id, as the register's list does) and `country` (the partners' country); the search finds
a conference by its partners' names, other names and country; the partner page links to its conferences.
Always within the reader's scope: a province never sees another province's conference through a filter."""
import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ngoaivu.exchanges.models import Conference
from ngoaivu.partners import actions as partner_actions
from ngoaivu.partners.models import PartnerAlias
from tests.agreements.factories import partner
from tests.exchanges.factories import conference

pytestmark = pytest.mark.django_db


@pytest.fixture
def confs(world):
    """A's conference with a Korean partner, A's with a Japanese one, B's with the same Korean partner."""
    kr = partner("Chungcheongbuk-do", "KR", name_vi="Tỉnh Chungcheongbuk")
    jp = partner("Nagano Prefecture", "JP", name_vi="Tỉnh Nagano")
    PartnerAlias.objects.create(partner=kr, name="Chungbuk")
    soon = timezone.localdate() + datetime.timedelta(days=20)
    made = {
        "a_kr": conference(world.users["officer_a"], world.a, title="Hội thảo đầu tư A–Hàn", partners=[kr],
                           start_date=soon, end_date=soon),
        "a_jp": conference(world.users["officer_a"], world.a, title="Hội thảo du lịch A–Nhật", partners=[jp],
                           start_date=soon, end_date=soon),
        "b_kr": conference(world.users["officer_b"], world.b, title="Diễn đàn B–Hàn", venue="Đà Nẵng", partners=[kr],
                           start_date=soon, end_date=soon),
    }
    return {"kr": kr, "jp": jp, **made}


def listed(client, **query) -> set[int]:
    response = client.get(reverse("exchanges:conference_list"), query)
    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    return {c.pk for c in response.context["page_obj"].object_list}


def api_listed(client, **query) -> set[int]:
    response = client.get(reverse("conference-list"), {**query, "page_size": 500})
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    return {row["id"] for row in (body["results"] if isinstance(body, dict) else body)}


@pytest.mark.parametrize("read", [listed, api_listed], ids=["page", "api"])
def test_by_partner_each_reader_gets_exactly_the_conferences_with_that_partner_in_their_scope(
        world, confs, client_for, read):
    kr = str(confs["kr"].pk)
    expected = {"officer_a": {confs["a_kr"].pk}, "officer_b": {confs["b_kr"].pk},
                "central": {confs["a_kr"].pk, confs["b_kr"].pk}}
    for persona, pks in expected.items():
        assert read(client_for(world.users[persona]), partner=kr) == pks, persona
    assert read(client_for(world.users["officer_b"]), partner=str(confs["jp"].pk)) == set()
    assert read(client_for(world.users["central"]), partner=str(confs["jp"].pk)) == {confs["a_jp"].pk}


@pytest.mark.parametrize("read", [listed, api_listed], ids=["page", "api"])
def test_by_partner_country_each_reader_gets_exactly_their_conferences_with_a_partner_from_it(
        world, confs, client_for, read):
    expected = {("officer_a", "KR"): {confs["a_kr"].pk}, ("officer_a", "JP"): {confs["a_jp"].pk},
                ("officer_b", "KR"): {confs["b_kr"].pk}, ("officer_b", "JP"): set(),
                ("central", "KR"): {confs["a_kr"].pk, confs["b_kr"].pk}, ("central", "JP"): {confs["a_jp"].pk},
                ("central", "FR"): set()}
    for (persona, country), pks in expected.items():
        assert read(client_for(world.users[persona]), country=country) == pks, (persona, country)
    # both filters at once: the partner and a country it is not from
    assert read(client_for(world.users["central"]), partner=str(confs["kr"].pk), country="JP") == set()


def test_the_page_names_the_partner_filter_and_shows_the_partners_column(world, confs, client_for):
    response = client_for(world.users["officer_a"]).get(reverse("exchanges:conference_list"),
                                                        {"partner": str(confs["kr"].pk)})
    assert [(f["label"], f["value"]) for f in response.context["applied_filters"]] == [
        ("Đối tác", str(confs["kr"]))]
    html = response.content.decode()
    assert "Tỉnh Chungcheongbuk" in html and "Hàn Quốc" in html
    assert "Hội thảo du lịch A–Nhật" not in html and "Diễn đàn B–Hàn" not in html
    # a partner that does not exist is an error named in the filter panel, not a list of everything
    refused = client_for(world.users["officer_a"]).get(reverse("exchanges:conference_list"), {"partner": "2147483647"})
    assert "partner" in refused.context["filter"].form.errors
    assert client_for(world.users["central"]).get(reverse("conference-list"), {"partner": "999999999999"}).status_code == 400


def test_the_search_finds_a_conference_by_its_partners_names_aliases_and_country(world, confs, client_for):
    a = client_for(world.users["officer_a"])
    assert listed(a, q="chungcheongbuk") == {confs["a_kr"].pk}
    assert listed(a, q="chungbuk") == {confs["a_kr"].pk}           # an other name of the partner
    assert listed(a, q="han quoc dau tu") == {confs["a_kr"].pk}    # country and title words together
    assert listed(a, q="nagano") == {confs["a_jp"].pk}
    assert listed(client_for(world.users["officer_b"]), q="chungbuk") == {confs["b_kr"].pk}
    # a partner renamed: its conferences are found by the new name, no longer by the old one
    partner_actions.update_partner(world.users["central"], confs["jp"], name="Nagano-ken")
    assert listed(a, q="nagano ken") == {confs["a_jp"].pk}
    assert listed(a, q="prefecture") == set()
    # an edit that changes the partners changes what the search finds
    from ngoaivu.exchanges import actions
    conf = Conference.objects.get(pk=confs["a_jp"].pk)
    actions.update_conference(world.users["officer_a"], conf, data={"partners": [confs["kr"]]})
    assert listed(a, q="nagano") == set() and listed(a, q="chungbuk") == {confs["a_kr"].pk, conf.pk}


def test_the_migration_gives_existing_conferences_their_partners_names(world, confs, client_for):
    Conference.objects.filter(pk=confs["a_kr"].pk).update(search_text=" hoi thao ")
    migration = importlib.import_module("ngoaivu.exchanges.migrations.0009_conference_search_with_partners")
    migration.refold(apps, None)
    text = Conference.objects.get(pk=confs["a_kr"].pk).search_text
    assert " chungcheongbuk do " in text and " chungbuk " in text and " han quoc " in text
    conf = Conference.objects.get(pk=confs["a_kr"].pk)  # the migration writes what a save writes
    conf.save()
    assert Conference.objects.get(pk=conf.pk).search_text == text


def test_the_filtered_export_carries_the_partners(world, confs, client_for):
    response = client_for(world.users["central"]).get(reverse("exchanges:conference_export"), {"country": "KR"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert sorted((r["Tên"], r["Đối tác"], r["Tỉnh, thành phố"]) for r in rows) == sorted([
        ("Hội thảo đầu tư A–Hàn", str(confs["kr"]), world.a.short_name),
        ("Diễn đàn B–Hàn", str(confs["kr"]), world.b.short_name)])
    # a province's export of the same filter: its own conference only
    own = client_for(world.users["officer_b"]).get(reverse("exchanges:conference_export"),
                                                   {"partner": str(confs["kr"].pk)})
    own_rows = list(load_workbook(io.BytesIO(own.content)).active.iter_rows(min_row=2, values_only=True))
    assert [r[header.index("Tên")] for r in own_rows] == ["Diễn đàn B–Hàn"]
    # two partners in one cell; a conference without partners has an empty cell
    both = conference(world.users["officer_a"], world.a, title="Hội nghị ba bên", partners=[confs["kr"], confs["jp"]],
                      start_date=timezone.localdate() + datetime.timedelta(days=40),
                      end_date=timezone.localdate() + datetime.timedelta(days=40))
    everything = client_for(world.users["officer_a"]).get(reverse("exchanges:conference_export"))
    cells = {r[header.index("Tên")]: r[header.index("Đối tác")]
             for r in load_workbook(io.BytesIO(everything.content)).active.iter_rows(min_row=2, values_only=True)}
    assert set(cells[both.title].split(", ")) == {str(confs["kr"]), str(confs["jp"])}
    assert cells[world.conference_a.title] in (None, "")


def test_the_partner_page_links_to_its_conferences_in_the_list(world, confs, client_for):
    client = client_for(world.users["officer_a"])
    page = client.get(confs["kr"].get_absolute_url()).content.decode()
    link = f'{reverse("exchanges:conference_list")}?partner={confs["kr"].pk}'
    assert f'href="{link}"' in page
    followed = client.get(link)
    assert {c.pk for c in followed.context["page_obj"].object_list} == {confs["a_kr"].pk}
