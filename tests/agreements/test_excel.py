"""Excel in and out: all rows or none, re-import without duplicates, export → import reproduces."""
import datetime
import io

import pytest
from openpyxl import load_workbook

from ngoaivu.agreements import exports, imports
from ngoaivu.agreements.models import Agreement
from tests.agreements.factories import register_workbook

pytestmark = pytest.mark.django_db


def good_row(i):
    return {"reference": f"{i}/2024/TT-UBND", "title": f"Thỏa thuận hợp tác số {i} với tỉnh Gyeonggi",
            "form": "Thỏa thuận", "locality": "lang son", "partners": "Gyeonggi-do", "countries": "Hàn Quốc",
            "sectors": "Kinh tế, thương mại", "signed": datetime.datetime(2024, 1, 1) + datetime.timedelta(days=i)}


def snapshot():
    return sorted((a.locality_id, a.reference, a.title, a.signed_on, a.signed_precision, a.status,
                   tuple(sorted(a.partners.values_list("pk", flat=True))))
                  for a in Agreement.objects.all())


def test_a_200_row_file_with_one_bad_row_imports_nothing_and_names_the_row_and_column(world):
    officer = world.users["officer_a"]
    rows = [good_row(i) for i in range(200)]
    rows[136]["signed"] = "31/02/2024"
    before = Agreement.objects.count()
    result = imports.check_file(register_workbook(rows), officer)
    assert result.errors == [(138, "Ngày ký", "“31/02/2024” không phải là một ngày có thật")]
    with pytest.raises(Exception):
        imports.commit(result, officer)
    assert Agreement.objects.count() == before


def test_import_then_reimport_updates_by_reference_without_duplicates(world):
    officer = world.users["officer_a"]
    rows = [good_row(i) for i in range(5)]
    result = imports.check_file(register_workbook(rows), officer)
    assert result.ok and result.new_count == 5
    assert imports.commit(result, officer) == (5, 0)
    rows[0]["title"] = "Thỏa thuận hợp tác số 0 (sửa đổi) với tỉnh Gyeonggi"
    result = imports.check_file(register_workbook(rows), officer)
    assert result.update_count == 5
    assert imports.commit(result, officer) == (0, 1)
    assert Agreement.objects.filter(reference__endswith="/2024/TT-UBND").count() == 5


def test_historical_rows_are_accepted_as_they_are(world):
    officer = world.users["officer_a"]
    rows = [{"title": "Biên bản hội đàm Ủy ban công tác liên hợp", "locality": "Lạng Sơn", "partners": "广西壮族自治区",
             "countries": "Trung Quốc", "signed": 2009, "co_signatories": "Cao Bằng; Quảng Ninh", "channel": "Đối ngoại Đảng",
             "signing_unit": "Tỉnh ủy Lạng Sơn"},
            {"title": "Ý định thư hợp tác", "locality": "BAC GIANG", "partners": "Chungcheongbuk-do", "countries": "KR",
             "signed": "06/2018", "signatory_name": "UBND huyện Lục Ngạn", "inherited_from": "UBND huyện Lục Ngạn"}]
    manager = world.users["central"]
    result = imports.check_file(register_workbook(rows[:1]), officer)
    assert result.ok, result.errors
    imports.commit(result, officer)
    a = Agreement.objects.get(title=rows[0]["title"])
    assert a.signed_display == "năm 2009" and a.form == "" and a.co_signatories.count() == 2
    assert a.channel == "party" and a.signing_unit.kind == "party"
    # Bắc Giang is a former province: the row goes to Bắc Ninh, which officer A may not edit.
    result = imports.check_file(register_workbook(rows[1:]), officer)
    assert result.errors == [(2, "Tỉnh, thành phố quản lý", "Bạn không có quyền nhập thỏa thuận của Bắc Ninh")]
    assert manager  # the centre reads but does not keep provinces' registers


def test_treaty_names_in_a_file_are_refused(world):
    rows = [good_row(1) | {"title": "Hiệp định hợp tác kinh tế"}]
    result = imports.check_file(register_workbook(rows), world.users["officer_a"])
    assert result.errors[0][:2] == (2, "Tên thỏa thuận")


def test_export_then_import_of_the_demo_register_changes_nothing(world):
    from ngoaivu.core.demo import load_demo
    load_demo()
    from ngoaivu.core.models import User
    admin = User.objects.get(username="admin")
    before = snapshot()
    history = sum(a.history.count() for a in Agreement.objects.all())
    data = exports.export_xlsx(Agreement.objects.all())
    result = imports.check_file(io.BytesIO(data), admin)
    assert result.ok, result.errors[:5]
    assert result.new_count == 0
    assert imports.commit(result, admin) == (0, 0)
    assert snapshot() == before
    assert sum(a.history.count() for a in Agreement.objects.all()) == history


def test_csv_export_is_utf8_with_bom_and_xlsx_has_vietnamese_headers(world):
    from tests.agreements.factories import agreement
    agreement(world.users["officer_a"], world.a, title="Bản ghi nhớ hợp tác Lạng Sơn – Gyeonggi-do")
    data = exports.export_csv(Agreement.objects.all())
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Bản ghi nhớ hợp tác Lạng Sơn" in data.decode("utf-8-sig")
    ws = load_workbook(io.BytesIO(exports.import_template())).active
    assert [c.value for c in ws[1]][:3] == ["Mã hồ sơ", "Số, ký hiệu", "Tên thỏa thuận"]
