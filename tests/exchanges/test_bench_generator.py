"""The bench generator's exchanges part (bench/gen_exchanges.py) at a tiny scale: its rows are valid
records (full_clean), what the app keeps on them is what its rules give (and the sweep finds nothing
to change), and the pages that read them render them."""
import datetime
import random
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from tests.conftest import make_user

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import gen_exchanges  # noqa: E402
import generate  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(reference):
    from ngoaivu.partners.models import Partner
    for i, (name, country) in enumerate([("Tỉnh Gyeonggi", "KR"), ("Busan Metropolitan City", "KR"),
                                         ("Tỉnh Shizuoka", "JP"), ("Tỉnh Champasak", "LA"), ("Bayern", "DE")]):
        Partner.objects.create(name=name, name_vi=name, country=country)
    counts = gen_exchanges.generate(random.Random(9), 0.02, timezone.localdate(), generate.insert_rows,
                                    lambda *args: None)
    # as the generator does once every part is written (generate.rebuild_kept): bulk inserts send no signal,
    # and the lists' totals are kept counts
    from ngoaivu.core import summaries
    for keeper in summaries.keepers():
        keeper.rebuild()
    return counts


def test_the_rows_are_valid_records(generated):
    from ngoaivu.exchanges import models as m
    assert generated["delegations"] == m.Delegation.objects.count() >= 34 * 20
    assert generated["conferences"] == m.Conference.objects.count() >= 34 * 20
    assert m.DelegationMember.objects.exists() and m.DelegationReport.objects.exists()
    assert m.ConferenceConsultation.objects.exists()
    for model in (m.Delegation, m.DelegationStop, m.DelegationMember, m.DelegationContact, m.DelegationEvent,
                  m.DelegationReport, m.DelegationStatusChange, m.Conference, m.ConferenceConsultation,
                  m.ConferenceStatusChange):
        for row in model._base_manager.order_by("?")[:40]:
            row.full_clean()
    # Every step of the lifecycle is there, and this month has trips (the calendar's default month).
    assert {"proposed", "approved", "reported", "returned", "cancelled"} <= set(
        m.Delegation.objects.values_list("status", flat=True))
    assert {"planned", "held", "reported", "cancelled"} <= set(m.Conference.objects.values_list("status", flat=True))
    today = timezone.localdate()
    assert m.Delegation.objects.filter(start_date__year=today.year, start_date__month=today.month).exists()
    for d in m.Delegation.objects.prefetch_related("stops", "partners")[:50]:
        assert d.stops.exists() and d.partners.exists()
    missions = m.Delegation.objects.none().model._meta.apps.get_model("core", "Mission").objects
    assert missions.filter(country="KR").exists()


def test_what_the_app_keeps_equals_its_recomputation(generated):
    from ngoaivu.exchanges.actions import sweep
    from ngoaivu.exchanges.models import Conference, Delegation
    assert gen_exchanges.differences() == []
    assert sweep() == 0
    # The check can fail: a status and a search text out of line are both found.
    d = Delegation.objects.order_by("pk").first()
    Delegation.objects.filter(pk=d.pk).update(status="proposed" if d.status != "proposed" else "cancelled")
    c = Conference.objects.order_by("pk").first()
    Conference.objects.filter(pk=c.pk).update(search_text=" x ")
    found = gen_exchanges.differences()
    assert any(f"delegation {d.pk}: status" in line for line in found)
    assert any(f"conference {c.pk}: search_text" in line for line in found)


def test_the_pages_show_the_generated_records(generated, client):
    from ngoaivu.core.models import Locality
    from ngoaivu.exchanges.models import Conference, Delegation
    locality = Locality.objects.current().get(code=79)
    client.force_login(make_user("gen_officer", "locality", "officer", locality=locality))
    today = timezone.localdate()
    mine = Delegation.objects.filter(locality=locality, cancelled_on__isnull=True)
    this_month = mine.filter(start_date__lte=today.replace(day=28), end_date__gte=today.replace(day=1)).first()
    if this_month:
        page = client.get("/exchanges/calendar/")
        assert page.status_code == 200 and this_month.title in page.content.decode()
    newest = mine.order_by("-start_date", "-pk").first()
    assert newest.title in client.get("/exchanges/delegations/").content.decode()
    page = client.get(newest.get_absolute_url())
    assert page.status_code == 200 and newest.head_name in page.content.decode()
    conference = Conference.objects.filter(locality=locality).order_by("-start_date", "-pk").first()
    assert conference.title in client.get("/exchanges/conferences/").content.decode()
    assert client.get(conference.get_absolute_url()).status_code == 200
    panel = client.get("/home/panels/exchanges/", HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    # Searching by a partner's country finds the generated records (their search text is kept).
    korean = Delegation.objects.filter(locality=locality, stops__country="KR").first()
    if korean:
        assert client.get("/exchanges/delegations/?q=han+quoc").context["page_obj"].paginator.count == \
            Delegation.objects.filter(locality=locality, search_text__contains=" han quoc ").count()


def test_dates_spread_over_twenty_years(generated):
    from ngoaivu.exchanges.models import Delegation
    years = set(Delegation.objects.values_list("start_date__year", flat=True))
    assert min(years) <= datetime.date.today().year - 19 and max(years) >= datetime.date.today().year
