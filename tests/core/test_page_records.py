"""A record page's main statement is built once per reader's scope (core.generic.page_record_or_404 through
core.statements.instances) and run again with each record's key. Every persona must get, for every record,
what the statement built on that visit gives: the same record or the same 404, the same columns, related
rows and flags (may edit, comments, has documents…), whichever persona and record the kept statement was
built for first; on both databases."""
import itertools

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import Q
from django.http import Http404

from ngoaivu.agreements import views as agreement_views
from ngoaivu.coordination import views_directives as directive_views
from ngoaivu.core import statements
from ngoaivu.core.generic import page_record_or_404
from ngoaivu.exchanges.views import conferences as conference_views
from ngoaivu.exchanges.views import delegations as delegation_views
from ngoaivu.implementation import views as implementation_views
from ngoaivu.partners import views as partner_views

pytestmark = pytest.mark.django_db

PAGES = {
    "agreement": (agreement_views._detail_queryset, ("agreement_a", "agreement_b", "public_agreement", "draft_a"),
                  ("locality", "signatory_locality", "signing_unit"),
                  ("can_edit", "comment_count", "has_children", "has_co_signatories", "has_documents")),
    "implementation agreement": (implementation_views._agreement_queryset,
                                 ("impl_agreement_a", "impl_agreement_b", "agreement_a", "public_agreement"),
                                 ("locality", "tracking"), ()),
    "directive": (directive_views._directive_queryset, ("directive_a",), ("sender_locality",), ()),
    "partner": (partner_views._detail_queryset, ("partner_a", "partner_kr", "partner_jp", "dup_a", "dup_b"),
                ("parent", "merged_into"), ("has_warnings", "has_aliases", "has_children", "has_merges")),
    "delegation": (delegation_views._detail_queryset, ("delegation_a", "delegation_b"),
                   ("locality", "unit"), ("can_edit", "comment_count", "report_has_agreements")),
    "conference": (conference_views._detail_queryset, ("conference_a", "conference_b"),
                   ("locality", "organiser_unit"), ("can_edit", "comment_count")),
}


