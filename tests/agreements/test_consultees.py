"""Consultee lists: national defaults, a province's own list per level, the checklist on an agreement."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.agreements import actions
from ngoaivu.agreements.consultees import NATIONAL_DEFAULTS, checklist, level_of, load_national_defaults
from ngoaivu.agreements.models import ConsulteeRule
from ngoaivu.core.models import Unit
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 2, 2)


@pytest.fixture
def defaults(world):
    load_national_defaults()  # transactional tests may have flushed the migration's rows
    ConsulteeRule.objects.exclude(locality=None).delete()  # the URL walk's records give A a list of its own
    return world


def names(items):
    return [i.rule.consultee for i in items]


def test_the_migration_loads_the_national_lists_once():
    assert ConsulteeRule.objects.filter(locality=None).count() == len(NATIONAL_DEFAULTS)
    assert load_national_defaults() == 0
    assert ConsulteeRule.objects.filter(locality=None, level="province", is_mofa=True, condition="always").exists()


def test_the_signing_unit_decides_the_level(defaults):
    w = defaults
    officer = w.users["officer_a"]
    pc = agreement(officer, w.a)
    soct = agreement(officer, w.a, signing_unit=w.unit_a, title="Bản ghi nhớ của Sở Công Thương")
    commune = Unit.objects.filter(locality=w.a, kind="commune_pc").first()
    border = agreement(officer, w.a, signing_unit=commune, title="Biên bản thỏa thuận của xã biên giới")
    assert (level_of(pc), level_of(soct), level_of(border)) == ("province", "department", "commune")


def test_the_checklist_follows_requests_and_answers(defaults):
    w = defaults
    officer = w.users["officer_a"]
    a = agreement(officer, w.a)
    level, items, own = checklist(a)
    assert level == "province" and not own
    assert names(items)[0] == "Bộ Ngoại giao" and {i.state for i in items} == {"todo"}
    # MOFA is recognised by its flag even when the officer wrote the name differently.
    request = actions.record_event(officer, a, "opinion_requested", DAY, consultee="BNG (Vụ Lễ tân)", is_mofa=True,
                                   today=DAY)
    assert checklist(a)[1][0].state == "requested"
    actions.record_event(officer, a, "opinion_received", DAY, request=request, opinion="agree", today=DAY)
    # Other bodies match by their folded name.
    actions.record_event(officer, a, "opinion_requested", DAY, consultee="bo cong an", today=DAY)
    states = {i.rule.consultee: i.state for i in checklist(a)[1]}
    assert states["Bộ Ngoại giao"] == "agree" and states["Bộ Công an"] == "requested"
    assert states["Bộ Quốc phòng"] == "todo"


def test_a_provinces_own_list_replaces_the_defaults_for_that_level_only(defaults):
    w = defaults
    officer = w.users["officer_a"]
    actions.adopt_national_consultees(officer, w.a, "department")
    ConsulteeRule.objects.filter(locality=w.a, consultee="Cơ quan ngoại vụ của tỉnh").update(consultee="Sở Ngoại vụ Lạng Sơn")
    soct = agreement(officer, w.a, signing_unit=w.unit_a, title="Bản ghi nhớ của Sở Công Thương")
    _level, items, own = checklist(soct)
    assert own and "Sở Ngoại vụ Lạng Sơn" in names(items) and "Cơ quan ngoại vụ của tỉnh" not in names(items)
    assert not checklist(agreement(officer, w.a))[2]                       # province level: still national
    b_soct = agreement(w.users["officer_b"], w.b, signing_unit=Unit.objects.filter(locality=w.b, kind="department").first())
    assert "Cơ quan ngoại vụ của tỉnh" in names(checklist(b_soct)[1])      # province B: untouched
    with pytest.raises(Exception, match="danh sách riêng"):
        actions.adopt_national_consultees(officer, w.a, "department")


def test_an_officer_adds_a_body_to_their_provinces_list_and_duplicates_are_refused(defaults, client_for):
    w = defaults
    client = client_for(w.users["officer_a"])
    url = reverse("agreements:consultee_create", args=["commune"])
    response = client.post(url, {"locality": w.a.pk, "consultee": "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn",
                                 "condition": "always", "position": 1})
    assert response.status_code == 302 and response.url.endswith(f"?locality={w.a.pk}")
    assert ConsulteeRule.objects.filter(locality=w.a, level="commune").count() == 1
    again = client.post(url, {"locality": w.a.pk, "consultee": "bo chi huy bo doi bien phong tinh lang son",
                              "condition": "always", "position": 2})
    html = again.content.decode()
    assert again.status_code == 200 and "đã có trong danh sách này" in html
    empty = client.post(url, {"locality": w.a.pk, "consultee": "", "condition": "always", "position": 2}).content.decode()
    assert "Nhập cơ quan được xin ý kiến" in empty
    assert ConsulteeRule.objects.filter(locality=w.a, level="commune").count() == 1
    assert reverse("agreements:consultee_list") in client.get(reverse("agreements:agreement_list")).content.decode()
    page = client.get(reverse("agreements:consultee_list")).content.decode()
    assert "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn" in page and "Danh sách riêng của Lạng Sơn" in page


def test_provinces_and_the_centre_edit_only_their_own_lists(defaults, client_for):
    w = defaults
    rule_a = ConsulteeRule.objects.create(locality=w.a, level="department", consultee="Sở Ngoại vụ Lạng Sơn")
    national = ConsulteeRule.objects.filter(locality=None).first()
    create = reverse("agreements:consultee_create", args=["department"])
    b = client_for(w.users["officer_b"])
    assert b.post(create, {"locality": w.a.pk, "consultee": "Xen ngang", "condition": "always", "position": 0}).status_code == 404
    assert b.get(reverse("agreements:consultee_list") + f"?locality={w.a.pk}").status_code == 404
    assert b.post(reverse("agreements:consultee_delete", args=[rule_a.pk])).status_code == 404
    assert client_for(w.users["officer_a"]).get(reverse("agreements:consultee_edit", args=[national.pk])).status_code == 403
    assert client_for(w.users["viewer"]).post(create, {"locality": w.a.pk, "consultee": "X", "condition": "always",
                                                       "position": 0}).status_code == 403
    central = client_for(w.users["central"])
    assert central.get(reverse("agreements:consultee_edit", args=[rule_a.pk])).status_code == 403
    response = central.post(reverse("agreements:consultee_edit", args=[national.pk]),
                            {"consultee": national.consultee, "is_mofa": "on", "condition": "always", "position": 0,
                             "basis": "Luật Thỏa thuận quốc tế 2020, Điều 18"})
    assert response.status_code == 302
    national.refresh_from_db()
    assert national.basis == "Luật Thỏa thuận quốc tế 2020, Điều 18" and national.history.count() >= 1
    assert ConsulteeRule.objects.filter(pk=rule_a.pk).exists()
    client_for(w.users["officer_a"]).post(reverse("agreements:consultee_delete", args=[rule_a.pk]))
    assert not ConsulteeRule.objects.filter(pk=rule_a.pk).exists()


def test_the_agreement_page_links_each_missing_request_to_a_filled_in_form(defaults, client_for):
    w = defaults
    a = agreement(w.users["officer_a"], w.a)
    client = client_for(w.users["officer_a"])
    page = client.get(a.get_absolute_url()).content.decode()
    assert "Xin ý kiến trước khi ký" in page and "Chưa gửi" in page
    link = reverse("agreements:event_create", args=[a.pk]) + "?kind=opinion_requested&amp;consultee=B%E1%BB%99%20Ngo%E1%BA%A1i%20giao&amp;is_mofa=1"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'value="Bộ Ngoại giao"' in form and 'name="is_mofa" id="id_is_mofa" checked' in form
    assert '<datalist id="id_consultee-options">' in form and '<option value="Bộ Công an">' in form
    # A viewer sees the checklist without the links.
    viewer_page = client_for(w.users["viewer"]).get(a.get_absolute_url()).content.decode()
    assert "Xin ý kiến trước khi ký" in viewer_page and "Ghi nhận đã gửi" not in viewer_page
