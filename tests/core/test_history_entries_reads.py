"""A record's history is read by a statement built once (core.statements) and compared as plain rows: the
entries must be those simple-history's own diff_against gives, for every kind of field, after every kind of
change, on both databases; and each record reads its own rows, not the first record's the statement was
built for."""
import datetime
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from ngoaivu.agreements import actions
from ngoaivu.core import statements
from ngoaivu.core.generic import _display, history_entries
from ngoaivu.partners import actions as partner_actions
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db


def reference_entries(obj, limit=50):
    """What history_entries gave when it diffed model instances with simple-history (before issue 9's
    change), as (type, who, [(field, old, new)], reason)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit + 1])
    result = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                field = obj._meta.get_field(change.field)
                changes.append((str(field.verbose_name), str(_display(field, change.old)),
                                str(_display(field, change.new))))
        result.append((record.history_type, str(record.history_user) if record.history_user else None, changes,
                       record.history_change_reason or ""))
    return result


def shown(obj, **kwargs):
    kinds = {"Tạo mới": "+", "Sửa": "~", "Xóa": "-"}
    return [(kinds[e["type"]], e["who"], [(str(c["field"]), str(c["old"]), str(c["new"])) for c in e["changes"]],
             e["reason"] or "") for e in history_entries(obj, **kwargs)]


def test_an_agreements_history_is_what_simple_history_diffs(world):
    officer, manager = world.users["officer_a"], world.users["manager_a"]  # two people of the province
    a = agreement(officer, world.a, term_months=None)
    day = datetime.date(2026, 2, 2)
    actions.update_agreement(officer, a, auto_renew=True, term_months=24, today=day)          # bool, number
    actions.update_agreement(manager, a, title="Thỏa thuận — sửa tên", signed_on=datetime.date(2025, 3, 4),
                             summary="Nội dung\nhai dòng", reason="Sửa qua API", today=day)  # text, date, reason
    actions.update_agreement(officer, a, form=a.form or "mou", channel="party", today=day)  # choices
    a.refresh_from_db()
    entries = shown(a)
    assert len(entries) == 4 and entries == reference_entries(a)
    assert {c[0] for c in entries[1][2]} >= {"tên thỏa thuận", "ngày ký"}  # the newest edit but one, read in full
    assert entries[1][3] == "Sửa qua API"  # (who: the page's user, tests/partners/test_aliases.py)
    assert entries[-1][0] == "+" and entries[-1][2] == []


def test_a_partners_country_and_an_indicators_figure_read_as_simple_history_reads_them(world):
    from ngoaivu.partners.models import Partner
    central = world.users["central"]
    p = partner("Busan", "KR", "Thành phố Busan")
    partner_actions.update_partner(central, p, country="JP", confirm_country_change=True)  # a country field
    p = Partner.objects.get(pk=p.pk)
    assert shown(p) == reference_entries(p)
    changed = {c[0]: (c[1], c[2]) for c in shown(p)[0][2]}
    assert changed[str(Partner._meta.get_field("country").verbose_name)] == ("Hàn Quốc", "Nhật Bản")


def test_each_record_reads_its_own_rows_and_the_limit_holds(world):
    officer = world.users["officer_a"]
    first = agreement(officer, world.a, title="Thỏa thuận A")
    second = agreement(officer, world.a, title="Thỏa thuận B")
    for n in range(4):
        actions.update_agreement(officer, second, summary=f"lần {n}", today=datetime.date(2026, 2, 2))
    assert len(history_entries(first)) == 1 and len(history_entries(second)) == 5
    assert shown(second) == reference_entries(second)
    assert shown(second, limit=2) == reference_entries(second, limit=2)
    # Since a version (core.concurrency): only the rows written after it, each against the one before.
    versions = list(second.history.order_by("history_id").values_list("history_id", flat=True))
    since = shown(second, since=versions[2])
    assert len(since) == 2 and since == reference_entries(second)[:2]


def test_a_statement_built_once_runs_with_each_call_s_values(world):
    """core.statements: the same text, new values; dates and decimals converted as the ORM converts them."""
    from ngoaivu.agreements.models import Agreement
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, signed_on=datetime.date(2024, 5, 6))
    b = agreement(officer, world.a, signed_on=datetime.date(2023, 1, 2))

    def build(pk):
        return Agreement.objects.filter(pk=pk).values_list("pk", "signed_on", "auto_renew")

    key = ("test statement", "signed")
    for record in (a, b, a):
        assert statements.rows(key, build, record.pk) == list(build(record.pk))
    assert statements.rows(key, build, 0) == []
    assert isinstance(statements.rows(key, build, a.pk)[0][1], datetime.date)


def test_a_marker_the_statement_does_not_carry_is_refused_one_it_carries_twice_takes_the_value_twice(world):
    from ngoaivu.agreements.models import Agreement
    a = agreement(world.users["officer_a"], world.a)

    def twice(pk):  # the record's key twice, as a record page's scope subqueries repeat it
        return Agreement.objects.filter(pk=pk, pk__in=Agreement.objects.filter(pk=pk).values("pk")).values_list("pk")
    assert statements.rows(("test statement", "twice"), twice, a.pk) == [(a.pk,)]
    assert statements.rows(("test statement", "twice"), twice, a.pk + 1) == []
    with pytest.raises(ValueError):  # not a parameter at all
        statements.rows(("test statement", "absent"), lambda pk: Agreement.objects.values_list("pk"), 1)


def test_days_are_values_too_the_same_day_in_every_place_it_is_written(world):
    """A window's days (SQLite sends a day as text, PostgreSQL as a date): a statement built for one window
    and run for others reads each window's rows, the end day written twice."""
    from ngoaivu.agreements.models import Agreement
    officer = world.users["officer_a"]
    early = agreement(officer, world.a, signed_on=datetime.date(2023, 1, 2))
    late = agreement(officer, world.a, signed_on=datetime.date(2024, 5, 6))

    def build(pk, first, last):
        return (Agreement.objects.filter(pk__gte=pk, signed_on__range=(first, last))
                .exclude(signed_on__gt=last).order_by("pk").values_list("pk", "signed_on"))

    key = ("test statement", "window")
    for first, last in ((datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)),
                        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
                        (datetime.date(2022, 1, 1), datetime.date(2025, 1, 1)),
                        (datetime.date(2024, 5, 6), datetime.date(2024, 5, 6))):
        got = statements.rows(key, build, early.pk, first, last)
        assert got == list(build(early.pk, first, last)), (first, last)
    assert [pk for pk, _ in statements.rows(key, build, early.pk, datetime.date(2022, 1, 1), datetime.date(2025, 1, 1))] \
        == [early.pk, late.pk]


