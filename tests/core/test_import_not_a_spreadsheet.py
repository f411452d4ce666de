"""A file that is not a spreadsheet at all (a PDF or a Word file renamed .xlsx, an old .xls): the import
says the file is not an .xlsx or a CSV, rather than blaming a missing column of a header it never had
(review of 03/12/2026)."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ngoaivu.core.import_files import ImportFileError, Layout, read_rows
from ngoaivu.core.text import fold

LAYOUT = Layout(key_by_header={fold("Tên đoàn"): "title"}, required_key="title", required_header="Tên đoàn",
                max_rows=100, max_mb=1)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
OLD_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize("name,content", [("danh-sach.xlsx", PDF), ("danh-sach.csv", PDF),
                                          ("danh-sach.xls", OLD_XLS), ("danh-sach.xlsx", b"\x00\x01\x02 Ten doan" * 12)],
                         ids=["pdf-as-xlsx", "pdf-as-csv", "old-xls", "binary"])
def test_a_file_that_is_no_spreadsheet_is_named_as_such(name, content):
    with pytest.raises(ImportFileError) as error:
        read_rows(SimpleUploadedFile(name, content), LAYOUT)
    assert "không phải là tệp Excel .xlsx hay CSV" in str(error.value)
    assert "tiêu đề cột" not in str(error.value)


def test_a_real_csv_is_still_read():
    rows = read_rows(SimpleUploadedFile("doan.csv", "Tên đoàn\nĐoàn Hàn Quốc\n".encode()), LAYOUT)
    assert rows == [(2, {"title": "Đoàn Hàn Quốc"})]


@pytest.mark.django_db
def test_the_import_page_shows_it_and_keeps_nothing(world, client_for):
    from ngoaivu.core.models import ImportRun
    from ngoaivu.exchanges.models import Delegation
    before = Delegation.objects.count()
    response = client_for(world.users["officer_a"]).post(
        "/exchanges/delegations/import/", {"file": SimpleUploadedFile("doan-ra-2025.xlsx", PDF)})
    assert "không phải là tệp Excel .xlsx hay CSV" in response.content.decode()
    assert response.context["run"] is None and not ImportRun.objects.exists()
    assert Delegation.objects.count() == before
