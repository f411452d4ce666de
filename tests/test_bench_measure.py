"""bench/measure_pages.py's CPU at reference speed: each request's CPU divided by the reference unit's just
after it (the host's state at that moment), times REFERENCE_UNIT_MS; the backend's mean by the unit's median."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import measure_pages  # noqa: E402


def _busy():
    sum(i * i for i in range(20_000))


def test_a_unit_twice_as_slow_halves_the_page(monkeypatch):
    monkeypatch.setattr(measure_pages, "WARM_UP", 1)
    monkeypatch.setattr(measure_pages, "reference_unit", lambda: 2 * measure_pages.REFERENCE_UNIT_MS)
    t = measure_pages.timed(_busy, 7)
    assert t["unit"] == pytest.approx(2 * measure_pages.REFERENCE_UNIT_MS)
    assert t["cpu_ref"] == pytest.approx(t["cpu_app"] / 2)
    assert t["cpu_db"] == 0 and t["cpu"] == t["cpu_app"] > 0


def test_each_request_is_scaled_by_the_unit_beside_it(monkeypatch):
    # Three requests of 4, 8 and 8 ms; the unit after each took 1, 2 and 1 ms: the second request ran while
    # the host was slow (4 ms of the unit's 1 ms state), the third did cost 8. The median of the ratios (4, 4,
    # 8) is 4; the medians' ratio (8 / 1) would say 8.
    monkeypatch.setattr(measure_pages, "WARM_UP", 0)
    cpu = iter([0.0, 0.004, 0.010, 0.018, 0.030, 0.038] + [0.040] * 10)  # (start, end) of each request
    monkeypatch.setattr(measure_pages.time, "process_time", lambda: next(cpu))
    units = iter([1.0, 1.0, 1.0, 1.0, 2.0, 1.0])  # 3 before the requests, then one after each
    monkeypatch.setattr(measure_pages, "reference_unit", lambda: next(units))
    monkeypatch.setattr(measure_pages, "machine_speed", lambda: 22.0)
    t = measure_pages.timed(lambda: None, 3)
    assert t["cpu_app"] == pytest.approx(8.0) and t["unit"] == pytest.approx(1.0)
    assert t["cpu_ref"] == pytest.approx(4.0 * measure_pages.REFERENCE_UNIT_MS)


def test_the_reference_unit_runs_and_takes_time():
    assert all(measure_pages.reference_unit() > 0 for _ in range(3))
