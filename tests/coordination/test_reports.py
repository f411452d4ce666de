"""Report requests: read receipts, pre-filled figures equal to the home page's, stored transitions, the
national table, province isolation, and periodic schedules swept twice."""
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from ngoaivu.coordination import actions
from ngoaivu.coordination.models import ReportRequest, ReportReturn, ReportSchedule, ReturnTransition
from ngoaivu.coordination.prefill import source_field
from ngoaivu.core.models import Locality
from ngoaivu.core.text import vietnamese_key
from ngoaivu.core.sweep import SweepRun
from ngoaivu.exchanges.choices import Direction
from tests.exchanges import factories as exchange_factories
from tests.implementation import factories as implementation_factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
NUMBERS = [{"key": "trips", "label": "Số đoàn", "type": "number", "unit": "đoàn", "source": ""},
           {"key": "guests", "label": "Số khách", "type": "number", "unit": "người", "source": ""},
           {"key": "by_country", "label": "Theo quốc gia", "type": "table", "unit": "", "source": ""}]


def _request(world, localities, fields=NUMBERS, **extra):
    data = {"title": "Báo cáo 6 tháng", "kind": "structured", "data_from": TODAY - datetime.timedelta(days=180),
            "data_to": TODAY, "due_on": TODAY + datetime.timedelta(days=10), "localities": localities,
            "fields": fields, **extra}
    return actions.create_request(world.users["central"], **data)


def test_the_first_opening_by_the_province_is_the_read_receipt_and_the_centre_sees_it(world, client_for):
    report = _request(world, [world.a, world.b])
    ret = report.returns.get(locality=world.a)
    client_for(world.users["central"]).get(reverse("coordination:return_detail", args=[ret.pk]))
    ret.refresh_from_db()
    assert ret.first_opened_at is None, "the centre reading a return is not the province's receipt"
    client_for(world.users["officer_a"]).get(reverse("coordination:return_detail", args=[ret.pk]))
    ret.refresh_from_db()
    first = ret.first_opened_at
    assert first is not None and ret.first_opened_by == world.users["officer_a"]
    client_for(world.users["manager_a"]).get(reverse("coordination:return_detail", args=[ret.pk]))
    ret.refresh_from_db()
    assert (ret.first_opened_at, ret.first_opened_by) == (first, world.users["officer_a"])
    assert report.returns.get(locality=world.b).first_opened_at is None
    page = client_for(world.users["central"]).get(reverse("coordination:request_detail", args=[report.pk]))
    assert "Officer A" in page.content.decode()


def test_prefilled_figures_equal_the_home_page_figures_for_the_same_window(world):
    from ngoaivu.exchanges.views.figures import home_panel as exchanges_panel
    from ngoaivu.implementation.views import home_panel as implementation_panel
    officer = world.users["officer_a"]
    year_start = datetime.date(TODAY.year, 1, 1)
    for month, direction, country in ((1, Direction.OUTBOUND, "JP"), (2, Direction.INBOUND, "KR"),
                                      (3, Direction.INBOUND, "KR"), (4, Direction.INBOUND, "LA")):
        exchange_factories.approved_delegation(officer, world.a, direction=direction, countries=(country,),
                                               start_date=year_start + datetime.timedelta(days=30 * (month - 1)))
    exchange_factories.approved_delegation(world.users["officer_b"], world.b, start_date=year_start)
    implementation_factories.agreement(world.a, title="Ngủ yên 1", health="dormant")
    implementation_factories.agreement(world.a, title="Ngủ yên 2", health="dormant")
    implementation_factories.agreement(world.a, title="Đang chạy", health="active")
    implementation_factories.agreement(world.b, title="Ngủ yên B", health="dormant")
    fields = [source_field(k) for k in ("delegations_out", "delegations_in", "dormant", "in_force",
                                        "delegations_in_by_country")]
    report = _request(world, [world.a], fields=fields, data_from=year_start, data_to=datetime.date(TODAY.year, 12, 31))
    values = report.returns.get(locality=world.a).values
    http = RequestFactory().get("/")
    http.user = officer
    home_exchanges, home_implementation = exchanges_panel(http), implementation_panel(http)
    # (the shared world already holds a few delegations of A this year; the figures must still agree)
    assert values["delegations_out"] == home_exchanges["summary"]["out"] >= 1
    assert values["delegations_in"] == home_exchanges["summary"]["in"] >= 3
    assert values["dormant"] == home_implementation["dormant_total"] >= 2
    assert values["in_force"] == home_implementation["counts"]["total"] >= 3
    by_country = dict(values["delegations_in_by_country"])
    assert by_country["Hàn Quốc"] >= 2 and by_country["Lào"] >= 1


