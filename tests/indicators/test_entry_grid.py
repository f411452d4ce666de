"""The figures grid of one province and period, saved by two people at once (core.concurrency): what one of
them did not change keeps the other's figure; a figure both changed is refused, naming it and who changed
it, and nothing of that save is written; saving again then overwrites knowingly. Only what the user changed
is written, so an unchanged grid leaves no history behind."""
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from ngoaivu.indicators.models import Observation

pytestmark = pytest.mark.django_db


def _url(world):
    return f"/indicators/entry/?locality={world.a.pk}&period=2025"


def _as_read(page):
    """What the browser posts back from the grid as it was rendered (every field, hidden versions too)."""
    form = page.context["form"]
    return {name: ("" if form[name].value() is None else str(form[name].value())) for name in form.fields}


def _figure(world, code):
    row = Observation.objects.filter(indicator__code=code, locality=world.a, former_locality=None,
                                     period_start__year=2025, period_end__year=2025).first()
    return None if row is None else row.value


def test_a_figure_the_user_did_not_change_keeps_the_colleagues(world, ind, enter, client_for):
    enter("officer_a", ind["remittances"], world.a, "2025", 100)
    second = client_for(world.users["manager_a"])
    data = _as_read(second.get(_url(world)))
    enter("officer_a", ind["remittances"], world.a, "2025", 500)   # a colleague, meanwhile
    data["value_foreign_visitors"] = "1.000"
    response = second.post(_url(world), data)
    assert response.status_code == 302
    assert _figure(world, "remittances") == Decimal(500)             # not put back to 100
    assert _figure(world, "foreign_visitors") == Decimal(1000)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã lưu 1 số liệu của Lạng Sơn, kỳ 2025."]


def test_a_figure_both_changed_is_refused_naming_it_and_nothing_is_saved(world, ind, enter, client_for):
    enter("officer_a", ind["remittances"], world.a, "2025", 100)
    second = client_for(world.users["manager_a"])
    data = _as_read(second.get(_url(world)))
    enter("officer_a", ind["remittances"], world.a, "2025", 500)
    data.update(value_remittances="250", value_foreign_visitors="1.000")
    response = second.post(_url(world), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["value_remittances"]
    assert len(errors) == 1 and str(world.users["officer_a"]) in errors[0] and "nay là 500" in errors[0]
    assert "Kiều hối" in errors[0]
    assert (_figure(world, "remittances"), _figure(world, "foreign_visitors")) == (Decimal(500), None)
    page = response.content.decode()
    assert 'value="250"' in page and 'value="1.000"' in page          # the user's input is kept
    # Saving again, from the page as re-rendered (it carries the new version): a deliberate overwrite.
    again = second.post(_url(world), _as_read(response))
    assert again.status_code == 302
    assert (_figure(world, "remittances"), _figure(world, "foreign_visitors")) == (Decimal(250), Decimal(1000))


def test_a_figure_deleted_meanwhile_stays_deleted_unless_the_user_changed_it(world, ind, enter, client_for):
    enter("officer_a", ind["remittances"], world.a, "2025", 100)
    enter("officer_a", ind["trade"], world.a, "2025", 7)
    second = client_for(world.users["manager_a"])
    data = _as_read(second.get(_url(world)))
    enter("officer_a", ind["remittances"], world.a, "2025", None)   # deleted by a colleague
    enter("officer_a", ind["trade"], world.a, "2025", None)
    data["value_trade"] = "9"
    response = second.post(_url(world), data)
    assert response.status_code == 200
    [error] = response.context["form"].errors["value_trade"]
    assert "đã xóa số liệu này" in error
    assert "value_remittances" not in response.context["form"].errors
    assert (_figure(world, "remittances"), _figure(world, "trade")) == (None, None)
    assert second.post(_url(world), _as_read(response)).status_code == 302
    assert (_figure(world, "remittances"), _figure(world, "trade")) == (None, Decimal(9))


def test_a_figure_added_meanwhile_is_kept_and_an_unchanged_grid_writes_nothing(world, ind, enter, client_for):
    second = client_for(world.users["manager_a"])
    data = _as_read(second.get(_url(world)))
    enter("officer_a", ind["remittances"], world.a, "2025", 42)     # added while the grid was open
    history = Observation.history.count()
    response = second.post(_url(world), data)
    assert response.status_code == 302
    assert _figure(world, "remittances") == Decimal(42)
    assert Observation.history.count() == history
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Không có số liệu nào thay đổi: Lạng Sơn, kỳ 2025."]


def test_clearing_a_figure_removes_it_and_says_so(world, ind, enter, client_for):
    enter("officer_a", ind["remittances"], world.a, "2025", 100)
    client = client_for(world.users["officer_a"])
    data = _as_read(client.get(_url(world)))
    data.update(value_remittances="", value_trade="12,5")
    response = client.post(_url(world), data)
    assert (_figure(world, "remittances"), _figure(world, "trade")) == (None, Decimal("12.5"))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã lưu 1 và xóa 1 số liệu của Lạng Sơn, kỳ 2025."]


def test_one_figure_saved_reads_as_one_in_english(world, ind, client_for, settings):
    """The English grid said "1 figures of Lạng Sơn for 2025 saved."."""
    client = client_for(world.users["officer_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = _as_read(client.get(_url(world)))
    data["value_foreign_visitors"] = "1.000"
    response = client.post(_url(world), data)
    assert _figure(world, "foreign_visitors") == Decimal(1000)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 figure of Lạng Sơn for 2025 saved."]