def snapshot(record, related, flags):
    """What a page reads of its record: every column, each related row's columns, each flag."""
    def columns(obj):
        return None if obj is None else {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    def related_row(name):
        try:
            return columns(getattr(record, name))
        except ObjectDoesNotExist:  # a reverse one-to-one with no row (an agreement not yet tracked)
            return "none"
    return (columns(record), {name: related_row(name) for name in related},
            {name: getattr(record, name) for name in flags})


def reference(build, user, pk, related, flags):
    """The page's record as Django reads it when the statement is built on this visit."""
    found = list(build(user, pk).prefetch_related(None))
    return snapshot(found[0], related, flags) if found else None


@pytest.mark.parametrize("page", PAGES)
def test_every_persona_gets_each_record_as_a_statement_built_on_that_visit_gives(world, page):
    build, names, related, flags = PAGES[page]
    statements._compiled.clear()
    records = [world.records[name].pk for name in names] + [10 ** 9]
    seen = refused = 0
    # Readers and records interleaved: each scope's kept statement is built for one record and run for the rest.
    for (persona, user), pk in itertools.product(world.users.items(), records):
        expected = reference(build, user, pk, related, flags)
        try:
            got = snapshot(page_record_or_404(f"test {page} page", build, user, pk), related, flags)
        except Http404:
            got = None
        assert got == expected, (persona, pk)
        seen, refused = seen + (got is not None), refused + (got is None)
    assert seen and refused, "the personas must both read and be refused some of these records"


def test_a_statement_is_built_once_per_scope_and_never_shared_between_scopes(world):
    """The kept text holds the reader's scope: a province's statement run for another province's reader
    would show that province's records. Each scope builds its own, on its first use only."""
    statements._compiled.clear()
    built = []

    def build(user, pk):
        built.append(user.username)
        return agreement_views._detail_queryset(user, pk)

    a, b = world.agreement_a.pk, world.agreement_b.pk
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    assert page_record_or_404("test once", build, officer_a, a).pk == a
    with pytest.raises(Http404):
        page_record_or_404("test once", build, officer_a, b)
    assert page_record_or_404("test once", build, officer_b, b).pk == b
    with pytest.raises(Http404):
        page_record_or_404("test once", build, officer_b, a)
    # Three times at first: with the markers, with the first run's values (whose text must be the markers') and
    # with other markers (core.statements._kept, _check); never again.
    assert built == ["officer_a"] * 3 + ["officer_b"] * 3
    # The province's viewer has the same provinces but not the same rights: a scope of its own (can_edit).
    viewer = page_record_or_404("test once", build, world.users["viewer"], a)
    assert viewer.can_edit is False and page_record_or_404("test once", build, officer_a, a).can_edit is True


def test_an_id_no_row_can_have_is_a_404_not_a_server_error(world):
    with pytest.raises(Http404):
        page_record_or_404("test huge", agreement_views._detail_queryset, world.users["central"], 2 ** 63)


def test_a_kept_statement_refuses_a_prefetch_of_its_own(world):
    """A kept queryset's lookups would be shared by every run: the pages read their lists with kept_related."""
    from ngoaivu.agreements.models import Agreement
    with pytest.raises(ValueError):
        statements.instances(("test prefetch",), lambda pk: Agreement.objects.filter(pk=pk).prefetch_related("partners"),
                             world.agreement_a.pk)


def test_a_condition_nothing_meets_reads_no_rows_for_any_key(world):
    from ngoaivu.agreements.models import Agreement
    for pk in (world.agreement_a.pk, world.agreement_b.pk):
        assert statements.instances(("test nothing",), lambda key: Agreement.objects.filter(pk=key, pk__in=[]), pk) == []


def test_a_key_run_with_another_number_of_values_is_refused_not_run_short(world):
    """A key that should hold a list's length and does not: the second run's values cannot all go where the
    first build put its markers, and are refused rather than run with some left out or some markers left in."""
    from ngoaivu.agreements.models import Agreement
    a, b = world.agreement_a.pk, world.agreement_b.pk

    def read(*keys):
        return statements.rows(("test lengths",), lambda *ks: Agreement.objects.filter(pk__in=ks).values_list("pk"),
                               *keys)
    assert sorted(read(a, b)) == sorted([(a,), (b,)])
    with pytest.raises(ValueError):
        read(a)
    with pytest.raises(ValueError):
        read(a, b, a + b)


def test_a_kept_relation_reads_what_django_prefetches_and_asks_nothing_more(world):
    """core.generic.kept_related: a reverse foreign key's and a many-to-many's rows as prefetch_related gives
    them, for each record in turn (the statement built for the first); `.all()` then asks nothing, a row
    knows its record, and a further filter still reads only the record's own rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ngoaivu.core.generic import kept_related
    from ngoaivu.exchanges.models import Delegation, DelegationEvent
    from ngoaivu.partners.models import Partner
    for name in ("delegation_a", "delegation_b"):
        pk = world.records[name].pk
        kept = Delegation.objects.get(pk=pk)
        kept_related(kept, "events", lambda key: DelegationEvent.objects.filter(delegation=key)
                     .select_related("created_by"), "test")
        kept_related(kept, "partners", lambda key: Partner.objects.filter(delegations=key), "test")
        django = Delegation.objects.prefetch_related("events__created_by", "partners").get(pk=pk)
        with CaptureQueriesContext(connection) as asked:
            events, partners = list(kept.events.all()), list(kept.partners.all())
            assert all(e.delegation is kept for e in events)
            assert [e.created_by for e in events] == [e.created_by for e in django.events.all()]
        assert asked.captured_queries == []
        assert [(e.pk, e.kind, e.date) for e in events] == [(e.pk, e.kind, e.date) for e in django.events.all()]
        assert [p.pk for p in partners] == [p.pk for p in django.partners.all()]
        assert events, "each delegation has events to compare"
        first = events[0]
        assert list(kept.events.filter(pk=first.pk)) == [first]
        assert list(kept.events.exclude(pk=first.pk)) == [e for e in events if e.pk != first.pk]


def test_a_value_worked_out_from_a_marker_is_refused_not_run_wrong(world):
    """A day after the value, written by `build` itself, would keep the first marker's day for every run: the
    second build with other markers shows it, and the statement is refused."""
    import datetime

    from ngoaivu.agreements.models import Agreement
    statements._compiled.clear()
    with pytest.raises(ValueError):
        statements.rows(("test derived",), lambda day: Agreement.objects.filter(
            signed_on__gte=day, signed_on__lt=day + datetime.timedelta(days=1)).values_list("pk"),
            datetime.date(2024, 5, 6))
    assert not statements._compiled, "nothing kept of a refused statement"


def test_the_least_recently_used_statement_is_dropped_when_full_and_rows_stay_right(world, monkeypatch):
    from ngoaivu.agreements.models import Agreement
    monkeypatch.setattr(statements, "MAX_KEPT", 2)
    statements._compiled.clear()
    a, b = world.agreement_a.pk, world.agreement_b.pk

    def read(name, pk):
        return statements.rows((name,), lambda key: Agreement.objects.filter(pk=key).values_list("pk"), pk)
    assert read("one", a) == [(a,)] and read("two", b) == [(b,)]
    assert read("one", b) == [(b,)]  # "one" used last: "two" goes first
    assert read("three", a) == [(a,)]
    assert [key[0][0] for key in statements._compiled] == ["one", "three"]
    assert read("two", a) == [(a,)] and len(statements._compiled) == 2


def test_who_may_edit_a_directive_or_answer_its_copy_as_the_scope_says(world):
    """The directive page's two checks (core.scoping.may_edit), kept per scope: for every persona in turn, from
    an empty cache."""
    from ngoaivu.coordination.models import Directive, DirectiveRecipient
    from ngoaivu.core.scoping import may_edit
    statements._compiled.clear()
    directive = world.directive_a
    copies = list(DirectiveRecipient._base_manager.filter(directive=directive).values_list("pk", flat=True))
    granted = 0
    for persona, user in world.users.items():
        for model, pk in [(Directive, directive.pk)] + [(DirectiveRecipient, c) for c in copies]:
            expected = model.objects.editable_by(user).filter(pk=pk).exists()
            assert may_edit(user, model._base_manager.get(pk=pk)) == expected, (persona, model.__name__, pk)
            granted += expected
    assert granted, "some persona may edit the directive or answer a copy"


def test_a_text_value_reads_its_own_rows_and_a_pattern_made_from_it_is_refused(world):
    """A country's code as a value (core.statements' text markers): each run reads that country's rows, the
    codes of one statement in turn, with a statement that also holds a number; a LIKE made from the text is
    refused, as is a value of another type; a lookup that reads the text itself is run by the ORM."""
    from ngoaivu.partners.models import Partner
    statements._compiled.clear()
    Partner.objects.create(name="Seoul Metropolitan Government", country="KR", kind="local_gov")
    Partner.objects.create(name="Préfecture d'Ishikawa", country="JP", kind="local_gov")
    Partner.objects.create(name="Gyeonggi Province", country="KR", kind="local_gov")

    def by_country(code, above):
        return statements.rows(("test text", "partners by country"), lambda c, pk: Partner.objects.filter(
            country=c, pk__gt=pk).order_by("pk").values_list("name", flat=False), code, above)

    for code in ("KR", "JP", "FR", "KR", "", "JP"):
        expected = list(Partner.objects.filter(country=code, pk__gt=0).order_by("pk").values_list("name"))
        assert by_country(code, 0) == expected, code
    newest = Partner.objects.filter(country="KR").order_by("pk").last()
    assert by_country("KR", newest.pk - 1) == [(newest.name,)]
    # Text that looks like SQL or a marker is only a value.
    assert by_country("'; DROP TABLE x; --", 0) == [] and by_country("\x1dMk_0\x1d", 0) == []
    # A pattern made of the text: refused.
    for lookup in ("name__icontains", "name__startswith"):
        with pytest.raises(ValueError):
            statements.rows(("test text", lookup), lambda c, lookup=lookup: Partner.objects.filter(
                **{lookup: c}).values_list("pk"), "KR")
    # A lookup that reads the text itself (django-countries' icontains looks up the countries' names, and
    # finds none for a marker): run by the ORM with each text, never kept as "no rows" for every text.
    for text in ("Korea", "Japan", "Hàn"):
        assert statements.rows(("test text", "country names"), lambda c: Partner.objects.filter(
            country__icontains=c).order_by("pk").values_list("name"), text) == list(
            Partner.objects.filter(country__icontains=text).order_by("pk").values_list("name")), text
    assert statements.rows(("test text", "country names"), lambda c: Partner.objects.filter(
        country__icontains=c).order_by("pk").values_list("name"), "Korea")
    # A branch the markers leave out (the names lookup finds no country for a marker) but a real text keeps:
    # the first run's own text differs from the markers', and the key is run by the ORM from then on.
    def either(code):
        return statements.rows(("test text", "code or name"), lambda c: Partner.objects.filter(
            Q(country=c) | Q(country__icontains=c)).order_by("pk").values_list("name"), code)
    for text in ("Korea", "KR", "Japan", "JP"):
        assert either(text) == list(Partner.objects.filter(Q(country=text) | Q(country__icontains=text))
                                    .order_by("pk").values_list("name")), text
    assert either("Korea"), "the names' branch was kept"
    kept = {key[1]: entry for (key, _alias), entry in statements._compiled.items()}
    assert kept["code or name"] is statements._BY_THE_ORM and kept["country names"] is statements._BY_THE_ORM
    assert isinstance(kept["partners by country"], statements._Compiled)
    # A case-insensitive comparison: SQLite's LIKE escapes the value, refused; PostgreSQL's UPPER() takes it as
    # it is, and a "_" in it is no wildcard.
    Partner.objects.create(name="Wildcard", country="K_", kind="local_gov")
    try:
        found = [statements.rows(("test text", "iexact"), lambda c: Partner.objects.filter(
            country__iexact=c).order_by("pk").values_list("name"), code) for code in ("k_", "kr")]
    except ValueError:
        assert connection.vendor == "sqlite"
    else:
        assert found == [[("Wildcard",)], list(Partner.objects.filter(country="KR").order_by("pk").values_list("name"))]
    with pytest.raises(TypeError):
        statements.rows(("test text", "bytes"), lambda c: Partner.objects.filter(country=c).values_list("pk"), b"KR")


def test_a_marker_outside_a_small_columns_range_never_keeps_no_rows(world):
    """A year is a small integer column: a marker compared with it by = or <= is outside its range, and
    Django writes nothing can match. Run by the ORM instead, each year reads its own rows."""
    from ngoaivu.implementation.models import Plan
    statements._compiled.clear()
    years = sorted(set(Plan.objects.values_list("year", flat=True)))
    assert years, "the world has annual plans"
    for year in [*years, years[0] - 1, *years]:
        for lookup in ("year", "year__lte"):
            kept = statements.rows(("test small", lookup), lambda y, lookup=lookup: Plan.objects.filter(
                **{lookup: y}).order_by("pk").values_list("pk"), year)
            assert kept == list(Plan.objects.filter(**{lookup: year}).order_by("pk").values_list("pk")), (lookup, year)
    assert statements.rows(("test small", "year"), lambda y: Plan.objects.filter(year=y).values_list("pk"), years[0])


def test_a_page_of_fewer_keys_than_places_is_still_read_by_the_kept_statement(world):
    """A page's keys padded with the first one (core.rows.of_page_keys): Django writes an IN list's values once
    each, so the text the real keys give is shorter than the markers'. That is by design, not a condition the
    markers changed: the statement is kept, and each page reads its own rows."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core.rows import of_page_keys
    statements._compiled.clear()
    keys = list(Agreement.objects.order_by("pk").values_list("pk", flat=True))
    assert len(keys) >= 3

    def read(pks):
        return sorted(of_page_keys("test page keys", lambda ks: Agreement.objects.filter(pk__in=ks)
                                   .values_list("pk", "title"), pks))
    for pks in (keys[:1], keys[:3], keys[1:3], keys[:1]):
        assert read(pks) == sorted(Agreement.objects.filter(pk__in=pks).values_list("pk", "title")), pks
    (entry,) = statements._compiled.values()
    assert isinstance(entry, statements._Compiled)