def test_each_status_change_is_a_stored_row_with_its_reason_and_overdue_follows_the_deadline(world):
    report = _request(world, [world.a], due_on=TODAY - datetime.timedelta(days=1))
    ret = report.returns.get()
    assert ret.is_overdue(TODAY)
    officer, central = world.users["officer_a"], world.users["central"]
    actions.save_return(officer, ret, values={"trips": "3", "guests": "", "by_country": []})
    with pytest.raises(ValidationError):
        actions.save_return(officer, ret, values={"trips": "3", "guests": "", "by_country": []}, submit=True)
    actions.save_return(officer, ret, values={"trips": "3", "guests": "40", "by_country": [["Nhật Bản", "2"]]},
                        submit=True)
    ret.refresh_from_db()
    assert not ret.is_overdue(TODAY), "a submitted return waits for the centre, it is not overdue"
    with pytest.raises(ValidationError):
        actions.review_return(central, ret, accept=False, reason="  ")
    actions.review_return(central, ret, accept=False, reason="Thiếu số khách theo quốc gia.")
    ret.refresh_from_db()
    assert ret.status == "returned" and ret.is_overdue(TODAY)
    actions.save_return(officer, ret, values={"trips": "3", "guests": "41", "by_country": [["Nhật Bản", "2"]]},
                        submit=True)
    actions.review_return(central, ret, accept=True)
    ret.refresh_from_db()
    assert ret.status == "accepted" and ret.values == {"trips": 3, "guests": 41, "by_country": [["Nhật Bản", 2]]}
    rows = list(ReturnTransition.objects.filter(report_return=ret).values_list("from_status", "to_status", "reason"))
    assert rows == [("not_started", "draft", ""), ("draft", "submitted", ""),
                    ("submitted", "returned", "Thiếu số khách theo quốc gia."), ("returned", "submitted", ""),
                    ("submitted", "accepted", "")]


def test_a_province_cannot_change_a_submitted_return_nor_review_its_own(world):
    ret = _request(world, [world.a]).returns.get()
    officer = world.users["officer_a"]
    actions.save_return(officer, ret, values={"trips": "1", "guests": "1", "by_country": []}, submit=True)
    with pytest.raises(ValidationError):
        actions.save_return(officer, ret, values={"trips": "9", "guests": "9", "by_country": []})
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        actions.review_return(officer, ret, accept=True)
    ret.refresh_from_db()
    assert ret.status == "submitted" and ret.values["trips"] == 1


