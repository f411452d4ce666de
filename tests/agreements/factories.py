"""Small builders for agreement tests (through the actions, like the pages do)."""
import datetime
import io

from ngoaivu.agreements import actions
from ngoaivu.partners.models import Partner


def partner(name="Gyeonggi-do", country="KR", name_vi="Tỉnh Gyeonggi", **extra):
    found = Partner.objects.filter(name=name, country=country).first()
    return found or Partner.objects.create(name=name, name_vi=name_vi, country=country, **extra)


def agreement(user, locality, *, partners=None, today=None, **fields):
    fields.setdefault("title", "Bản ghi nhớ hợp tác giữa tỉnh và " + (partners[0].name if partners else "Gyeonggi-do"))
    fields.setdefault("form", "ban_ghi_nho")
    return actions.create_agreement(user, locality=locality, partners=partners or [partner()],
                                    today=today or datetime.date(2026, 2, 2), **fields)


def register_workbook(rows) -> io.BytesIO:
    """An .xlsx of the register's import columns (`spreadsheet.COLUMNS`), one row per {column key: value}."""
    from openpyxl import Workbook

    from ngoaivu.agreements.spreadsheet import COLUMNS
    wb = Workbook()
    ws = wb.active
    ws.append([h for _k, h, _hint in COLUMNS])
    keys = [k for k, _h, _hint in COLUMNS]
    for row in rows:
        ws.append([row.get(k) for k in keys])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out
