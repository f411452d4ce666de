"""The delegation export reads its rows a chunk at a time (exchanges.exports): each delegation's stops and
partners land on its own row, in their order, across chunks; the other cells are what the models say; the
statements grow with the chunks, not the delegations (the centre's 40,000 took 30 s of CPU as models)."""
import datetime
import io
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ngoaivu.exchanges import exports
from ngoaivu.exchanges.models import Delegation
from ngoaivu.partners.models import Partner
from tests.exchanges.factories import approved_delegation, delegation

pytestmark = pytest.mark.django_db


def expected(d):
    """The row as the models give it, read one delegation at a time."""
    report = getattr(d, "report", None)
    return [d.pk, d.locality.short_name, str(d.get_direction_display()), str(d.get_channel_display()),
            str(d.get_level_display()), d.title, d.head_name, d.head_title, d.member_count,
            exports._stops_cell((s.country, s.city, s.days) for s in d.stops.order_by("position", "pk")) or None,
            d.purpose or None, ", ".join(str(p) for p in d.partners.order_by("name", "pk")) or None,
            d.start_date, d.end_date, str(d.get_funding_display()), d.approval_authority_display or None,
            d.decision_number or None, d.decision_date, str(d.get_status_display()), d.report_due,
            report.submitted_on if report else None, "Có" if d.report_is_overdue(datetime.date.today()) else None]


@pytest.fixture
def delegations(world):
    officer, other = world.users["officer_a"], world.users["officer_b"]
    made = []
    for i in range(7):
        user, place = (officer, world.a) if i % 2 else (other, world.b)
        build = approved_delegation if i % 3 == 0 else delegation
        d = build(user, place, countries=("KR", "JP", "CN")[: 1 + i % 3], title=f"Đoàn xuất {i}",
                  start_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=30 * i))
        partners = [Partner.objects.create(name=f"{'ZA'[i % 2]}-Đối tác {i}", country="KR", name_vi=f"Đối tác số {i}"),
                    Partner.objects.create(name=f"B-Partner {i}", country="JP")]
        d.partners.set(partners[: 1 + i % 2])
        made.append(d)
    return made


def _rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("chunk", [2, 3, 1000])
def test_every_row_holds_its_own_stops_and_partners_across_chunks(delegations, monkeypatch, chunk):
    monkeypatch.setattr(exports, "CHUNK", chunk)
    queryset = Delegation.objects.filter(pk__in=[d.pk for d in delegations]).order_by("-start_date", "-pk")
    with CaptureQueriesContext(connection) as queries:
        rows = _rows(exports.delegations_xlsx(queryset)[0])
    ordered = list(queryset)
    assert [row[0] for row in rows] == [d.pk for d in ordered]
    for row, d in zip(rows, ordered):
        want = expected(d)
        # Dates come back from the file as datetimes.
        got = [cell.date() if isinstance(cell, datetime.datetime) else cell for cell in row]
        assert got == want, d.title
    # The rows (one statement, read in chunks) and two statements of links a chunk.
    assert len(queries) <= 1 + 2 * math.ceil(len(delegations) / chunk), [q["sql"][:80] for q in queries]
    # Some rows have several stops (one line each) and several partners.
    assert any("\n" in (row[9] or "") for row in rows) and any(", " in (row[11] or "") for row in rows)


def test_the_report_cancellation_and_approval_cells_say_what_the_records_hold(world):
    """The columns the other tests leave empty: a report handed in, a report overdue, a cancelled trip, an
    approval by an authority named in the note ("Cấp khác") — each cell read back from the file, against the
    records and against the literal value (review of the fifty-third session)."""
    from ngoaivu.exchanges import actions
    officer = world.users["officer_a"]
    today = datetime.date.today()
    reported = approved_delegation(officer, world.a, title="Đoàn đã báo cáo",
                                   start_date=today - datetime.timedelta(days=120))
    actions.submit_report(officer, reported, submitted_on=today - datetime.timedelta(days=90), summary="Kết quả tốt")
    overdue = approved_delegation(officer, world.a, title="Đoàn chưa báo cáo",
                                  start_date=today - datetime.timedelta(days=200))
    cancelled = delegation(officer, world.a, title="Đoàn đã hủy", start_date=today + datetime.timedelta(days=40))
    actions.cancel_delegation(officer, cancelled, cancelled_on=today, reason="Đối tác hoãn")
    other = delegation(officer, world.a, title="Đoàn cấp khác", start_date=today + datetime.timedelta(days=60))
    actions.approve_delegation(officer, other, decision_number="9/QĐ-BCĐ", decision_date=today,
                               authority="other", authority_note="Ban Chỉ đạo công tác đối ngoại tỉnh")
    made = [reported, overdue, cancelled, other]
    queryset = Delegation.objects.filter(pk__in=[d.pk for d in made]).order_by("-start_date", "-pk")
    rows = {row[0]: [cell.date() if isinstance(cell, datetime.datetime) else cell for cell in row]
            for row in _rows(exports.delegations_xlsx(queryset)[0])}
    for d in Delegation.objects.filter(pk__in=[d.pk for d in made]):
        assert rows[d.pk] == expected(d), d.title
    assert rows[reported.pk][20] == today - datetime.timedelta(days=90) and rows[reported.pk][21] is None
    assert rows[overdue.pk][20] is None and rows[overdue.pk][21] == "Có"
    assert rows[overdue.pk][19] < today  # its report was due
    assert rows[cancelled.pk][18] == "Đã hủy"
    assert rows[other.pk][15] == "Ban Chỉ đạo công tác đối ngoại tỉnh" and rows[other.pk][16] == "9/QĐ-BCĐ"
