"""Issue 9: the delegation and conference lists' rows are written in Python (exchanges/list_rows.py). Their
markup must be byte for byte what the row templates wrote (kept here as the reference) for every kind of
row, persona and language, and a change to a record shows at once."""
import datetime
import re

import pytest
from django.template import engines
from django.utils import timezone, translation

from ngoaivu.exchanges.models import Conference, Delegation, DelegationReport
from tests.agreements.factories import partner

pytestmark = pytest.mark.django_db

DELEGATION_ROW = """{% load i18n core_tags %}{% for d in rows %}<tr>
    <td><a href="{{ d.get_absolute_url }}">{{ d.title }}</a><br><span class="small muted">{{ d.head_name }} — {{ d.head_title }}{% if user.scope.sees_all %} · {{ d.locality.short_name }}{% endif %}</span></td>
    <td>{{ d.get_direction_display }}<br><span class="small">{{ d.get_channel_display }}</span></td>
    <td>{% for s in d.stops.all %}{{ s.country|country }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
    <td><time datetime="{{ d.start_date|date:'Y-m-d' }}">{{ d.start_date|date:"d/m/Y" }}</time>–{{ d.end_date|date:"d/m/Y" }}</td>
    <td>{% if d.decision_date and not d.cancelled_on %}{{ d.report_due|date:"d/m/Y" }}{% if d.report_is_overdue %} {% status_tag _("Quá hạn") "red" %}{% endif %}{% else %}—{% endif %}</td>
    <td>{% status_tag d.get_status_display d.status_colour %}</td>
  </tr>{% endfor %}"""

CONFERENCE_ROW = """{% load i18n core_tags %}{% for c in rows %}<tr>
    <td><a href="{{ c.get_absolute_url }}">{{ c.title }}</a><br><span class="small muted">{{ c.get_kind_display }} · {{ c.get_form_display }}{% if user.scope.sees_all %} · {{ c.locality.short_name }}{% endif %}</span></td>
    <td>{{ c.start_date|date:"d/m/Y" }}{% if c.end_date != c.start_date %}–{{ c.end_date|date:"d/m/Y" }}{% endif %}</td>
    <td>{% for p in c.partners.all %}{{ p.display_name }} <span class="muted">({{ p.country|country }})</span>{% if not forloop.last %}<br>{% endif %}{% empty %}—{% endfor %}</td>
    <td>{{ c.get_authority_display }}</td>
    <td>{{ c.dossier_deadline|date:"d/m/Y" }}{% if c.dossier_late and c.status != "cancelled" %} {% status_tag _("Nộp muộn") "red" %}{% endif %}</td>
    <td>{% status_tag c.get_status_display c.status_colour %}{% if c.report_is_overdue %} {% status_tag _("Báo cáo quá hạn") "red" %}{% endif %}</td>
  </tr>{% endfor %}"""


def reference_rows(model, pks, user):
    """The rows as the templates wrote them, from the same records in the list's order."""
    if model is Delegation:
        qs, template = Delegation.objects.select_related("locality", "report").prefetch_related("stops"), DELEGATION_ROW
    else:
        qs, template = Conference.objects.select_related("locality").prefetch_related("partners"), CONFERENCE_ROW
    by_pk = qs.in_bulk(pks)
    return engines["django"].from_string(template).render({"rows": [by_pk[pk] for pk in pks], "user": user})


