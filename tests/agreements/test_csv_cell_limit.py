"""Excel opens a CSV cell over 32,767 characters broken, as it does an .xlsx: every CSV the application hands
out (the register's export, the open data download; both written by core.exports.csv_bytes) cuts such a text
to the limit with the xlsx writer's mark, leaves every other cell whole, and the register's CSV brought back
unchanged keeps the full text."""
import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from ngoaivu.agreements import exports, imports
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.exports import CELL_MAX, csv_bytes
from tests.agreements.test_export_cell_limit import LONG, MARK_EN, MARK_VI, TODAY, long_agreement

pytestmark = pytest.mark.django_db


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_registers_csv_cuts_a_40000_character_summary_with_the_mark(world):
    made = long_agreement(world)
    assert len(LONG) == 40000
    [row] = _rows(exports.export_csv(Agreement.objects.filter(pk=made.pk)))
    summary = row["Nội dung chính"]
    assert len(summary) <= CELL_MAX
    assert summary.endswith(MARK_VI)
    assert LONG.startswith(summary[:-len(MARK_VI)])
    assert len(summary) > CELL_MAX - 100  # cut at the limit, not well before it
    assert (row["Mã hồ sơ"], row["Tên thỏa thuận"], row["Số, ký hiệu"], row["Người ký phía Việt Nam"]) == (
        str(made.pk), "Thỏa thuận dài", "7/2025/TT", "Nguyễn Văn A")
    assert all(len(value) <= CELL_MAX for value in row.values())


def test_the_registers_csv_brought_back_unchanged_keeps_the_full_summary(world):
    made = long_agreement(world)
    officer = world.users["officer_a"]
    result = imports.check_file(io.BytesIO(exports.export_csv(Agreement.objects.filter(pk=made.pk))), officer,
                                today=TODAY)
    assert result.ok, result.errors
    assert [row.state for row in result.rows] == ["same"]
    assert imports.commit(result, officer, today=TODAY) == (0, 0)
    made.refresh_from_db()
    assert made.summary == LONG


def test_the_open_data_csv_cuts_it_too_and_the_json_keeps_the_whole(world, client):
    made = long_agreement(world)
    Agreement.objects.filter(pk=made.pk).update(visibility="public", published_at=timezone.now())
    rows = {int(r["id"]): r for r in _rows(client.get(reverse("reports:open_data_csv")).content)}
    summary = rows[made.pk]["summary"]
    assert len(summary) <= CELL_MAX and summary.endswith(MARK_VI)
    assert LONG.startswith(summary[:-len(MARK_VI)])
    assert rows[made.pk]["title"] == "Thỏa thuận dài"
    published = {a["id"]: a for a in client.get(reverse("reports:open_data_json")).json()["agreements"]}
    assert published[made.pk]["summary"] == LONG


def test_a_long_formula_like_text_keeps_its_apostrophe_within_the_limit():
    with translation.override("en"):
        data = csv_bytes(["Title", "Programme"], [["short", "=" + "x" * 40000]])
    [row] = _rows(data)
    assert row["Title"] == "short"
    assert len(row["Programme"]) <= CELL_MAX
    assert row["Programme"].startswith("'=x") and row["Programme"].endswith(MARK_EN)
