"""Issue 9: the rows of coordination's lists (directives, the centre's report requests, a province's returns, the
Ministry's opinion queue and its issued opinions) are written in Python (coordination/list_rows.py). Their
markup must be byte for byte what the list templates' loops wrote — kept here as the reference — for every kind
of row, in both languages, with texts that need escaping; and each list page must show them."""
import datetime

import pytest
from django.template import engines
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

from ngoaivu.agreements.models import Agreement, Event
from ngoaivu.coordination import list_rows
from ngoaivu.coordination.choices import OPEN_STATUSES, ReturnStatus
from ngoaivu.coordination.models import (Directive, DirectiveRecipient, MinistryOpinion, ReportRequest,
                                         ReportReturn)
from ngoaivu.coordination.views_opinions import working_days_left
from ngoaivu.core.models import Locality
from ngoaivu.core.workdays import WorkingCalendar

pytestmark = pytest.mark.django_db  # the working-day clock reads the days off
TODAY = datetime.date(2026, 11, 30)
NOW = timezone.now()
NASTY = 'Hà Giang & "Tuyên Quang" <mới>'

DIRECTIVES = """{% load i18n core_tags %}{% for row in rows %}<tr><td>{{ row.directive.number }}</td><td>{{ row.directive.issued_on|date:"d/m/Y" }}</td><td><a href="{{ row.directive.get_absolute_url }}">{{ row.directive.subject }}</a></td>
{% if province %}<td>{% if row.copy.acknowledged_at %}{% status_tag _("Đã xác nhận") "green" %}{% elif row.copy.first_opened_at %}{% status_tag _("Đã xem") "blue" %}{% elif row.copy %}{% status_tag _("Chưa xem") "yellow" %}{% endif %}</td>{% endif %}</tr>
{% endfor %}"""

REQUESTS = """{% load i18n %}{% for row in rows %}<tr><td><a href="{{ row.request.get_absolute_url }}">{{ row.request.title }}</a>{% if row.request.number %}<br><span class="hint">{{ row.request.number }}</span>{% endif %}</td>
<td>{{ row.request.data_from|date:"d/m/Y" }} – {{ row.request.data_to|date:"d/m/Y" }}</td><td>{{ row.request.due_on|date:"d/m/Y" }}</td>
{% for n in row.cells %}<td class="num">{{ n }}</td>{% endfor %}</tr>
{% endfor %}"""

RETURNS = """{% load i18n core_tags %}{% for row in returns %}<tr><td><a href="{{ row.ret.get_absolute_url }}">{{ row.ret.request.title }}</a></td><td>{{ row.ret.locality.short_name }}</td>
<td>{{ row.ret.request.due_on|date:"d/m/Y" }}</td><td>{% status_tag row.ret.get_status_display row.ret.colour %}{% if row.overdue %} {% status_tag _("Quá hạn") "red" %}{% endif %}</td></tr>
{% endfor %}"""

OPINIONS = """{% load i18n core_tags coordination_tags %}{% for row in rows %}<tr><td><a href="{% url 'coordination:opinion_detail' row.event.pk %}">{{ row.event.agreement.title }}</a></td><td>{{ row.event.agreement.locality.short_name }}</td>
<td>{{ row.event.date|date:"d/m/Y" }}</td><td>{{ row.event.due_on|date:"d/m/Y" }}</td><td>{% working_days_text row.left row.overdue %}</td>
<td>{% if row.opinion %}{% status_tag row.opinion.get_status_display "yellow" %}{% else %}{% status_tag _("Chưa soạn") "grey" %}{% endif %}{% if row.overdue %} {% status_tag _("Quá hạn") "red" %}{% endif %}</td></tr>
{% endfor %}"""

ISSUED = """{% load i18n core_tags %}{% for o in issued %}<tr><td><a href="{% url 'coordination:opinion_detail' o.request_event_id %}">{{ o.request_event.agreement.title }}</a></td><td>{{ o.request_event.agreement.locality.short_name }}</td><td>{{ o.get_verdict_display }}</td><td>{{ o.issued_on|date:"d/m/Y" }}</td><td>{% if o.deadline_met %}{% status_tag _("Đúng hạn") "green" %}{% else %}{% status_tag _("Quá hạn") "red" %}{% endif %}</td></tr>{% endfor %}"""


