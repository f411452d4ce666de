"""Opportunities over the API (issue 10, item 7): the mission posts, a province expresses interest, the
poster connects, the province links the agreement — the database read back after every call, with the
pages' rules (who may write, which records an outcome may name) and flat, field-named errors.
World: A = Lạng Sơn (officer_a), B = Đà Nẵng (officer_b), the embassy in Korea (mission_officer)."""
import datetime
import json

import pytest
from django.urls import reverse

from ngoaivu.core.models import Sector
from ngoaivu.partners import opportunities as ops
from ngoaivu.partners.models_opportunities import Interest, Opportunity

# a deadline still ahead (a past one is refused)
NEXT_YEAR_END = f"{datetime.date.today().year + 1}-12-31"
pytestmark = pytest.mark.django_db


def _send(client, method, url, body=None, **headers):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **headers)


def test_post_interest_connect_outcome_over_the_api(world, client_for):
    mission, danang, langson = (client_for(world.users[k]) for k in ("mission_officer", "officer_b", "officer_a"))
    agri = Sector.objects.get(code="agriculture")
    created = _send(mission, "post", reverse("opportunity-list"), {
        "kind": "partner_seeks", "title": "Chungcheongbuk-do tìm tỉnh hợp tác nông nghiệp", "sectors": [agri.pk],
        "country": "KR", "preferred_countries": ["KR", "JP"], "partner": world.partner_kr.pk,
        "sought": "Vùng nguyên liệu", "deadline": NEXT_YEAR_END, "contact": "ĐSQ tại Hàn Quốc",
        # The poster is the caller's own scope: a locality in the body is ignored.
        "locality": world.a.pk})
    assert created.status_code == 201, created.content
    opp = Opportunity.objects.get(pk=created.json()["id"])
    assert (opp.mission, opp.locality, opp.created_by, opp.status) == (world.mission, None,
                                                                       world.users["mission_officer"], "open")
    assert ([s.pk for s in opp.sectors.all()], str(opp.country), sorted(str(c) for c in opp.preferred_countries),
            opp.partner, str(opp.deadline)) == ([agri.pk], "KR", ["JP", "KR"], world.partner_kr, NEXT_YEAR_END)
    read = mission.get(reverse("opportunity-detail", kwargs={"pk": opp.pk}))
    assert read.json()["preferred_countries"] == ["JP", "KR"] and read.json()["poster"] == str(world.mission)
    assert read["ETag"]

    # Đà Nẵng expresses interest (its own province, whatever the body says); a second time is refused.
    url = reverse("opportunity-interest-list")
    answer = _send(danang, "post", url, {"opportunity": opp.pk, "note": "Đà Nẵng có vùng rau Túy Loan"})
    assert answer.status_code == 201, answer.content
    interest = Interest.objects.get(pk=answer.json()["id"])
    assert (interest.opportunity, interest.locality, interest.status, interest.note, interest.created_by) == (
        opp, world.b, "expressed", "Đà Nẵng có vùng rau Túy Loan", world.users["officer_b"])
    again = _send(danang, "post", url, {"opportunity": opp.pk, "note": "lần nữa"})
    assert again.status_code == 400 and list(again.json()["errors"]) == ["note"]
    assert Interest.objects.filter(opportunity=opp).count() == 1
    assert _send(danang, "post", url, {"opportunity": opp.pk, "locality": world.a.pk}).status_code == 403
    assert [i["id"] for i in langson.get(url, {"opportunity": opp.pk}).json()["results"]] == [interest.pk]

    # Only the poster (or the centre) connects.
    connect = reverse("opportunity-interest-connect", kwargs={"pk": interest.pk})
    assert _send(langson, "post", connect).status_code == 403
    assert _send(danang, "post", connect).status_code == 403
    interest.refresh_from_db()
    assert (interest.status, interest.connected_by) == ("expressed", None)
    answer = _send(mission, "post", connect)
    assert answer.status_code == 200 and answer.json()["status"] == "connected"
    interest.refresh_from_db()
    assert (interest.status, interest.connected_by) == ("connected", world.users["mission_officer"])
    assert interest.connected_at is not None
    assert _send(mission, "post", connect).status_code == 400  # already connected

    # The outcome names the interested province's own agreement; A's (which B cannot read) does not exist.
    from ngoaivu.agreements import actions as agreement_actions
    mou = agreement_actions.create_agreement(world.users["officer_b"], locality=world.b, partners=[world.partner_kr],
                                             title="Bản ghi nhớ nông nghiệp với Chungcheongbuk-do", form="ban_ghi_nho")
    outcome = reverse("opportunity-interest-outcome", kwargs={"pk": interest.pk})
    refused = _send(danang, "post", outcome, {"agreement": world.agreement_a.pk})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["agreement"]
    assert _send(danang, "post", outcome, {}).json()["errors"] == {
        "agreement": ["Chọn thỏa thuận hoặc đoàn là kết quả của kết nối"]}
    interest.refresh_from_db()
    assert (interest.status, interest.agreement) == ("connected", None)
    answer = _send(danang, "post", outcome, {"agreement": mou.pk})
    assert answer.status_code == 200 and answer.json()["agreement"] == mou.pk
    interest.refresh_from_db()
    assert (interest.status, interest.agreement) == ("outcome", mou)
    assert ops.outcome_figure() == {"opportunities": 1, "agreements": 1}


