"""A historical record's page (Agreement.historical) offers the ordinary edit and the real events that may
still happen to it (amendment, renewal, termination, expiry…), not the legal steps of a tracked agreement
(the report to the Prime Minister, asking opinions, approval)."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.agreements.choices import EventKind as E
from ngoaivu.agreements.models import Event
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db
D = datetime.date


def _step_links(content, pk):
    base = reverse("agreements:event_create", args=[pk])
    return {kind for kind in E.values if f'href="{base}?kind={kind}"' in content}


def test_a_historical_record_offers_no_report_to_the_pm_but_keeps_later_events(world, client_for):
    officer = world.users["officer_a"]
    old = agreement(officer, world.a, historical=True, signed_on=D(2022, 3, 1), title="Thỏa thuận cũ",
                    today=D(2026, 1, 5))
    tracked = agreement(officer, world.a, signed_on=D(2022, 3, 1), title="Thỏa thuận theo dõi",
                        today=D(2026, 1, 5))
    client = client_for(officer)
    page = client.get(old.get_absolute_url()).content.decode()
    steps = _step_links(page, old.pk)
    assert E.REPORTED not in steps and str(E.REPORTED.label) not in page
    assert {E.AMENDED, E.EXTENDED, E.TERMINATED, E.EXPIRED} <= steps
    assert reverse("agreements:agreement_edit", args=[old.pk]) in page
    # The same facts on a tracked agreement still ask for the report.
    tracked_page = client.get(tracked.get_absolute_url()).content.decode()
    assert E.REPORTED in _step_links(tracked_page, tracked.pk)
    # The step chooser and a hand-typed address do not offer it either.
    chooser = client.get(reverse("agreements:event_create", args=[old.pk]), {"kind": E.REPORTED})
    assert chooser.templates[0].name == "agreements/event_choose.html"
    assert E.REPORTED not in _step_links(chooser.content.decode().replace('href="?kind=', 'href="'
                                         + reverse("agreements:event_create", args=[old.pk]) + '?kind='), old.pk)
    client.post(reverse("agreements:event_create", args=[old.pk]), {"kind": E.REPORTED, "date": "05/01/2026"})
    assert not Event.objects.filter(agreement=old, kind=E.REPORTED).exists()
    old.refresh_from_db()
    assert old.reported_on is None