def tbody(client, path, query, language):
    html = client.get(f"{path}?{query}", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    found = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return found.group(1) if found else ""


def shown_pks(body, path):
    return [int(pk) for pk in re.findall(rf'<tr>\n    <td><a href="{path}(\d+)/"', body)]


@pytest.fixture
def varied(world):
    """Rows of every shape: overdue report, cancelled, several stops and partners, late dossier, one day."""
    today = timezone.localdate()
    d_a, d_b = world.delegation_a, world.delegation_b
    d_a.stops.create(country="FR", city="Paris")
    Delegation.objects.filter(pk=d_a.pk).update(report_due=today - datetime.timedelta(days=2), title="Đoàn <A> & co",
                                                head_title="Phó Chủ tịch \"UBND\"")
    Delegation.objects.filter(pk=d_b.pk).update(decision_date=today, cancelled_on=today)
    c_a, c_b = world.conference_a, world.conference_b
    c_a.partners.add(partner(name="Busan <Metro>", country="KR", name_vi=""), partner(name="Aichi", country="JP", name_vi="Tỉnh Aichi"))
    Conference.objects.filter(pk=c_a.pk).update(dossier_deadline=today - datetime.timedelta(days=1), dossier_submitted_on=None,
                                                decision_date=today - datetime.timedelta(days=40), report_submitted_on=None,
                                                report_due=today - datetime.timedelta(days=1))
    Conference.objects.filter(pk=c_b.pk).update(end_date=c_b.start_date + datetime.timedelta(days=2), dossier_deadline=None,
                                                authority="")
    return world


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("persona", ["central", "officer_a", "officer_b", "mission_officer"])
def test_rows_are_the_template_rows(varied, client_for, persona, language):
    user = varied.users[persona]
    client = client_for(user)
    seen, late = 0, 0
    for model, path in ((Delegation, "/exchanges/delegations/"), (Conference, "/exchanges/conferences/")):
        for query in ("", "sort=title", "sort=-status", "q=a"):
            body = tbody(client, path, query, language)
            pks = shown_pks(body, path)
            with translation.override(language):
                assert body == reference_rows(model, pks, user), (persona, path, query)
            seen += len(pks)
            late += body.count("tag--red")
    assert seen or persona == "mission_officer"
    if persona == "central":  # the overdue report, the late dossier and the overdue conference report shown
        assert late >= 3


def test_a_change_shows_at_once(varied, client_for):
    user = varied.users["central"]
    client = client_for(user)
    before = tbody(client, "/exchanges/delegations/", "", "vi")
    Delegation.objects.filter(pk=varied.delegation_a.pk).update(title="Đoàn đổi tên", status="cancelled")
    varied.delegation_a.stops.create(country="DE")
    after = tbody(client, "/exchanges/delegations/", "", "vi")
    assert "Đoàn đổi tên" in after and "Đoàn đổi tên" not in before and "Đức" in after
    with translation.override("vi"):
        assert after == reference_rows(Delegation, shown_pks(after, "/exchanges/delegations/"), user)


def test_a_report_ends_the_overdue_tag(varied, client_for):
    """The list reads whether a delegation has its report as a column of the row (`report__id`)."""
    user = varied.users["central"]
    client = client_for(user)
    Delegation.objects.filter(pk=varied.delegation_a.pk).update(decision_date=timezone.localdate(), cancelled_on=None)
    pages = []
    for _report in (False, True):
        if _report:
            DelegationReport.objects.create(delegation=varied.delegation_a, submitted_on=timezone.localdate(),
                                            summary="Kết quả")
        body = tbody(client, "/exchanges/delegations/", "sort=title", "vi")
        with translation.override("vi"):
            assert body == reference_rows(Delegation, shown_pks(body, "/exchanges/delegations/"), user)
        pages.append(body)
    assert pages[0].count("tag--red") == pages[1].count("tag--red") + 1


@pytest.mark.parametrize("persona", ["central", "officer_a"])
@pytest.mark.parametrize("sort", ["", "&sort=title"])
def test_a_search_with_the_partner_filter_lists_the_partners_delegations(world, client_for, persona, sort):
    """The partner filter crosses a many-to-many (DISTINCT): with a search, the list reads its keys, and the
    statement also selects the columns it is ordered by (core.generic.SearchPaginator)."""
    from django.urls import reverse
    d_a = world.delegation_a
    busan = partner(name="Busan Metropolitan City", country="KR", name_vi="Thành phố Busan")
    d_a.partners.add(busan)
    word = Delegation.objects.get(pk=d_a.pk).title.split()[-1]
    response = client_for(world.users[persona]).get(
        reverse("exchanges:delegation_list") + f"?q={word}&partner={busan.pk}{sort}")
    assert response.status_code == 200
    assert response.context["paginator"].count == 1
    assert [row.pk for row in response.context["page_obj"].object_list] == [d_a.pk]
