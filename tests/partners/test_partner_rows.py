"""Issue 9: the partner page's tables of agreements, delegations and conferences are written in Python
(partners/rows.py). Their markup must be byte for byte what the page's template loops wrote — kept here as the
reference — for every status and health, a signing day known, known to the month only, unknown or not yet, in
both languages, with texts that need escaping; and the page must show them."""
import datetime
import itertools

import pytest
from django.template import engines
from django.urls import reverse, set_script_prefix
from django.utils import translation

from ngoaivu.agreements.choices import AgreementStatus, Health
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Locality
from ngoaivu.exchanges.choices import ConferenceStatus, DelegationStatus
from ngoaivu.exchanges.models import Conference, Delegation
from ngoaivu.partners import rows

NASTY = 'Hà Giang & "Tuyên Quang" <mới>'

AGREEMENTS = """{% load i18n core_tags %}{% for a in agreements %}<tr><td><a href="{{ a.get_absolute_url }}">{{ a.title }}</a></td><td>{{ a.locality.short_name }}</td><td>{{ a.signed_display|default:"—" }}</td><td>{% status_tag a.get_status_display a.status_colour %}</td><td>{% if a.health != "na" %}{{ a.get_health_display }}{% else %}—{% endif %}</td></tr>{% endfor %}"""
EXCHANGES = """{% for d in records %}<tr><td><a href="{{ d.get_absolute_url }}">{{ d.title }}</a></td><td>{{ d.locality.short_name }}</td><td>{{ d.start_date|date:"d/m/Y" }} – {{ d.end_date|date:"d/m/Y" }}</td><td>{{ d.get_status_display }}</td></tr>{% endfor %}"""


def reference(template, **context) -> str:
    return engines["django"].from_string(template).render(context)


def agreements():
    place = Locality(short_name=NASTY)
    signings = [(datetime.date(2024, 3, 9), "day", False), (datetime.date(2019, 7, 1), "month", False),
                (None, "day", True), (None, "day", False)]
    made = []
    for pk, (status, health, signing) in enumerate(itertools.product(AgreementStatus.values, Health.values, signings), 1):
        signed_on, precision, historical = signing
        made.append(Agreement(pk=pk, title=f"Bản ghi nhớ <{pk}> & \"Busan\"", locality=place, status=status,
                              health=health, signed_on=signed_on, signed_precision=precision, historical=historical,
                              recorded_status=status))
    return made


def exchanges(model, statuses):
    place = Locality(short_name=NASTY)
    return [model(pk=pk, title=f"Đoàn <{pk}> & \"Gyeonggi\"", locality=place, status=status,
                  start_date=datetime.date(2025, 1, pk), end_date=datetime.date(2025, 2, pk))
            for pk, status in enumerate(statuses, 1)]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rows_are_what_the_template_wrote(language):
    with translation.override(language):
        made = agreements()
        html = rows.agreement_rows(made)
        assert html == reference(AGREEMENTS, agreements=made)
        assert html.count("<tr>") == len(made) and "&lt;1&gt; &amp; &quot;Busan&quot;" in html and "<1>" not in html
        assert ">—</td>" in html  # not signed, no health
        for model, statuses, write in ((Delegation, DelegationStatus.values, rows.delegation_rows),
                                       (Conference, ConferenceStatus.values, rows.conference_rows)):
            made = exchanges(model, statuses)
            assert write(made) == reference(EXCHANGES, records=made)
            assert write(made).count(f'href="{made[0].get_absolute_url()}"') == 1
        assert rows.agreement_rows([]) == rows.delegation_rows([]) == ""


def test_the_links_are_escaped_as_the_template_escaped_them():
    set_script_prefix("/ngo&vu/")
    try:
        made = agreements()[:3]
        html = rows.agreement_rows(made)
        assert html == reference(AGREEMENTS, agreements=made) and 'href="/ngo&amp;vu/agreements/' in html
        made = exchanges(Delegation, DelegationStatus.values)
        assert rows.delegation_rows(made) == reference(EXCHANGES, records=made)
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
def test_the_partner_page_shows_its_tables(world, client_for):
    from ngoaivu.agreements import actions as register
    from ngoaivu.partners.models import Partner
    partner = Partner.objects.create(name="Busan <Metropolitan> & City", country="KR")
    made = [register.create_agreement(world.users["officer_b"], locality=world.b, partners=[partner], form="ban_ghi_nho",
                                      title=f"Bản ghi nhớ <{n}> & \"Busan\"") for n in range(3)]
    for user, seen in (("central", 3), ("officer_b", 3), ("officer_a", 0)):
        page = client_for(world.users[user]).get(reverse("partners:partner_detail", args=[partner.pk])).content.decode()
        if not seen:  # another province's agreements: counted, not listed
            assert 'id="partner-agreements"' not in page and 'id="ties-aggregate"' in page
            continue
        table = page.split('id="partner-agreements"')[1].split("</table>")[0]
        assert table.count("<tr>") == 1 + seen and all(f'<a href="{a.get_absolute_url()}">' in table for a in made)
        assert "Bản ghi nhớ &lt;2&gt; &amp; &quot;Busan&quot;" in table and "Chưa có đoàn nào" in page
