"""A file imported a second time (the officer unsure the first went through) changes nothing, and says so:
it read "Đã nhập 0 số liệu", as if the file had been refused and its figures were missing. A file that
changes part of what is there says how many of its figures were already there."""
from decimal import Decimal

from ngoaivu.indicators.models import Observation
from tests.indicators.test_import import _xlsx

ROWS = [["foreign_visitors", "Lạng Sơn", "2025", 1000, "Sở VHTTDL", ""],
        ["remittances", "Lạng Sơn", "2025", "1.250.000", "NHNN", ""]]


def _import(client, rows):
    page = client.post("/indicators/import/", {"file": _xlsx(rows)})
    assert not page.context["checked"].errors
    response = client.post("/indicators/import/confirm/", {"token": page.context["checked"].token}, follow=True)
    return [str(m) for m in response.context["messages"]]


def _state():
    return sorted((o.indicator.code, o.value, o.source, o.history.count()) for o in Observation.objects.filter(
        locality__code=20, period_start__year=2025))


def test_the_same_file_twice_changes_nothing_and_says_so(db, world, ind, client_for):
    client = client_for(world.users["officer_a"])
    assert _import(client, ROWS) == ["Đã nhập 2 số liệu."]
    first = _state()
    assert [(code, value) for code, value, _source, _history in first] == [
        ("foreign_visitors", Decimal(1000)), ("remittances", Decimal(1250000))]
    again = _import(client, ROWS)
    assert again == ["Không có số liệu nào thay đổi: 2 số liệu trong tệp giống số hiện có."], again
    assert _state() == first
    changed = _import(client, [ROWS[0], ["remittances", "Lạng Sơn", "2025", "1.300.000", "NHNN", ""]])
    assert changed == ["Đã nhập 1 số liệu; 1 số liệu trong tệp giống số hiện có, không đổi."], changed
    assert [value for _code, value, _source, _history in _state()] == [Decimal(1000), Decimal(1300000)]
