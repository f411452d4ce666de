"""History rows keep a record's facts, not its bookkeeping: the time of each save (`updated_at`, the row's
history_date is that time) and the text derived for search or matching (`search_text`, `name_key`…) are
left out of every history table (`excluded_fields`; the units and the province profiles last, migrations
core 0012 and partners 0009). Checked on the tables themselves, as the migrations left them."""
import pytest
from django.apps import apps
from django.db import connection

from ngoaivu.core.choices import UnitKind
from ngoaivu.core.models import Unit
from ngoaivu.partners import opportunities

pytestmark = pytest.mark.django_db
BOOKKEEPING = {"updated_at", "search_text", "name_key", "name_vi_key", "head_key"}


def _columns(model) -> set:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)}


def test_no_history_table_keeps_a_save_time_or_a_derived_text():
    histories = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    assert len(histories) > 30
    kept = {m._meta.label: sorted(BOOKKEEPING & _columns(m)) for m in histories if BOOKKEEPING & _columns(m)}
    assert kept == {}


def test_a_units_and_a_profiles_history_rows_keep_their_facts(world):
    unit = Unit.objects.create(locality=world.a, name="Sở Ngoại vụ thử", kind=UnitKind.choices[0][0])
    unit.name = "Sở Ngoại vụ thử (đổi tên)"
    unit.save()
    assert unit.search_text and [h.name for h in unit.history.order_by("history_id")] == [
        "Sở Ngoại vụ thử", "Sở Ngoại vụ thử (đổi tên)"]
    assert "search_text" not in {f.name for f in unit.history.model._meta.fields}

    officer = world.users["officer_a"]
    opportunities.save_profile(officer, world.a, strengths="Nông nghiệp")
    profile = opportunities.save_profile(officer, world.a, strengths="Nông nghiệp, du lịch")
    rows = list(profile.history.order_by("history_id"))[-2:]  # the world's profile has rows of its own
    assert [r.strengths for r in rows] == ["Nông nghiệp", "Nông nghiệp, du lịch"]
    assert "updated_at" not in {f.name for f in profile.history.model._meta.fields}
    assert profile.updated_at is not None  # the live row still says when it was last saved