def test_writes_follow_the_posters_scope_and_errors_name_the_field(world, client_for):
    opp = world.opp_a  # posted by Lạng Sơn
    url = reverse("opportunity-detail", kwargs={"pk": opp.pk})
    for persona in ("officer_b", "mission_officer", "central_viewer", "viewer"):
        client = client_for(world.users[persona])
        assert client.get(url).status_code == 200, persona  # a national listing: everyone reads it
        assert _send(client, "patch", url, {"title": "Sửa trộm"}).status_code == 403, persona
    opp.refresh_from_db()
    assert opp.title == "Lạng Sơn tìm đối tác logistics"

    manager = client_for(world.users["manager_a"])
    answer = _send(manager, "patch", url, {"status": "closed", "preferred_countries": ["CN"]})
    assert answer.status_code == 200, answer.content
    opp.refresh_from_db()
    assert (opp.status, [str(c) for c in opp.preferred_countries], opp.locality) == ("closed", ["CN"], world.a)

    bad = _send(manager, "patch", url, {"preferred_countries": ["CN", "XX"], "title": ""})
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert set(errors) == {"preferred_countries", "title"}
    assert all(isinstance(m, str) for messages in errors.values() for m in messages)  # flat, as the schema says
    assert errors["preferred_countries"][0].startswith("2: ")
    opp.refresh_from_db()
    assert (opp.title, [str(c) for c in opp.preferred_countries]) == ("Lạng Sơn tìm đối tác logistics", ["CN"])

    # A mission does not post "seeking a partner" (a province's listing); a viewer posts nothing.
    mission = client_for(world.users["mission_officer"])
    before = Opportunity.objects.count()
    answer = _send(mission, "post", reverse("opportunity-list"), {"kind": "province_seeks", "title": "Tìm đối tác",
                                                                  "country": "KR"})
    assert answer.status_code == 400 and list(answer.json()["errors"]) == ["kind"]
    # nor for a country it does not cover
    answer = _send(mission, "post", reverse("opportunity-list"), {"kind": "partner_seeks", "title": "Lào", "country": "LA"})
    assert answer.status_code == 400 and list(answer.json()["errors"]) == ["country"]
    viewer = client_for(world.users["viewer"])
    assert _send(viewer, "post", reverse("opportunity-list"), {"title": "Tìm đối tác"}).status_code == 403
    assert Opportunity.objects.count() == before


def test_list_search_is_folded(world, client_for):
    client = client_for(world.users["officer_b"])
    found = client.get(reverse("opportunity-list"), {"q": "lang son logistics"}).json()["results"]
    assert [o["id"] for o in found] == [world.opp_a.pk]
    assert client.get(reverse("opportunity-list"), {"q": "busan du lich"}).json()["results"][0]["id"] == world.opp_kr.pk
