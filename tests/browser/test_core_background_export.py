"""An officer exports a register too big to write inside the request: the export link says how many rows and
offers to prepare the file; the job's page waits, follows the worker's progress on its own (htmx) and offers the
file when it is ready; the file opened in openpyxl holds exactly the register the officer sees."""
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ngoaivu.agreements import exports
from ngoaivu.agreements.models import Agreement
from ngoaivu.core import jobs
from ngoaivu.core.models import Job

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_gets_a_big_export_from_the_background_job(world, page, live_server, login, shoot, settings):
    settings.EXPORT_INLINE_ROWS = 1
    officer = world.users["officer_a"]
    visible = Agreement.objects.visible_to(officer)
    assert visible.count() > 1
    login(officer)
    page.goto(live_server.url + "/agreements/")
    page.get_by_role("link", name="Excel (.xlsx)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xuất sổ thỏa thuận (Excel)")
    expect(page.locator("main")).to_contain_text(f"Danh sách có {visible.count()} dòng")
    page.get_by_role("button", name="Chuẩn bị tệp").click()

    status = page.get_by_test_id("job-status")
    expect(status).to_have_attribute("data-state", "pending")
    expect(status).to_contain_text("Đang chờ")
    job = Job.objects.get(requested_by=officer, kind="agreements.export_xlsx")
    assert page.url == live_server.url + job.get_absolute_url()
    shoot("core-background-export-waiting")

    assert jobs.run_pending() == 1  # the worker; the page is not reloaded, it asks again by itself
    expect(status).to_have_attribute("data-state", "done", timeout=10_000)
    expect(status).to_contain_text("Đã xong")
    shoot("core-background-export-done")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải tệp").click()
    download = info.value
    assert download.suggested_filename.startswith("thoa-thuan-") and download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as handle:
        got = load_workbook(io.BytesIO(handle.read())).active
    expected = load_workbook(io.BytesIO(exports.export_xlsx(visible))).active
    assert [[c.value for c in r] for r in got.iter_rows()] == [[c.value for c in r] for r in expected.iter_rows()]
    assert got.max_row - 1 == visible.count()

    page.get_by_role("link", name="Việc chạy nền của tôi").click()
    expect(page.get_by_role("table")).to_contain_text(job.title)
    expect(page.get_by_role("table")).to_contain_text("Đã xong")
