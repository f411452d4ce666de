"""The commitment and activity lists filter by agreement through a choice of the reader's agreements named by
their title (and the register's distinguishing facts), not a box asking for an agreement's number; a
province's reader is offered its own province's agreements only. The host body filter is a choice too."""
import pytest

from ngoaivu.implementation.models import Activity, Commitment
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db


def _options(html, name):
    select = html.split(f'<select name="{name}"')[1].split("</select>")[0]
    return [(part.split('value="', 1)[1].split('"', 1)[0], part.split(">", 1)[1].split("<")[0])
            for part in select.split("<option")[1:]]


@pytest.mark.parametrize("path", ["/implementation/commitments/", "/implementation/activities/"])
def test_a_province_reader_chooses_among_its_own_agreements_by_name(world, client_for, path):
    other = agreement(world.a, title="Biên bản hợp tác du lịch Lạng Sơn – Quảng Tây", country="CN")
    Commitment.objects.create(agreement=other, description="Trao đổi đoàn du lịch")
    Activity.objects.create(agreement=other, locality=world.a, kind="meeting", title="Hội đàm du lịch",
                            occurred_on=world.activity_a.occurred_on)
    html = client_for(world.users["officer_a"]).get(path).content.decode()
    assert 'type="number" name="agreement"' not in html
    options = _options(html, "agreement")
    assert options[0] == ("", "Tất cả")
    offered = {value: label for value, label in options[1:]}
    assert set(offered) == {str(world.impl_agreement_a.pk), str(other.pk)}  # not province B's
    assert offered[str(other.pk)].startswith("Biên bản hợp tác du lịch Lạng Sơn – Quảng Tây (ký ")
    assert offered[str(world.impl_agreement_a.pk)].startswith("Bản ghi nhớ a (ký ")
    # The centre reads every province's.
    html = client_for(world.users["central"]).get(path).content.decode()
    assert {str(world.impl_agreement_a.pk), str(world.impl_agreement_b.pk), str(other.pk)} <= {
        value for value, _label in _options(html, "agreement")}


def test_choosing_an_agreement_lists_its_commitments_only(world, client_for):
    other = agreement(world.a, title="Biên bản hợp tác du lịch Lạng Sơn – Quảng Tây", country="CN")
    kept = Commitment.objects.create(agreement=other, description="Trao đổi đoàn du lịch")
    response = client_for(world.users["officer_a"]).get(f"/implementation/commitments/?agreement={other.pk}")
    assert [c.pk for c in response.context["object_list"]] == [kept.pk]
    assert f'<option value="{other.pk}" selected>' in response.content.decode()


def test_the_host_body_filter_is_a_choice_of_the_readers_bodies(world, client_for):
    html = client_for(world.users["officer_a"]).get("/implementation/commitments/").content.decode()
    assert 'type="number" name="responsible_unit"' not in html
    assert (str(world.unit_a.pk), world.unit_a.name) in _options(html, "responsible_unit")


def test_the_api_still_filters_by_the_agreements_number(world):
    from rest_framework.test import APIClient
    client = APIClient()
    client.force_authenticate(world.users["officer_a"])
    response = client.get(f"/api/commitments/?agreement={world.impl_agreement_a.pk}")
    assert response.status_code == 200
    assert [c["id"] for c in response.json()["results"]] == [world.commitment_a.pk]


@pytest.mark.parametrize("path", ["/api/commitments/", "/api/activities/"])
def test_the_api_still_filters_by_an_agreements_number(world, client_for, path):
    """The pages' choice reached the API too (one FilterSet): an agreement with no commitments or activities
    yet, or a number no agreement has, was answered 400 "Hãy chọn một lựa chọn hợp lệ" instead of an empty
    list, breaking a client that walks its agreements. The API keeps the number; what the number names is
    still scoped."""
    fresh = agreement(world.a, title="Thỏa thuận chưa có cam kết", country="KR")
    client = client_for(world.users["officer_a"])
    for number in (fresh.pk, 2_000_000_000):
        response = client.get(path, {"agreement": number})
        assert response.status_code == 200, response.content
        assert response.json()["results"] == []
    listed = client.get(path, {"agreement": world.impl_agreement_a.pk}).json()["results"]
    model = Commitment if "commitments" in path else Activity
    assert {row["id"] for row in listed} == set(
        model.objects.filter(agreement=world.impl_agreement_a).values_list("pk", flat=True))
    # Province B's agreement by number: nothing of it is listed to province A.
    assert client.get(path, {"agreement": world.impl_agreement_b.pk}).json()["results"] == []
