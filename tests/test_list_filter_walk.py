"""Walks every searched list (a FilteredListView with a `search_param` and no URL arguments) with a search and
each of its filters, then all of them at once, then all of them with each sort: as the centre, a province and
a mission. Every page answers, and its count is the database's COUNT of the list's own filtered queryset —
so a searched list counted by its keys (core.generic.SearchPaginator) or by kept counts agrees with Django
whatever the combination. (A search with the delegations' partner filter, whose DISTINCT selects the order's
columns too, answered 500 and no other test combined them.)"""
import pytest
from django import forms
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode

from ngoaivu.core.generic import FilteredListView, SearchPaginator
from ngoaivu.core.models import Sector
from tests.test_url_walk import SKIPPED_NAMESPACES

pytestmark = pytest.mark.django_db
PERSONAS = ["central", "officer_a", "mission_officer"]


def searched_lists(resolver=None, namespace=""):
    """[(url name, view class)] of the searched lists that take no URL arguments."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            found += searched_lists(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
            view = getattr(entry.callback, "view_class", None)
            if view is not None and issubclass(view, FilteredListView) and view.search_param:
                found.append((namespace + entry.name, view))
    return found


def choices(field):
    """The real values the filter's field offers (its choices), or none: not a field to try."""
    if isinstance(field, forms.ChoiceField):  # model choices and multiple choices too
        values = []
        for value, label in field.choices:
            for choice in ([v for v, _l in label] if isinstance(label, (list, tuple)) else [value]):  # a group
                if choice not in ("", None):
                    values.append(str(getattr(choice, "value", choice)))
        return values
    if isinstance(field, forms.NullBooleanField):
        return ["true", "false"]
    if isinstance(field, forms.IntegerField):
        return [str(y) for y in range(2027, 2000, -1)]
    return []


@pytest.fixture
def every_filter_holds(world):
    """The world's records, each filter given a value some of them hold: a partner on a delegation and a
    conference (the partner filter crosses a many-to-many: DISTINCT), a sector on an agreement and on an
    opportunity, a country on that opportunity (rolled back with the test)."""
    sector = Sector.objects.order_by("pk").first()
    world.delegation_a.partners.add(world.partner_kr)
    world.conference_a.partners.add(world.partner_kr)
    world.agreement_a.sectors.add(sector)
    world.opp_a.sectors.add(sector)
    type(world.opp_a).objects.filter(pk=world.opp_a.pk).update(country="KR")
    return world


def filtered(view, user, data):
    """The list's own filtered queryset for `data`, as the view builds it for `user`."""
    request = RequestFactory().get("/", data)
    request.user = user
    instance = view()
    instance.setup(request)
    return instance.get_filterset(instance.get_filterset_class()).qs


def a_word(view, user) -> str | None:
    """A word of the folded search text of a record the reader sees (the search box folds as it does), or
    None: the reader sees none."""
    texts = filtered(view, user, {}).exclude(search_text="").values_list("search_text", flat=True)[:1]
    return next((w for text in texts for w in text.split() if len(w) > 1), None)


def test_the_walk_finds_the_searched_lists():
    names = {name for name, _view in searched_lists()}
    assert {"agreements:agreement_list", "exchanges:delegation_list", "exchanges:conference_list",
            "partners:partner_list"} <= names, names


@pytest.mark.parametrize("name, view", searched_lists(), ids=lambda v: v if isinstance(v, str) else "")
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_searched_list_answers_a_search_with_each_filter_and_counts_as_the_database(
        every_filter_holds, client_for, monkeypatch, name, view, persona):
    world = every_filter_holds
    # A limit of one key: a search of more matches than the reader's size is counted by the database, so
    # both of SearchPaginator's paths are walked. No size kept from another test's data.
    monkeypatch.setattr(SearchPaginator, "limit", 1)
    monkeypatch.setattr(FilteredListView, "_sizes", {})
    user = world.users[persona]
    client = client_for(user)
    url = reverse(name)
    first = client.get(url)
    assert first.status_code == 200, url
    word = a_word(view, user)
    search = {view.search_param: word or "a"}
    # Each filter's first value that leaves some of the searched records (else its first value).
    values = {}
    for field_name, field in first.context["filter"].form.fields.items():
        offered = choices(field) if field_name != view.search_param else []
        found = next((v for v in offered if filtered(view, user, {**search, field_name: v}).exists()), None)
        if offered:
            values[field_name] = found or offered[0]
    assert values, f"{name}: no filter to try"
    queries = [{}] + [{field_name: value} for field_name, value in values.items()] + [values]
    queries += [{**values, "sort": sort} for key in view.sort_fields for sort in (key, f"-{key}")]
    counts = []
    for query in queries:
        for size_seconds in (300, -1):  # the size kept, and read anew
            monkeypatch.setattr(FilteredListView, "SIZE_SECONDS", size_seconds)
            full = f"{url}?{urlencode({**search, **query})}"
            response = client.get(full)
            assert response.status_code == 200, full
            paginator = response.context["paginator"]
            assert paginator.count == response.context["filter"].qs.count(), full
            assert len(response.context["page_obj"].object_list) == min(paginator.count, paginator.per_page), full
            counts.append(paginator.count)
    # Not a walk of empty pages: where the reader sees records, the search alone finds some, and so do some
    # filters with it.
    if word is not None:
        assert counts[0] > 0 and any(counts[2:2 * len(values) + 2]), (name, word, counts)
