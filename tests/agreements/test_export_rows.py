"""The register's export reads its rows a chunk at a time (agreements.exports): every agreement's links land on
its own row, in their order, across chunks, and the statements grow with the chunks, not with the agreements
(the centre's export of 50,000 agreements took 78 s of CPU when each row read its partners and co-signatories
again)."""
import csv
import datetime
import io
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ngoaivu.agreements import exports
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.spreadsheet import COLUMNS
from ngoaivu.core.exports import neutralise
from ngoaivu.core.models import Locality, Sector
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db

KEYS = [key for key, _header, _hint in COLUMNS]


def _label(locality):
    return locality.short_name if locality.valid_until is None else f"{locality.short_name} (cũ)"


def expected(a):
    """The cells of the links and codes, read through the ORM one agreement at a time (as the export once did)."""
    partners = list(a.partners.order_by("name", "pk"))
    return {
        "id": str(a.pk), "title": a.title, "locality": _label(a.locality),
        "partners": "; ".join(p.name for p in partners),
        "partners_vi": "; ".join(p.name_vi for p in partners) if any(p.name_vi for p in partners) else "",
        "partner_kinds": "; ".join(str(p.get_kind_display()) for p in partners),
        "sectors": "; ".join(s.name for s in a.sectors.order_by("position", "name")),
        "co_signatories": "; ".join(_label(loc) for loc in a.co_signatories.order_by("pk")),
        "status": str(a.get_status_display()),
        "signed": a.signed_on.strftime("%d/%m/%Y") if a.signed_on else "",
    }


@pytest.fixture
def register(world):
    """Seven agreements of two provinces with partners named out of order, sectors, co-signatories (one a
    former province), an agreement with no signing date, and one whose partner's name starts a formula."""
    officer, other = world.users["officer_a"], world.users["officer_b"]
    former = Locality.objects.exclude(valid_until=None).first()
    sectors = list(Sector.objects.all()[:3])
    made = []
    for i in range(7):
        owner, place = (officer, world.a) if i % 2 else (other, world.b)
        partners = [partner(name=f"{'ZYX'[i % 3]}-Đối tác {i}", country="KR" if i % 2 else "JP", name_vi=""),
                    partner(name=f"A-Đối tác {i}", country="CN", name_vi=f"Đối tác {i}" if i % 3 else "")]
        if i == 3:
            partners.append(partner(name="=HYPERLINK(\"x\") Corp", country="US", name_vi=""))
        a = agreement(owner, place, partners=partners, title=f"Thỏa thuận xuất {i}",
                      signed_on=None if i == 5 else datetime.date(2020, 1, 1) + datetime.timedelta(days=40 * i))
        a.sectors.set(sectors[: i % 4])
        a.co_signatories.set([loc for loc in (former, world.a if i % 2 == 0 else None) if loc] if i % 3 == 0 else [])
        made.append(a)
    return made


def _csv_rows(data: bytes):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return [dict(zip(KEYS, row)) for row in rows[1:]]


@pytest.mark.parametrize("chunk", [2, 3, 1000])
def test_every_row_holds_its_own_links_in_order_across_chunks(register, monkeypatch, chunk):
    monkeypatch.setattr(exports, "CHUNK", chunk)
    agreements = Agreement.objects.filter(pk__in=[a.pk for a in register])
    with CaptureQueriesContext(connection) as queries:
        rows = _csv_rows(exports.export_csv(agreements))
    ordered = list(agreements.order_by("locality__sort_key", "signed_on", "pk"))
    assert [row["id"] for row in rows] == [str(a.pk) for a in ordered]
    for row, a in zip(rows, ordered):
        # A cell that starts like a formula keeps a leading apostrophe in a CSV (core.exports).
        want = {key: neutralise(value) for key, value in expected(a).items()}
        assert {key: row[key] for key in want} == want
    assert sum(row["partners"].startswith("'=HYPERLINK") for row in rows) == 1
    # The provinces' labels once, the rows (one statement, read in chunks), three statements of links a chunk.
    chunks = math.ceil(len(register) / chunk)
    assert len(queries) <= 2 + 3 * chunks, [q["sql"][:80] for q in queries]


def test_the_xlsx_holds_the_same_rows_typed(register, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 3)
    agreements = Agreement.objects.filter(pk__in=[a.pk for a in register])
    sheet = load_workbook(io.BytesIO(exports.export_xlsx(agreements))).active
    header, *body = list(sheet.iter_rows(values_only=True))
    assert list(header) == [h for _k, h, _hint in COLUMNS]
    ordered = list(agreements.order_by("locality__sort_key", "signed_on", "pk"))
    assert [row[KEYS.index("id")] for row in body] == [a.pk for a in ordered]
    for row, a in zip(body, ordered):
        cells = dict(zip(KEYS, row))
        want = expected(a)
        want["id"] = a.pk
        # A day-precise signing date is a real date in the .xlsx; none is an empty cell.
        want["signed"] = datetime.datetime.combine(a.signed_on, datetime.time()) if a.signed_on else None
        assert {key: cells[key] if cells[key] is not None or key == "signed" else "" for key in want} == want
    column = sheet.iter_cols(min_col=KEYS.index("partners") + 1, max_col=KEYS.index("partners") + 1)
    (formula,) = [c for c in next(column) if c.value and str(c.value).startswith("=HYPERLINK")]
    assert formula.data_type == "s" and formula.quotePrefix  # text, never a formula


def test_the_centre_exports_the_whole_register_a_province_its_own(register, world):
    from ngoaivu.agreements.filtersets import AgreementFilter
    for user, expect in ((world.users["central"], Agreement.objects.all()),
                         (world.users["officer_a"], Agreement.objects.visible_to(world.users["officer_a"]))):
        qs = AgreementFilter({}, queryset=Agreement.objects.visible_to(user)).qs
        ids = {int(row["id"]) for row in _csv_rows(exports.export_csv(qs))}
        assert ids == set(expect.values_list("pk", flat=True))
    # The officer's own province in full; another province's internal agreements it does not co-sign, never.
    assert set(Agreement.objects.filter(locality=world.a).values_list("pk", flat=True)) <= ids
    hidden = set(Agreement.objects.filter(locality=world.b, visibility="internal").exclude(co_signatories=world.a)
                 .values_list("pk", flat=True))
    assert hidden and not hidden & ids
