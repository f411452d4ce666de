"""An outside review of the exchanges app: each test is a state a user met after a step that answered
success (or a refusal that did not name where), kept here with its fix."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import Conference
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _held_conference(world, **overrides):
    user = world.users["officer_a"]
    conf = factories.conference(user, world.a, start_date=TODAY - datetime.timedelta(days=30),
                                end_date=TODAY - datetime.timedelta(days=29), **overrides)
    return actions.approve_conference(user, conf, decision_number="15/QĐ-UBND",
                                      decision_date=TODAY - datetime.timedelta(days=60))


def test_a_second_conference_report_is_refused_and_the_first_one_stays(world, client_for):
    """Two officers each open "Nộp báo cáo sau hội nghị"; the second one's report replaced the first one's
    text and date without a word (a delegation's second report is refused)."""
    conf = _held_conference(world)
    url = reverse("exchanges:conference_report", args=[conf.pk])
    first, second = client_for(world.users["officer_a"]), client_for(world.users["manager_a"])
    day = f"{TODAY - datetime.timedelta(days=5):%d/%m/%Y}"
    assert first.post(url, {"submitted_on": day, "text": "Báo cáo của chị Lan"}).status_code == 302
    response = second.post(url, {"submitted_on": f"{TODAY:%d/%m/%Y}", "text": "Báo cáo của anh Minh"})
    assert response.status_code == 200
    assert "Hội nghị này đã có báo cáo kết quả" in response.content.decode()
    conf.refresh_from_db()
    assert (conf.report_text, conf.report_submitted_on) == ("Báo cáo của chị Lan", TODAY - datetime.timedelta(days=5))


def test_a_report_on_a_copy_read_before_the_cancellation_is_refused(world):
    """The page's copy was read before a colleague cancelled: its report saved the whole row back,
    cancellation included, so the conference was reported and no longer cancelled."""
    user = world.users["officer_a"]
    conf = _held_conference(world)
    stale = Conference.objects.get(pk=conf.pk)
    actions.cancel_conference(user, Conference.objects.get(pk=conf.pk), cancelled_on=TODAY, reason="Đối tác hoãn")
    with pytest.raises(ValidationError):
        actions.submit_conference_report(user, stale, submitted_on=TODAY, text="Báo cáo")
    conf.refresh_from_db()
    assert conf.cancelled_on == TODAY and conf.report_submitted_on is None and conf.status == "cancelled"


def test_an_import_row_with_other_authority_but_no_name_is_refused_in_the_preview(world, client_for):
    """“Cấp khác” (or "other") passed the preview; the confirmation then failed with “Không nhập dòng nào:
    Nhập tên cấp phê duyệt khi chọn “Cấp khác”” naming neither row nor column."""
    from tests.exchanges.test_delegation_entry import good_row, xlsx
    client = client_for(world.users["officer_a"])
    for typed in ("Cấp khác", "other"):
        preview = client.post(reverse("exchanges:delegation_import"),
                              {"file": xlsx([good_row(), good_row(authority=typed)])})
        result = preview.context["result"]
        assert (3, "Cấp phê duyệt", "Ghi tên cấp phê duyệt thay cho “Cấp khác”") in result.errors
        assert preview.context["run"] is None
    # A body typed by name is still kept as the note of "other".
    preview = client.post(reverse("exchanges:delegation_import"), {"file": xlsx([good_row(authority="UB MTTQ tỉnh")])})
    assert preview.context["result"].ok and preview.context["result"].rows[0].approval["authority_note"] == "UB MTTQ tỉnh"


def _api(user):
    from rest_framework.test import APIClient
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_member_count_cannot_fall_below_the_members_listed_through_the_api_or_the_import(world, client_for):
    """The form refuses 1 member for a head and two members listed; a PATCH of the count (or of the list)
    and an import of the exported row with the count lowered saved it."""
    from tests.exchanges.test_delegation_entry import good_row, xlsx
    user = world.users["officer_a"]
    d = factories.delegation(user, world.a, members=("Trần Văn Bình", "Lê Thị Cúc"))
    client = _api(user)
    response = client.patch(f"/api/delegations/{d.pk}/", {"member_count": 2}, format="json")
    assert response.status_code == 400 and "member_count" in response.content.decode()
    assert "Số thành viên (2) ít hơn danh sách đã nhập cộng trưởng đoàn (3)" in response.content.decode()
    listed = [{"full_name": f"Thành viên {i}"} for i in range(6)]
    assert client.patch(f"/api/delegations/{d.pk}/", {"members": listed}, format="json").status_code == 400
    d.refresh_from_db()
    assert d.member_count == 6 and d.members.count() == 2
    # The import names the row and the column, in the preview.
    row = good_row(id=d.pk, title=d.title, head_name=d.head_name, head_title=d.head_title, member_count=2,
                   destinations="Nhật Bản", purpose=d.purpose, start_date=f"{d.start_date:%d/%m/%Y}",
                   end_date=f"{d.end_date:%d/%m/%Y}", level="leader", authority="",
                   decision_number="", decision_date="")
    preview = client_for(user).post(reverse("exchanges:delegation_import"), {"file": xlsx([row])})
    assert (2, "Số thành viên", "Số thành viên (2) ít hơn danh sách đã nhập cộng trưởng đoàn (3)") \
        in preview.context["result"].errors
    # Enough members: saved.
    assert client.patch(f"/api/delegations/{d.pk}/", {"member_count": 3}, format="json").status_code == 200


def test_editing_a_delegations_dates_cannot_put_its_recorded_return_or_report_before_them(world, client_for):
    """After "Ghi nhận kết thúc chuyến đi" and the report, the edit form took a departure after the recorded
    return and a planned return after the report: the record then said it came back before it left, and
    reported before it came back (record_return and submit_report refuse both)."""
    from ngoaivu.exchanges.models import Delegation
    from tests.exchanges.test_delegation_entry import plan_post
    user = world.users["officer_a"]
    start = TODAY - datetime.timedelta(days=30)
    d = factories.approved_delegation(user, world.a, start_date=start)
    actions.record_return(user, d, returned_on=start + datetime.timedelta(days=3))
    client = client_for(user)
    url = reverse("exchanges:delegation_edit", args=[d.pk])

    def post(start_date, end_date):
        return client.post(url, plan_post(world, title=d.title, member_count="6", level="leader", **{
            "start_date": f"{start_date:%d/%m/%Y}", "end_date": f"{end_date:%d/%m/%Y}", "stops-0-country": "JP",
            "stops-INITIAL_FORMS": "1",
            "version": str(client.get(url).context["form"].initial["version"])}))

    response = post(start + datetime.timedelta(days=5), start + datetime.timedelta(days=8))
    assert response.status_code == 200, response.context["form"].errors
    assert response.context["form"].errors.get("start_date") == [
        f"Đoàn đã ghi nhận về ngày {start + datetime.timedelta(days=3):%d/%m/%Y}: ngày đi phải cùng ngày hoặc "
        "trước ngày đó"]
    assert Delegation.objects.get(pk=d.pk).start_date == start

    # Without a recorded return, the planned one is the return: it cannot move past the report.
    other = factories.approved_delegation(user, world.a, start_date=start, title="Đoàn thứ hai")
    actions.submit_report(user, other, submitted_on=start + datetime.timedelta(days=6), summary="Kết quả tốt")
    with pytest.raises(ValidationError) as refused:
        actions.update_delegation(user, Delegation.objects.get(pk=other.pk),
                                  data={"end_date": start + datetime.timedelta(days=15)})
    assert "end_date" in refused.value.message_dict
    assert Delegation.objects.get(pk=other.pk).end_date == start + datetime.timedelta(days=5)
    # A change that keeps them in order is saved.
    actions.update_delegation(user, Delegation.objects.get(pk=other.pk),
                              data={"end_date": start + datetime.timedelta(days=6)})


def test_editing_a_conferences_dates_cannot_put_its_dossier_or_report_on_the_wrong_side_of_them(world):
    """The edit took an opening on or before the day the dossier was filed, and a close after the report
    (submit_dossier and submit_conference_report refuse both): the dossier then read "filed after it
    opened", the report "before it closed"."""
    user = world.users["officer_a"]
    conf = factories.conference(user, world.a, start_date=TODAY + datetime.timedelta(days=60),
                                end_date=TODAY + datetime.timedelta(days=61))
    actions.submit_dossier(user, conf, submitted_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        actions.update_conference(user, Conference.objects.get(pk=conf.pk),
                                  data={"start_date": TODAY, "end_date": TODAY + datetime.timedelta(days=1)})
    assert refused.value.message_dict == {"start_date": [f"Hồ sơ đã nộp ngày {TODAY:%d/%m/%Y}: ngày khai mạc phải "
                                                         "sau ngày đó"]}
    assert Conference.objects.get(pk=conf.pk).start_date == TODAY + datetime.timedelta(days=60)

    held = _held_conference(world, title="Hội thảo đã báo cáo")
    reported_on = TODAY - datetime.timedelta(days=20)
    actions.submit_conference_report(user, held, submitted_on=reported_on, text="Báo cáo")
    with pytest.raises(ValidationError) as refused:
        actions.update_conference(user, Conference.objects.get(pk=held.pk),
                                  data={"end_date": TODAY - datetime.timedelta(days=10)})
    assert list(refused.value.message_dict) == ["end_date"]
    assert Conference.objects.get(pk=held.pk).end_date == TODAY - datetime.timedelta(days=29)
    # A change that keeps them in order is saved.
    actions.update_conference(user, Conference.objects.get(pk=held.pk), data={"end_date": reported_on})
    assert Conference.objects.get(pk=held.pk).end_date == reported_on


def test_the_api_refuses_a_stops_partner_of_another_country_as_the_form_does(world):
    """The form refuses Shizuoka (Japan) on a Korean row; a PATCH saved it, and the Korean stop then showed a
    Japanese partner (on the partner's page, and to the mission in Tokyo through nothing of its country)."""
    from ngoaivu.partners.models import Partner
    shizuoka = Partner.objects.create(name="Shizuoka Prefecture", country="JP")
    user = world.users["officer_a"]
    d = factories.delegation(user, world.a)
    response = _api(user).patch(f"/api/delegations/{d.pk}/", {"stops": [{"country": "KR", "partner": shizuoka.pk}]},
                                format="json")
    assert response.status_code == 400
    assert "thuộc Nhật Bản, không phải nước của dòng này" in response.content.decode()
    assert [(str(s.country), s.partner_id) for s in d.stops.all()] == [("JP", None)]
    ok = _api(user).patch(f"/api/delegations/{d.pk}/", {"stops": [{"country": "JP", "partner": shizuoka.pk}]},
                          format="json")
    assert ok.status_code == 200 and ok.json()["stops"][0]["partner"] == shizuoka.pk


def test_a_merged_duplicate_partner_cannot_be_linked_to_a_delegation_again(world, client_for):
    """After two partners were merged, a page read before the merge (or an API client's old id) linked the
    delegation to the duplicate: it then showed on neither the kept partner's page nor its search."""
    from ngoaivu.partners.models import Partner
    from tests.exchanges.test_delegation_entry import plan_post
    kept = Partner.objects.create(name="Gyeonggi-do", name_vi="Tỉnh Gyeonggi", country="KR")
    duplicate = Partner.objects.create(name="Gyeonggi Province", country="KR", merged_into=kept)
    user = world.users["officer_a"]
    d = factories.delegation(user, world.a, countries=("KR",))
    response = _api(user).patch(f"/api/delegations/{d.pk}/", {"partners": [duplicate.pk]}, format="json")
    assert response.status_code == 400
    assert f"không có đối tác số {duplicate.pk} trong danh mục" in response.content.decode()
    stop = _api(user).patch(f"/api/delegations/{d.pk}/", {"stops": [{"country": "KR", "partner": duplicate.pk}]},
                            format="json")
    assert stop.status_code == 400
    assert not d.partners.exists() and d.stops.get().partner_id is None
    page = client_for(user).post(reverse("exchanges:delegation_create"), plan_post(
        world, partners=str(duplicate.pk), **{"stops-0-country": "KR"}))
    assert page.status_code == 200
    assert f"Đối tác nước ngoài: không tìm thấy đối tác số {duplicate.pk} trong danh mục" in page.content.decode()
    assert not duplicate.delegations.exists()


def test_re_importing_an_export_with_one_stop_changed_keeps_the_partners_met_at_the_others(world, client_for):
    """The export has no partner per stop, and the import replaced every stop from the file's cell: one
    stop's days corrected in Excel, and the partner met at every stop was gone (the preview said nothing)."""
    from ngoaivu.partners.models import Partner
    from tests.exchanges.test_delegation_reimport import URL, _cell, _export, _upload
    suwon = Partner.objects.create(name="Suwon-si", name_vi="Thành phố Suwon", country="KR")
    shizuoka = Partner.objects.create(name="Shizuoka Prefecture", country="JP")
    officer = world.users["officer_a"]
    d = factories.approved_delegation(officer, world.a, title="Đoàn thăm Hàn Quốc và Nhật Bản", countries=())
    actions.update_delegation(officer, d, data={}, stops=[
        {"country": "KR", "city": "Suwon", "days": 3, "partner": suwon},
        {"country": "JP", "city": "Shizuoka", "days": 2, "partner": shizuoka}])
    client = client_for(officer)
    workbook = _export(client)
    destinations = _cell(workbook, d.pk, "Nước đến")
    assert destinations.value == "Hàn Quốc; Suwon; 3\nNhật Bản; Shizuoka; 2"
    destinations.value = "Hàn Quốc; Suwon; 4\nNhật Bản; Shizuoka; 2\nTrung Quốc; 南宁"
    preview = _upload(client, workbook)
    assert preview.context["result"].ok, preview.context["result"].errors
    client.post(reverse(URL), {"confirm": "1", "token": str(preview.context["run"].token)})
    assert [(str(s.country), s.city, s.days, s.partner_id) for s in d.stops.all()] == [
        ("KR", "Suwon", 4, suwon.pk), ("JP", "Shizuoka", 2, shizuoka.pk), ("CN", "南宁", None, None)]


def test_a_trip_cut_short_ends_on_the_calendar_and_in_the_feed_on_its_recorded_return(world, client_for):
    """After "Ghi nhận kết thúc chuyến đi" three days early, the report deadline counted from the actual
    return, but the month, the week and the iCalendar feed still showed the delegation abroad until the
    planned day."""
    import icalendar

    from ngoaivu.exchanges.ical import build_calendar
    user = world.users["officer_a"]
    start = TODAY - datetime.timedelta(days=10)
    d = factories.approved_delegation(user, world.a, start_date=start, title="Đoàn thăm 경기도 (Hàn Quốc)",
                                      countries=("KR",))
    back = start + datetime.timedelta(days=2)
    actions.record_return(user, d, returned_on=back)
    feed = icalendar.Calendar.from_ical(build_calendar(user).to_ical())
    [trip] = [e for e in feed.walk("VEVENT") if str(e["uid"]) == f"delegation-{d.pk}@ngoaivu"]
    assert (trip.decoded("dtstart"), trip.decoded("dtend")) == (start, back + datetime.timedelta(days=1))
    assert str(trip["summary"]) == "Đoàn ra: Đoàn thăm 경기도 (Hàn Quốc)"
    week = client_for(user).get(reverse("exchanges:calendar_week"), {"date": back.isoformat()})
    by_day = {day["day"]: [e.uid for e in day["entries"]] for day in week.context["days"]}
    assert f"delegation-{d.pk}" in by_day[back]
    after = back + datetime.timedelta(days=1)
    if after in by_day:
        assert f"delegation-{d.pk}" not in by_day[after]


def test_a_destination_longer_than_the_whole_trip_is_refused_naming_its_row(world, client_for):
    """A six-day trip with 30 days in Korea was saved by the form, the API and the import (the days of a stop
    are typed apart from the dates, and nothing compared them)."""
    from ngoaivu.exchanges.models import Delegation
    from tests.exchanges.test_delegation_entry import good_row, plan_post, xlsx
    user = world.users["officer_a"]
    message = "Nước đến, dòng 2: 30 ngày, dài hơn cả chuyến đi (6 ngày, từ 09/03/2026 đến 14/03/2026)"
    page = client_for(user).post(reverse("exchanges:delegation_create"), plan_post(world, **{
        "stops-0-country": "JP", "stops-0-days": "2", "stops-1-country": "KR", "stops-1-days": "30"}))
    assert page.status_code == 200 and message in page.content.decode()
    assert not Delegation.objects.filter(title="Đoàn thăm Hàn Quốc").exists()
    d = factories.delegation(user, world.a)
    response = _api(user).patch(f"/api/delegations/{d.pk}/", {"stops": [{"country": "JP", "days": 2},
                                                                          {"country": "KR", "days": 30}]},
                                format="json")
    assert response.status_code == 400 and message in response.content.decode()
    # A shorter trip than its recorded stop is refused too.
    actions.update_delegation(user, d, data={}, stops=[{"country": "JP", "days": 5}])
    shorter = _api(user).patch(f"/api/delegations/{d.pk}/", {"end_date": "2026-03-10"}, format="json")
    assert shorter.status_code == 400
    assert Delegation.objects.get(pk=d.pk).end_date == datetime.date(2026, 3, 14)
    preview = client_for(user).post(reverse("exchanges:delegation_import"), {"file": xlsx([good_row(
        destinations="Nhật Bản; Tokyo; 2 | Hàn Quốc; Suwon; 30")])})
    assert (2, "Nước đến", "Nước đến, dòng 2: 30 ngày, dài hơn cả chuyến đi (7 ngày, từ 02/03/2025 đến 08/03/2025)") \
        in preview.context["result"].errors
    # Days that fit are saved.
    assert _api(user).patch(f"/api/delegations/{d.pk}/", {"stops": [{"country": "KR", "days": 6}]},
                            format="json").status_code == 200


def test_the_timeline_dates_a_status_change_by_the_day_in_viet_nam(world, client_for):
    """A delegation or a conference planned at 01:00 in Hà Nội showed its first status change on the day
    before (the UTC date of its time), below the day's events."""
    import time_machine
    from zoneinfo import ZoneInfo
    user = world.users["officer_a"]
    with time_machine.travel(datetime.datetime(2026, 3, 2, 1, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False):
        d = factories.delegation(user, world.a)
        conf = factories.conference(user, world.a)
        client = client_for(user)
        delegation_page = client.get(reverse("exchanges:delegation_detail", args=[d.pk]))
        conference_page = client.get(reverse("exchanges:conference_detail", args=[conf.pk]))
    assert {item["when"] for item in delegation_page.context["timeline"]} == {datetime.date(2026, 3, 2)}
    assert {item["when"] for item in conference_page.context["timeline"]} == {datetime.date(2026, 3, 2)}
    assert "01/03/2026" not in delegation_page.content.decode() + conference_page.content.decode()


def test_a_colleagues_change_between_the_preview_and_the_confirmation_is_not_overwritten(world, client_for):
    """The preview showed “Trưởng đoàn: Hoàng Văn Nam → Trần Thị Bình”; meanwhile a colleague corrected the
    head to “Hoàng Văn Năm”. The confirmation compared only which columns change, found the same, and wrote
    the file's value over the colleague's without a word."""
    from ngoaivu.exchanges.models import Delegation
    from tests.exchanges.test_delegation_reimport import URL, _cell, _export, _upload
    officer, colleague = world.users["officer_a"], world.users["manager_a"]
    d = factories.approved_delegation(officer, world.a, title="Đoàn thăm Nhật Bản", countries=("JP",))
    client = client_for(officer)
    workbook = _export(client)
    _cell(workbook, d.pk, "Trưởng đoàn").value = "Trần Thị Bình"
    preview = _upload(client, workbook)
    assert [row.changes for row in preview.context["result"].rows if row.existing and row.existing.pk == d.pk] == [
        [("Trưởng đoàn", "Hoàng Văn Nam", "Trần Thị Bình")]]
    actions.update_delegation(colleague, Delegation.objects.get(pk=d.pk), data={"head_name": "Hoàng Văn Năm"})
    response = client.post(reverse(URL), {"confirm": "1", "token": str(preview.context["run"].token)}, follow=True)
    assert any("Sổ đăng ký đã thay đổi từ lúc kiểm tra" in str(m) for m in response.context["messages"])
    assert Delegation.objects.get(pk=d.pk).head_name == "Hoàng Văn Năm"


def test_a_return_cannot_be_recorded_on_a_cancelled_delegation_or_after_its_report(world, client_for):
    """"Ghi nhận kết thúc chuyến đi" was accepted on a cancelled delegation (its timeline then said it came
    back), and after the report with a later day (the report then came before the return, and the kept
    report deadline moved)."""
    from ngoaivu.exchanges.models import Delegation
    user = world.users["officer_a"]
    start = TODAY - datetime.timedelta(days=30)
    cancelled = factories.approved_delegation(user, world.a, start_date=start, title="Đoàn bị hủy")
    actions.cancel_delegation(user, cancelled, cancelled_on=start - datetime.timedelta(days=2), reason="Hoãn")
    response = client_for(user).post(reverse("exchanges:delegation_return", args=[cancelled.pk]),
                                     {"returned_on": f"{start + datetime.timedelta(days=3):%d/%m/%Y}"})
    assert response.status_code == 200
    assert response.context["form"].errors["returned_on"] == ["Đoàn đã bị hủy, không thể ghi nhận kết thúc chuyến đi"]
    cancelled = Delegation.objects.get(pk=cancelled.pk)
    assert cancelled.returned_on is None and not cancelled.events.filter(kind="returned").exists()

    reported = factories.approved_delegation(user, world.a, start_date=start, title="Đoàn đã báo cáo")
    actions.submit_report(user, reported, submitted_on=start + datetime.timedelta(days=7), summary="Kết quả")
    due = Delegation.objects.get(pk=reported.pk).report_due
    with pytest.raises(ValidationError) as refused:
        actions.record_return(user, Delegation.objects.get(pk=reported.pk),
                              returned_on=start + datetime.timedelta(days=9))
    assert list(refused.value.message_dict) == ["returned_on"]
    reported = Delegation.objects.get(pk=reported.pk)
    assert reported.returned_on is None and reported.report_due == due
    # The day it actually came back, on or before the report, is recorded.
    actions.record_return(user, reported, returned_on=start + datetime.timedelta(days=4))
    assert Delegation.objects.get(pk=reported.pk).returned_on == start + datetime.timedelta(days=4)


def test_a_late_return_extends_the_trip_on_the_calendar_and_in_the_feed(world, client_for):
    """"Ghi nhận kết thúc chuyến đi" nine days after the planned day (the delegation stayed on): the report
    deadline counted from the actual return, but the month, the week and the iCalendar feed showed the
    delegation back on the planned day, and a week after that day did not show it at all."""
    import icalendar

    from ngoaivu.exchanges.ical import build_calendar
    user = world.users["officer_a"]
    start = TODAY - datetime.timedelta(days=20)
    d = factories.approved_delegation(user, world.a, start_date=start, end_date=start + datetime.timedelta(days=1),
                                      title="Đoàn thăm Okinawa", countries=("JP",))
    back = start + datetime.timedelta(days=12)
    actions.record_return(user, d, returned_on=back)
    feed = icalendar.Calendar.from_ical(build_calendar(user).to_ical())
    [trip] = [e for e in feed.walk("VEVENT") if str(e["uid"]) == f"delegation-{d.pk}@ngoaivu"]
    assert (trip.decoded("dtstart"), trip.decoded("dtend")) == (start, back + datetime.timedelta(days=1))
    # The week of the return begins after the planned day: the window's query must find the trip.
    week = client_for(user).get(reverse("exchanges:calendar_week"), {"date": back.isoformat()})
    by_day = {day["day"]: [e.uid for e in day["entries"]] for day in week.context["days"]}
    assert min(by_day) > d.end_date
    assert f"delegation-{d.pk}" in by_day[back]
    after = back + datetime.timedelta(days=1)
    if after in by_day:
        assert f"delegation-{d.pk}" not in by_day[after]
    month = client_for(user).get(reverse("exchanges:calendar"), {"month": f"{back:%Y-%m}"})
    listed = {e.uid: e for _day, e in month.context["month_entries"]}
    assert listed[f"delegation-{d.pk}"].end == back



def test_a_conference_allowed_without_a_dossier_date_has_no_dossier_overdue(world, client_for):
    """The Chair's permission recorded (imported, or the filing day not known) without "Ghi nhận nộp hồ sơ":
    the permission was given on a dossier, yet the page said the dossier was late by N days, the list tagged it
    "Nộp muộn", the API answered dossier_late, and the calendar, the feed, the attention list and the home
    panel kept an overdue "Hạn nộp hồ sơ" for it."""
    from ngoaivu.exchanges.agenda import attention, entries_for
    from ngoaivu.exchanges.upcoming import open_deadlines
    user = world.users["officer_a"]
    start = TODAY + datetime.timedelta(days=20)  # its dossier was due 10 days ago (30 days before)
    conf = factories.conference(user, world.a, start_date=start, end_date=start, title="Hội thảo xúc tiến du lịch")
    actions.approve_conference(user, conf, decision_number="88/UBND-NgV", decision_date=TODAY)
    conf = Conference.objects.get(pk=conf.pk)
    assert conf.dossier_deadline < TODAY and conf.dossier_submitted_on is None
    assert not conf.dossier_late
    assert _api(user).get(f"/api/conferences/{conf.pk}/").json()["dossier_late"] is False
    client = client_for(user)
    page = client.get(conf.get_absolute_url())
    assert page.context["dossier_warnings"] == []
    assert "Nộp muộn" not in client.get(reverse("exchanges:conference_list"), {"q": "xúc tiến du lịch"}).content.decode()
    uid = f"conference-dossier-{conf.pk}"
    assert uid not in [e.uid for e in entries_for(user, TODAY - datetime.timedelta(days=40), start)]
    assert uid not in [e.uid for e in open_deadlines(user, limit=50)]
    assert all(f"/conferences/{conf.pk}/" not in item["url"] or "hồ sơ" not in item["title"]
               for section in attention(user, TODAY, limit=100) for item in section.items)
    # A dossier recorded late before the permission is still late.
    late = factories.conference(user, world.a, start_date=start, end_date=start, title="Hội thảo nộp muộn")
    actions.submit_dossier(user, late, submitted_on=TODAY - datetime.timedelta(days=2))
    actions.approve_conference(user, late, decision_number="89/UBND-NgV", decision_date=TODAY)
    assert Conference.objects.get(pk=late.pk).dossier_late


def test_the_edit_forms_keep_a_host_unit_retired_since_the_record_was_filed(world, client_for):
    """A 2024 delegation hosted by Sở Kế hoạch và Đầu tư (merged into Sở Tài chính on 01/3/2025): its edit page
    showed "Cơ quan chủ trì" empty, since the form offers only bodies still active, and saving a corrected
    title silently cleared it. A conference organised by that body could not be edited at all ("Chọn cơ quan
    tổ chức của tỉnh") without moving it to another body."""
    from ngoaivu.core.models import Unit
    from ngoaivu.exchanges.models import Delegation
    from tests.exchanges.test_delegation_entry import plan_post
    user = world.users["officer_a"]
    retired = Unit.objects.create(locality=world.a, name="Sở Kế hoạch và Đầu tư", kind="department",
                                  valid_until=datetime.date(2025, 3, 1))
    d = factories.delegation(user, world.a, unit=retired, start_date=datetime.date(2024, 10, 7), member_count=3)
    client = client_for(user)
    url = reverse("exchanges:delegation_edit", args=[d.pk])
    page = client.get(url)
    assert f'<option value="{retired.pk}" selected>' in page.content.decode()
    response = client.post(url, plan_post(world, title="Đoàn công tác thăm Nhật Bản (sửa tên)", unit=str(retired.pk),
                                          start_date="7/10/2024", end_date="12/10/2024", **{
                                              "stops-0-country": "JP", "stops-INITIAL_FORMS": "1",
                                              "version": str(page.context["form"].initial["version"])}))
    assert response.status_code == 302, response.context["form"].errors
    d = Delegation.objects.get(pk=d.pk)
    assert (d.title, d.unit_id) == ("Đoàn công tác thăm Nhật Bản (sửa tên)", retired.pk)
    # A new delegation is not offered the retired body.
    assert retired not in client.get(reverse("exchanges:delegation_create")).context["form"].fields["unit"].queryset

    conf = factories.conference(user, world.a, organiser_unit=retired, start_date=datetime.date(2024, 11, 20),
                                end_date=datetime.date(2024, 11, 20))
    url = reverse("exchanges:conference_edit", args=[conf.pk])
    form = client.get(url).context["form"]
    assert retired in form.fields["organiser_unit"].queryset
    data = {name: form.initial.get(name) for name in form.fields}
    data.update(title="Hội thảo xúc tiến đầu tư (sửa tên)", organiser_unit=retired.pk, start_date="20/11/2024",
                end_date="20/11/2024", topics=[], partners=None, vietnam_endpoint="on")
    response = client.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 302, response.context["form"].errors
    conf = Conference.objects.get(pk=conf.pk)
    assert (conf.title, conf.organiser_unit_id) == ("Hội thảo xúc tiến đầu tư (sửa tên)", retired.pk)


def test_an_export_from_the_english_page_imports_back_unchanged(world, client_for):
    """The export writes its headings and labels in the page's language; the import read only the Vietnamese
    ones, so a file exported from the English page was refused whole ("column “Tên đoàn” is missing"), and with
    Vietnamese headings its "Outbound delegation" or "State budget" cells were errors."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from ngoaivu.exchanges.models import Delegation
    from tests.exchanges.test_delegation_reimport import URL, _cell, _records
    officer = world.users["officer_a"]
    korea, _plain = _records(officer, world)
    client = client_for(officer)
    response = client.get(reverse("exchanges:delegation_export"), HTTP_ACCEPT_LANGUAGE="en")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.active.cell(1, 6).value != "Tên đoàn"  # the English headings

    def upload(language):
        out = io.BytesIO()
        workbook.save(out)
        return client.post(reverse(URL), {"file": SimpleUploadedFile("doan.xlsx", out.getvalue())},
                           HTTP_ACCEPT_LANGUAGE=language).context["result"]
    for language in ("en", "vi"):  # read back on either page
        result = upload(language)
        assert result is not None and result.ok, result and result.errors
        assert (result.new_count, result.changed_count) == (0, 0)
        assert result.unchanged_count == Delegation.objects.visible_to(officer).count()
    _cell(workbook, korea.pk, workbook.active.cell(1, 15).value).value = "Paid by the host or partner"
    result = upload("vi")
    assert result.ok, result.errors
    [row] = [r for r in result.rows if r.changes]
    assert (row.existing.pk, row.data["funding"]) == (korea.pk, "host")


def test_a_second_answer_to_a_consultation_is_refused_and_the_first_one_stays(world, client_for):
    """Two officers open "Ghi nhận ý kiến" of the Ministry of Public Security's consultation; the first records
    its objection, the second (on the page read before) its agreement, which replaced the objection without a
    word."""
    from ngoaivu.exchanges.models import ConferenceConsultation
    user = world.users["officer_a"]
    conf = factories.conference(user, world.a, start_date=TODAY + datetime.timedelta(days=45),
                                end_date=TODAY + datetime.timedelta(days=45))
    asked = actions.request_consultation(user, conf, body="Bộ Công an", sent_on=TODAY - datetime.timedelta(days=3))
    url = reverse("exchanges:consultation_answer", args=[asked.pk])
    first, second = client_for(user), client_for(world.users["manager_a"])
    assert first.post(url, {"answered_on": f"{TODAY:%d/%m/%Y}", "opinion": "disagree",
                            "note": "Đề nghị không mời đại biểu tổ chức X"}).status_code == 302
    response = second.post(url, {"answered_on": f"{TODAY:%d/%m/%Y}", "opinion": "agree", "note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.get("answered_on"), response.context["form"].errors
    asked = ConferenceConsultation.objects.get(pk=asked.pk)
    assert (asked.opinion, asked.note) == ("disagree", "Đề nghị không mời đại biểu tổ chức X")


def test_a_conference_step_cannot_be_recorded_on_a_day_still_to_come(world):
    """"Ghi nhận nộp hồ sơ" dated next week (the day it is planned to go) was accepted: the conference showed
    "Đã nộp hồ sơ" at once and its dossier deadline left the calendar and the home panel, though nothing had
    been filed; a consultation's answer likewise (the return and the reports already refuse a later day)."""
    user = world.users["officer_a"]
    conf = factories.conference(user, world.a, start_date=TODAY + datetime.timedelta(days=60),
                                end_date=TODAY + datetime.timedelta(days=60))
    with pytest.raises(ValidationError) as refused:
        actions.submit_dossier(user, conf, submitted_on=TODAY + datetime.timedelta(days=7))
    assert list(refused.value.message_dict) == ["submitted_on"]
    conf = Conference.objects.get(pk=conf.pk)
    assert (conf.dossier_submitted_on, conf.status) == (None, "planned")
    asked = actions.request_consultation(user, conf, body="Bộ Ngoại giao", sent_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        actions.record_consultation_answer(user, asked, answered_on=TODAY + datetime.timedelta(days=2),
                                           opinion="agree")
    assert list(refused.value.message_dict) == ["answered_on"]
    actions.submit_dossier(user, conf, submitted_on=TODAY)  # today is fine


@pytest.mark.parametrize("name, query", [
    ("exchanges:calendar", {"month": "9999-12"}), ("exchanges:calendar", {"month": "1-1"}),
    ("exchanges:calendar_week", {"date": "9999-12-31"}), ("exchanges:calendar_week", {"date": "0001-01-01"})])
def test_a_calendar_address_with_a_year_out_of_range_shows_today_not_an_error(world, client_for, name, query):
    """A month or a day at the ends of the calendar (a mistyped or crafted link) answered a server error: the
    page computes the month after and the week before, beyond the last or first date Python has."""
    response = client_for(world.users["officer_a"]).get(reverse(name), query)
    assert response.status_code == 200


def test_re_importing_an_export_keeps_an_other_authority_whose_name_holds_a_known_body(world, client_for):
    """Approved by "Cấp khác: Chủ tịch Ủy ban MTTQ tỉnh": the export writes the name, and the import read it as
    free text, where "chủ tịch" means the People's Committee's Chair; an unchanged export proposed changing the
    authority, and a file correcting only the decision number changed it to "Chủ tịch UBND tỉnh" too."""
    from ngoaivu.exchanges.models import Delegation
    from tests.exchanges.test_delegation_reimport import URL, _cell, _export, _upload
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a, title="Đoàn Mặt trận thăm Lào", countries=("LA",),
                             start_date=TODAY - datetime.timedelta(days=40))
    actions.approve_delegation(officer, d, authority="other", authority_note="Chủ tịch Ủy ban MTTQ tỉnh",
                               decision_number="12/QĐ-MTTQ", decision_date=TODAY - datetime.timedelta(days=50))
    client = client_for(officer)
    workbook = _export(client)
    assert _cell(workbook, d.pk, "Cấp phê duyệt").value == "Chủ tịch Ủy ban MTTQ tỉnh"
    result = _upload(client, workbook).context["result"]
    assert result.ok and result.changed_count == 0, [(r.number, r.changes) for r in result.rows if r.changes]
    _cell(workbook, d.pk, "Số quyết định").value = "12/QĐ-MTTQ (đính chính)"
    preview = _upload(client, workbook)
    assert preview.context["result"].changed_count == 1
    client.post(reverse(URL), {"confirm": "1", "token": str(preview.context["run"].token)})
    d = Delegation.objects.get(pk=d.pk)
    assert (d.decision_number, d.approval_authority, d.approval_authority_note) == (
        "12/QĐ-MTTQ (đính chính)", "other", "Chủ tịch Ủy ban MTTQ tỉnh")


def test_editing_a_delegation_keeps_a_members_body_when_the_title_is_blank(world, client_for):
    """A member entered as "Trần Văn Bình; ; Sở Ngoại vụ" (no title) was shown on the edit page as "Trần Văn
    Bình; Sở Ngoại vụ", so any save moved the body into the title column and unlinked the province's body."""
    from ngoaivu.exchanges.models import Delegation
    from tests.exchanges.test_delegation_entry import plan_post
    user = world.users["officer_a"]
    client = client_for(user)
    assert client.post(reverse("exchanges:delegation_create"), plan_post(
        world, title="Đoàn thăm Gyeonggi", members="Trần Văn Bình; ; Sở Công Thương tỉnh Lạng Sơn",
        **{"stops-0-country": "KR"})).status_code == 302
    d = Delegation.objects.get(title="Đoàn thăm Gyeonggi")
    [member] = d.members.all()
    assert (member.title, member.organisation) == ("", "Sở Công Thương tỉnh Lạng Sơn")
    url = reverse("exchanges:delegation_edit", args=[d.pk])
    form = client.get(url).context["form"]
    response = client.post(url, plan_post(world, title="Đoàn thăm tỉnh Gyeonggi", members=form.initial["members"], **{
        "stops-0-country": "KR", "stops-INITIAL_FORMS": "1", "version": str(form.initial["version"])}))
    assert response.status_code == 302, response.context["form"].errors
    [member] = Delegation.objects.get(pk=d.pk).members.all()
    assert (member.full_name, member.title, member.organisation) == ("Trần Văn Bình", "", "Sở Công Thương tỉnh Lạng Sơn")


def test_a_member_line_too_long_for_its_columns_is_refused_on_the_field(world, client_for):
    """A members list pasted from Word as one long line (no ";" between name, title and body) is longer than
    a name can be: PostgreSQL refused the row and the page answered a server error."""
    from ngoaivu.exchanges.models import Delegation
    from tests.exchanges.test_delegation_entry import plan_post
    line = ", ".join(["Ông Nguyễn Văn An, Giám đốc Sở Ngoại vụ"] * 6)  # > 150 characters, no separator
    assert len(line) > 150
    response = client_for(world.users["officer_a"]).post(reverse("exchanges:delegation_create"), plan_post(
        world, title="Đoàn dán danh sách dài", members=f"Trần Văn Bình; Chuyên viên\n{line}",
        member_count="9", **{"stops-0-country": "KR"}))
    assert response.status_code == 200
    [message] = response.context["form"].errors["members"]
    assert message.startswith("Dòng 2:") and "150" in message
    assert not Delegation.objects.filter(title="Đoàn dán danh sách dài").exists()


def test_a_pasted_destination_too_long_for_its_place_is_refused_on_the_field(world, client_for):
    """A destination pasted as "Hàn Quốc; <the programme's whole paragraph>" (a place longer than 120
    characters) gave a server error on PostgreSQL, from the form's pasted lines and from the import."""
    from ngoaivu.exchanges.models import Delegation
    from tests.exchanges.test_delegation_entry import good_row, plan_post, xlsx
    place = "Suwon, làm việc với Sở Kinh tế, thăm khu công nghiệp, gặp gỡ doanh nghiệp, " * 3
    client = client_for(world.users["officer_a"])
    response = client.post(reverse("exchanges:delegation_create"), plan_post(
        world, title="Đoàn dán nước đến dài", stops_text=f"Hàn Quốc; {place}; 3"))
    assert response.status_code == 200
    [message] = response.context["form"].errors["stops_text"]
    assert message.startswith("Dòng 1:") and "120" in message
    preview = client.post(reverse("exchanges:delegation_import"),
                          {"file": xlsx([good_row(destinations=f"Hàn Quốc; {place}; 3")])})
    result = preview.context["result"]
    assert not result.ok and any(column == "Nước đến" and "120" in message for _n, column, message in result.errors)
    assert not Delegation.objects.filter(title="Đoàn dán nước đến dài").exists()