def reference(template, **context) -> str:
    return engines["django"].from_string(template).render(context)


def day(n) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def directive_rows():
    """Rows of every state a copy shows: none, never opened, opened, acknowledged (after opening)."""
    directives = [Directive(pk=pk, number=number, issued_on=issued, subject=subject) for pk, number, issued, subject in [
        (7, "12/CT-BNG", day(-3), "Về việc <b>chuẩn bị</b> đón đoàn & \"tiếp\""),
        (8, "", day(-40), NASTY), (9, "05&06/HD", None, "Hướng dẫn"), (1234567, "1/TB", day(0), "Thông báo")]]
    copies = [None, DirectiveRecipient(), DirectiveRecipient(first_opened_at=NOW),
              DirectiveRecipient(first_opened_at=NOW, acknowledged_at=NOW)]
    return [{"directive": d, "copy": c} for d, c in zip(directives, copies)]


def request_rows():
    requests = [ReportRequest(pk=3, number="", title="Báo cáo quý <IV>", data_from=day(-90), data_to=day(-1),
                              due_on=day(5)),
                ReportRequest(pk=41, number="88/BC-UBND & \"x\"", title=NASTY, data_from=day(-365), data_to=day(-200),
                              due_on=day(-100))]
    return [{"request": r, "cells": cells} for r, cells in zip(requests, ([0, 1, 34, 2, 0], [1234, 0, 0, 0, 5]))]


def return_rows():
    place = Locality(short_name=NASTY)
    rows = []
    for pk, status in enumerate(ReturnStatus.values, start=1):
        for due in (day(3), day(-3)):
            request = ReportRequest(title=f"Yêu cầu {status} <{pk}>", due_on=due)
            ret = ReportReturn(pk=pk * 10 + (due < TODAY), status=status, request=request, locality=place)
            rows.append({"ret": ret, "overdue": ret.is_overdue(TODAY)})
    assert any(row["overdue"] for row in rows) and not all(row["overdue"] for row in rows)
    return rows


def opinion_rows():
    calendar = WorkingCalendar()
    place = Locality(short_name=NASTY)
    rows = []
    for pk, (due, opinion) in enumerate([(day(9), None), (day(0), MinistryOpinion(status="draft")),
                                         (day(-12), None), (day(-1), MinistryOpinion(status="waiting")),
                                         (None, None)], start=1):
        agreement = Agreement(title=f"Bản ghi nhớ <{pk}> & \"Busan\"", locality=place)
        event = Event(pk=pk, date=day(-14), due_on=due, agreement=agreement)
        rows.append({"event": event, "opinion": opinion, "left": working_days_left(calendar, TODAY, due),
                     "overdue": bool(due and due < TODAY)})
    return rows


def issued_rows():
    place = Locality(short_name=NASTY)
    issued = []
    for pk, verdict, met in [(5, "agree", True), (6, "agree_comments", False), (7, "disagree", None), (8, "", True)]:
        event = Event(pk=pk, agreement=Agreement(title=f"Thỏa thuận <{pk}> & \"x\"", locality=place))
        issued.append(MinistryOpinion(pk=pk, request_event=event, status="issued", verdict=verdict, deadline_met=met,
                                      issued_on=day(-pk)))
    return issued


def assert_every_list_as_its_template():
    for province in (True, False):
        rows = directive_rows()
        assert list_rows.directive_rows(rows, province) == reference(DIRECTIVES, rows=rows, province=province)
    rows = request_rows()
    assert list_rows.request_rows(rows) == reference(REQUESTS, rows=rows)
    rows = return_rows()
    assert list_rows.return_rows(rows) == reference(RETURNS, returns=rows)
    rows = opinion_rows()
    assert list_rows.opinion_rows(rows) == reference(OPINIONS, rows=rows)
    issued = issued_rows()
    assert list_rows.issued_rows(issued) == reference(ISSUED, issued=issued)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_lists_rows_are_what_its_template_wrote(language):
    with translation.override(language):
        assert_every_list_as_its_template()
        # an empty list writes nothing (the template's empty row is its own)
        assert all(f([]) == "" for f in (list_rows.request_rows, list_rows.return_rows, list_rows.opinion_rows,
                                         list_rows.issued_rows))


