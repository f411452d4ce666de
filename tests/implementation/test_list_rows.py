"""Issue 9: the activity and commitment lists' rows are written in Python (implementation/list_rows.py) from
plain rows of the columns they show. Their markup must be byte for byte what the row loops of the templates
wrote (kept here as the reference, with the commitments' "due soon" by each province's own rule as the view
set it) for every kind of row, persona and language, and a change to a record shows at once."""
import datetime
import re

import pytest
from django.template import engines
from django.utils import translation

from ngoaivu.core.models import Unit
from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Activity, Commitment, HealthSettings
from tests.agreements.factories import agreement
from tests.exchanges.test_list_rows import tbody  # the table body of a list page

pytestmark = pytest.mark.django_db

ACTIVITY_ROW = """{% for a in rows %}<tr><td>{{ a.occurred_on|date:"d/m/Y" }}</td><td><a href="{{ a.get_absolute_url }}">{{ a.title }}</a></td><td>{{ a.get_kind_display }}</td>
  <td>{% if a.agreement %}<a href="{% url 'implementation:agreement' a.agreement_id %}">{{ a.agreement.title|truncatechars:50 }}</a>{% else %}—{% endif %}</td><td>{{ a.locality.short_name }}</td></tr>{% endfor %}"""

COMMITMENT_ROW = """{% load i18n %}{% for c in rows %}<tr><td><a href="{{ c.get_absolute_url }}">{{ c.description|truncatechars:80 }}</a></td><td>{{ c.agreement.title|truncatechars:50 }}</td><td>{{ c.responsible_unit.name|default:"—" }}</td>
  <td>{{ c.due_on|date:"d/m/Y"|default:"—" }} {% include "implementation/_deadline_tag.html" with state=c.deadline_state %}</td><td>{% include "implementation/_commitment_status.html" %}</td></tr>{% endfor %}"""


def reference_rows(model, pks):
    """The rows as the templates wrote them, from the same records in the list's order."""
    if model is Activity:
        by_pk = Activity.objects.select_related("agreement", "locality").in_bulk(pks)
        return engines["django"].from_string(ACTIVITY_ROW).render({"rows": [by_pk[pk] for pk in pks]})
    by_pk = Commitment.objects.select_related("agreement", "responsible_unit").in_bulk(pks)
    rules, today = HealthSettings.rules_by_locality(), actions.today()
    for c in by_pk.values():  # as the view set it before
        c.deadline_state = c.deadline(today, rules.get(c.agreement.locality_id, rules[None]).due_soon_days)
    return engines["django"].from_string(COMMITMENT_ROW).render({"rows": [by_pk[pk] for pk in pks]})


def shown_pks(body, path):
    return [int(pk) for pk in re.findall(rf'<td><a href="{path}(\d+)/"', body)]


