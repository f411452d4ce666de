"""Entered indicators collected through structured report returns: the centre asks for FDI figures in a
structured request (the form offers the entered indicators), the province fills in its return and
submits it, and only the centre's acceptance writes the province's observation for the request's period
— shown on the province's indicator page after a reload. A reporting window that is not a calendar
period writes nothing."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ngoaivu.coordination import actions as coordination
from ngoaivu.coordination.models import ReportRequest, ReportReturn
from ngoaivu.indicators.models import Observation
from ngoaivu.indicators.returns import calendar_period

pytestmark = pytest.mark.django_db
KEY = "indicator:fdi_registered"


def test_an_accepted_return_becomes_the_provinces_observation(world, ind, client_for):
    centre, officer = client_for(world.users["central"]), client_for(world.users["officer_a"])
    form = centre.get(reverse("coordination:request_create"))
    assert KEY in form.content.decode() and "Vốn FDI đăng ký" in form.content.decode()
    response = centre.post(reverse("coordination:request_create"), {
        "title": "Số liệu đầu tư nước ngoài 2025", "kind": "structured", "data_from": "01/01/2025",
        # the due date is ahead: a past one is refused
        "data_to": "31/12/2025", "due_on": f"{datetime.date.today() + datetime.timedelta(days=30):%d/%m/%Y}",
        "recipients": "list", "localities": [str(world.a.pk)],
        "offered": [KEY]})
    assert response.status_code == 302, response.content.decode()[:3000]
    report = ReportRequest.objects.get(title="Số liệu đầu tư nước ngoài 2025")
    assert [f["indicator"] for f in report.fields] == ["fdi_registered"]
    ret = ReportReturn.objects.get(request=report, locality=world.a)

    response = officer.post(reverse("coordination:return_save", args=[ret.pk]), {KEY: "1250000", "submit": "1"})
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.status == "submitted" and ret.values[KEY] == 1250000
    assert not Observation.objects.filter(indicator=ind["fdi_registered"], locality=world.a,
                                          period_start__year=2025).exists()

    response = centre.post(reverse("coordination:return_review", args=[ret.pk]), {"accept": "1"})
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.status == "accepted"
    obs = Observation.objects.get(indicator=ind["fdi_registered"], locality=world.a, period_start__year=2025)
    assert (obs.period_start, obs.period_end, obs.period_kind, obs.value) == (
        datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), "year", Decimal(1250000))
    assert "Số liệu đầu tư nước ngoài 2025" in obs.source
    page = officer.get(reverse("indicators:province", args=[world.a.pk]), {"period": "2025"})
    assert page.status_code == 200
    shown = [r["value"] for r in page.context["rows"] if r["indicator"].code == "fdi_registered"]
    assert shown == [Decimal(1250000)]


def test_a_window_that_is_not_a_calendar_period_writes_nothing(world, ind):
    field = {"key": KEY, "label": "Vốn FDI đăng ký", "type": "number", "unit": "USD", "source": "",
             "indicator": "fdi_registered"}
    report = coordination.create_request(world.users["central"], title="Báo cáo 6 tháng", kind="structured",
                                         data_from=datetime.date(2024, 12, 15), data_to=datetime.date(2025, 6, 14),
                                         due_on=datetime.date(2025, 6, 20), localities=[world.a], fields=[field])
    ret = report.returns.get(locality=world.a)
    coordination.save_return(world.users["officer_a"], ret, values={KEY: 500}, submit=True)
    coordination.review_return(world.users["central"], ReportReturn.objects.get(pk=ret.pk), accept=True)
    assert ReportReturn.objects.get(pk=ret.pk).status == "accepted"
    assert not Observation.objects.filter(indicator=ind["fdi_registered"], period_start__year=2025).exists()
    assert not Observation.objects.filter(indicator=ind["fdi_registered"], period_start=datetime.date(2024, 12, 15)).exists()


def test_calendar_periods():
    d = datetime.date
    assert calendar_period(d(2025, 1, 1), d(2025, 12, 31)).code == "2025"
    assert calendar_period(d(2025, 7, 1), d(2025, 12, 31)).code == "2025-H2"
    assert calendar_period(d(2025, 4, 1), d(2025, 6, 30)).code == "2025-Q2"
    assert calendar_period(d(2021, 1, 1), d(2025, 12, 31)).code == "2021-2025"
    assert calendar_period(d(2024, 12, 15), d(2025, 6, 14)) is None
    assert calendar_period(d(2025, 2, 1), d(2025, 4, 30)) is None


def test_a_fraction_of_people_in_a_return_is_refused_as_the_grid_refuses_it(world, ind, client_for):
    """The grid, a target and the import refuse "2,5" foreign visitors; a province's return took it, and the
    centre's acceptance saved 2,5 visitors (shown rounded as 3). The return names the field and keeps
    nothing of the refused save; a whole figure goes through to the observation."""
    import html
    visitors = "indicator:foreign_visitors"
    field = {"key": visitors, "label": "Khách quốc tế", "type": "number", "unit": "người", "source": "",
             "indicator": "foreign_visitors"}
    fdi = {"key": KEY, "label": "Vốn FDI đăng ký", "type": "number", "unit": "USD", "source": "",
           "indicator": "fdi_registered"}
    report = coordination.create_request(world.users["central"], title="Khách quốc tế 2025", kind="structured",
                                         data_from=datetime.date(2025, 1, 1), data_to=datetime.date(2025, 12, 31),
                                         due_on=datetime.date.today() + datetime.timedelta(days=30),
                                         localities=[world.a], fields=[field, fdi])
    ret = report.returns.get(locality=world.a)
    officer = client_for(world.users["officer_a"])
    url = reverse("coordination:return_save", args=[ret.pk])
    response = officer.post(url, {visitors: "2,5", KEY: "1,5", "submit": "1"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Khách quốc tế: nhập số nguyên (chỉ số này đếm số lượng, không có phần thập phân)." in page
    ret.refresh_from_db()
    assert ret.status == "not_started" and not ret.values
    assert officer.post(url, {visitors: "2.500", KEY: "1,5", "submit": "1"}).status_code == 302
    coordination.review_return(world.users["central"], ReportReturn.objects.get(pk=ret.pk), accept=True)
    saved = Observation.objects.get(indicator=ind["foreign_visitors"], locality=world.a, period_start__year=2025)
    assert saved.value == Decimal(2500)
    assert Observation.objects.get(indicator=ind["fdi_registered"], locality=world.a,
                                   period_start__year=2025).value == Decimal("1.5")


def test_a_return_saved_before_the_check_is_refused_at_acceptance_and_stays_submitted(world, ind):
    """A return saved with "2,5" visitors before the fields were checked (or when the indicator counted
    something else) was accepted and its 2,5 saved as the province's figure (the review)."""
    from django.core.exceptions import ValidationError
    visitors = "indicator:foreign_visitors"
    field = {"key": visitors, "label": "Khách quốc tế", "type": "number", "unit": "người", "source": "",
             "indicator": "foreign_visitors"}
    report = coordination.create_request(world.users["central"], title="Khách quốc tế 2025", kind="structured",
                                         data_from=datetime.date(2025, 1, 1), data_to=datetime.date(2025, 12, 31),
                                         due_on=datetime.date.today() + datetime.timedelta(days=30),
                                         localities=[world.a], fields=[field])
    ReportReturn.objects.filter(request=report, locality=world.a).update(values={visitors: "2.5"}, status="submitted")
    ret = ReportReturn.objects.get(request=report, locality=world.a)
    with pytest.raises(ValidationError) as refused:
        coordination.review_return(world.users["central"], ret, accept=True)
    assert "Khách quốc tế: nhập số nguyên" in " ".join(refused.value.messages)
    assert ReportReturn.objects.get(pk=ret.pk).status == "submitted"
    assert not Observation.objects.filter(indicator=ind["foreign_visitors"], locality=world.a).exists()
