"""Issue 9: the register list's filter form is kept per query string (core.filter_form.KeptFilterForm),
its database selects (provinces, sectors, the partner) written fresh on every visit. The page must be
exactly the page written without keeping anything — first visit (kept) and later ones (read back) — for
every persona and query shape, in both languages; a renamed province or sector shows at once."""
import re

import pytest

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.filter_form import KeptFilterForm, fixed_choices, written_fresh
from ngoaivu.core.models import Locality, Sector
from ngoaivu.partners.models import Partner

pytestmark = pytest.mark.django_db
PERSONAS = ["officer_a", "central", "unit_officer", "mission_officer"]


def page(client, query, language="vi"):
    response = client.get(f"/agreements/?{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, query
    # The CSRF token (64 letters and digits) differs on every render.
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())


def shapes(world):
    sector = Sector.objects.order_by("pk").first()
    partner = Partner.objects.order_by("pk").first()
    return ["", "q=han+quoc&status=in_force&health=active", f"locality={world.a.pk}",
            f"locality={world.a.pk}&sector={sector.pk}&country=KR&sort=-signed",
            "status=in_force&status=proposed&deadline=overdue&page=1", "year=abc",  # an error: written fresh
            "signed_after=01/02/2030&signed_before=31/12/2030", "q=%3Cb%3Ex%3C%2Fb%3E&form=ban_ghi_nho"] + (
            [f"partner={partner.pk}"] if partner is not None else [])


@pytest.fixture
def fresh_store(monkeypatch):
    monkeypatch.setattr(KeptFilterForm, "_kept", {})
    return KeptFilterForm._kept


@pytest.mark.parametrize("language", ["vi", "en"])
def test_kept_page_is_the_fresh_page(world, client_for, fresh_store, monkeypatch, language):
    for persona in PERSONAS:
        client = client_for(world.users[persona])
        for query in shapes(world):
            monkeypatch.setattr(KeptFilterForm, "enabled", False)
            fresh = page(client, query, language)
            monkeypatch.setattr(KeptFilterForm, "enabled", True)
            assert page(client, query, language) == fresh, (persona, query)  # written and kept
            assert page(client, query, language) == fresh, (persona, query)  # read back
    kept = list(fresh_store.values())
    assert len(kept) == len(shapes(world)) - 1  # every shape but the one with an error
    # The database selects are not in the kept markup, only their placeholders.
    assert all(names == ["locality", "partner", "sector"] for _html, names in kept)
    assert not any("<option" in html and str(world.a) in html for html, _names in kept)


def test_later_visits_read_the_kept_markup(world, client_for, fresh_store):
    client = client_for(world.users["officer_a"])
    page(client, "country=KR")
    (key, (html, names)), = fresh_store.items()
    fresh_store[key] = (html.replace("</select>", "</select><!--kept-->", 1), names)
    assert "<!--kept-->" in page(client, "country=KR")
    assert "<!--kept-->" not in page(client, "country=JP")


def test_renamed_province_and_sector_show_at_once(world, client_for, fresh_store):
    client = client_for(world.users["officer_a"])
    sector = Sector.objects.order_by("pk").first()
    query = f"sector={sector.pk}&health=active"
    before = page(client, query)
    assert fresh_store
    Locality.objects.filter(pk=world.b.pk).update(short_name="Tỉnh Đổi Tên")
    Sector.objects.filter(pk=sector.pk).update(name="Lĩnh vực đổi tên")
    after = page(client, query)
    assert "Tỉnh Đổi Tên" in after and "Tỉnh Đổi Tên" not in before
    assert f'<option value="{sector.pk}" selected>Lĩnh vực đổi tên</option>' in after
    KeptFilterForm.enabled = False
    try:
        assert page(client, query) == after
    finally:
        KeptFilterForm.enabled = True


def test_kept_markup_is_bounded(world, client_for, fresh_store, monkeypatch):
    monkeypatch.setattr(KeptFilterForm, "MAX_KEPT", 3)
    client = client_for(world.users["central"])
    for word in ("a", "b", "c", "d", "e"):
        assert f'value="{word}"' in page(client, f"q={word}")
    assert 1 <= len(fresh_store) <= 3


def test_the_page_and_the_sort_share_the_kept_form_of_the_same_filters(world, client_for, fresh_store):
    """The key holds only the form's own parameters: paging through one search keeps one entry, and the
    pages still equal the ones written without keeping."""
    client = client_for(world.users["central"])
    for query in ("q=han+quoc&status=in_force", "q=han+quoc&status=in_force&page=1",
                  "status=in_force&q=han+quoc&sort=-signed", "q=han+quoc&status=in_force&stray=1"):
        kept = page(client, query)
        KeptFilterForm.enabled = False
        try:
            assert kept == page(client, query), query
        finally:
            KeptFilterForm.enabled = True
    assert len(fresh_store) == 1
    page(client, "q=han+quoc&status=proposed")
    assert len(fresh_store) == 2