@pytest.fixture
def varied(world):
    """Rows of every shape: long and marked-up titles, no agreement, no unit, no due date, each status,
    overdue, due soon by province B's own longer warning, years before 1000, of both provinces."""
    today = actions.today()
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    HealthSettings.objects.update_or_create(locality=world.b, defaults={"due_soon_days": 90})
    in_force = {"signed_on": datetime.date(2025, 3, 1), "in_force_on": datetime.date(2025, 3, 1)}
    long_a = agreement(officer_a, world.a, title="Thỏa thuận hợp tác <toàn diện> & lâu dài giữa Lạng Sơn và Quảng Tây "
                                                  "về thương mại biên giới", **in_force)
    short_b = agreement(officer_b, world.b, title="MOU Đà Nẵng – Busan", **in_force)
    unit = Unit.objects.filter(locality=world.a).first()
    for n, (owner, status, due, responsible) in enumerate((
            (long_a, "pending", today - datetime.timedelta(days=3), unit),
            (long_a, "in_progress", today + datetime.timedelta(days=10), None),
            (long_a, "fulfilled", today - datetime.timedelta(days=30), unit),
            (long_a, "waived", None, None),
            (short_b, "pending", today + datetime.timedelta(days=60), None),  # due soon by B's 90 days only
            (short_b, "pending", today + datetime.timedelta(days=200), None),
            (short_b, "pending", datetime.date(202, 1, 5), None))):  # a mistyped year: written of four digits
        Commitment.objects.create(agreement=owner, status=status, due_on=due, responsible_unit=responsible,
                                  description=f"Cam kết {n}: " + ("nội dung <dài> & " * 8 if n % 2 else "ngắn"))
    for n, (locality, owner, kind) in enumerate(((world.a, long_a, "meeting"), (world.a, None, "training"),
                                                 (world.b, short_b, "investment"), (world.b, None, "other"))):
        Activity.objects.create(locality=locality, agreement=owner, kind=kind, title=f"Hoạt động {n} <b>\"đặc biệt\"</b>",
                                occurred_on=today - datetime.timedelta(days=n * 40) if n < 3 else datetime.date(999, 3, 4))
    return world


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("persona", ["central", "officer_a", "officer_b", "unit_officer", "mission_officer"])
def test_rows_are_the_template_rows(varied, client_for, persona, language):
    client = client_for(varied.users[persona])
    seen, tags = 0, 0
    for model, path, queries in ((Activity, "/implementation/activities/", ("", "sort=title", "sort=-kind", "kind=meeting")),
                                 (Commitment, "/implementation/commitments/",
                                  ("", "sort=-status", "sort=agreement", "overdue=true&in_force=true"))):
        for query in queries:
            body = tbody(client, path, query, language)
            pks = shown_pks(body, path)
            with translation.override(language):
                assert body == reference_rows(model, pks), (persona, path, query)
            seen += len(pks)
            tags += body.count("tag--yellow") + body.count("tag--red")
    assert seen or persona == "mission_officer"
    if persona == "central":  # the overdue commitment and the two due soon (B's by its own rule) shown
        assert tags >= 3


def test_a_change_shows_at_once(varied, client_for):
    client = client_for(varied.users["central"])
    path = "/implementation/commitments/"
    before = tbody(client, path, "", "vi")
    changed = Commitment.objects.filter(status="pending").order_by("pk").first()
    Commitment.objects.filter(pk=changed.pk).update(description="Cam kết đổi nội dung", status="fulfilled")
    after = tbody(client, path, "", "vi")
    assert "Cam kết đổi nội dung" in after and "Cam kết đổi nội dung" not in before
    with translation.override("vi"):
        assert after == reference_rows(Commitment, shown_pks(after, path))
    Activity.objects.filter(locality=varied.a).update(title="Hoạt động đã sửa")
    body = tbody(client, "/implementation/activities/", "", "vi")
    assert body.count("Hoạt động đã sửa") == Activity.objects.filter(locality=varied.a).count()


LONGEST_ROW = """{% load core_tags %}{% for a in longest %}<tr><td><a href="{% url 'implementation:agreement' a.pk %}">{{ a.title|truncatechars:70 }}</a></td><td>{{ a.locality.short_name }}</td><td>{{ a.idle_since|date:"d/m/Y"|default:"—" }}</td><td>{{ a.health_reasons|stored }}</td></tr>{% endfor %}"""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_national_pages_longest_dormant_rows_are_the_template_rows(world, client_for, language):
    """Long and marked-up titles, of two provinces, with and without a day they went quiet, the stored reasons
    in the reader's language."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.implementation import queries
    officer_a = world.users["officer_a"]
    made = [agreement(officer_a, world.a, title=title, signed_on=signed, in_force_on=signed)
            for title, signed in (("Thỏa thuận <dài> & " * 6, datetime.date(2019, 4, 1)),
                                  ("MOU ngắn", datetime.date(2021, 2, 3)), ("Không rõ ngày ký", None))]
    Agreement.objects.filter(pk__in=[a.pk for a in made]).update(
        status="in_force", health="dormant", health_reasons="không có hoạt động trong 14 tháng; thỏa thuận không ở trạng thái có hiệu lực")
    Agreement.objects.filter(pk=made[1].pk).update(locality=world.b)
    page = client_for(world.users["central"]).get("/implementation/national/", HTTP_ACCEPT_LANGUAGE=language)
    body = page.content.decode().split('id="longest"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    with translation.override(language):
        expected = engines["django"].from_string(LONGEST_ROW).render(
            {"longest": queries.dormant_list(Agreement.objects.all(), 20)})
    assert body == expected
    assert body.count("<tr>") >= 3 and "&lt;dài&gt;" in body and "—" in body
    if language == "en":
        assert "không có hoạt động" not in body and "không ở trạng thái" not in body
