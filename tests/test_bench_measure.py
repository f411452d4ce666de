"""bench/measure_pages.py's CPU at reference speed: each request's CPU divided by the reference unit's just
after it (the host's state at that moment), times REFERENCE_UNIT_MS; the backend's mean by the unit's median."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import measure_pages  # noqa: E402


def _busy():
    sum(i * i for i in range(20_000))


def _clock(monkeypatch, cpu_ms):
    """measure_pages reads this process's CPU from `cpu_ms` (start and end of each request), in seconds."""
    ticks = iter([ms / 1000 for ms in cpu_ms])
    last = [cpu_ms[-1] / 1000]

    def process_time():
        last[0] = next(ticks, last[0])
        return last[0]
    monkeypatch.setattr(measure_pages.time, "process_time", process_time)


def test_a_unit_twice_as_slow_halves_the_page(monkeypatch):
    monkeypatch.setattr(measure_pages, "WARM_UP", 1)
    monkeypatch.setattr(measure_pages, "machine_speed", lambda: 22.0)
    monkeypatch.setattr(measure_pages, "reference_unit", lambda: 2 * measure_pages.REFERENCE_UNIT_MS)
    t = measure_pages.timed(_busy, 7)
    assert t["unit"] == pytest.approx(2 * measure_pages.REFERENCE_UNIT_MS)
    assert t["cpu_ref"] == pytest.approx(t["cpu_app"] / 2)
    assert t["cpu_db"] == 0 and t["cpu"] == t["cpu_app"] > 0


def test_each_request_is_scaled_by_the_unit_just_after_it(monkeypatch):
    # Three requests of 4, 6 and 16 ms; the unit after each took 1, 3 and 2 ms: 4, 2 and 8 ms of the unit's 1 ms
    # state, median 4. The medians' ratio (6 / 2) would say 3; each request with the unit before it (1, 1, 3)
    # 5.3.
    monkeypatch.setattr(measure_pages, "WARM_UP", 0)
    monkeypatch.setattr(measure_pages, "machine_speed", lambda: 22.0)
    _clock(monkeypatch, [0, 4, 10, 16, 20, 36])
    units = iter([1.0, 1.0, 1.0, 1.0, 3.0, 2.0])  # 3 before the requests, then one after each
    monkeypatch.setattr(measure_pages, "reference_unit", lambda: next(units))
    t = measure_pages.timed(lambda: None, 3)
    assert t["cpu_app"] == pytest.approx(6.0) and t["unit"] == pytest.approx(2.0)
    assert t["cpu_ref"] == pytest.approx(4.0 * measure_pages.REFERENCE_UNIT_MS)


@pytest.mark.django_db
def test_the_backends_cpu_is_scaled_by_the_units_median(monkeypatch):
    from django.db import connection
    monkeypatch.setattr(measure_pages, "WARM_UP", 0)
    monkeypatch.setattr(measure_pages, "machine_speed", lambda: 22.0)
    _clock(monkeypatch, [0, 4, 10, 16, 20, 36])
    units = iter([1.0, 1.0, 1.0, 1.0, 3.0, 2.0])
    monkeypatch.setattr(measure_pages, "reference_unit", lambda: next(units))
    backend = iter([100.0, 118.0])  # 18 ms of the backend over the 3 requests: 6 a request
    monkeypatch.setattr(measure_pages, "backend_cpu_ms", lambda _connection: next(backend))
    t = measure_pages.timed(lambda: None, 3, connection)
    assert t["cpu_db"] == pytest.approx(6.0) and t["cpu"] == pytest.approx(12.0)
    # 4 (the requests, as above) + 6 / 2 (the backend by the units' median 2), in units of REFERENCE_UNIT_MS.
    assert t["cpu_ref"] == pytest.approx((4.0 + 3.0) * measure_pages.REFERENCE_UNIT_MS)
    assert t["queries"] == 0


def test_the_reference_unit_runs_and_takes_time():
    assert all(measure_pages.reference_unit() > 0 for _ in range(3))


@pytest.mark.django_db
def test_a_pages_own_reading_statements_are_recorded_and_sent_again_bare():
    """The ratio to the bare SQL (issue 9): a page's statements as Django hands them to the driver, its reads
    sent again alone; a write is never sent again, and a page that reads nothing has no figure."""
    from django.db import connection

    from ngoaivu.core.models import Locality

    def page():
        list(Locality.objects.filter(code="01").values_list("pk"))
        list(Locality.objects.values_list("pk")[:3])
    statements = measure_pages.statements_of(page, connection)
    assert len(statements) == 2
    assert all(sql.lstrip().upper().startswith("SELECT") and not many for sql, _params, many in statements)
    assert measure_pages.bare_statements_ms(statements, 3, connection) > 0
    write = [('UPDATE "core_locality" SET "code" = "code" WHERE 1 = 0', (), False)]
    assert measure_pages.bare_statements_ms(write, 3, connection) is None
