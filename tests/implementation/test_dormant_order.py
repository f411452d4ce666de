"""The longest-idle agreements (`queries.dormant_list`: the home panels and the national page): the order the
panels promise — never-active and undated first, then the longest idle, ties by key — on both databases, and
read from an index rather than by sorting every dormant agreement of the province or the country (agreements/
0013 and 0019 on PostgreSQL, 0017 and 0018 on SQLite: indexes Django does not know, which a migration that
rebuilds the agreement table on SQLite drops), while the calendars' self-renewing agreements are still found
through agreement_expiry_idx and the reports still owed through agreement_unreported_idx."""
import datetime

import pytest
from django.db import connection

from ngoaivu.agreements.models import Agreement
from ngoaivu.implementation import queries

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def dormant(world):
    def make(locality, title, **dates):
        return Agreement.objects.create(locality=locality, title=title, form="ban_ghi_nho", status="in_force",
                                        health="dormant", **dates)
    return {
        "undated": make(world.a, "Không có ngày nào"),
        "active_2020": make(world.a, "Hoạt động cuối 2020", signed_on=D(2018, 1, 1), last_activity_on=D(2020, 6, 1)),
        "signed_2019": make(world.a, "Ký 2019, chưa hoạt động", signed_on=D(2019, 2, 2)),
        "in_force_2019": make(world.a, "Chỉ có ngày hiệu lực 2019", in_force_on=D(2019, 2, 2)),
        "active_2024": make(world.a, "Hoạt động cuối 2024", signed_on=D(2017, 1, 1), last_activity_on=D(2024, 1, 1)),
        "other_province": make(world.b, "Tỉnh B, hoạt động cuối 2016", signed_on=D(2015, 1, 1),
                               last_activity_on=D(2016, 1, 1)),
        "active_not_dormant": Agreement.objects.create(locality=world.a, title="Đang hoạt động", form="ban_ghi_nho",
                                                       status="in_force", health="active", signed_on=D(2010, 1, 1)),
    }


def test_the_longest_idle_come_first_undated_before_them(world, dormant):
    made = Agreement.objects.filter(pk__in=[a.pk for a in dormant.values()])  # not the world's own
    ours = [a.title for a in queries.dormant_list(made.filter(locality=world.a), 10)]
    assert ours == ["Không có ngày nào", "Ký 2019, chưa hoạt động", "Chỉ có ngày hiệu lực 2019",
                    "Hoạt động cuối 2020", "Hoạt động cuối 2024"]
    national = [a.title for a in queries.dormant_list(made, 3)]
    assert national == ["Không có ngày nào", "Tỉnh B, hoạt động cuối 2016", "Ký 2019, chưa hoạt động"]



def test_the_kept_lists_are_the_lists_read_on_the_spot_for_every_reader(world, dormant):
    """With a key (the panels, the to-do list, the national page) both statements are built once per key and
    run again (core.statements): each reader's list, its rows and their columns, equals the one read on the
    spot, interleaved across readers, sizes and column sets from one cache."""
    from ngoaivu.core import statements
    statements._compiled.clear()
    cases = [(persona, limit, columns) for persona in ("officer_b", "officer_a", "manager_a", "central", "unit_officer")
             for limit in (3, 8, 20) for columns in (None, ("title", "health_reasons"))]
    seen = set()
    for persona, limit, columns in cases + cases[::-1]:
        user = world.users[persona]
        mine = queries.own_agreements(user)
        kept = queries.dormant_list(mine, limit, columns, key=("own", user.scope))
        fresh = queries.dormant_list(mine, limit, columns)
        assert [a.pk for a in kept] == [a.pk for a in fresh], (persona, limit, columns)
        shown = ("title", "health_reasons") if columns else ("title", "health_reasons", "idle_since")
        assert [[getattr(a, c) for c in shown] for a in kept] == [[getattr(a, c) for c in shown] for a in fresh]
        if not columns:
            assert [a.locality.short_name for a in kept] == [a.locality.short_name for a in fresh]
        seen.update(a.pk for a in kept)
    assert dormant["other_province"].pk in seen and dormant["undated"].pk in seen

def _order_query(qs):
    dormant = qs.filter(status="in_force", health="dormant").annotate(idle_since=queries.idle_since())
    sql, params = (dormant.order_by(queries.F("idle_since").asc(nulls_first=True), "pk")
                   .values_list("pk", flat=True)[:8].query.sql_with_params())
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql, params)
        return " / ".join(row[-1] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL's own indexes")
def test_postgresql_reads_the_order_from_an_index(world, dormant):
    # A test database of seven agreements is read faster by a scan and a sort: those are priced out, so the
    # plan shows whether an index can give the order (a sort that remains is one no index can avoid).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off")
    country = _order_query(Agreement.objects.all())
    assert "agreement_idle_order_idx" in country and "Sort" not in country, country
    # On seven rows the country's index filtered by province costs the same as the province's own, and which
    # one the planner took followed the statistics of the moment (a CI run under load took the country's):
    # the province's index is shown to give the order alone, the country's dropped inside this test's
    # transaction (rolled back with it).
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX agreement_idle_order_idx")
    province = _order_query(Agreement.objects.filter(locality_id__in=[world.a.pk]))
    assert "agreement_idle_local_pg_idx" in province and "Sort" not in province, province


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL has its own indexes (agreements/0013, 0019)")
def test_sqlite_reads_the_order_from_an_index(world, dormant):
    province = _order_query(Agreement.objects.filter(locality_id__in=[world.a.pk]))
    country = _order_query(Agreement.objects.all())
    assert "agreement_idle_local_sqlite_idx" in province and "TEMP B-TREE" not in province, province
    assert "agreement_idle_order_sqlite_idx" in country and "TEMP B-TREE" not in country, country


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan of SQLite's own indexes")
def test_sqlite_finds_the_self_renewing_agreements_through_the_expiry_index(world, dormant):
    plan = _candidates_plan()
    assert "agreement_expiry_idx (status=? AND auto_renew=? AND expires_on<?)" in plan, plan


def _candidates_plan():
    """The plan of the calendars' deadline candidates (deadlines.CANDIDATES_SQL) for December 2026."""
    from ngoaivu.agreements import deadlines
    report = datetime.timedelta(days=15)
    keys = deadlines.candidate_keys(D(2026, 12, 1), D(2027, 1, 3), D(2026, 12, 1) - report, D(2027, 1, 3) - report,
                                    D(2032, 1, 2))
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + keys.sql, keys.params)
        return " / ".join(str(row[-1]) for row in cursor.fetchall())


def test_the_reports_still_owed_are_found_through_their_own_index(world, dormant):
    """A calendar's report deadlines (deadlines.CANDIDATES_SQL's second arm) read the partial index of the
    agreements whose report is still owed (agreements/0024), not every agreement signed in the window, of
    which nine in ten are reported at national scale."""
    if connection.vendor == "postgresql":
        # Seven agreements are read faster by a scan: scans are priced out, and the index on signed_on alone
        # dropped inside this test's transaction (rolled back with it), so the plan shows whether the
        # statement's condition lets the partial index serve the arm.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'agreements_agreement' "
                           "AND indexdef LIKE '%(signed_on)' AND indexdef NOT LIKE '%WHERE%'")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
    plan = _candidates_plan()
    assert "agreement_unreported_idx" in plan, plan
