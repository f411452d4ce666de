"""Issue 9: the rows of a report request's 34-province table and of a directive's recipients are written in
Python (coordination/queries.py `matrix`, `recipient_rows`). Their markup must be byte for byte what the row template wrote (kept here as the reference),
for every kind of row — not sent; sent and never opened; opened by someone with a name, without one, or
whose account is gone; submitted; waiting past the deadline; accepted — in both languages, with a name
that needs escaping; and the counts above the table must be the returns' own."""
import datetime

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from ngoaivu.coordination import actions, queries
from ngoaivu.coordination.choices import ReturnStatus
from ngoaivu.coordination.models import ReportReturn
from ngoaivu.core.models import Locality
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()

RECIPIENT_ROWS = """{% load i18n %}{% for r in recipients %}<tr><td>{{ r.name }}</td>
<td>{% if r.first_opened_at %}{{ r.first_opened_at|date:"d/m/Y H:i" }} — {{ r.first_opened_by.full_name|default:r.first_opened_by.username }}{% else %}{% translate "Chưa xem" %}{% endif %}</td>
<td>{% if r.acknowledged_at %}{{ r.acknowledged_at|date:"d/m/Y H:i" }} — {{ r.acknowledged_by.full_name|default:r.acknowledged_by.username }}{% else %}{% translate "Chưa xác nhận" %}{% endif %}</td><td class="num">{{ r.reminders }}</td></tr>{% endfor %}"""

REFERENCE_ROWS = """{% load i18n core_tags %}{% for row in rows %}<tr data-locality="{{ row.locality.short_name }}"><td>{% if row.ret %}<a href="{{ row.ret.get_absolute_url }}">{{ row.locality.short_name }}</a>{% else %}{{ row.locality.short_name }}{% endif %}</td>
<td>{% if row.ret %}{% status_tag row.ret.get_status_display row.ret.colour %}{% if row.overdue %} {% status_tag _("Quá hạn") "red" %}{% endif %}{% else %}<span class="hint">{% translate "Không yêu cầu tỉnh này" %}</span>{% endif %}</td>
<td class="read">{% if row.ret.first_opened_at %}{% translate "Đã xem" %} {{ row.ret.first_opened_at|date:"d/m/Y H:i" }}{% if row.ret.first_opened_by %} — {{ row.ret.first_opened_by.full_name|default:row.ret.first_opened_by.username }}{% endif %}{% elif row.ret %}{% translate "Chưa xem" %}{% endif %}</td>
<td>{{ row.ret.submitted_at|date:"d/m/Y H:i" }}</td></tr>{% endfor %}"""


def reference_rows(report, today):
    """The rows as the template wrote them, from model instances as the old `matrix` read them."""
    returns = {r.locality_id: r for r in report.returns.select_related("first_opened_by")}
    rows = [{"locality": loc, "ret": returns.get(loc.pk),
             "overdue": bool(returns.get(loc.pk) and returns[loc.pk].is_overdue(today))}
            for loc in Locality.objects.current().order_by("sort_key")]
    return engines["django"].from_string(REFERENCE_ROWS).render({"rows": rows})


@pytest.fixture
def report(world):
    """A request sent to four provinces, its deadline passed, its returns in every state the table shows."""
    c, d = Locality.objects.current().exclude(pk__in=[world.a.pk, world.b.pk]).order_by("sort_key")[:2]
    report = actions.create_request(world.users["central"], title="Báo cáo quý", data_from=TODAY.replace(day=1),
                                    data_to=TODAY, due_on=TODAY + datetime.timedelta(days=5),
                                    localities=[world.a, world.b, c, d])
    # A province whose name needs escaping (an attribute and a cell).
    Locality.objects.filter(pk=world.b.pk).update(short_name='Đà Nẵng & "Hội An" <mới>')
    unnamed = make_user("khong_ten", "locality", "officer", locality=world.b)
    type(unnamed).objects.filter(pk=unnamed.pk).update(full_name="")
    unnamed.refresh_from_db()
    officer_c = make_user("officer_c", "locality", "officer", locality=c)
    ret_a, ret_b, ret_c = (report.returns.get(locality=loc) for loc in (world.a, world.b, c))
    actions.mark_opened(world.users["officer_a"], ret_a)
    actions.save_return(world.users["officer_a"], ret_a, text="Nội dung", submit=True)
    actions.review_return(world.users["central"], ReportReturn.objects.get(pk=ret_a.pk), accept=True)
    actions.mark_opened(unnamed, ret_b)
    actions.save_return(unnamed, ret_b, text="Bản nháp")
    actions.mark_opened(officer_c, ret_c)
    type(officer_c).objects.filter(pk=officer_c.pk).delete()  # the account is gone, the receipt stays
    # d: sent, never opened. The deadline passes: b (draft), c and d (not started) are overdue, a is not.
    type(report).objects.filter(pk=report.pk).update(due_on=TODAY - datetime.timedelta(days=1))
    report.refresh_from_db()
    return report


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rows_are_the_templates_for_every_kind_of_row(world, report, language):
    with translation.override(language):
        html, counts = queries.matrix(report, TODAY)
        assert html == reference_rows(report, TODAY)
    assert html.count("<tr ") == Locality.objects.current().count() == 34
    assert 'data-locality="Đà Nẵng &amp; &quot;Hội An&quot; &lt;mới&gt;"' in html
    assert html.count("tag--red") == 3  # b, c and d wait past the deadline; a was accepted
    assert "Khong Ten" not in html and "khong_ten" in html  # no full name: the user name


