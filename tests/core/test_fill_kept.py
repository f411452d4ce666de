"""`core.migration_ops.fill_kept`: a data migration that fills a kept summary table with live code runs only
when the table has every column of the live model (else an upgrade of a database with data would fail
in an earlier migration writing a column a later one adds)."""
import types

import pytest
from django.db import connection

from ngoaivu.core.migration_ops import fill_kept

pytestmark = pytest.mark.django_db

MIGRATIONS = ["implementation.0008_summary", "indicators.0003_year_totals", "indicators.0006_active_agreement_years",
              "indicators.0007_country_year_totals", "indicators.0008_in_force_years",
              "indicators.0010_country_year_agreements", "indicators.0011_exchange_year_totals",
              "indicators.0012_exchange_year_total_kind"]


def _run(operation):
    operation.code(None, types.SimpleNamespace(connection=connection))


def test_it_fills_when_the_table_has_every_live_column():
    calls = []
    _run(fill_kept("indicators.CountryYearTotal", lambda apps, schema_editor: calls.append(schema_editor)))
    assert len(calls) == 1


def test_it_skips_when_a_later_migration_has_still_to_add_a_column(monkeypatch):
    described = connection.introspection.get_table_description

    def without_in_force(cursor, table):  # the table as migration 0007 leaves it: no `in_force` yet
        return [c for c in described(cursor, table) if c.name != "in_force"]
    monkeypatch.setattr(connection.introspection, "get_table_description", without_in_force)
    calls = []
    _run(fill_kept("indicators.CountryYearTotal", lambda apps, schema_editor: calls.append(1)))
    assert calls == []


@pytest.mark.parametrize("name", MIGRATIONS)
def test_every_migration_filling_a_kept_table_goes_through_it(name):
    import importlib
    app, module = name.split(".")
    migration = importlib.import_module(f"ngoaivu.{app}.migrations.{module}").Migration
    fills = [op for op in migration.operations if op.__class__.__name__ == "RunPython"]
    assert fills and all(op.code.__qualname__.startswith("fill_kept.") for op in fills)
