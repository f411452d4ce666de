"""Building blocks every app's pages use: scoped lists with filters, sorting and pagination; scoped
detail pages; the history of a record. Views stay short because the rules live here and in scoping."""
import datetime
import decimal
import functools
import os
import time

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models.utils import create_namedtuple_class
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries.fields import CountryField
from django_filters.constants import EMPTY_VALUES
from django_filters.views import FilterView

from ngoaivu.core import statements
from ngoaivu.core.countries import country_name
from ngoaivu.core.numbers import vn_number
from ngoaivu.core.rows import of_page_keys
from ngoaivu.core.filter_form import KeptFilterForm
from ngoaivu.core.scoping import may_edit, parent_field, scope_of
from ngoaivu.core.stored_text import translate_stored
from ngoaivu.core.text import fold


class ScopedQuerysetMixin:
    """Every object a page shows comes through `visible_to(request.user)`: another province's record 404s.
    (A searched list's page reads its rows by the keys that query gave, unscoped — `page_rows`: a record whose
    scope changes in the milliseconds between the two reads is shown as it was read a moment before.)"""

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self, per_row=False, through_parent=False, few=False):
        # per_row and through_parent only when asked (a list with `per_row_pages`): the partner directory's and
        # the warnings' querysets are not ScopedQuerySets and have neither form.
        qs = self.base_queryset()
        if per_row or through_parent:
            return qs.visible_to(self.request.user, per_row=per_row, through_parent=through_parent, few=few)
        return qs.visible_to(self.request.user)


