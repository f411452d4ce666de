"""A searched list reads its matches once (SearchPaginator); its pages must be Django's pages."""
import pytest
from django.core.paginator import Paginator

from ngoaivu.core.generic import SearchPaginator
from ngoaivu.core.models import Locality
from ngoaivu.core.scoping import InLiterals

pytestmark = pytest.mark.django_db


def _pages(paginator):
    return [(page.number, [obj.pk for obj in page.object_list], page.has_next())
            for page in (paginator.page(n) for n in paginator.page_range)]


@pytest.mark.parametrize("limit", [1000, 5])  # 5: more matches than the limit, Django's count and slice
@pytest.mark.parametrize("orphans", [0, 2])
def test_search_pages_hold_the_same_rows_as_django_pages(world, limit, orphans):
    queryset = Locality.objects.order_by("-short_name", "pk")
    assert queryset.count() > 10
    searched = SearchPaginator(queryset, 4, orphans=orphans)
    searched.limit = limit
    assert searched.count == Paginator(queryset, 4, orphans=orphans).count
    assert _pages(searched) == _pages(Paginator(queryset, 4, orphans=orphans))


@pytest.mark.parametrize("orphans", [0, 2])
def test_pages_read_by_key_from_the_rows_queryset_are_django_pages(world, orphans):
    """Given `rows` (the list's columns, unfiltered), a page's rows are read by key and keep the list's order."""
    queryset = Locality.objects.filter(valid_until__isnull=True).order_by("-short_name", "pk")
    searched = SearchPaginator(queryset, 4, rows=Locality.objects.only("short_name"), orphans=orphans)
    assert _pages(searched) == _pages(Paginator(queryset, 4, orphans=orphans))


def _rows(kind):
    """The `rows` a list gives SearchPaginator: none, a queryset of its columns, or a function of the page's keys
    (the lists with their own columns: core.generic's _rows_by_keys)."""
    if kind == "queryset":
        return Locality.objects.only("short_name")
    if kind == "function":
        return lambda pks: list(Locality.objects.filter(pk__in=pks))
    return None


@pytest.mark.parametrize("rows", [None, "queryset", "function"])
@pytest.mark.parametrize("per_page, orphans", [(1, 0), (2, 0), (3, 1), (4, 2)])
@pytest.mark.parametrize("over", [1, 3])  # matches beyond `limit`: one (the keys read are all of them), or more
def test_a_broad_searchs_pages_are_django_pages_at_every_boundary(world, rows, per_page, orphans, over):
    """More matches than `limit`: the pages the keys read reach are read by key, the others by Django's slice;
    every page holds Django's rows, including the one ending on the last key read (a page of one row)."""
    queryset = Locality.objects.filter(short_name__gt="").order_by("-short_name", "pk")
    total = queryset.count()
    searched = SearchPaginator(queryset, per_page, rows=_rows(rows), orphans=orphans)
    searched.limit = total - over
    assert searched.count == total
    assert _pages(searched) == _pages(Paginator(queryset, per_page, orphans=orphans))


@pytest.mark.parametrize("rows", [None, "queryset", "function"])
def test_a_broad_search_reads_its_first_pages_by_the_keys_it_read(world, rows):
    """More matches than `limit`: Django's COUNT gives the number, and a page the keys reach is read by key —
    the search itself runs once for both, not again as Django's slice (a third of a broad search's SQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    queryset = Locality.objects.filter(short_name__gt="").order_by("-short_name", "pk")
    total = queryset.count()
    searched = SearchPaginator(queryset, 2, rows=_rows(rows))
    searched.limit = 5
    with CaptureQueriesContext(connection) as captured:
        second = [obj.pk for obj in searched.page(2).object_list]
    assert second == [obj.pk for obj in Paginator(queryset, 2).page(2).object_list]
    assert searched.count == total > 6
    statements = [q["sql"] for q in captured.captured_queries]
    assert len(statements) == 3, statements  # the keys, the COUNT, the page's rows by key
    # the whole search (not by key) twice: the keys and the COUNT, no slice
    assert sum('"short_name" >' in sql and '"id" IN (' not in sql for sql in statements) == 2, statements
    assert "COUNT" in statements[1] and '"id" IN (' in statements[2], statements


@pytest.mark.parametrize("rows", [None, "function"])
@pytest.mark.parametrize("short", [0, 1, 2])  # the size the reader's kept counts give: every match, or fewer
def test_a_search_sized_by_the_readers_list_is_counted_by_its_keys(world, monkeypatch, rows, short):
    """Given the size of the reader's list, the keys read reach that far: a search within it is counted by
    them, not by a COUNT running it again. A size short of the matches (records the kept counts do not hold)
    reads one key beyond it, which shows it: Django's COUNT then, and the count stays exact."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    monkeypatch.setattr(SearchPaginator, "limit", 5)
    queryset = Locality.objects.filter(short_name__gt="").order_by("-short_name", "pk")
    total = queryset.count()
    assert total > 7
    searched = SearchPaginator(queryset, 2, rows=_rows(rows), size=total - short)
    with CaptureQueriesContext(connection) as captured:
        pages = _pages(searched)
    assert searched.count == total
    assert pages == _pages(Paginator(queryset, 2))
    counted = [q["sql"] for q in captured.captured_queries if "COUNT" in q["sql"]]
    assert len(counted) == (1 if short else 0), counted
    if not short:  # every page read by key: the search ran once
        assert len(captured.captured_queries) == 1 + len(pages)  # the keys, then each page's rows by key


