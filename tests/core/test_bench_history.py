"""The bench generator's history part (bench/gen_history.py): each measured kind of record gets its creation
row and `key % 4` edits, the newest row is the record as it stands, each edit changes the chosen column, and
the record's page reads them as any history."""
import sys
from pathlib import Path

import pytest

from tests.agreements.factories import agreement, partner

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import gen_history  # noqa: E402

pytestmark = pytest.mark.django_db


def test_each_record_gets_its_creation_and_its_edits_and_the_page_reads_them(world, client_for):
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.partners.models import Partner
    officer = world.users["officer_a"]
    records = [agreement(officer, world.a, title=f"Thỏa thuận {n}", summary=f"Nội dung {n}") for n in range(5)]
    partner("Busan", "KR", "Thành phố Busan")
    for model in (Agreement, Partner):  # the factories' own history rows out of the way
        model.history.model.objects.all().delete()
    counts = gen_history.generate(officer.pk)
    keys = Agreement.objects.values_list("pk", flat=True)
    assert counts[Agreement.history.model._meta.db_table] == sum(1 + pk % 4 for pk in keys)
    for a in records:
        rows = list(a.history.order_by("history_id").values_list("history_type", "summary", "title"))
        assert len(rows) == 1 + a.pk % 4
        assert [t for t, *_ in rows] == ["+"] + ["~"] * (a.pk % 4)
        assert rows[-1][1:] == (a.summary, a.title), "the newest row is the record as it stands"
        assert len({s for _t, s, _title in rows}) == len(rows), "each edit changes the summary"
    edited = next(a for a in records if a.pk % 4)
    page = client_for(officer).get(edited.get_absolute_url())
    history = page.context["history"]
    assert len(history) == 1 + edited.pk % 4 and history[-1]["who"] == str(officer)
    assert all(str(c["field"]) == "nội dung chính" for entry in history[:-1] for c in entry["changes"])
    assert history[0]["changes"][0]["new"] == edited.summary
