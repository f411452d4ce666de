"""The capacity check's list of earlier agreements with the same partners or countries (Decision 06/2020: a
province weighs its record with the partner before asking opinions): signed ones last-signed first, then the
unsigned ones, on both databases; the draft itself left out; each reader's scope kept."""
import datetime
import re

import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db
D = datetime.date


def _listed(client, draft):
    """The agreement keys of the page's earlier-agreements table, in its order, with their relation label."""
    html = client.get(reverse("implementation:capacity", args=[draft.pk])).content.decode()
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [(int(pk), relation) for pk, relation in
            re.findall(r'href="/implementation/agreements/(\d+)/">.*?<td>[^<]*</td><td>([^<]*)</td>', table)]


@pytest.fixture
def shapes(world):
    officer, other = world.users["officer_a"], world.users["officer_b"]
    ours = partner("Ulsan Metropolitan City", "KR", "Thành phố Ulsan")
    neighbour = partner("Busan Metropolitan City", "KR", "Thành phố Busan")
    elsewhere = partner("Ulaanbaatar", "MN", "Thành phố Ulaanbaatar")
    draft = agreement(officer, world.a, partners=[ours], title="Dự thảo hợp tác với Ulsan")
    made = {
        "draft": draft,
        "signed_2019": agreement(officer, world.a, partners=[ours], signed_on=D(2019, 5, 1), title="Ulsan 2019"),
        "signed_2024": agreement(officer, world.a, partners=[ours], signed_on=D(2024, 9, 9), title="Ulsan 2024"),
        "same_country": agreement(officer, world.a, partners=[neighbour], signed_on=D(2022, 1, 3),
                                  title="Busan 2022"),
        "unsigned": agreement(officer, world.a, partners=[ours], title="Ulsan chưa ký"),
        "other_country": agreement(officer, world.a, partners=[elsewhere], signed_on=D(2025, 1, 1),
                                   title="Ulaanbaatar 2025"),
        # Another province's internal record: not the reader's to see, even with the same partner.
        "other_province": agreement(other, world.b, partners=[ours], signed_on=D(2023, 3, 3), title="Ulsan tỉnh B",
                                    visibility="internal"),
    }
    return made


def test_signed_ones_come_last_signed_first_then_the_unsigned(world, client_for, shapes):
    listed = _listed(client_for(world.users["officer_a"]), shapes["draft"])
    keys = [pk for pk, _relation in listed]
    mine = [shapes[k].pk for k in ("signed_2024", "same_country", "signed_2019", "unsigned")]
    assert [pk for pk in keys if pk in mine] == mine
    # Every signed agreement of the list before every unsigned one, whoever registered them.
    signed = dict(Agreement.objects.filter(pk__in=keys).values_list("pk", "signed_on"))
    dates = [signed[pk] for pk in keys]
    assert dates.index(None) == len([d for d in dates if d is not None])
    assert [d for d in dates if d is not None] == sorted((d for d in dates if d is not None), reverse=True)
    relation = dict(listed)
    assert relation[shapes["signed_2019"].pk] == "cùng đối tác"
    assert relation[shapes["same_country"].pk] == "cùng nước"
    assert shapes["draft"].pk not in keys and shapes["other_country"].pk not in keys
    assert shapes["other_province"].pk not in keys


def test_each_reader_sees_the_earlier_agreements_of_their_scope(world, client_for, shapes):
    # The centre and the Korea mission read province B's internal record; the mission reads no other country.
    for persona in ("central", "mission_officer"):
        keys = [pk for pk, _relation in _listed(client_for(world.users[persona]), shapes["draft"])]
        assert shapes["other_province"].pk in keys and shapes["signed_2024"].pk in keys, persona
        assert shapes["other_country"].pk not in keys, persona


def test_a_long_record_shows_thirty_signed_before_any_unsigned(world, client_for, shapes):
    officer = world.users["officer_a"]
    ours = shapes["draft"].partners.get()
    for i in range(30):
        agreement(officer, world.a, partners=[ours], signed_on=D(2000, 1, 1) + datetime.timedelta(days=i),
                  title=f"Ulsan {i}")
    keys = [pk for pk, _relation in _listed(client_for(world.users["officer_a"]), shapes["draft"])]
    dates = dict(Agreement.objects.filter(pk__in=keys).values_list("pk", "signed_on"))
    assert len(keys) == 30 and shapes["unsigned"].pk not in keys and None not in dates.values()
    assert [dates[pk] for pk in keys] == sorted(dates.values(), reverse=True)
    assert shapes["signed_2024"].pk in keys