def test_the_counts_are_the_returns_own(world, report):
    _html, counts = queries.matrix(report, TODAY)
    expected = {s: report.returns.filter(status=s).count() for s in ReturnStatus.values}
    assert {c["value"]: c["count"] for c in counts} == expected
    assert expected[ReturnStatus.ACCEPTED] == 1 and expected[ReturnStatus.DRAFT] == 1
    assert sum(expected.values()) == 4


def test_the_page_shows_the_rows_and_a_change_at_once(world, report, client_for):
    client = client_for(world.users["central"])
    url = reverse("coordination:request_detail", args=[report.pk])
    page = client.get(url).content.decode()
    assert reference_rows(report, TODAY) in page
    assert "Đã tiếp nhận: <strong>1</strong>" in page
    ret_d = report.returns.exclude(first_opened_at__isnull=False).get()
    ReportReturn.objects.filter(pk=ret_d.pk).update(first_opened_at=timezone.now())
    page = client.get(url).content.decode()
    assert reference_rows(report, TODAY) in page and page.count("Đã xem ") == 4


@pytest.mark.parametrize("language", ["vi", "en"])
def test_directive_recipient_rows_are_the_templates(world, client_for, language):
    """Opened and acknowledged by someone with a name, opened by someone without one, by an account gone
    since, reminded, untouched; a province name that needs escaping; and the page shows them."""
    from ngoaivu.coordination import directives
    from ngoaivu.coordination.models import DirectiveRecipient
    c = Locality.objects.current().exclude(pk__in=[world.a.pk, world.b.pk]).order_by("sort_key").first()
    directive = directives.send_directive(world.users["central"], number="12/CĐ-BNG", issued_on=TODAY,
                                          subject="Chỉ đạo", signer="Thứ trưởng", body="Nội dung",
                                          localities=[world.a, world.b, c])
    Locality.objects.filter(pk=world.b.pk).update(short_name='Đà Nẵng & "Hội An" <mới>')
    now = timezone.now()
    gone = make_user("da_nghi", "locality", "officer", locality=c)
    unnamed = make_user("khong_ten", "locality", "officer", locality=world.b)
    type(unnamed).objects.filter(pk=unnamed.pk).update(full_name="")
    copies = {r.locality_id: r for r in directive.recipients.all()}
    DirectiveRecipient.objects.filter(pk=copies[world.a.pk].pk).update(
        first_opened_at=now, first_opened_by=world.users["officer_a"], acknowledged_at=now,
        acknowledged_by=world.users["manager_a"], reminders=2)
    DirectiveRecipient.objects.filter(pk=copies[world.b.pk].pk).update(first_opened_at=now, first_opened_by=unnamed)
    # 1.234 reminders: the page writes numbers as {{ }} does outside {% localize off %}.
    DirectiveRecipient.objects.filter(pk=copies[c.pk].pk).update(first_opened_at=now, first_opened_by=gone,
                                                                 reminders=1234)
    recipients = list(directive.recipients.select_related("locality", "unit", "first_opened_by", "acknowledged_by"))
    with translation.override(language):
        expected = engines["django"].from_string(RECIPIENT_ROWS).render({"recipients": recipients})
        assert queries.recipient_rows(recipients) == expected
    assert expected.count("<tr>") == 3 and "khong_ten" in expected and "&amp; &quot;Hội An&quot;" in expected
    assert '<td class="num">1.234</td>' in expected or language == "en"
    # An account deleted since: the template failed on its row (VariableDoesNotExist, a 500); the time stays.
    type(gone).objects.filter(pk=gone.pk).delete()
    recipients = list(directive.recipients.select_related("locality", "unit", "first_opened_by", "acknowledged_by"))
    with translation.override(language):
        rows = queries.recipient_rows(recipients)
    assert f"<td>{timezone.localtime(now):%d/%m/%Y %H:%M}</td>" in rows and "Da Nghi" not in rows
    page = client_for(world.users["central"]).get(reverse("coordination:directive_detail", args=[directive.pk]))
    assert page.status_code == 200 and queries.recipient_rows(recipients) in page.content.decode()