def test_the_rows_say_what_each_state_is():
    """Not only equal to the reference: the words and colours a reader goes by are there (a reference that
    broke in the same way as the rows would not show it)."""
    with translation.override("vi"):
        html = list_rows.directive_rows(directive_rows(), True)
        assert [html.count(f"tag--{c}") for c in ("yellow", "blue", "green")] == [1, 1, 1]
        assert "&lt;b&gt;chuẩn bị&lt;/b&gt; đón đoàn &amp; &quot;tiếp&quot;" in html and "<b>" not in html
        assert 'href="/coordination/directives/1234567/"' in html and "<td></td>" in html  # no date, no copy
        html = list_rows.request_rows(request_rows())
        assert '<td class="num">1.234</td>' in html and '<span class="hint">88/BC-UBND &amp; &quot;x&quot;</span>' in html
        html = list_rows.return_rows(return_rows())
        assert html.count("tag--red") == len(OPEN_STATUSES)  # past the deadline and still waiting for the province
        html = list_rows.opinion_rows(opinion_rows())
        assert "còn 7 ngày làm việc" in html and "Chưa soạn" in html and "Đang soạn" in html
        assert html.count("tag--red") == 2
    with translation.override("en"):
        assert "Đã xác nhận" not in list_rows.directive_rows(directive_rows(), True)
        assert "On time" in list_rows.issued_rows(issued_rows()) and "Agree" in list_rows.issued_rows(issued_rows())


def test_the_links_are_escaped_as_the_template_escaped_them():
    """Under a URL prefix with a character to escape (the app served below "/ngo&vu/"), the rows' links are written
    as the templates wrote them: escaped."""
    set_script_prefix("/ngo&vu/")
    try:
        assert_every_list_as_its_template()
        assert 'href="/ngo&amp;vu/coordination/' in list_rows.directive_rows(directive_rows(), True)
    finally:
        set_script_prefix("/")


def test_the_list_pages_show_the_rows_and_their_empty_states(world, client_for):
    from ngoaivu.coordination import actions, directives
    central, officer = world.users["central"], world.users["officer_a"]
    for path in ("coordination:report_list", "coordination:directive_list"):
        for user in (central, officer):
            page = client_for(user).get(reverse(path), {"q": "không có gì như thế"}).content.decode()
            assert page.count('class="empty"') == 1 and "Bỏ bộ lọc" in page
    report = actions.create_request(central, title="Báo cáo <năm> & \"2026\"", data_from=TODAY.replace(day=1),
                                    data_to=TODAY, due_on=day(5), localities=[world.a, world.b])
    directive = directives.send_directive(central, number="9/CT", issued_on=TODAY, subject="Chỉ thị <mới>",
                                          signer="Thứ trưởng", body="Nội dung", localities=[world.a])
    page = client_for(central).get(reverse("coordination:report_list"), {"q": "2026"}).content.decode()
    assert f'href="{report.get_absolute_url()}">Báo cáo &lt;năm&gt; &amp; &quot;2026&quot;</a>' in page
    # its counts: two provinces asked, neither started
    assert 'class="empty"' not in page and '<td class="num">2</td>' + '<td class="num">0</td>' * 4 in page
    page = client_for(officer).get(reverse("coordination:report_list"), {"q": "2026"}).content.decode()
    assert 'class="empty"' not in page and "Báo cáo &lt;năm&gt;" in page and 'tag--grey">Chưa thực hiện<' in page
    for user, state in ((central, False), (officer, True)):
        page = client_for(user).get(reverse("coordination:directive_list")).content.decode()
        assert f'href="{directive.get_absolute_url()}">Chỉ thị &lt;mới&gt;</a>' in page
        assert ('tag--yellow">Chưa xem<' in page) is state