EXCHANGE_SHAPES = ["", "q=han+quoc", "country=KR&year=2026&sort=-start", "status=planned&direction=out&page=2",
                   "overdue=on&start_after=01/02/2030", "year=abc", "q=%3Cb%3Ex"]


@pytest.mark.parametrize("path", ["/exchanges/delegations/", "/exchanges/conferences/"])
def test_exchanges_kept_page_is_the_fresh_page(world, client_for, fresh_store, monkeypatch, path):
    """The exchanges lists keep their form too: a province officer's form has no province select (another
    key), the centre's writes it fresh; either way the page is the page written without keeping."""
    for persona in ["officer_a", "central", "mission_officer"]:
        client = client_for(world.users[persona])
        for language in ("vi", "en"):
            for query in EXCHANGE_SHAPES + [f"locality={world.b.pk}"]:
                url = f"{path}?{query}"
                monkeypatch.setattr(KeptFilterForm, "enabled", False)
                fresh = page_at(client, url, language)
                monkeypatch.setattr(KeptFilterForm, "enabled", True)
                assert page_at(client, url, language) == fresh, (persona, url)
                assert page_at(client, url, language) == fresh, (persona, url)
    assert fresh_store
    assert {frozenset(names) for _html, names in fresh_store.values()} == {frozenset({"partner"}), frozenset({"locality", "partner"})}
    Locality.objects.filter(pk=world.b.pk).update(short_name="Tỉnh Đổi Tên")
    assert "Tỉnh Đổi Tên" in page_at(client_for(world.users["central"]), path, "vi")


def page_at(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())


ROWS = [("a", "Thứ nhất")]


def rows_from_database():  # stands for choices read from rows another process may change
    return list(ROWS)


@fixed_choices
def fixed_rows():
    return list(ROWS)


def test_a_select_of_choices_from_an_unmarked_function_is_written_fresh(fresh_store, monkeypatch):
    """A ChoiceField whose choices a function gives might read the database: the kept form writes it fresh
    (a renamed choice shows at once). Only a function marked `fixed_choices` is kept with the form."""
    from django import forms

    class Form(forms.Form):
        live = forms.ChoiceField(choices=rows_from_database, required=False)
        fixed = forms.ChoiceField(choices=fixed_rows, required=False)

    assert written_fresh(Form().fields["live"]) and not written_fresh(Form().fields["fixed"])
    first = KeptFilterForm.render(Form({"live": "a"}))
    assert "Thứ nhất" in first and fresh_store
    monkeypatch.setattr(f"{__name__}.ROWS", [("a", "Đổi tên")])
    again = KeptFilterForm.render(Form({"live": "a"}))
    assert '<option value="a" selected>Đổi tên</option>' in again.split('name="fixed"')[0]
    assert "Thứ nhất" in again.split('name="fixed"')[1]  # the marked one is kept as written


def test_a_filtersets_choice_filter_of_an_unmarked_function_is_written_fresh(fresh_store, monkeypatch):
    """The same through django-filter, whose ChoiceFilter keeps the function in its own iterator (the
    register's and the exchanges lists' filters are ChoiceFilters): unmarked, written fresh; marked, kept."""
    import django_filters

    class Filter(django_filters.FilterSet):
        live = django_filters.ChoiceFilter(choices=rows_from_database)
        fixed = django_filters.ChoiceFilter(choices=fixed_rows)

        class Meta:
            model = Agreement
            fields = []

    form = Filter({"live": "a"}, queryset=Agreement.objects.none()).form
    assert written_fresh(form.fields["live"]) and not written_fresh(form.fields["fixed"])
    first = KeptFilterForm.render(form)
    assert "Thứ nhất" in first and fresh_store
    monkeypatch.setattr(f"{__name__}.ROWS", [("a", "Đổi tên")])
    again = KeptFilterForm.render(Filter({"live": "a"}, queryset=Agreement.objects.none()).form)
    assert "Đổi tên" in again.split('name="fixed"')[0]
    assert "Thứ nhất" in again.split('name="fixed"')[1]  # the marked one is kept as written


def test_the_lists_computed_selects_are_marked_and_kept_and_an_unmarked_one_would_not_be(monkeypatch):
    from ngoaivu.exchanges import filtersets as exchange_filters
    from ngoaivu.exchanges.models import Delegation
    fields = exchange_filters.DelegationFilter(queryset=Delegation.objects.none()).form.fields
    assert not written_fresh(fields["year"]) and not written_fresh(fields["country"])
    monkeypatch.delattr(exchange_filters._year_choices, "fixed_choices")
    fields = exchange_filters.DelegationFilter(queryset=Delegation.objects.none()).form.fields
    assert written_fresh(fields["year"]), "an unmarked function is written fresh"