def test_the_national_table_is_the_sum_of_the_accepted_returns_only(world, client_for):
    third = Locality.objects.current().exclude(pk__in=[world.a.pk, world.b.pk]).first()
    report = _request(world, [world.a, world.b, third])
    central = world.users["central"]
    figures = {world.a: ("3", "40", [["Nhật Bản", "2"], ["Lào", "1"]]),
               world.b: ("5", "60", [["Nhật Bản", "4"]]),
               third: ("100", "1000", [["Nhật Bản", "100"]])}
    for locality, (trips, guests, table) in figures.items():
        ret = report.returns.get(locality=locality)
        ReportReturn.objects.filter(pk=ret.pk).update(
            values=actions.clean_values(report.fields, {"trips": trips, "guests": guests, "by_country": table}),
            status="submitted")
        if locality != third:
            actions.review_return(central, ret, accept=True)
    response = client_for(central).get(reverse("coordination:request_national_xlsx", args=[report.pk]))
    book = load_workbook(io.BytesIO(response.content))
    summary = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    accepted = sorted([world.a.short_name, world.b.short_name], key=vietnamese_key)  # Vietnamese order
    assert [r[0] for r in summary[1:-1]] == accepted
    assert tuple(summary[-1][1:]) == (3 + 5, 40 + 60)
    by_province = {r[0]: tuple(r[1:]) for r in summary[1:-1]}
    assert by_province[world.a.short_name] == (3, 40)
    table = {r[0]: r[1] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert table == {"Nhật Bản": 6, "Lào": 1}
    page = client_for(central).get(reverse("coordination:request_national", args=[report.pk])).content.decode()
    assert third.short_name not in page


def test_a_province_never_sees_another_provinces_return(world, client_for):
    report = _request(world, [world.a, world.b])
    ret_a = report.returns.get(locality=world.a)
    officer_b = world.users["officer_b"]
    assert list(ReportReturn.objects.visible_to(officer_b).values_list("locality", flat=True)) == [world.b.pk]
    assert client_for(officer_b).get(reverse("coordination:return_detail", args=[ret_a.pk])).status_code == 404
    only_a = _request(world, [world.a], title="Chỉ gửi Lạng Sơn")
    assert not ReportRequest.objects.visible_to(officer_b).filter(pk=only_a.pk).exists()
    assert client_for(officer_b).get(reverse("coordination:request_detail", args=[only_a.pk])).status_code == 404
    inbox = client_for(officer_b).get(reverse("coordination:report_list")).content.decode()
    assert "Chỉ gửi Lạng Sơn" not in inbox


def test_a_schedule_creates_one_request_per_period_even_when_swept_twice(world):
    schedule = ReportSchedule.objects.get(code="external-affairs-half-yearly")
    ReportSchedule.objects.exclude(pk=schedule.pk).update(active=False)
    day = datetime.date(2026, 6, 10)   # the first half's window (15/12/2025 → 14/6/2026) closes within lead_days
    first, second = actions.sweep_step(SweepRun(today=day)), actions.sweep_step(SweepRun(today=day))
    assert (first.changed, second.changed) == (1, 0)
    request = ReportRequest.objects.get(schedule=schedule)
    assert (request.period, request.data_from, request.data_to) == ("2026-H1", datetime.date(2025, 12, 15),
                                                                   datetime.date(2026, 6, 14))
    assert request.due_on == datetime.date(2026, 6, 14) + datetime.timedelta(days=schedule.due_days)
    assert request.returns.count() == Locality.objects.current().count() == 34
    actions.sweep_step(SweepRun(today=datetime.date(2026, 12, 1)))
    assert list(ReportRequest.objects.filter(schedule=schedule).values_list("period", flat=True)
                .order_by("period")) == ["2026-H1", "2026-H2"]
    from django.db import IntegrityError, transaction
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportRequest.objects.create(schedule=schedule, period="2026-H1", title="x", data_from=day, data_to=day,
                                     due_on=day)


def test_the_yearly_window_is_decree_09s_default(world):
    schedule = ReportSchedule.objects.get(code="agreements-yearly")
    assert schedule.period_to_open(datetime.date(2026, 12, 1)) == ("2026", datetime.date(2025, 12, 15),
                                                                  datetime.date(2026, 12, 14))
    assert schedule.period_to_open(datetime.date(2026, 11, 1)) == ("2025", datetime.date(2024, 12, 15),
                                                                  datetime.date(2025, 12, 14))


def test_a_request_due_soon_and_a_return_sent_back_feed_the_attention_list(world):
    from ngoaivu.core.attention import attention
    soon = _request(world, [world.a], title="Sắp đến hạn", due_on=TODAY + datetime.timedelta(days=3))
    _request(world, [world.a], title="Còn xa", due_on=TODAY + datetime.timedelta(days=30))
    sections = {s.key: s for s in attention(world.users["officer_a"], TODAY)}
    assert [i["title"] for i in sections["report_due"].items] == ["Sắp đến hạn"]
    ret = soon.returns.get()
    actions.save_return(world.users["officer_a"], ret, values={"trips": "1", "guests": "2", "by_country": []},
                        submit=True)
    review = {s.key: s for s in attention(world.users["central"], TODAY)}["report_review"]
    assert [i["url"] for i in review.items] == [ret.get_absolute_url()]
    actions.review_return(world.users["central"], ret, accept=False, reason="Bổ sung.")
    sections = {s.key: s for s in attention(world.users["officer_a"], TODAY)}
    assert [i["title"] for i in sections["report_returned"].items] == ["Sắp đến hạn"]
    assert "report_returned" not in {s.key for s in attention(world.users["officer_b"], TODAY)}


def test_a_return_reads_figures_the_vietnamese_way_like_the_indicator_grid(world, client_for):
    """"1.234" is one thousand two hundred and thirty-four in the return as in the grid; the form gives the
    stored figure back in a shape that reads as the same number when saved again."""
    ret = _request(world, [world.a]).returns.get()
    client = client_for(world.users["officer_a"])
    post = {"trips": "1.234", "guests": "2,5", "by_country__0__label": "Nhật Bản", "by_country__0__value": "1.234,5"}
    response = client.post(reverse("coordination:return_save", args=[ret.pk]), post)
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.values == {"trips": 1234, "guests": 2.5, "by_country": [["Nhật Bản", 1234.5]]}
    page = client.get(reverse("coordination:return_detail", args=[ret.pk])).content.decode()
    assert 'value="1234"' in page and 'value="2,5"' in page and 'value="1234,5"' in page
    client.post(reverse("coordination:return_save", args=[ret.pk]),
                {"trips": "1234", "guests": "2,5", "by_country__0__label": "Nhật Bản", "by_country__0__value": "1234,5"})
    ret.refresh_from_db()
    assert ret.values == {"trips": 1234, "guests": 2.5, "by_country": [["Nhật Bản", 1234.5]]}
    response = client.post(reverse("coordination:return_save", args=[ret.pk]), {**post, "trips": "99" * 9})
    assert "Số đoàn”: số quá lớn" in response.content.decode()
    ret.refresh_from_db()
    assert ret.values["trips"] == 1234


def test_the_export_gives_the_day_of_first_opening_in_ha_noi_as_a_date_cell(world, client_for):
    """Opened at 20:00 UTC is the next morning in Hà Nội: the page and the file say the same day."""
    ret = _request(world, [world.a], title="Báo cáo mở lần đầu").returns.get()
    opened = datetime.datetime(2026, 11, 30, 20, 0, tzinfo=datetime.timezone.utc)
    ReportReturn.objects.filter(pk=ret.pk).update(first_opened_at=opened)
    response = client_for(world.users["central"]).get(reverse("coordination:report_export"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "Báo cáo mở lần đầu")
    cell = row[headers.index("Mở lần đầu")]
    assert cell.value == datetime.datetime(2026, 12, 1) and cell.number_format == "DD/MM/YYYY"


def test_overdue_requests_never_hide_a_coming_one_and_are_listed_as_overdue(world):
    """A province's report requests come as two sections of deadlines, the overdue and the coming ones, each
    with its own count: one section for both listed the overdue ones after the news, unmarked, and ten
    overdue requests left the coming one out of the list."""
    from ngoaivu.coordination.models import ReportRequest
    from ngoaivu.core.attention import attention
    from ngoaivu.implementation.queries import by_urgency
    late = [_request(world, [world.a], title=f"Báo cáo trễ số {n:02d}") for n in range(11)]
    ReportRequest.objects.filter(pk__in=[r.pk for r in late]).update(due_on=TODAY - datetime.timedelta(days=2))
    _request(world, [world.a], title="Báo cáo sắp đến hạn", due_on=TODAY + datetime.timedelta(days=2))
    sections = {s.key: s for s in attention(world.users["officer_a"], TODAY)}
    assert sections["report_overdue"].total == 11 and len(sections["report_overdue"].items) == 10
    assert all(i["overdue"] for i in sections["report_overdue"].items)
    assert [i["title"] for i in sections["report_due"].items] == ["Báo cáo sắp đến hạn"]
    grouped = by_urgency(sections.values())
    assert sum(i["title"].startswith("Báo cáo trễ số") for i in grouped["overdue"]) == 10
    assert "Báo cáo sắp đến hạn" in [i["title"] for i in grouped["due"]]
    assert not {"report_overdue", "report_due"} & {s.key for s in grouped["other"]}
    assert grouped["overdue_total"] >= 11