class SearchPaginator(Paginator):
    """Pages of a searched list, reading the search once where it can.

    A folded word-prefix search (`LIKE '% han%'`) cannot use an index that yields the list's order, so the
    database reads every match to count them and again to pick the page's rows. Here one query reads the
    matching primary keys in the list's order (at most `limit` + 1 of them): up to `limit`, their number is
    the count; and the page's rows, on any page those keys reach, are then fetched by primary key through the
    same (scoped, filtered) queryset — or, given `rows`, through that queryset (the list's columns and
    relations, neither scoped nor filtered: the keys already are), which spares building and running the
    scope and the filters a second time; `rows` may also be a function of the page's keys giving its rows.
    A broader search is counted by Django's COUNT (officials quote the number), and its pages beyond the keys
    read are Django's slices.

    `size`, if given, is about how many records the reader's whole list holds (from kept counts): a reader
    of at most `whole` records has up to that many keys read, so that a search of its is counted by them and
    not by a COUNT running the search again. Every match was read either way (by the keys, or beyond 1,000 by
    the COUNT); the keys beyond the first 1,001 cost their transfer. If `size` falls short (records the kept
    counts do not hold), the key beyond the limit shows it and the COUNT runs as before: the count stays exact.
    (A province reads the national and public records too: where those are many, its size passes `whole`, and
    its searches go the old way.)
    """

    limit = 1000
    whole = 10000

    def __init__(self, object_list, per_page, rows=None, size=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows
        if size is not None and size <= self.whole:
            self.limit = max(self.limit, size)

    @cached_property
    def _first_pks(self):
        """The keys of the first `limit` + 1 matches, in the list's order."""
        keys = self.object_list.values_list("pk")[: self.limit + 1]
        # Read as plain tuples: up to 10,000 of them, Django's iterator (chunks of 100, converters) cost more
        # than the transfer. The primary key is an integer, which needs no conversion on either database.
        try:
            sql, params = keys.query.get_compiler(using=keys.db).as_sql()
        except EmptyResultSet:  # a search Django knows matches nothing (`none()`)
            return []
        with connections[keys.db].cursor() as cursor:
            cursor.execute(sql, params)
            # The key first: a DISTINCT list (a filter across a many-to-many, the delegations' partner) also
            # selects the columns it is ordered by, after it, which Django's iterator would have cut off.
            return [row[0] for row in cursor.fetchall()]

    @cached_property
    def count(self):
        # Up to `limit` matches, the keys are all of them; else Django's COUNT.
        return len(self._first_pks) if len(self._first_pks) <= self.limit else super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if top > len(self._first_pks):
            # Beyond the keys read (with 25 a page, page 41 and on of a broad search): Django's slice of the search.
            return super().page(number)
        pks = self._first_pks[bottom:top]
        if self.rows is None:
            return self._get_page(list(self.object_list.filter(pk__in=pks)), number, self)
        read = self.rows(pks) if callable(self.rows) else self.rows.filter(pk__in=pks)
        found = {row.pk: row for row in read}
        # The keys' order is the list's; a row deleted since the keys were read is left out.
        return self._get_page([found[pk] for pk in pks if pk in found], number, self)


class CountedPaginator(Paginator):
    """Django's pages of a list whose exact total is already known (kept counts): no COUNT query."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # in place of Paginator's cached COUNT


class KeptPagePaginator(CountedPaginator):
    """The pages of a list whose total is known, each of the first `kept_pages` read by a statement built once
    per process for the list, the reader's scope and the page's place (core.statements): `key` names the list
    and what the statement's text reads of the scope; `rows(bottom, top)` gives the queryset of the rows from
    `bottom` to `top`, read as model instances, or, given `row_type`, a values_list queryset whose rows
    `row_type` makes what its `named=True` gives. A page reads up to `per_page + orphans` rows and keeps those
    Django's page would, so the last page's statement does not change with the total. Building and compiling the
    scoped, ordered read of a page was a tenth of a list's CPU. Later pages are read as Django reads them.
    With `by_keys`, `rows` reads keys alone and `by_keys` their rows; with `whole`, one statement reads every key
    of the list and each page is a slice of them (FilteredListView's SPARSE and FEW)."""

    def __init__(self, key, rows, per_page, count, row_type=None, kept_pages=5, by_keys=None, whole=False,
                 **kwargs):
        super().__init__((), per_page, count, **kwargs)
        self.key, self.rows, self.row_type, self.kept_pages = key, rows, row_type, kept_pages
        # Given, `rows` reads a page's keys alone (a values_list of the primary key) and `by_keys(keys)` its
        # rows, in any order. whole=True: `rows` reads every key of the list (a list of a few hundred rows),
        # one statement for every page, each page's cut here.
        self.by_keys, self.whole = by_keys, whole

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page + self.orphans
        if self.whole:
            read = statements.rows(self.key, lambda: self.rows(None, None))[bottom:top]
        elif number > self.kept_pages:
            read = list(self.rows(bottom, top))
        else:
            key, build = (*self.key, bottom, self.per_page, self.orphans), (lambda: self.rows(bottom, top))
            read = (statements.instances(key, build) if self.row_type is None and self.by_keys is None
                    else statements.rows(key, build))
        if self.by_keys is not None:
            pks = [pk for pk, in read]
            found = {row.pk: row for row in self.by_keys(pks)}
            read = [found[pk] for pk in pks if pk in found]  # a row deleted since its key was read: left out
        elif self.row_type is not None and number <= self.kept_pages:
            read = [self.row_type(*row) for row in read]
        if bottom + self.per_page + self.orphans < self.count:  # not the last page: Django's page leaves the rest
            read = read[:self.per_page]
        return self._get_page(read, number, self)


class FilteredListView(LoginRequiredMixin, ScopedQuerysetMixin, FilterView):
    """Filter a list (MOJ pattern): filters on the side, applied filters as removable tags, a count,
    sortable columns (`?sort=field` / `?sort=-field`, whitelisted in `sort_fields`) and numbered pages.

    `search_param` names the folded search filter (usually "q"): while it holds a term, the list is paged
    by `SearchPaginator` (one reading of the search instead of two; more than a thousand matches, for a reader
    of more than `SearchPaginator.whole` records: two instead of three)."""

    paginate_by = 25
    sort_fields: dict[str, str] = {}
    default_sort = None
    search_param: str | None = None
    strict = False
    # The filter form's markup is kept per query string (core.filter_form); only for a FilterSet whose
    # form depends on the user at most through its model selects (always written fresh) and which fields
    # it has (in the key). Selects whose choices a function gives are written fresh unless it is marked
    # `fixed_choices`.
    keep_filter_form = False
    # The columns a page's rows are read as — named tuples, `pk` first (`row.locality__short_name`) — in
    # place of model instances, for a list whose rows are written from fields (core.rows); None: instances.
    row_columns: tuple[str, ...] | None = None

    # What gives the counts the app keeps of this list's records, {(owner's locality id, visibility): records}
    # (a function of no argument; core.scoping.ScopedQuerySet.visible_count assembles a reader's total from
    # them), or None: the total is counted by the database.
    kept_counts = None
    # The same of one partner country's records, a function of the country's code, or None (see
    # ScopedQuerySet.visible_count: a mission's total).
    kept_country_counts = None
    # The lookups each key of the kept counts holds (visible_count's `keys`); None: the model's SCOPE_LOCALITY
    # and SCOPE_VISIBILITY.
    kept_keys: tuple | None = None

    def kept_total(self, kept_only=False) -> int | None:
        """The number of records of the list with no filter in use, exact, from counts the app keeps
        current (it must equal `get_queryset().count()`), or None: counted by the database. `kept_only`:
        without the records the kept counts do not hold (a province's co-signed agreements), so without a
        statement beyond reading them (ScopedQuerySet.visible_count)."""
        if self.kept_counts is None:
            return None
        self._every_kept = self.kept_counts()
        return self.model.objects.visible_count(self.request.user, self._every_kept, self.kept_country_counts,
                                                self.kept_keys, kept_only=kept_only)

    # SearchPaginator's `size` of a reader's list, per list and what the reader's scope reads: (size, when read).
    # A hint of how many keys to read, never a count (the key read beyond it keeps the count exact), so it may be
    # minutes old: read from the kept counts on every search, it was 0.3 ms of each searched page. Bounded.
    _sizes: dict = {}
    SIZE_SECONDS = 300

    def search_size(self) -> int | None:
        """About how many records the reader's unfiltered list holds, from the kept counts (None: not kept)."""
        key = (type(self), scope_of(self.request.user).reads)
        size, read_at = self._sizes.get(key, (None, None))
        now = time.monotonic()
        if read_at is None or now - read_at > self.SIZE_SECONDS:
            if len(self._sizes) >= 512:
                self._sizes.clear()
            size = self.kept_total(kept_only=True)
            self._sizes[key] = (size, now)
        return size

    # A reader who sees fewer than one in SPARSE of a child list's records (a mission of a country with few
    # agreements) has its first pages' keys read through the parent's keys (visible_to(through_parent=True)):
    # tested per row, its first page walked 25 × SPARSE rows or more, each testing the parent's row and
    # links (Hungary's activities: 5,369 rows, 46 ms of SQL). A denser reader's walk is short, and the sets of
    # parents it reads would be long to build (Korea's 9,000 agreements). The order's index must hold the
    # parent's key, so that the walk reads that index alone.
    SPARSE = 50
    # At most this many records: looked up, not walked (visible_to's few). The arrays hold the parents' keys
    # an arm accepts, which the 1-in-SPARSE gate keeps short (every shared agreement is one of them).
    FEW = 1000
    _every_kept = None  # the kept counts of every record, as kept_total last read them

    def _sparse(self, total) -> bool:
        if total is None or self._every_kept is None or self.row_columns is None or parent_field(self.model) is None:
            return False
        return total * self.SPARSE < sum(self._every_kept.values())

    def page_rows(self):
        """For a searched list (SearchPaginator): the queryset a page's rows are read from by primary key,
        once the scoped, filtered and sorted keys are known — the list's columns and relations, unscoped and
        unfiltered (its keys are) — or None: re-read through the whole list's queryset. It must not depend on
        the request: with `row_columns`, its statement is kept per list (`_rows_by_keys`)."""
        return None

    def unfiltered(self) -> bool:
        """Whether no filter narrows the list (as django-filter decides: a filter whose value is empty,
        or could not be read, is not applied)."""
        filterset = getattr(self, "filterset", None)
        if filterset is None or not filterset.is_bound:
            return True
        if not filterset.form.is_valid() and self.get_strict():
            return False  # a strict list shows no rows for a form it could not read
        # cleaned_data: the values that could be read
        return all(value in EMPTY_VALUES for value in filterset.form.cleaned_data.values())

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        if self.unfiltered():
            total = self.kept_total()
            if self._walks_order_index() and self._sparse(total):
                # Its keys, then their rows by a statement of the list's columns alone (_rows_by_keys). A reader
                # of at most FEW rows has them all looked up through the parent's key and sorted: a walk would
                # read most of the index to find them (a country with no record: the whole of it).
                few = total <= self.FEW

                def keys(bottom, top):
                    found = self.get_queryset(through_parent=True, few=few).values_list("pk")
                    return found if few else found[bottom:top]
                rows = self.page_rows()
                return KeptPagePaginator(
                    ("list page keys", type(self), scope_of(self.request.user).reads, few), keys, per_page, total,
                    kept_pages=self.per_row_pages, whole=few,
                    by_keys=self._rows_by_keys(self.as_rows(self.base_queryset() if rows is None else rows)),
                    orphans=orphans, allow_empty_first_page=allow_empty_first_page, **kwargs)
            if self._walks_order_index():
                # The default order and no filter: each page's statement depends on what the list's queryset
                # reads of the reader's scope alone (and on get_queryset and base_queryset reading nothing else
                # of the request).
                rows = ((lambda bottom, top: self.get_queryset(per_row=True)[bottom:top]) if self.row_columns is None
                        else (lambda bottom, top: self.as_rows(self.get_queryset(per_row=True)[bottom:top])))
                return KeptPagePaginator(
                    ("list page", type(self), scope_of(self.request.user).reads), rows, per_page,
                    queryset.count() if total is None else total,
                    row_type=None if self.row_columns is None else create_namedtuple_class("pk", *self.row_columns),
                    kept_pages=self.per_row_pages, orphans=orphans, allow_empty_first_page=allow_empty_first_page,
                    **kwargs)
            if total is not None:
                return CountedPaginator(queryset, per_page, total, orphans=orphans,
                                        allow_empty_first_page=allow_empty_first_page, **kwargs)
        if self.search_param and fold(self.request.GET.get(self.search_param, "")):
            rows = self.page_rows()
            if rows is not None and self.row_columns is not None:
                rows = self._rows_by_keys(self.as_rows(rows))
            return SearchPaginator(queryset, per_page, rows=rows, size=self.search_size(), orphans=orphans,
                                   allow_empty_first_page=allow_empty_first_page, **kwargs)
        return super().get_paginator(queryset, per_page, orphans=orphans,
                                     allow_empty_first_page=allow_empty_first_page, **kwargs)

    # The first pages of an unfiltered list in its default order are read along the order's index with each
    # row's scope tested as it comes (visible_to(per_row=True)): the walk stops at the page's end. Otherwise
    # SQLite plans the scope's OR as a union of index lookups and sorts them all (a province's first page of
    # the register at national scale: 8.5 → 0.9 ms of SQL), and a mission's scope lists every record of its
    # countries first (its delegations on PostgreSQL: 34 → 1.7 ms). The total is counted as before (or
    # kept). Further pages walk further: by page 10 the two ways cost the same. Only for a list whose default
    # order an index gives (else the walk is the whole table), and whose get_queryset takes `per_row`.
    per_row_pages = 0

    def _walks_order_index(self) -> bool:
        if not self.per_row_pages or self.request.GET.get("sort"):
            return False
        try:
            return int(self.request.GET.get("page") or 1) <= self.per_row_pages
        except ValueError:
            return False

    def get_queryset(self, per_row=False, through_parent=False, few=False):
        qs = super().get_queryset(per_row=per_row, through_parent=through_parent, few=few)
        sort = self.request.GET.get("sort", "")
        key = sort.lstrip("-")
        if key in self.sort_fields:
            field = self.sort_fields[key]
            qs = qs.order_by(f"-{field}" if sort.startswith("-") else field, "pk")
        elif self.default_sort:
            qs = qs.order_by(*self.default_sort)
        return qs

    def _rows_by_keys(self, rows):
        """A function of a page's keys giving their rows of `rows` (`page_rows()` as `as_rows` reads it: the
        same text for every reader), by a statement built once per list (core.rows.of_page_keys)."""
        row_type = create_namedtuple_class("pk", *self.row_columns)
        return lambda pks: [row_type(*row) for row in of_page_keys(
            ("list rows by keys", type(self)), lambda keys: rows.filter(pk__in=keys), pks)]

    def as_rows(self, queryset):
        """`queryset` read as the rows of `row_columns`."""
        return queryset.values_list("pk", *self.row_columns, named=True)

    def paginate_queryset(self, queryset, page_size):
        try:
            paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        except Http404:  # a page that does not exist (any more) shows page 1, as GOV.UK advises
            self.kwargs["page"] = 1
            self.request.GET = self.request.GET.copy()
            self.request.GET["page"] = "1"
            paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        if self.row_columns is not None and isinstance(page.object_list, models.QuerySet):
            # Only the page's slice: the columns' joins (a province's name, a report) would otherwise
            # be in the COUNT of the whole list too (the centre's 40,000 delegations joined for nothing).
            page.object_list = rows = self.as_rows(page.object_list)
        return paginator, page, rows, is_paginated

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["applied_filters"] = applied_filters(self.request, ctx.get("filter"))
        ctx["current_sort"] = self.request.GET.get("sort", "")
        if self.keep_filter_form and ctx.get("filter") is not None:
            ctx["filter_form_html"] = KeptFilterForm.render(ctx["filter"].form)
        return ctx


def applied_filters(request, filterset):
    """[(label, shown value, url without that filter)] for the filters in use (those that could be read:
    one that could not is shown as an error in the filter panel)."""
    if filterset is None or not filterset.is_bound:
        return []
    filterset.form.is_valid()
    shown = []
    for name, value in getattr(filterset.form, "cleaned_data", {}).items():
        if value in (None, "", [], ()) or name == "sort":
            continue
        field = filterset.form.fields[name]
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            values = value if isinstance(value, (list, tuple)) else [value]
            labels = dict((str(k), v) for k, v in field.choices)
            display = ", ".join(str(labels.get(str(v), v)) for v in values)
        elif isinstance(value, (list, tuple)) or hasattr(value, "__iter__") and not isinstance(value, str):
            display = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            display = _("Có") if value else _("Không")
        elif isinstance(value, datetime.date):
            display = value.strftime("%d/%m/%Y")
        else:
            display = str(value)
        query = request.GET.copy()
        query.pop(name, None)
        query.pop("page", None)
        shown.append({"label": field.label, "value": display, "remove_url": "?" + query.urlencode()})
    return shown


def visible_or_404(queryset, user, pk):
    """The record `pk` of `queryset` (a manager or queryset) if `user` may read it; 404 otherwise, as for a
    record that does not exist. Narrowed to the row before the scope, so that the scope's subqueries (the
    provinces that co-read a record, a mission's countries) repeat `id = pk` (core.scoping) rather than list
    every record they match: a mission's activity page read 282,421 rows at national scale, now 227."""
    return get_object_or_404(queryset.filter(pk=pk).visible_to(user))


def page_record_or_404(name, build, user, pk):
    """The record of a page, read by the statement `build(user, pk)` gives (a queryset of that one record in
    the reader's scope, with the joins and flags the page shows, and nothing that depends on the user but
    their scope), built and compiled once per reader's scope (core.statements; `name` names the page)
    instead of on every visit: a record page's main statement cost ten times the database's work to build
    and compile. Its lists are read after it (`kept_related`). 404 as visible_or_404 does."""
    if pk >= 2 ** 63:  # an id no row has (a crafted link): the kept statement would send it to the database
        raise Http404
    found = statements.instances((name, scope_of(user)), lambda key: build(user, key), pk)
    if not found:
        raise Http404
    return found[0]


def kept_related(obj, name, build, tag):
    """`obj.<name>` (a reverse foreign key or a many-to-many) read as prefetch_related reads it, by a statement
    built once per process (core.statements; `tag`, the page's name, tells apart two builds of one relation, which
    may read other columns or joins): `build(pk)` is the
    queryset of the related rows of the record `pk`, of the related model's default manager, in its order,
    with the joins the page reads. The page's `obj.<name>.all()` then asks nothing; each row of a reverse
    foreign key knows `obj`, as Django's prefetch leaves it. Building and compiling a record page's five
    prefetch statements was a third of the delegation page. Returns the rows."""
    rows = statements.instances(("related", type(obj), name, tag), build, obj.pk)
    manager = getattr(obj, name)
    if hasattr(manager, "prefetch_cache_name"):  # a many-to-many
        cache_name = manager.prefetch_cache_name
    else:
        cache_name = manager.field.remote_field.cache_name
        for row in rows:
            setattr(row, manager.field.name, obj)
    related = manager.get_queryset()  # the relation's own filter, for anything asked of it beyond its rows
    related._result_cache, related._prefetch_done = rows, True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = related
    return rows


def editable_or_403(queryset, user, pk):
    """The record `pk` of `queryset` for a change: another province's record is 404 (as if it did not exist,
    through `visible_or_404`); one the user reads but may not change is 403, with a message that says so."""
    obj = visible_or_404(queryset, user, pk)
    if not may_edit(user, obj):
        raise PermissionDenied(_("Bạn không có quyền sửa bản ghi này."))
    return obj


@functools.cache
def _history_shape(model):
    """(the history model of `model`, [(name, attname)] of the fields a change is read from, by name) — what
    simple_history's diff_against compares (the editable tracked fields), worked out once per model: its
    `obj.history` builds a manager class on every access."""
    history = getattr(model, model._meta.simple_history_manager_attribute).model
    return history, sorted((f.name, f.attname) for f in history.tracked_fields if f.editable)


# The history row's own columns history_entries reads, after the record's fields.
_HISTORY_COLUMNS = ("history_id", "history_date", "history_type", "history_change_reason",
                    "history_user__full_name", "history_user__username")


def history_entries(obj, limit=50, since=None):
    """Who changed what and when, newest first, from django-simple-history rows of `obj`: [{"when", "who" (the
    user's name as the pages show it, None for the system), "type", "changes", "reason"}]. With `since`
    (a history id, see core.concurrency), only the rows written after it, each diffed against the one before.
    Read as plain rows by a statement built once (core.statements) and compared field by field, as
    diff_against compares model instances: building the statement, and two instances and two dictionaries of
    ~60 fields per change, were most of the panel's cost on a record page (issue 9)."""
    if since is not None and since >= 2 ** 63:
        return []  # a version no row can have (a crafted form or If-Match): SQLite cannot even be asked
    since = None if since is None else max(since, -2 ** 63)
    history, fields = _history_shape(type(obj))
    columns = (*(attname for _name, attname in fields), *_HISTORY_COLUMNS)
    of_record = obj._meta.pk.attname
    if since is None:
        rows = statements.rows(
            ("history", history, limit), lambda pk: history.objects.filter(**{of_record: pk})
            .order_by("-history_date", "-history_id").values_list(*columns)[: limit + 1], obj.pk)
    else:
        rows = statements.rows(
            ("history since", history, limit), lambda pk, version: history.objects
            .filter(**{of_record: pk}, history_id__gte=version).order_by("-history_id")
            .values_list(*columns)[: limit + 1], obj.pk, since)
    width = len(fields)
    # A model may say what a change of one of its fields means (a return's figures: one line per indicator,
    # not two dictionaries): `history_field_changes(name, old, new)` → [(label, old, new)], or None.
    explain = getattr(obj, "history_field_changes", None)
    kinds = {"+": pgettext("history", "Tạo mới"), "~": pgettext("history", "Sửa"), "-": pgettext("history", "Xóa")}
    entries = []
    for i, row in enumerate(rows[:limit]):
        history_id, when, kind, reason, full_name, username = row[width:]
        if since is not None and history_id <= since:
            break
        previous = rows[i + 1] if i + 1 < len(rows) else None
        changes = []
        if previous is not None and kind == "~":
            for (name, _attname), old, new in zip(fields, previous, row):
                if old == new:
                    continue
                lines = explain(name, old, new) if explain else None
                if lines is not None:
                    changes.extend({"field": label, "old": was, "new": now} for label, was, now in lines)
                    continue
                field = obj._meta.get_field(name)
                changes.append({"field": field.verbose_name, "old": _display(field, old),
                                "new": _display(field, new)})
        entries.append({"when": when, "who": (full_name or username) if username else None, "type": kinds[kind],
                        "changes": changes, "reason": translate_stored(reason)})
    return entries


def list_changes(what, before, after) -> str:
    """What changed between two lists of a record's rows (its children, which keep no history of their own),
    as one part of a history reason: "Sửa lịch trình: thêm Hàn Quốc (Seoul), bỏ Nhật Bản"; "" when equal.
    `before`, `after`: each row as text. A row changed in place is one removed and one added; the same
    rows in another order say so. No "; " inside (core.stored_text splits a reason there, and translates
    the sentence, not the names in it)."""
    before, after = [str(b) for b in before], [str(a) for a in after]
    if before == after:
        return ""
    left = list(before)
    added = []
    for row in after:
        if row in left:
            left.remove(row)
        else:
            added.append(row)
    removed = left  # what `after` did not take, in its order before
    values = {"what": what, "added": ", ".join(added), "removed": ", ".join(removed)}
    if added and removed:
        return _("%(what)s: thêm %(added)s, bỏ %(removed)s") % values
    if added:
        return _("%(what)s: thêm %(added)s") % values
    if removed:
        return _("%(what)s: bỏ %(removed)s") % values
    return _("%(what)s: đổi thứ tự") % values


def _display(field, value):
    """A history value as the pages show it: "có"/"không", a choice's label, a country's name, a date as
    dd/mm/yyyy — never a raw True, None or 2026-02-02."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return _("Có") if value else _("Không")
    if isinstance(field, models.FileField):
        # The file's name, not where it is stored ("coordination/2026/12/…"): the folders are the server's.
        return os.path.basename(str(value)) or "—"
    if isinstance(field, CountryField):  # before choices: a multiple one has choices but no flatchoices
        codes = value if isinstance(value, (list, tuple)) else str(value).split(",")
        return ", ".join(country_name(str(c)) for c in codes if str(c)) or "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.many_to_one:
        obj = field.related_model._base_manager.filter(pk=value).first()
        return str(obj) if obj else value
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, (decimal.Decimal, float)) or isinstance(field, (models.DecimalField, models.FloatField)):
        # As the pages write a figure ("1.234,5"): a stored Decimal("500.00") read "500.00", which in Vietnamese
        # notation is fifty thousand. Integers stay as they are (a year is not "2.026").
        return vn_number(value)
    return value


def redirect_back(request, fallback):
    """Back to where the user came from, if it is on this site."""
    from django.utils.http import url_has_allowed_host_and_scheme
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)
