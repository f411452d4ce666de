"""The register's export is the import's file: its headers are the import's Vietnamese column names, and its
values (form, channel, partner kind, visibility, status) must be Vietnamese too, whatever the interface
language of who exported it, so a colleague on the Vietnamese interface can import it back."""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from ngoaivu.agreements import imports
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.spreadsheet import COLUMNS
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)


def test_an_export_from_the_english_interface_is_in_vietnamese_and_imports_back_unchanged(world, client_for):
    officer = world.users["officer_a"]
    made = agreement(officer, world.a, title="Bản ghi nhớ hợp tác với Gyeonggi", form="ban_ghi_nho",
                     partners=[partner("경기도", "KR", name_vi="")], today=TODAY)
    response = client_for(officer).get(reverse("agreements:agreement_export_xlsx") + "?lang=en",
                                       HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    keys = [key for key, _header, _hint in COLUMNS]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == made.pk)
    values = dict(zip(keys, row))
    assert values["form"] == "Bản ghi nhớ"
    assert values["countries"] == "Hàn Quốc"
    assert values["partner_kinds"] == "Chính quyền địa phương nước ngoài"
    assert values["channel"] == "Ngoại giao Nhà nước"
    assert values["visibility"] == "Nội bộ"
    assert values["status"] == "Đang đề xuất"
    with translation.override("vi"):
        result = imports.check_file(io.BytesIO(response.content), officer, today=TODAY)
    mine = [r for r in result.rows if r.existing is not None and r.existing.pk == made.pk]
    assert result.ok, result.errors
    assert [r.state for r in mine] == ["same"]
    assert Agreement.objects.get(pk=made.pk).form == "ban_ghi_nho"


def test_a_vietnamese_register_file_imports_from_the_english_interface(world):
    """The export and the template are Vietnamese: an import run from the English page read only English
    labels and refused "Bản ghi nhớ", "Ngoại giao Nhà nước", "Nội bộ"… of an unchanged export."""
    from ngoaivu.agreements import exports
    officer = world.users["officer_a"]
    made = agreement(officer, world.a, title="Bản ghi nhớ hợp tác với Gyeonggi", form="ban_ghi_nho",
                     partners=[partner("경기도", "KR", name_vi="")], today=TODAY)
    data = exports.export_xlsx(Agreement.objects.filter(pk=made.pk))
    with translation.override("en"):
        result = imports.check_file(io.BytesIO(data), officer, today=TODAY)
    assert result.ok, result.errors
    assert [r.state for r in result.rows] == ["same"]
