"""Conferences name their foreign partners (the partner picker, the API), and through the partners'
countries the mission accredited there reads them — on its page, the conference list, the record and the
API — by the one scoping mechanism, as it reads delegations. The partner page lists them within what the
reader may see; a merge moves them and an unmerge gives them back."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ngoaivu.core.models import User
from ngoaivu.exchanges.models import Conference
from ngoaivu.partners import merging
from tests.agreements.factories import partner
from tests.exchanges.factories import conference

pytestmark = pytest.mark.django_db

KR_CONF = "Hội thảo xúc tiến đầu tư Chungcheongbuk-do"
JP_CONF = "Hội thảo du lịch Nagano"


def d(day):
    return day.strftime("%d/%m/%Y")


def fresh(world, name):
    """The persona read afresh (the scope is cached on the user object)."""
    return User.objects.get(pk=world.users[name].pk)


@pytest.fixture
def partners(world):
    return {"kr": partner("Chungcheongbuk-do", "KR", name_vi="Tỉnh Chungcheongbuk"),
            "jp": partner("Nagano Prefecture", "JP", name_vi="Tỉnh Nagano")}


def form_post(world, partner_ids, title=KR_CONF):
    soon = timezone.localdate() + datetime.timedelta(days=30)
    return {"locality": str(world.a.pk), "title": title, "kind": "seminar", "form": "in_person", "vietnam_endpoint": "on",
            "venue": "Thành phố Lạng Sơn", "start_date": d(soon), "end_date": d(soon + datetime.timedelta(days=1)),
            "organiser_kind": "foreign", "organiser_name": "KOTRA Hà Nội", "content": "Kết nối doanh nghiệp",
            "participants_count": "80", "foreign_participants_count": "20", "highest_foreign_level": "other",
            "partners": [str(pk) for pk in partner_ids]}


def test_a_province_names_the_partners_of_its_conference_and_the_mission_of_their_country_reads_it(
        world, partners, client_for):
    officer = client_for(world.users["officer_a"])
    response = officer.post(reverse("exchanges:conference_create"), form_post(world, [partners["kr"].pk]))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    conf = Conference.objects.get(title=KR_CONF)
    assert set(conf.partners.values_list("pk", flat=True)) == {partners["kr"].pk}
    assert conf.countries == ["KR"]
    # B's conference with a Japanese partner: not the Korean mission's.
    other = conference(world.users["officer_b"], world.b, title=JP_CONF, partners=[partners["jp"]],
                       start_date=timezone.localdate() + datetime.timedelta(days=10),
                       end_date=timezone.localdate() + datetime.timedelta(days=10))
    assert set(other.partners.all()) == {partners["jp"]}

    mission = client_for(fresh(world, "mission_officer"))
    page = mission.get(world.mission.get_absolute_url())
    assert [c.title for c in page.context["conferences"]] == [KR_CONF]
    html = page.content.decode()
    assert KR_CONF in html and JP_CONF not in html and "Chungcheongbuk-do" in html
    listing = mission.get(reverse("exchanges:conference_list")).content.decode()
    assert KR_CONF in listing and JP_CONF not in listing
    assert mission.get(conf.get_absolute_url()).status_code == 200
    assert mission.get(other.get_absolute_url()).status_code == 404
    api = mission.get(reverse("conference-list"), {"page_size": 500}).json()
    rows = api["results"] if isinstance(api, dict) else api
    assert {row["title"] for row in rows} == {KR_CONF}
    assert rows[0]["partners"] == [partners["kr"].pk]
    # Reading is not editing: the mission does not change a province's conference.
    assert mission.get(reverse("exchanges:conference_edit", args=[conf.pk])).status_code in (403, 404)
    # Another province does not read A's internal conference because of the partner.
    assert client_for(world.users["officer_b"]).get(conf.get_absolute_url()).status_code == 404


def test_the_partner_page_lists_the_conferences_the_reader_sees_and_counts_the_others(world, partners, client_for):
    conf = conference(world.users["officer_a"], world.a, title=KR_CONF, partners=[partners["kr"]])
    url = partners["kr"].get_absolute_url()
    own = client_for(world.users["officer_a"]).get(url)
    assert [c.pk for c in own.context["conferences"]] == [conf.pk]
    assert KR_CONF in own.content.decode()
    other = client_for(world.users["officer_b"]).get(url)
    assert list(other.context["conferences"]) == [] and other.context["ties"].hidden_conferences == 1
    assert KR_CONF not in other.content.decode()
    assert "1 hội nghị, hội thảo của tỉnh khác" in other.content.decode()
    seen = client_for(fresh(world, "mission_officer")).get(url)
    assert [c.pk for c in seen.context["conferences"]] == [conf.pk]


def test_removing_the_partner_in_the_edit_form_takes_the_conference_off_the_missions_page(
        world, partners, client_for):
    conf = conference(world.users["officer_a"], world.a, title=KR_CONF, partners=[partners["kr"]],
                      start_date=timezone.localdate() + datetime.timedelta(days=5),
                      end_date=timezone.localdate() + datetime.timedelta(days=5))
    officer = client_for(world.users["officer_a"])
    url = reverse("exchanges:conference_edit", args=[conf.pk])
    form = officer.get(url).context["form"]
    assert form.initial["partners"] == [partners["kr"].pk]
    post = {**form_post(world, [partners["jp"].pk]), "version": form.initial["version"]}
    assert officer.post(url, post).status_code == 302
    assert set(Conference.objects.get(pk=conf.pk).partners.all()) == {partners["jp"]}
    mission = client_for(fresh(world, "mission_officer"))
    assert list(mission.get(world.mission.get_absolute_url()).context["conferences"]) == []
    assert mission.get(conf.get_absolute_url()).status_code == 404
    # The record page shows the partner chosen, after a reload.
    assert "Nagano Prefecture" in officer.get(conf.get_absolute_url()).content.decode()


def test_an_unknown_partner_is_refused_with_a_message_naming_the_field(world, partners, client_for):
    officer = client_for(world.users["officer_a"])
    response = officer.post(reverse("exchanges:conference_create"), form_post(world, [999999]))
    assert response.status_code == 200
    assert "Đối tác nước ngoài: không tìm thấy đối tác số 999999" in response.context["form"].errors["partners"][0]
    assert not Conference.objects.filter(title=KR_CONF).exists()
    merged = partner("Chungbuk Province", "KR", name_vi="Tỉnh Chungbuk")
    merged.merged_into = partners["kr"]
    merged.save()
    response = officer.post(reverse("exchanges:conference_create"), form_post(world, [merged.pk]))
    assert response.status_code == 200 and "partners" in response.context["form"].errors
    assert not Conference.objects.filter(title=KR_CONF).exists()


def test_the_api_reads_and_writes_the_partners_of_a_conference(world, partners, client_for):
    api = client_for(world.users["officer_a"])
    soon = timezone.localdate() + datetime.timedelta(days=30)
    body = {"locality": world.a.pk, "title": KR_CONF, "venue": "Lạng Sơn", "start_date": soon.isoformat(),
            "end_date": soon.isoformat(), "participants_count": 50, "foreign_participants_count": 10,
            "organiser_kind": "foreign", "organiser_name": "KOTRA", "partners": [partners["kr"].pk]}
    created = api.post(reverse("conference-list"), body, content_type="application/json")
    assert created.status_code == 201, created.content
    conf = Conference.objects.get(pk=created.json()["id"])
    assert list(conf.partners.all()) == [partners["kr"]]
    url = reverse("conference-detail", args=[conf.pk])
    # A PATCH without partners keeps them; one with partners replaces them.
    assert api.patch(url, {"title": "Hội thảo đã đổi tên"}, content_type="application/json").status_code == 200
    assert list(Conference.objects.get(pk=conf.pk).partners.all()) == [partners["kr"]]
    changed = api.patch(url, {"partners": [partners["jp"].pk]}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["partners"] == [partners["jp"].pk]
    assert list(Conference.objects.get(pk=conf.pk).partners.all()) == [partners["jp"]]
    refused = api.patch(url, {"partners": [999999]}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["partners"] == ["Đối tác nước ngoài: không có đối tác số 999999 trong danh mục"]
    assert list(Conference.objects.get(pk=conf.pk).partners.all()) == [partners["jp"]]


def test_a_merge_moves_the_conferences_and_an_unmerge_gives_them_back(world, partners):
    duplicate = partner("Chungbuk", "KR", name_vi="Chungbuk")
    conf = conference(world.users["officer_a"], world.a, title=KR_CONF, partners=[duplicate])
    both = conference(world.users["officer_b"], world.b, title=JP_CONF, partners=[duplicate, partners["kr"]])
    central = world.users["central"]
    assert [c.pk for c in merging.merge_preview(partners["kr"], duplicate)["conferences"]] == sorted([conf.pk, both.pk])
    merge = merging.merge_partners(central, partners["kr"], duplicate)
    assert set(Conference.objects.get(pk=conf.pk).partners.all()) == {partners["kr"]}
    assert set(Conference.objects.get(pk=both.pk).partners.all()) == {partners["kr"]}
    merging.unmerge(central, merge)
    assert set(Conference.objects.get(pk=conf.pk).partners.all()) == {duplicate}
    assert set(Conference.objects.get(pk=both.pk).partners.all()) == {duplicate, partners["kr"]}
