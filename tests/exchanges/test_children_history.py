"""A delegation's countries, members, contacts and partners keep no history of their own: the action that
rewrites them names what changed in the reason of the delegation's history row, and the delegation's page
shows it ("Sửa lịch trình: thêm Hàn Quốc (Seoul), bỏ Nhật Bản"), in English too. Before, an edit of the
itinerary alone was a "Sửa" naming nothing."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import Delegation
from ngoaivu.partners.models import Partner
from tests.exchanges import factories

pytestmark = pytest.mark.django_db


def _history(page) -> list[str]:
    html = page.content.decode()
    return html.split('id="history-title"')[1].split("</section>")[0].split('<li class="timeline__item">')[1:]


def test_an_edit_of_the_itinerary_is_named_in_the_delegations_history_and_only_its_province_reads_it(
        world, client_for):
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a, countries=("JP", "CN"), members=("Lê Thị Hoa",))
    actions.update_delegation(officer, Delegation.objects.get(pk=d.pk), data={}, stops=[
        {"country": "CN", "city": "", "days": None}, {"country": "KR", "city": "Seoul", "days": 2}])
    d.refresh_from_db()
    assert list(d.stops.values_list("country", "city")) == [("CN", ""), ("KR", "Seoul")]
    url = reverse("exchanges:delegation_detail", args=[d.pk])
    newest = _history(client_for(officer).get(url))[0]
    assert "Sửa lịch trình: thêm Hàn Quốc (Seoul, 2 ngày), bỏ Nhật Bản" in newest, newest
    assert "thành viên" not in newest, "the members were not changed"
    english = _history(client_for(officer).get(url, HTTP_ACCEPT_LANGUAGE="en"))[0]
    assert "Itinerary edited: added " in english and ", removed " in english, english
    assert client_for(world.users["officer_b"]).get(url).status_code == 404


def test_members_contacts_and_partners_changed_at_once_are_each_named_and_kept_whole(world, client_for):
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a, members=("Lê Thị Hoa", "Trần Văn Bình"))
    partner = Partner.objects.create(name="Gyeonggi Provincial Government", country="KR")
    many = [{"full_name": f"Thành viên số {i}", "title": "Chuyên viên", "organisation": "Sở Ngoại vụ"} for i in range(6)]
    actions.update_delegation(
        officer, Delegation.objects.get(pk=d.pk), data={"member_count": 10},
        members=[{"full_name": "Lê Thị Hoa"}, *many],
        contacts=[{"channel": "state", "counterpart": "Phó Thống đốc tỉnh Gyeonggi", "partner": partner}],
        partners=[partner])
    reason = Delegation.history.filter(id=d.pk).order_by("-history_id").first().history_change_reason
    assert len(reason) > 100, "the reason is text: cut at 100 characters it lost the members named last"
    newest = _history(client_for(officer).get(reverse("exchanges:delegation_detail", args=[d.pk])))[0]
    assert "Sửa thành viên đoàn: thêm Thành viên số 0 (Chuyên viên, Sở Ngoại vụ)" in newest, newest
    assert "Thành viên số 5 (Chuyên viên, Sở Ngoại vụ), bỏ Trần Văn Bình" in newest, newest
    assert "Sửa tiếp xúc: thêm " in newest and "Phó Thống đốc tỉnh Gyeonggi (Gyeonggi Provincial Government)" in newest
    assert "Sửa đối tác của đoàn: thêm Gyeonggi Provincial Government" in newest
    assert "Sửa lịch trình" not in newest, "the itinerary was not sent"
    # Reversing exchanges 0017 would shorten the reasons to 100 characters again (PostgreSQL cuts them without a
    # word): refused while such a reason is there.
    import importlib

    from django.apps import apps
    from django.db.migrations.exceptions import IrreversibleError
    step = importlib.import_module("ngoaivu.exchanges.migrations.0017_delegation_history_reason_text") \
        .Migration.operations[-1].reverse_code
    with pytest.raises(IrreversibleError, match="delegation history reasons are longer than 100"):
        step(apps, None)


def test_an_edit_that_sends_the_same_rows_again_names_no_change(world):
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a, countries=("JP",), members=("Lê Thị Hoa",))
    actions.update_delegation(officer, Delegation.objects.get(pk=d.pk), data={"purpose": "Ký kết bản ghi nhớ"},
                              stops=[{"country": "JP", "city": "", "days": None}], members=[{"full_name": "Lê Thị Hoa"}],
                              contacts=[], partners=[])
    assert Delegation.history.filter(id=d.pk).order_by("-history_id").first().history_change_reason is None


def test_the_contacts_of_the_report_are_named_with_the_report(world, client_for):
    officer = world.users["officer_a"]
    d = factories.approved_delegation(officer, world.a)
    actions.record_return(officer, d, returned_on=d.end_date)
    actions.submit_report(officer, Delegation.objects.get(pk=d.pk), submitted_on=datetime.date.today(),
                          summary="Đã làm việc với tỉnh Shizuoka",
                          contacts=[{"channel": "state", "counterpart": "Thống đốc tỉnh Shizuoka"}])
    newest = _history(client_for(officer).get(reverse("exchanges:delegation_detail", args=[d.pk])))[0]
    assert "Nộp báo cáo kết quả; Sửa tiếp xúc: thêm " in newest and "Thống đốc tỉnh Shizuoka" in newest, newest
