"""The period reports (yearly agreements, six-monthly and yearly external affairs) read a period of the
province's registers: their Word files are made by the background worker (core.jobs), never inside the web
request. The letters about one agreement are made at once. What is checked is what each step leaves: the
job, the draft's files, the Word file's text read back, and the pages."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.core import sweep
from ngoaivu.core.jobs import run_pending
from ngoaivu.core.models import Job, Membership
from ngoaivu.reports import actions, pdf
from ngoaivu.reports.models import DocumentDraft, PdfJob
from tests.reports.helpers import YEAR, body_text, make_registers, read_docx, table_rows

pytestmark = pytest.mark.django_db


def _draft(world, kind="yearly_agreements", **extra):
    return actions.create_draft(world.users["officer_a"], world.a, kind=kind, issued_on=datetime.date(YEAR + 1, 1, 15),
                                **({"year": YEAR} if kind in actions.IN_BACKGROUND else {}), **extra)


def _docx_text(draft) -> str:
    """The Word file's paragraphs and its tables' cells, read back with python-docx."""
    with draft.docx.open("rb") as handle:
        document = read_docx(handle.read())
    cells = [cell for table in document.tables for row in table_rows(table) for cell in row]
    return "\n".join(body_text(document) + cells)


def test_the_yearly_report_is_made_by_the_worker_from_the_draft_as_it_is_then(world, client_for):
    make_registers(world)
    officer = world.users["officer_a"]
    client = client_for(officer)
    draft = _draft(world, opening="Viết trước khi bấm")
    response = client.post(reverse("reports:draft_generate", args=[draft.pk]))
    job = Job.objects.get(kind=actions.GENERATE_JOB)
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.state, job.params, job.requested_by) == ("pending", {"draft": draft.pk}, officer)
    assert "Báo cáo hằng năm" in job.title
    # A double click, or the same button from the draft's page opened twice: the same job.
    assert client.post(reverse("reports:draft_generate", args=[draft.pk])).url == job.get_absolute_url()
    assert Job.objects.filter(kind=actions.GENERATE_JOB).count() == 1
    draft.refresh_from_db()
    assert not draft.docx and draft.generated_at is None   # nothing made inside the request

    # The narrative edited while the job waits: the job reads the draft when it runs.
    actions.update_draft(officer, draft, opening="Viết sau khi bấm, trước khi máy chủ làm")
    assert run_pending() == 1
    job.refresh_from_db()
    assert job.state == "done" and job.result_url == draft.get_absolute_url() and not job.result
    assert job.message == "Đã tạo tệp Word từ số liệu hiện có."
    draft.refresh_from_db()
    assert draft.docx and draft.xlsx and draft.generated_at
    text = _docx_text(draft)
    assert "Viết sau khi bấm, trước khi máy chủ làm" in text and "Viết trước khi bấm" not in text
    assert "Bản ghi nhớ hợp tác với Gyeonggi về nông nghiệp" in text   # the registers, read by the job

    page = client.get(job.get_absolute_url()).content.decode()
    assert "Mở kết quả" in page and draft.get_absolute_url() in page
    assert "Tải tệp Word (.docx)" in client.get(draft.get_absolute_url()).content.decode()


def test_save_and_generate_saves_the_text_at_once_and_leaves_the_file_to_the_worker(world, client_for):
    client = client_for(world.users["officer_a"])
    draft = _draft(world, period="h1", kind="external_affairs")
    url = draft.get_absolute_url()
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"opening": "Sáu tháng đầu năm, tỉnh đón ba đoàn.", "issued_on": "05/07/2026", "generate": "1"})
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0].startswith("/jobs/")
    assert "Đã lưu nội dung dự thảo." in response.content.decode()
    draft.refresh_from_db()
    assert draft.opening == "Sáu tháng đầu năm, tỉnh đón ba đoàn." and not draft.docx
    assert run_pending() == 1
    draft.refresh_from_db()
    assert "Sáu tháng đầu năm, tỉnh đón ba đoàn." in _docx_text(draft)


def test_the_drafts_other_editors_see_that_its_file_is_being_made(world, client_for):
    draft = _draft(world)
    client_for(world.users["officer_a"]).post(reverse("reports:draft_generate", args=[draft.pk]))
    job = Job.objects.get(kind=actions.GENERATE_JOB)
    own = client_for(world.users["officer_a"]).get(draft.get_absolute_url()).content.decode()
    other = client_for(world.users["manager_a"]).get(draft.get_absolute_url()).content.decode()
    for page in (own, other):
        assert "Tệp Word đang được tạo lại từ số liệu" in page
    # Only its requester opens a job (core.jobs): the link is theirs.
    assert job.get_absolute_url() in own and job.get_absolute_url() not in other
    assert client_for(world.users["manager_a"]).get(job.get_absolute_url()).status_code == 404
    run_pending()
    assert "Tệp Word đang được tạo lại" not in client_for(world.users["manager_a"]).get(
        draft.get_absolute_url()).content.decode()


def test_a_job_whose_requester_may_no_longer_edit_fails_and_makes_nothing(world, client_for):
    officer = world.users["officer_a"]
    draft = _draft(world)
    client_for(officer).post(reverse("reports:draft_generate", args=[draft.pk]))
    Membership.objects.filter(user=officer).update(role="viewer")   # moved to reading only meanwhile
    assert run_pending() == 1
    job = Job.objects.get(kind=actions.GENERATE_JOB)
    assert job.state == "failed" and "không soạn văn bản của Lạng Sơn" in job.message
    assert job.result_url == draft.get_absolute_url()
    draft.refresh_from_db()
    assert not draft.docx and draft.generated_at is None


def test_the_letters_are_made_at_once(world, client_for):
    agreement = make_registers(world)["active"]
    draft = _draft(world, kind="opinion_request", agreement=agreement)
    response = client_for(world.users["officer_a"]).post(reverse("reports:draft_generate", args=[draft.pk]))
    assert response.status_code == 302 and response.url == draft.get_absolute_url()
    assert not Job.objects.filter(kind=actions.GENERATE_JOB).exists()
    draft.refresh_from_db()
    assert draft.docx and agreement.title in _docx_text(draft)


def test_the_pdf_of_a_period_report_without_its_word_file_makes_that_file_in_the_job(world, client_for):
    draft = _draft(world, opening="Mở đầu của bản PDF")
    if not pdf.available():
        pytest.skip("LibreOffice is installed by scripts/test")
    response = client_for(world.users["officer_a"]).post(reverse("reports:draft_pdf", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.docx   # not made inside the request
    assert PdfJob.objects.get(draft=draft).state == "pending"
    sweep.run(only="reports")
    draft = DocumentDraft.objects.get(pk=draft.pk)
    assert PdfJob.objects.get(draft=draft).state == "done"
    assert draft.docx and draft.pdf and "Mở đầu của bản PDF" in _docx_text(draft)


def test_saving_again_while_the_job_runs_asks_for_a_new_job_whose_file_holds_the_new_text(world, client_for,
                                                                                           monkeypatch):
    """The officer's job has made the file from the old text, not yet marked done, when they save new text with
    "Lưu và tạo tệp Word" again: joined to the running job, the new text would never reach a Word file (review of
    the fifty-third session)."""
    from ngoaivu.core import jobs
    make_registers(world)
    officer = world.users["officer_a"]
    client = client_for(officer)
    draft = _draft(world, opening="Văn bản cũ")
    client.post(reverse("reports:draft_generate", args=[draft.pk]))
    real_end, seen = jobs._end, {}

    def second_click_before_the_end(job, state, **fields):
        if not seen:
            form = client.get(draft.get_absolute_url()).context["form"]
            data = {name: form.initial.get(name) or "" for name in form.fields}
            data.update({"opening": "Văn bản mới", "issued_on": f"15/01/{YEAR + 1}", "generate": "1"})
            seen["location"] = client.post(draft.get_absolute_url(), data)["Location"]
        return real_end(job, state, **fields)

    monkeypatch.setattr(jobs, "_end", second_click_before_the_end)
    run_pending(limit=1)
    monkeypatch.setattr(jobs, "_end", real_end)
    first, second = Job.objects.filter(kind=actions.GENERATE_JOB).order_by("pk")
    assert seen["location"] == second.get_absolute_url() and first.state == "done" and second.state == "pending"
    run_pending()
    draft = DocumentDraft.objects.get(pk=draft.pk)
    assert draft.opening == "Văn bản mới" and "Văn bản mới" in _docx_text(draft)


def test_a_word_file_that_cannot_be_made_fails_its_pdf_job_and_the_others_are_still_made(world, monkeypatch):
    """A province's Word template python-docx cannot open (its name and zip header pass the upload's check) made
    the Word file a period report's PDF job needs raise: left running, that job came first on every later run
    and no province got its PDF again (review of the fifty-third session)."""
    import io
    import zipfile

    from django.core.files.base import ContentFile
    monkeypatch.setattr(pdf, "available", lambda: True)
    monkeypatch.setattr(pdf, "convert", lambda content, name="": (b"%PDF-1.4 made", 0.1))
    settings = actions.settings_for(world.a)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.document.main+xml"/></Types>')
    settings.template.save("mau.docx", ContentFile(buffer.getvalue()), save=False)
    settings.save()
    broken = _draft(world)
    other = actions.create_draft(world.users["officer_b"], world.b, kind="yearly_agreements", year=YEAR,
                                 issued_on=datetime.date(YEAR + 1, 1, 15))
    actions.request_pdf(world.users["officer_a"], broken)
    actions.request_pdf(world.users["officer_b"], other)
    sweep.run(only="reports")
    failed, made = PdfJob.objects.get(draft=broken), PdfJob.objects.get(draft=other)
    assert failed.state == "failed" and failed.error.startswith("Lỗi hệ thống khi tạo bản PDF")
    assert made.state == "done"
    other.refresh_from_db()
    with other.pdf.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 made"
    assert not DocumentDraft.objects.get(pk=broken.pk).pdf


def test_the_jobs_title_is_in_the_requesters_language(world, client_for):
    client = client_for(world.users["officer_a"])
    client.cookies["django_language"] = "en"
    draft = _draft(world)
    client.post(reverse("reports:draft_generate", args=[draft.pk]))
    assert Job.objects.get(kind=actions.GENERATE_JOB).title.startswith("Make the Word file: ")
