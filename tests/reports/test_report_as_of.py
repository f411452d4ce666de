"""The six-monthly and yearly external-affairs report as the outside test read it on 03/12/2026: "Đoàn ra: 4
đoàn" counted two trips leaving later in December, and "Nơi nhận" named the Ministry twice ("Bộ Ngoại giao"
and "Bộ Ngoại giao (Cục Ngoại vụ và Ngoại giao văn hóa)")."""
import datetime

import pytest

from ngoaivu.reports import actions
from tests.reports.helpers import body_text, read_docx, table_rows

pytestmark = pytest.mark.django_db


def _generate(world, year, period):
    user = world.users["officer_a"]
    actions.save_settings(user, world.a, parent_body="UBND TỈNH LẠNG SƠN", issuing_body="SỞ NGOẠI VỤ",
                          symbol="SNgV", place_name="Lạng Sơn", authority_line="KT. GIÁM ĐỐC",
                          signer_title="PHÓ GIÁM ĐỐC", signer_name="Nguyễn Văn An",
                          recipients="Bộ Ngoại giao (Cục Ngoại vụ và Ngoại giao văn hóa)\nThủ tướng Chính phủ\n"
                                     "Lãnh đạo Sở", archive_line="Lưu: VT, HTQT")
    draft = actions.create_draft(user, world.a, issued_on=datetime.date.today(), kind="external_affairs",
                                 year=year, period=period)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return read_docx(handle.read())


def test_a_report_written_while_its_period_runs_counts_only_what_has_happened(world):
    from tests.exchanges.factories import delegation
    today = datetime.date.today()
    past, ahead = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    if past.year != today.year or ahead.year != today.year:
        pytest.skip("needs a day before and after today in the same year")
    user = world.users["officer_a"]
    delegation(user, world.a, start_date=past, title="Đoàn đã đi Hàn Quốc", countries=("KR",))
    delegation(user, world.a, start_date=ahead, title="Đoàn sắp đi Nhật Bản")
    document = _generate(world, today.year, "year")
    text = body_text(document)
    outbound = [row[1] for t in document.tables for row in table_rows(t)[1:] if row[1].startswith("Đoàn ")]
    assert "Đoàn đã đi Hàn Quốc" in outbound and "Đoàn sắp đi Nhật Bản" not in outbound
    assert f"Số liệu tính đến ngày {today:%d/%m/%Y}." in text
    heading = [line for line in text if line.startswith("1. Đoàn ra: ")]
    mine = sum(1 for title in outbound if title.startswith("Đoàn đã đi"))
    assert heading and int(heading[0].split(": ")[1].split()[0].replace(".", "")) >= mine
    # A past period is counted to its end, without the "up to" line.
    last_year = _generate(world, today.year - 1, "year")
    assert not any(line.startswith("Số liệu tính đến ngày") for line in body_text(last_year))


def test_the_ministry_is_named_once_among_the_recipients_with_its_fuller_name(world):
    document = _generate(world, datetime.date.today().year - 1, "year")
    sign_left = document.tables[-1].rows[0].cells[0]
    recipients = [p.text for p in sign_left.paragraphs if p.text.strip()]
    ministry = [line for line in recipients if "Bộ Ngoại giao" in line]
    assert ministry == ["- Bộ Ngoại giao (Cục Ngoại vụ và Ngoại giao văn hóa);"], recipients
    assert recipients.index(ministry[0]) == 1  # in the place of the report's own recipient, first
    assert "- Thủ tướng Chính phủ;" in recipients and recipients[-1] == "- Lưu: VT, HTQT."


def test_two_agreements_of_one_title_are_told_apart_where_a_draft_chooses_its_subject(world, client_for):
    """Real registers repeat titles; the draft form's choice listed two identical "Bản ghi nhớ hợp tác…"."""
    from django.urls import reverse

    from tests.agreements.factories import agreement
    title = "Bản ghi nhớ hợp tác giữa UBND tỉnh Lạng Sơn và Chính quyền tỉnh Gyeonggi"
    officer = world.users["officer_a"]
    first = agreement(officer, world.a, title=title, reference="12/2019/BGN", signed_on=datetime.date(2019, 5, 2))
    second = agreement(officer, world.a, title=title)
    page = client_for(officer).get(reverse("reports:documents", args=[world.a.pk])).content.decode()
    assert f"{title} (số 12/2019/BGN, ký 02/05/2019, mã {first.pk})" in page
    assert f"{title} (chưa ký, mã {second.pk})" in page


def test_two_departments_of_one_ministry_stay_two_recipients():
    from ngoaivu.reports.documents import _recipients
    assert _recipients(["Bộ Ngoại giao", "Bộ Công an (Cục A02)", "Bộ Ngoại giao (Cục Ngoại vụ)",
                        "Bộ Công an (Cục Quản lý xuất nhập cảnh)", "Bộ Công an", "bộ  ngoại giao (cục ngoại vụ)"]) == \
        ["Bộ Ngoại giao (Cục Ngoại vụ)", "Bộ Công an (Cục A02)", "Bộ Công an (Cục Quản lý xuất nhập cảnh)"]


def test_a_report_on_a_period_not_yet_begun_says_so(world):
    document = _generate(world, datetime.date.today().year + 1, "year")
    text = body_text(document)
    assert "Kỳ báo cáo chưa bắt đầu: chưa có số liệu." in text
    assert not any(line.startswith("Số liệu tính đến ngày") for line in text)
