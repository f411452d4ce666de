"""Issue 9: the open data's list (read by anyone without signing in) writes its rows in Python
(reports.opendata.list_rows) and reads only the page's keys for its count and order. Its markup must be byte
for byte what the row template wrote (kept here as the reference), for every kind of row — several partners, a
partner without a Vietnamese name, a country code the catalogue does not name, text that must be escaped, a
year-only signing date, a historical record signed on an unknown day, no date at all — in both languages;
only public agreements are listed, and a change shows at once."""
import datetime
import re

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from ngoaivu.agreements.choices import AgreementStatus
from ngoaivu.agreements.models import Agreement
from ngoaivu.reports.opendata import public_agreements
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db

REFERENCE_ROW = """{% load i18n core_tags %}{% for a in rows %}
    <tr><td><a href="{% url 'reports:open_data_detail' a.pk %}">{{ a.title }}</a></td><td>{{ a.locality.short_name }}</td>
      <td>{% for p in a.partners.all %}{{ p.name_vi|default:p.name }} ({{ p.country|country }}){% if not forloop.last %}; {% endif %}{% endfor %}</td>
      <td>{{ a.signed_display }}</td><td>{{ a.get_status_display }}</td></tr>
  {% endfor %}"""


def reference_rows(pks):
    by_pk = public_agreements().in_bulk(pks)
    rows = [by_pk[pk] for pk in pks]
    for a in rows:
        # The template's `a.partners.all` in Partner's order (by name); ties by key, as listed_partners orders.
        a.partners_in_order = list(a.partners.order_by("name", "pk"))
    template = REFERENCE_ROW.replace("a.partners.all", "a.partners_in_order")
    return engines["django"].from_string(template).render({"rows": rows})


def tbody(client, query, language):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/reports/open-data/?{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    # No statement per row (25 a page): the count, the keys, their columns, their partners, the selects.
    assert len(queries) <= 8, [q["sql"] for q in queries.captured_queries]
    found = re.search(r"<tbody>(.*?)</tbody>", response.content.decode(), re.S)
    return found.group(1) if found else ""


def shown_pks(body):
    return [int(pk) for pk in re.findall(r'<tr><td><a href="/reports/open-data/agreements/(\d+)/"', body)]


@pytest.fixture
def varied(world):
    """Public agreements of every shape a row can take, and an internal one that must not show."""
    officer = world.users["officer_a"]
    made = [agreement(officer, world.a, title=f"Bản ghi nhớ công khai số {i}", visibility="public",
                      signed_on=datetime.date(2025, 1 + i, 1), signed_precision="day") for i in range(6)]
    made[0].partners.add(partner(name="Busan <Metro> & Co", country="KR", name_vi=""),
                         partner(name="Aichi", country="JP", name_vi="Tỉnh Aichi"),
                         partner(name="Atlantis Board", country="XK", name_vi=""))
    made[0].refresh_search_text()
    Agreement.objects.filter(pk=made[1].pk).update(title='Kế hoạch "A" & <B>', signed_precision="year")
    Agreement.objects.filter(pk=made[2].pk).update(signed_on=None, historical=True,
                                                   recorded_status=AgreementStatus.IN_FORCE)
    Agreement.objects.filter(pk=made[3].pk).update(signed_on=None, status=AgreementStatus.PROPOSED)
    Agreement.objects.filter(pk=made[4].pk).update(status=AgreementStatus.EXPIRED, signed_precision="month")
    # Enough for a second page (25 a page).
    for i in range(20):
        agreement(officer, world.a, title=f"Thỏa thuận công khai thêm {i}", visibility="public")
    # Same title as another, another province: two rows.
    agreement(world.users["officer_b"], world.b, title="Bản ghi nhớ công khai số 5", visibility="public")
    internal = agreement(officer, world.a, title="Bản ghi nhớ nội bộ không công khai", visibility="internal")
    return made, internal


@pytest.mark.parametrize("language", ["vi", "en"])
def test_rows_are_the_template_rows(world, varied, client, language):
    made, internal = varied
    seen = set()
    for query in ("", "q=cong+khai", "q=busan", f"province={world.a.pk}", "status=in_force", "country=KR",
                  "page=2", "year=2025"):
        body = tbody(client, query, language)
        pks = shown_pks(body)
        assert pks, query
        with translation.override(language):
            assert body == reference_rows(pks), query
        seen |= set(pks)
        assert internal.pk not in pks
    public = set(Agreement.objects.filter(visibility="public").values_list("pk", flat=True))
    assert {a.pk for a in made} <= seen <= public


def test_the_list_is_in_its_order_and_counted(world, varied, client):
    body = tbody(client, "", "vi")
    expected = list(public_agreements().order_by("-signed_on", "-pk").values_list("pk", flat=True)[:25])
    assert shown_pks(body) == expected
    count = public_agreements().count()
    page = client.get("/reports/open-data/").content.decode()
    assert f"{count} thỏa thuận" in page


def test_a_change_shows_at_once(world, varied, client):
    made, internal = varied

    def both_pages():  # the list's order puts undated agreements first on PostgreSQL, last on SQLite
        return [tbody(client, query, "vi") for query in ("", "page=2")]

    before = "".join(both_pages())
    Agreement.objects.filter(pk=made[0].pk).update(title="Đã đổi tên <mới>")
    Agreement.objects.filter(pk=internal.pk).update(visibility="public", published_at=timezone.now())
    pages = both_pages()
    after = "".join(pages)
    assert "Đã đổi tên &lt;mới&gt;" in after and "Đã đổi tên" not in before
    assert internal.pk in shown_pks(after) and internal.pk not in shown_pks(before)
    with translation.override("vi"):
        assert all(page == reference_rows(shown_pks(page)) for page in pages)


@pytest.mark.django_db
def test_an_agreement_made_internal_between_the_keys_and_the_rows_is_not_shown(world, client, monkeypatch):
    """The page's keys and its rows are two statements: an edit committing between them must not show an
    agreement that is no longer public (review of the fifty-third session)."""
    from ngoaivu.reports import opendata
    made = agreement(world.users["officer_a"], world.a, title="Sắp thành nội bộ", visibility="public")
    assert "Sắp thành nội bộ" in client.get("/reports/open-data/").content.decode()
    real = opendata.of_page_keys

    def hidden_meanwhile(name, build, pks):
        pks = list(pks)  # read with the public condition
        if name == "open data rows":
            Agreement.objects.filter(pk=made.pk).update(visibility="internal")
        return real(name, build, pks)

    monkeypatch.setattr(opendata, "of_page_keys", hidden_meanwhile)
    assert "Sắp thành nội bộ" not in client.get("/reports/open-data/").content.decode()
