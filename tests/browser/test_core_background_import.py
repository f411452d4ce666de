"""An officer imports a file too big to check inside the request: the upload opens the job's page, which follows
the worker on its own (htmx) and, when the file is checked, sends the officer to the preview it wrote; the
confirmation writes the rows, and the register then holds them."""
import pytest
from playwright.sync_api import expect

from ngoaivu.agreements.models import Agreement
from ngoaivu.core import jobs
from ngoaivu.core.models import ImportRun, Job
from tests.agreements.test_import_limits import row, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_imports_a_big_file_checked_by_the_worker(world, page, live_server, login, shoot, settings):
    settings.IMPORT_INLINE_BYTES = 0
    officer = world.users["officer_a"]
    rows = [row(i, title=f"Thỏa thuận nhập nền số {i}") for i in range(1, 4)]
    before = Agreement.objects.count()
    login(officer)
    page.goto(live_server.url + "/agreements/import/")
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(
        {"name": "so-lon.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": xlsx(rows).getvalue()})
    page.get_by_role("button", name="Kiểm tra tệp").click()

    status = page.get_by_test_id("job-status")
    expect(status).to_have_attribute("data-state", "pending")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kiểm tra tệp so-lon.xlsx")
    job = Job.objects.get(requested_by=officer, kind="core.import_check")
    assert page.url == live_server.url + job.get_absolute_url()
    assert ImportRun.objects.get(token=job.params["token"]).checking
    shoot("core-background-import-waiting")

    assert jobs.run_pending() == 1  # the worker; the page asks again by itself
    expect(status).to_have_attribute("data-state", "done", timeout=10_000)
    expect(status).to_contain_text("Tệp hợp lệ: 3 dòng.")
    page.get_by_role("link", name="Mở kết quả").click()
    expect(page.locator("#import-summary")).to_contain_text("3 dòng — 3 mới, 0 thay đổi, 0 không đổi",
                                                            use_inner_text=True)
    expect(page.locator("#import-preview")).to_contain_text("Thỏa thuận nhập nền số 2")
    shoot("core-background-import-preview")
    assert Agreement.objects.count() == before  # nothing written before the confirmation

    page.get_by_role("button", name="Nhập: 3 mới, 0 thay đổi").click()
    expect(page.locator(".banner")).to_contain_text("Đã nhập 3 dòng: 3 thỏa thuận mới")
    assert Agreement.objects.count() == before + 3
    assert set(Agreement.objects.filter(title__startswith="Thỏa thuận nhập nền số").values_list("locality", flat=True)) \
        == {world.a.pk}
    page.goto(live_server.url + "/agreements/?q=nhap+nen")
    expect(page.locator("main")).to_contain_text("Thỏa thuận nhập nền số 3")
