"""A destination whose place holds ";" or "|" (typed in the form's table, or through the API: "Gyeonggi;
Suwon"): the export wrote it bare, and the import split it into the next columns (the days read "Suwon",
a row refused) or into another stop. The export quotes such a part as the members' lines do, and the
import reads a quoted part whole, "|" included (the review of 03/12/2026)."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.exchanges.models import Delegation
from tests.exchanges import factories
from tests.exchanges.test_delegation_reimport import URL, _cell, _export, _upload

pytestmark = pytest.mark.django_db


def _stops(d):
    return [(str(s.country), s.city, s.days) for s in Delegation.objects.get(pk=d.pk).stops.order_by("position")]


def test_a_place_with_a_separator_comes_back_whole_from_export_and_import(world, client_for):
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a, title="Đoàn thăm Hàn Quốc", countries=("KR", "JP"),
                             start_date=datetime.date(2026, 3, 9))
    d.stops.filter(country="KR").update(city="Gyeonggi; Suwon", days=3)
    d.stops.filter(country="JP").update(city='Osaka | Kobe "cảng"')
    recorded = _stops(d)
    client = client_for(officer)
    workbook = _export(client)
    assert _cell(workbook, d.pk, "Nước đến").value == 'Hàn Quốc; "Gyeonggi; Suwon"; 3\nNhật Bản; "Osaka | Kobe ""cảng"""'
    preview = _upload(client, workbook)
    result = preview.context["result"]
    assert result.ok, result.errors
    assert result.changed_count == 0, [(r.number, r.changes) for r in result.rows if r.changes]
    client.post(reverse(URL), {"confirm": "1", "token": str(preview.context["run"].token)})
    assert _stops(d) == recorded

    # A new row typed with a quoted place, the stops separated by "|": read as two stops, the place whole.
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    row = [c.value for c in next(r for r in sheet.iter_rows(min_row=2) if r[0].value == d.pk)]
    row[0], row[headers.index("Tên đoàn")] = None, "Đoàn thăm Gyeonggi"
    row[headers.index("Nước đến")] = 'Hàn Quốc; "Gyeonggi | Suwon"; 2 | Nhật Bản; Osaka'
    sheet.append(row)
    preview = _upload(client, workbook)
    result = preview.context["result"]
    assert result.ok and result.new_count == 1, result.errors
    client.post(reverse(URL), {"confirm": "1", "token": str(preview.context["run"].token)})
    added = Delegation.objects.get(title="Đoàn thăm Gyeonggi")
    assert _stops(added) == [("KR", "Gyeonggi | Suwon", 2), ("JP", "Osaka", None)]
    assert _stops(d) == recorded


def test_the_hints_example_of_a_quoted_place_reads_as_it_says():
    """The import's and the form's hints tell how to write a place holding ";": their example is read as one
    stop, the place whole (the hint said nothing of quoting until 03/12/2026)."""
    from ngoaivu.exchanges.forms import DelegationForm, parse_stops, split_items
    from ngoaivu.exchanges.imports import COLUMNS
    example = 'Hàn Quốc; "Seoul; Incheon"; 5'
    hint = next(h for key, _header, h in COLUMNS if key == "destinations")
    assert example in hint and example in str(DelegationForm.base_fields["stops_text"].help_text)
    [stop] = parse_stops(split_items(example))
    assert (str(stop["country"]), stop["city"], stop["days"]) == ("KR", "Seoul; Incheon", 5)
