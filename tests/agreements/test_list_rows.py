"""Issue 9: the register list's rows are written in Python (agreements/list_rows.py). Their markup must
be byte for byte what the row template wrote (kept here as the reference), for every kind of row — a
reference, another form, several partners, a former province as signatory, signed on an unknown day,
overdue, due soon, a due date only, none — in both languages, and a change to a record shows at once."""
import datetime
import re

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from ngoaivu.agreements.choices import AgreementStatus
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Locality
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db

REFERENCE_ROW = """{% load i18n core_tags %}{% for a in rows %}<tr>
    <td><a href="{{ a.get_absolute_url }}">{{ a.title }}</a>{% if a.reference %}<br><span class="small muted">{{ a.reference }}</span>{% endif %}{% if a.form_display %}<br><span class="small muted">{{ a.form_display }}</span>{% endif %}</td>
    <td>{% for p in a.partners.all %}{{ p.display_name }} <span class="muted">({{ p.country|country }})</span>{% if not forloop.last %}<br>{% endif %}{% endfor %}</td>
    <td>{{ a.locality.short_name }}{% if a.signatory_locality and not a.signatory_locality.is_current %}<br><span class="small muted">{% blocktranslate with n=a.signatory_locality.short_name %}ký khi là {{ n }}{% endblocktranslate %}</span>{% endif %}</td>
    <td>{{ a.signed_display|default:"—" }}</td>
    <td>{% status_tag a.status_label a.status_colour %}</td>
    <td>{% if a.due_state == "overdue" %}{% translate "Quá hạn" as t %}{% status_tag t "red" %}<br><span class="small">{{ a.next_due_on|date:"d/m/Y" }}</span>
        {% elif a.due_state == "due_soon" %}{% translate "Sắp đến hạn" as t %}{% status_tag t "orange" %}<br><span class="small">{{ a.next_due_on|date:"d/m/Y" }}</span>
        {% elif a.next_due_on %}<span class="small">{{ a.next_due_on|date:"d/m/Y" }}</span>{% else %}—{% endif %}</td>
  </tr>{% endfor %}"""


def reference_rows(pks):
    """The rows as the template wrote them, from the same records in the list's order."""
    today = timezone.localdate()
    by_pk = Agreement.objects.select_related("locality", "signatory_locality").prefetch_related("partners").in_bulk(pks)
    rows = [by_pk[pk] for pk in pks]
    for a in rows:
        a.due_state = ("overdue" if a.next_due_on and a.next_due_on < today else
                       "due_soon" if a.alert_on and a.alert_on <= today else "")
        a.status_label = AgreementStatus(a.status).label
    return engines["django"].from_string(REFERENCE_ROW).render({"rows": rows})


def tbody(client, query, language):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/agreements/?{query}", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    # The list reads only some columns (LIST_COLUMNS): a column it forgot would be read row by row.
    assert len(queries) <= 12, [q["sql"] for q in queries.captured_queries]
    return re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)


def shown_pks(body):
    return [int(pk) for pk in re.findall(r'<tr>\n    <td><a href="/agreements/(\d+)/"', body)]


@pytest.fixture
def varied(world):
    """Agreements of every shape a row can take."""
    today = timezone.localdate()
    agreement(world.users["officer_a"], world.a, title="Bản ghi nhớ thứ sáu")
    rows = list(Agreement.objects.order_by("pk")[:6])
    assert len(rows) == 6
    former = Locality.objects.filter(valid_until__isnull=False).first()
    second = partner(name="Busan <Metro> & Co", country="KR", name_vi="")
    rows[0].partners.add(second, partner(name="Aichi", country="JP", name_vi="Tỉnh Aichi"))
    Agreement.objects.filter(pk=rows[0].pk).update(reference="12/2026/<TT>", form="khac", form_other="Thư & ý định",
                                                   next_due_on=today - datetime.timedelta(days=3))
    Agreement.objects.filter(pk=rows[1].pk).update(signatory_locality=former, title="Kế hoạch \"A\" & <B>",
                                                   next_due_on=today + datetime.timedelta(days=5), alert_on=today)
    Agreement.objects.filter(pk=rows[2].pk).update(next_due_on=today + datetime.timedelta(days=90), alert_on=today + datetime.timedelta(days=60),
                                                   form="", signed_on=datetime.date(2020, 1, 1), signed_precision="year")
    # A historical record known to be signed, on a day nobody knows ("không rõ ngày").
    Agreement.objects.filter(pk=rows[3].pk).update(next_due_on=None, alert_on=today - datetime.timedelta(days=1),
                                                   signed_on=None, historical=True,
                                                   recorded_status=AgreementStatus.IN_FORCE)
    Agreement.objects.filter(pk=rows[4].pk).update(next_due_on=None, alert_on=None, signed_on=None)
    Agreement.objects.filter(pk=rows[5].pk).update(status=AgreementStatus.EXPIRED)
    return rows


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("persona", ["central", "officer_a", "mission_officer"])
def test_rows_are_the_template_rows(world, varied, client_for, persona, language):
    client = client_for(world.users[persona])
    seen, bodies = 0, []
    for query in ("", "sort=title", "sort=-due", "q=ban", "status=in_force&sort=locality"):
        body = tbody(client, query, language)
        pks = shown_pks(body)
        with translation.override(language):
            assert body == reference_rows(pks), (persona, query)
        seen += len(pks)
        bodies.append(body)
    assert seen
    if persona == "central":  # sees every row: the unknown signing day was among them
        with translation.override(language):
            assert f"<td>{gettext('không rõ ngày')}</td>" in "".join(bodies)


def test_a_change_shows_at_once(world, varied, client_for):
    client = client_for(world.users["central"])
    before = tbody(client, "sort=title", "vi")
    Agreement.objects.filter(pk=varied[0].pk).update(title="Đã đổi tên <mới>")
    Locality.objects.filter(pk=varied[0].locality_id).update(short_name="Tỉnh Đổi Tên")
    after = tbody(client, "sort=title", "vi")
    assert "Đã đổi tên &lt;mới&gt;" in after and "Đã đổi tên" not in before
    assert "Tỉnh Đổi Tên" in after
    with translation.override("vi"):
        assert after == reference_rows(shown_pks(after))


def test_listed_partners_of_any_number_of_rows(world):
    """core.rows.listed_partners asks a page's keys in a fixed number of places (the page size, the first key
    again in the rest: one kept statement): 1, 3, 25 and 26 rows each give every row's partners, by name."""
    from ngoaivu.core.rows import listed_partners
    kr, jp = partner("Zeta Incheon", "KR", ""), partner("Alpha Osaka", "JP", "Tỉnh Osaka")
    made = [agreement(world.users["officer_a"], world.a, partners=[kr, jp] if i % 2 else [kr],
                      title=f"Thỏa thuận {i}") for i in range(26)]
    for n in (1, 3, 25, 26):
        keys = [a.pk for a in made[:n]]
        expected = {a.pk: [(p.name_vi or p.name, p.country) for p in a.partners.order_by("name", "pk")]
                    for a in made[:n]}
        assert listed_partners(Agreement.partners, keys) == expected, n
    assert listed_partners(Agreement.partners, [made[1].pk])[made[1].pk] == [("Tỉnh Osaka", "JP"),
                                                                          ("Zeta Incheon", "KR")]
    assert listed_partners(Agreement.partners, []) == {}
