"""A big import file is read and checked by the worker (core.import_views.check_job), not by the request that
uploads it: the request keeps the file and opens the job's page; the job leaves the run's rows and plan and the
preview the page then shows; the confirmation is the one of a file checked in the request. Every test looks at
what is left behind: the run's row, the job's row, the register, the page."""
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.core import jobs
from ngoaivu.core.choices import JobState
from ngoaivu.core.import_views import IMPORT_PAGES
from ngoaivu.core.models import ImportRun, Job
from ngoaivu.exchanges.models import Delegation
from tests.agreements.test_import_limits import messages_of, row, xlsx

pytestmark = pytest.mark.django_db
URL = "agreements:agreement_import"


@pytest.fixture(autouse=True)
def in_background(world, settings):
    """Every file of these tests is "big"; the shared world holds a job of the URL walk's."""
    settings.IMPORT_INLINE_BYTES = 0
    Job.objects.all().delete()


def upload(client, rows, url=URL, name="thoa-thuan.xlsx"):
    response = client.post(reverse(url), {"file": xlsx(rows, name)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    return job


def preview_of(page: str) -> str:
    """The page's preview: from the summary or the errors to the end of the main content."""
    return page[page.index("</h1>"):page.index("</main>")]


def test_a_big_file_is_kept_for_the_worker_and_nothing_is_checked_or_written_by_the_request(world, client_for):
    officer = world.users["officer_a"]
    client = client_for(officer)
    before = Agreement.objects.count()
    job = upload(client, [row(i) for i in range(3)])
    assert (job.kind, job.params["kind"], job.requested_by) == ("core.import_check", "agreements", officer)
    assert job.title.startswith("Kiểm tra tệp thoa-thuan.xlsx (") and job.title.endswith(" KB)")
    run = ImportRun.objects.get(token=job.params["token"])
    assert (run.kind, run.created_by, run.checking, run.rows, run.plan, run.preview) == (
        "agreements", officer, True, [], [], "")
    assert bytes(run.upload)[:4] == b"PK\x03\x04"  # the file as uploaded
    assert Agreement.objects.count() == before
    assert "Kiểm tra tệp thoa-thuan.xlsx" in client.get(job.get_absolute_url()).content.decode()
    # Its token on the import page (the back button) says it is being checked, and where to follow it.
    waiting = client.get(reverse(URL) + f"?run={run.token}").content.decode()
    assert "Tệp thoa-thuan.xlsx đang được kiểm tra ở chế độ chạy nền: chưa có gì được lưu." in waiting
    assert f'href="{job.get_absolute_url()}">Theo dõi việc kiểm tra</a>' in waiting
    assert 'id="import-summary"' not in waiting and 'name="token"' not in waiting
    # Not to someone else.
    other = client_for(world.users["officer_b"]).get(reverse(URL) + f"?run={run.token}").content.decode()
    assert "đang được kiểm tra" not in other


def test_the_worker_checks_it_and_the_page_shows_the_preview_the_request_would_have_shown(world, client_for,
                                                                                              settings):
    officer = world.users["officer_a"]
    client = client_for(officer)
    rows = [row(i) for i in range(3)] + [row(1, reference="12/2024/TT", title="Bản ghi nhớ <b>&</b>")]
    job = upload(client, rows)
    assert jobs.run_pending() == 1
    job.refresh_from_db()
    run = ImportRun.objects.get(token=job.params["token"])
    assert job.state == JobState.DONE
    assert job.message == "Tệp hợp lệ: 4 dòng. Xem trước rồi xác nhận để nhập; chưa có gì được lưu."
    assert job.result_url == reverse(URL) + f"?run={run.token}"
    assert (run.checking, run.upload, len(run.rows), [p[1] for p in run.plan]) == (False, None, 4, ["new"] * 4)
    page = client.get(job.result_url).content.decode()
    assert "Tệp hợp lệ: 4 dòng — 4 mới, 0 thay đổi, 0 không đổi. Chưa có gì được lưu." in page
    assert "Bản ghi nhớ &lt;b&gt;&amp;&lt;/b&gt;" in page  # escaped when rendered, kept escaped
    assert f'name="token" value="{run.token}"' in page and "Nhập: 4 mới, 0 thay đổi" in page
    assert 'name="file"' not in page

    # The same file checked in the request shows the same preview, byte for byte.
    settings.IMPORT_INLINE_BYTES = 10**9
    inline = client.post(reverse(URL), {"file": xlsx(rows)}).content.decode()
    tokens = r'value="[0-9a-zA-Z-]{36,64}"'  # the run's and the form's (CSRF) tokens
    assert preview_of(re.sub(tokens, "", inline)) == preview_of(re.sub(tokens, "", page))

    before = Agreement.objects.count()
    confirmed = client.post(reverse(URL), {"confirm": "1", "token": str(run.token)}, follow=True)
    assert messages_of(confirmed) == ["Đã nhập 4 dòng: 4 thỏa thuận mới, 0 được cập nhật, 0 không thay đổi."]
    assert Agreement.objects.count() == before + 4
    assert Agreement.objects.filter(reference="12/2024/TT", title="Bản ghi nhớ <b>&</b>", locality=world.a).exists()
    run.refresh_from_db()
    assert run.confirmed_at and (run.created, run.updated, run.rows) == (4, 0, [])
    # Confirmed, its preview is not offered again.
    assert 'id="import-summary"' not in client.get(job.result_url).content.decode()


def test_a_file_with_errors_shows_them_by_row_and_column_and_cannot_be_confirmed(world, client_for):
    client = client_for(world.users["officer_a"])
    job = upload(client, [row(1), row(2, signed="31/02/2024", title="")])
    jobs.run_pending()
    job.refresh_from_db()
    run = ImportRun.objects.get(token=job.params["token"])
    assert job.state == JobState.DONE and job.message.startswith("Tệp có 2 lỗi: chưa nhập dòng nào.")
    assert (run.rows, run.plan, run.upload, run.checking) == ([], [], None, False)
    page = client.get(job.result_url).content.decode()
    assert "Tệp có 2 lỗi: chưa nhập dòng nào" in page and "<td class=\"num\">3</td>" in page
    assert 'name="file"' in page and 'name="token"' not in page  # upload again; nothing to confirm
    before = Agreement.objects.count()
    client.post(reverse(URL), {"confirm": "1", "token": str(run.token)})
    assert Agreement.objects.count() == before
    assert ImportRun.objects.get(pk=run.pk).confirmed_at is None


def test_a_file_that_cannot_be_read_fails_the_job_with_the_reason_and_leaves_nothing(world, client_for):
    client = client_for(world.users["officer_a"])
    response = client.post(reverse(URL), {"file": SimpleUploadedFile("bao-cao.xlsx", b"%PDF-1.4 " + b"x" * 100)})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    jobs.run_pending()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.message.startswith("Tệp này không phải là tệp Excel .xlsx hay CSV")
    assert job.result_url == reverse(URL)
    assert not ImportRun.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Tệp này không phải là tệp Excel .xlsx hay CSV" in page and reverse(URL) in page


def test_someone_else_neither_sees_nor_confirms_the_preview(world, client_for):
    job = upload(client_for(world.users["officer_a"]), [row(1)])
    jobs.run_pending()
    job.refresh_from_db()
    run = ImportRun.objects.get(token=job.params["token"])
    other = client_for(world.users["officer_b"])
    page = other.get(job.result_url).content.decode()
    assert "Bản ghi nhớ hợp tác số 1" not in page and 'name="token"' not in page
    assert other.get(job.get_absolute_url()).status_code == 404  # a job is its requester's
    before = Agreement.objects.count()
    other.post(reverse(URL), {"confirm": "1", "token": str(run.token)})
    assert Agreement.objects.count() == before and ImportRun.objects.get(pk=run.pk).confirmed_at is None


def test_a_requester_who_lost_the_right_gets_a_failed_job_and_the_file_is_not_kept(world, client_for):
    officer = world.users["officer_a"]
    job = upload(client_for(officer), [row(1)])
    officer.memberships.update(role="viewer")
    jobs.run_pending()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message == "Bạn không còn quyền nhập vào sổ này."
    assert job.result_url == reverse(URL)
    assert not ImportRun.objects.exists()  # the run and the file's bytes with it


def test_a_check_that_fails_unexpectedly_leaves_no_run_waiting(world, client_for, monkeypatch):
    """A failure of the register's check itself (a defect, the database): the job fails and says so, and the run
    goes with the file instead of being "checked" for a day (review of the fifty-third session)."""
    from ngoaivu.agreements import imports

    def broken(raw_rows, user):
        raise RuntimeError("the check broke")

    monkeypatch.setattr(imports, "check_rows", broken)
    client = client_for(world.users["officer_a"])
    job = upload(client, [row(1)])
    jobs.run_pending()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message.startswith("Lỗi hệ thống khi thực hiện việc này")
    assert not ImportRun.objects.filter(token=job.params["token"]).exists()


def test_a_check_the_worker_gave_up_on_says_so_and_offers_the_upload_again(world, client_for):
    """The worker's process died on the file MAX_ATTEMPTS times (memory): the job is failed, and the run's page no
    longer says the file is being checked."""
    import datetime

    from django.utils import timezone
    client = client_for(world.users["officer_a"])
    job = upload(client, [row(1)])
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=jobs.MAX_ATTEMPTS,
                                         heartbeat_at=timezone.now() - jobs.STALE_AFTER - datetime.timedelta(minutes=1))
    jobs.run_pending()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    page = client.get(reverse(URL) + f"?run={job.params['token']}").content.decode()
    assert ("Việc kiểm tra tệp thoa-thuan.xlsx đã dừng giữa chừng (tiến trình chạy nền bị dừng): chưa có gì được "
            "lưu. Hãy tải tệp lên lại.") in page
    assert "đang được kiểm tra" not in page and 'name="file"' in page


def test_a_confirmed_runs_preview_is_not_kept(world, client_for):
    client = client_for(world.users["officer_a"])
    job = upload(client, [row(1)])
    jobs.run_pending()
    run = ImportRun.objects.get(token=job.params["token"])
    assert run.preview
    client.post(reverse(URL), {"confirm": "1", "token": str(run.token)})
    run.refresh_from_db()
    assert run.confirmed_at and (run.rows, run.preview, run.upload) == ([], "", None)


def test_changed_and_unchanged_rows_and_errors_preview_the_same_in_both_paths(world, client_for, settings):
    client = client_for(world.users["officer_a"])
    settings.IMPORT_INLINE_BYTES = 10**9
    first = [row(i, reference=f"{i}/2024/RV") for i in range(1, 3)]
    token = re.search(r'name="token" value="([^"]+)"', client.post(reverse(URL), {"file": xlsx(first)}).content.decode())[1]
    client.post(reverse(URL), {"confirm": "1", "token": token})
    tokens = r'value="[0-9a-zA-Z-]{36,64}"'
    for rows in ([row(1, reference="1/2024/RV", title="Đổi tên"), row(2, reference="2/2024/RV"),
                  row(3, reference="3/2024/RV")],
                 [row(1), row(2, signed="31/02/2024", title="<script>alert(1)</script>")]):
        settings.IMPORT_INLINE_BYTES = 10**9
        inline = client.post(reverse(URL), {"file": xlsx(rows)}).content.decode()
        settings.IMPORT_INLINE_BYTES = 0
        Job.objects.all().delete()
        job = upload(client, rows)
        jobs.run_pending()
        job.refresh_from_db()
        page = client.get(job.result_url).content.decode()
        assert "<script>alert(1)" not in page
        assert preview_of(re.sub(tokens, "", inline)) == preview_of(re.sub(tokens, "", page))
        assert ("Nhập: 1 mới, 1 thay đổi" in page) == (rows[0]["title"] == "Đổi tên")


def test_the_preview_is_written_in_the_requesters_language(world, client_for):
    client = client_for(world.users["officer_a"])
    client.cookies["django_language"] = "en"
    job = upload(client, [row(1)])
    assert job.language == "en"
    jobs.run_pending()
    job.refresh_from_db()
    assert job.message == "The file is valid: 1 row. Look through the preview, then confirm to import; nothing has been saved yet."
    page = client.get(job.result_url).content.decode()
    assert "The file is valid: 1 row — 1 new, 0 changed, 0 unchanged. Nothing has been saved yet." in page


def test_a_big_delegation_file_goes_the_same_way(world, client_for):
    from openpyxl import Workbook

    from ngoaivu.exchanges import imports
    officer = world.users["officer_a"]
    client = client_for(officer)
    wb = Workbook()
    ws = wb.active
    ws.append([header for _key, header, _hint in imports.COLUMNS])
    values = {"title": "Đoàn khảo sát Gyeonggi", "direction": "Đoàn ra", "locality": world.a.short_name,
              "head_name": "Nguyễn Văn A", "head_title": "Phó Chủ tịch UBND tỉnh", "member_count": 4,
              "destinations": "Hàn Quốc", "purpose": "Khảo sát hợp tác", "start_date": "01/03/2027",
              "end_date": "05/03/2027"}
    ws.append([values.get(key) for key, _header, _hint in imports.COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    response = client.post(reverse("exchanges:delegation_import"), {"file": SimpleUploadedFile("doan.xlsx", out.getvalue())})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url() and job.params["kind"] == "delegations"
    jobs.run_pending()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.message
    page = client.get(job.result_url).content.decode()
    assert "1 đoàn mới" in page and "Đoàn khảo sát Gyeonggi" in page
    run = ImportRun.objects.get(token=job.params["token"])
    before = Delegation.objects.count()
    client.post(reverse("exchanges:delegation_import"), {"confirm": "1", "token": str(run.token)})
    assert Delegation.objects.count() == before + 1
    assert Delegation.objects.filter(title="Đoàn khảo sát Gyeonggi", locality=world.a).exists()


def test_every_import_page_has_a_preview_template():
    from django.template.loader import get_template
    assert set(IMPORT_PAGES) == {"agreements", "delegations"}
    for page in IMPORT_PAGES.values():
        assert get_template(page.preview_template)