@pytest.mark.parametrize("over_whole", [True, False])
def test_a_reader_of_more_than_whole_records_reads_the_usual_keys(world, monkeypatch, over_whole):
    """Past `whole` records, the reader's list is too large for all its keys to be read (the centre's
    50,000): the limit stays, and a broad search is counted by the database. At `whole` exactly, every key."""
    monkeypatch.setattr(SearchPaginator, "limit", 5)
    queryset = Locality.objects.filter(short_name__gt="").order_by("-short_name", "pk")
    total = queryset.count()
    monkeypatch.setattr(SearchPaginator, "whole", total - 1 if over_whole else total)
    searched = SearchPaginator(queryset, 2, size=total)
    if over_whole:
        assert searched.limit == 5 and len(searched._first_pks) == 6
    else:
        assert searched.limit == total and len(searched._first_pks) == total
    assert searched.count == total
    assert _pages(searched) == _pages(Paginator(queryset, 2))


@pytest.mark.parametrize("size", [None, 1000])
def test_a_distinct_search_reads_its_keys_alone(world, monkeypatch, size):
    """A DISTINCT list ordered by columns it does not select (a filter across a many-to-many: the delegations'
    partner) selects them too, after its key: the keys read are the keys alone, and the pages Django's."""
    monkeypatch.setattr(SearchPaginator, "limit", 5)
    queryset = Locality.objects.filter(short_name__gt="").distinct().order_by("-short_name", "pk")
    searched = SearchPaginator(queryset, 2, size=size)
    assert all(isinstance(pk, int) for pk in searched._first_pks)
    assert searched.count == queryset.count()
    assert _pages(searched) == _pages(Paginator(queryset, 2))


def test_an_empty_search_has_one_empty_page(world):
    paginator = SearchPaginator(Locality.objects.none().order_by("pk"), 4)
    assert paginator.count == 0 and list(paginator.page(1).object_list) == []


def test_literal_lists_take_plain_words_only():
    lookup = InLiterals.__new__(InLiterals)
    lookup.rhs = ["national", "x' OR 1=1 --"]
    with pytest.raises(ValueError):
        lookup.process_rhs(None, None)


def test_the_size_of_a_readers_list_is_read_once_in_a_while(world, client_for, monkeypatch):
    """The size is read from the kept counts once per list and scope every SIZE_SECONDS, not on every search;
    a stale one changes what is read, never the count."""
    from django.urls import reverse
    from ngoaivu.agreements import visible_counts
    from ngoaivu.agreements.views import AgreementListView
    from ngoaivu.core.generic import FilteredListView
    monkeypatch.setattr(FilteredListView, "_sizes", {})
    reads = []
    monkeypatch.setattr(AgreementListView, "kept_counts", staticmethod(lambda: reads.append(1) or visible_counts.stored()))
    officer = world.users["officer_a"]
    url = reverse("agreements:agreement_list") + "?q=a"
    first = client_for(officer).get(url).context["paginator"].count
    assert client_for(officer).get(url).context["paginator"].count == first
    assert len(reads) == 1
    monkeypatch.setattr(FilteredListView, "SIZE_SECONDS", -1)
    client_for(officer).get(url)
    assert len(reads) == 2