def test_only_integers_days_aware_moments_and_texts_can_be_values(world):
    """A flag or a naive moment would have no marker the statement carries as given: refused at once. A text
    compared with an integer column ("5" for a key) is refused too: its marker is no number."""
    from ngoaivu.agreements.models import Agreement
    for i, value in enumerate((True, datetime.datetime(2024, 1, 1, 8, 0))):
        with pytest.raises(TypeError):
            statements.rows(("test statement", "type", i), lambda v: Agreement.objects.filter(pk=v).values_list("pk"),
                            value)
    with pytest.raises(ValueError):
        statements.rows(("test statement", "text key"), lambda v: Agreement.objects.filter(pk=v).values_list("pk"), "5")


def test_an_aware_moment_goes_where_its_marker_went_in_any_time_zone(world):
    """A record entered before a moment, by a statement kept across moments given in the local zone and in
    UTC (SQLite compares the stored UTC text: the moment must be sent as Django sends it)."""
    from ngoaivu.agreements.models import Agreement
    a = agreement(world.users["officer_a"], world.a)
    entered = Agreement.objects.get(pk=a.pk).created_at
    key = ("test statement", "moment")

    def build(pk, moment):
        return Agreement.objects.filter(pk=pk, created_at__lt=moment).values_list("pk")
    for moment in (entered + datetime.timedelta(seconds=1), entered, entered - datetime.timedelta(hours=5),
                   timezone.localtime(entered + datetime.timedelta(minutes=1)),
                   timezone.localtime(entered - datetime.timedelta(minutes=1)),
                   (entered + datetime.timedelta(seconds=1)).astimezone(datetime.timezone(datetime.timedelta(hours=-9)))):
        assert statements.rows(key, build, a.pk, moment) == list(build(a.pk, moment)), moment
    assert statements.rows(key, build, a.pk, entered + datetime.timedelta(seconds=1)) == [(a.pk,)]
    assert statements.rows(key, build, a.pk, entered) == []


def test_decimal_values_keep_their_type(world):
    from ngoaivu.agreements.models import Agreement
    a = agreement(world.users["officer_a"], world.a)
    rows = statements.rows(("test statement", "decimal"), lambda pk: Agreement.objects.filter(pk=pk)
                           .annotate(half=F("pk") * Decimal("0.5")).values_list("half"), a.pk)
    assert rows == list(Agreement.objects.filter(pk=a.pk).annotate(half=F("pk") * Decimal("0.5")).values_list("half"))
    assert isinstance(rows[0][0], Decimal), "SQLite's cursor gives a float; the ORM's converter a Decimal"


def test_the_moment_of_a_change_is_an_aware_datetime_on_both_databases(world):
    """SQLite stores a moment as naive UTC text: Django's converter makes it aware, as the page's time needs."""
    from django.utils import timezone
    a = agreement(world.users["officer_a"], world.a)
    when = history_entries(a)[0]["when"]
    assert isinstance(when, datetime.datetime) and timezone.is_aware(when)
    assert abs((timezone.now() - when).total_seconds()) < 600


def test_a_version_no_row_can_have_reads_no_rows_instead_of_failing(world):
    """A crafted version (a form's hidden field, an API's If-Match) beyond any integer column: nothing was
    written after it, as the ORM answered; SQLite could not even be asked (OverflowError, a server error)."""
    from ngoaivu.core.concurrency import StaleEdit, check_version
    a = agreement(world.users["officer_a"], world.a)
    assert history_entries(a, since=10 ** 20) == []
    assert len(history_entries(a, since=-10 ** 20)) == 1
    with pytest.raises(StaleEdit):
        check_version(a, str(10 ** 20))


def test_a_changed_file_shows_its_name_not_the_folders_it_is_stored_in(world):
    from ngoaivu.implementation.models import Plan
    from tests.implementation.factories import agreement as tracked_agreement
    plan = Plan.objects.create(agreement=tracked_agreement(world.a, plan=False), year=2026)
    plan.document = "implementation/2026/12/ke-hoach-2026.pdf"
    plan.save()
    plan.document = "implementation/2026/12/ke-hoach-2026-sua.pdf"
    plan.save()
    changes = {str(c["field"]): (c["old"], c["new"]) for c in history_entries(plan)[0]["changes"]}
    assert changes["văn bản kế hoạch"] == ("ke-hoach-2026.pdf", "ke-hoach-2026-sua.pdf")
    first = {str(c["field"]): (c["old"], c["new"]) for c in history_entries(plan)[1]["changes"]}
    assert first["văn bản kế hoạch"] == ("—", "ke-hoach-2026.pdf")
