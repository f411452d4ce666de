"""Stored files: one checked file field for every model, one scoped download view, never a public URL.

The walk renders every page and API answer of tests/url_expectations (with a file on a record of every
model that has one) and follows each file link it finds, as the owner, another province and anonymous.
"""
import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import resolve, reverse
from django.utils import timezone

from ngoaivu.core import files
from tests.url_expectations import all_cases

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/agreements/')</script></body></html>"
SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b"<script>alert(document.cookie)</script></svg>")
OOXML = "application/vnd.openxmlformats-officedocument.{}.main+xml"
FILE_LINK = re.compile(r"(?:https?://[^/\"'\s]+)?(/files/[\w.]+/\w+/\d+/)")


def ooxml(main=OOXML.format("wordprocessingml.document"), part="word/document.xml", extra=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://'
                         'schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/'
                         f'{part}" ContentType="{main}"/></Types>')
        archive.writestr(part, "<document/>")
        for name in extra:
            archive.writestr(name, b"\x00")
    return buffer.getvalue()


def odf(mimetype="application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook
    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Số liệu"
    book.save(buffer)
    return buffer.getvalue()


def ole(*streams) -> bytes:
    return files.OLE + b"\x00" * 504 + b"".join(s.encode("utf-16-le") + b"\x00\x00" for s in streams)


def upload(name, content) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def stored_files() -> set:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --- the check, by content ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, kind", [
    ("Báo cáo.pdf", PDF, "pdf"),
    ("Biên bản.docx", ooxml(), "docx"),
    ("Số liệu.xlsx", xlsx(), "xlsx"),
    ("Trình chiếu.pptx", ooxml(OOXML.format("presentationml.presentation"), "ppt/presentation.xml"), "pptx"),
    ("cu.doc", ole("Root Entry", "WordDocument"), "doc"),
    ("cu.xls", ole("Root Entry", "Workbook"), "xls"),
    ("van-ban.odt", odf(), "odt"),
    ("bang.ods", odf("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "png"),
    ("anh.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpeg"),
    ("ghi-chu.txt", "Danh sách đại biểu\tsố lượng\n".encode(), "text"),
    ("so-lieu.csv", b"\xef\xbb\xbfTen,So\nA,1\n", "text"),
], ids=lambda v: v if isinstance(v, str) and "." in v else "")
def test_accepted_documents_are_recognised_by_their_content(name, content, kind):
    assert files.check_upload(upload(name, content), "Tệp báo cáo") == kind


@pytest.mark.parametrize("name, content, problem", [
    ("bao-cao.pdf", HTML, "không khớp với đuôi .pdf"),
    ("bao-cao.html", HTML, "không được nhận"),
    ("anh.svg", SVG, "không được nhận"),
    ("anh.png", SVG, "không khớp với đuôi .png"),
    ("ghi-chu.txt", HTML, "không khớp với đuôi .txt"),
    ("ghi-chu.txt", SVG, "không khớp với đuôi .txt"),
    ("chay.txt", b"#!/bin/sh\nrm -rf /\n", "không khớp với đuôi .txt"),
    ("bien-ban.doc", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "không khớp với đuôi .doc"),
    ("cai-dat.doc", ole("Root Entry", "SummaryInformation"), "không khớp với đuôi .doc"),  # an MSI, say
    ("macro.doc", ole("Root Entry", "WordDocument", "Macros", "_VBA_PROJECT"), "không khớp với đuôi .doc"),
    ("macro.docx", ooxml(OOXML.format("wordprocessingml.document"), extra=["word/vbaProject.bin"]),
     "không khớp với đuôi .docx"),
    ("macro.docx", ooxml("application/vnd.ms-word.document.macroEnabled.main+xml"), "không khớp với đuôi .docx"),
    ("bang.docx", xlsx(), "không khớp với đuôi .docx (nội dung là Excel)"),
    ("nen.docx", b"PK\x03\x04" + b"\x00" * 40, "không khớp với đuôi .docx"),
    ("chuong-trinh.exe", b"MZ\x90\x00", "không được nhận"),
    ("script.js", b"alert(1)", "không được nhận"),
    ("rong.pdf", b"", "không có nội dung"),
], ids=lambda v: "" if isinstance(v, bytes) else v)
def test_markup_scripts_programs_and_lies_are_refused_naming_the_field(name, content, problem):
    with pytest.raises(ValidationError) as error:
        files.check_upload(upload(name, content), "Tệp báo cáo")
    message = error.value.messages[0]
    assert message.startswith("Tệp báo cáo: ") and problem in message


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.MAX_DOCUMENT_MB = 1
    with pytest.raises(ValidationError) as error:
        files.check_upload(upload("lon.pdf", PDF + b"0" * (1024 * 1024)), "Văn bản kèm theo")
    assert error.value.messages[0].startswith("Văn bản kèm theo: tệp phải nhỏ hơn 1 MB")


# --- one field for every model --------------------------------------------------------------------------

def test_every_file_field_of_every_model_is_the_checked_scoped_field():
    raw = [f"{model._meta.label}.{field.name}" for model in apps.get_models() for field in model._meta.get_fields()
           if isinstance(field, models.FileField) and not isinstance(field, files.ScopedFileField)]
    # The one exception: a file the application writes (a background job's result), read through its owner's scope.
    assert raw == ["core.Job.result"], f"Use ngoaivu.core.files.ScopedFileField for {raw}"
    assert isinstance(apps.get_model("core.Job")._meta.get_field("result"), files.GeneratedFileField)
    assert hasattr(apps.get_model("core.Job").objects, "visible_to")
    scoped = [(model, field) for model in apps.get_models() for field in model._meta.get_fields()
              if isinstance(field, files.ScopedFileField)]
    assert len(scoped) >= 6
    for model, field in scoped:
        assert hasattr(model.objects, "visible_to"), f"{model._meta.label}: a file needs a scoped owner"
        assert any(isinstance(v, files.UploadValidator) for v in field.validators)
        assert isinstance(field.formfield(), files.UploadField)


def test_a_file_is_stored_under_a_random_folder_with_its_original_name(world):
    from ngoaivu.agreements import actions
    officer = world.users["officer_a"]
    first = actions.add_document(officer, world.agreement_a, file=upload("Bản ký kết (bản cuối).pdf", PDF))
    second = actions.add_document(officer, world.agreement_a, file=upload("Bản ký kết (bản cuối).pdf", PDF))
    parts = first.file.name.split("/")
    assert parts[:2] == ["agreements", "document"] and len(parts[-2]) >= 20
    assert parts[-1] == "Bản ký kết (bản cuối).pdf" == first.file.display_name
    assert first.file.name.rsplit("/", 2)[-2] != second.file.name.rsplit("/", 2)[-2]
    assert (Path(settings.MEDIA_ROOT) / first.file.name).read_bytes() == PDF


def test_no_path_around_the_check_a_file_saved_in_code_is_checked_too(world):
    from ngoaivu.implementation.models import Evidence
    evidence = Evidence(activity=world.activity_a)
    before = stored_files()
    with pytest.raises(ValidationError) as error:
        evidence.file.save("trang.pdf", ContentFile(HTML), save=True)
    assert "file" in error.value.message_dict
    assert stored_files() == before and not Evidence.objects.filter(file__endswith="trang.pdf").exists()


# --- every file link on every page is the scoped view ---------------------------------------------------

@pytest.fixture
def files_everywhere(world):
    """A file on a record of A of every model that has one (the populate gives documents and evidence)."""
    from ngoaivu.exchanges.models import Conference, DelegationReport
    world.plan_a.document.save("Kế hoạch 2026.pdf", ContentFile(PDF), save=True)
    report = DelegationReport(delegation=world.delegation_a, submitted_on=timezone.localdate(), summary="Kết quả")
    report.file.save("Báo cáo đoàn.docx", ContentFile(ooxml()), save=True)
    conference = world.conference_a
    Conference.objects.filter(pk=conference.pk).update(report_submitted_on=timezone.localdate(), report_text="Đã họp")
    conference.refresh_from_db()
    conference.report_file.save("Báo cáo hội nghị.pdf", ContentFile(PDF), save=False)
    Conference.objects.filter(pk=conference.pk).update(report_file=conference.report_file.name)
    # The apps that came later: documents, coordination, opportunities.
    from ngoaivu.coordination.models import DirectiveReply
    from ngoaivu.reports.actions import settings_for
    world.draft_a.refresh_from_db()  # generated since the world kept it: keep its Word and Excel files
    world.draft_a.pdf.save("Báo cáo.pdf", ContentFile(PDF), save=True)
    settings_for(world.a).template.save("Mẫu.docx", ContentFile(ooxml()), save=True)
    world.directive_a.attachment.save("Hướng dẫn.pdf", ContentFile(PDF), save=True)
    DirectiveReply.objects.get(recipient__directive=world.directive_a).attachment.save(
        "Trả lời.pdf", ContentFile(PDF), save=True)
    world.opp_kr.document.save("Giới thiệu.pdf", ContentFile(PDF), save=True)
    world.report_return_a.refresh_from_db()
    world.report_return_a.attachment.save("Phụ lục báo cáo.pdf", ContentFile(PDF), save=True)
    return world


def test_every_file_shown_anywhere_is_a_scoped_attachment_never_a_media_url(files_everywhere, client_for):
    world = files_everywhere
    owner = client_for(world.users["officer_a"])
    links, media = {}, []
    for name, case in sorted(all_cases().items()):
        if case.method != "get":
            continue
        url = reverse(name, kwargs=case.url_kwargs(world)) + case.query
        response = owner.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if b"/media/" in body:
            media.append(url)
        if response.get("Content-Type", "").startswith(("text/html", "application/json")):
            for link in FILE_LINK.findall(body.decode()):
                links.setdefault(link, url)
    assert not media, f"public media URLs on {media}"
    shown = {(resolve(link).kwargs["model"], resolve(link).kwargs["field"]) for link in links}
    every_field = {(model._meta.label_lower, field.name) for model in apps.get_models()
                   for field in model._meta.get_fields() if isinstance(field, files.ScopedFileField)}
    assert every_field <= shown, f"files never linked: {every_field - shown}"
    other, anonymous = client_for(world.users["officer_b"]), client_for(None)
    for link, page in links.items():
        response = owner.get(link)
        assert response.status_code == 200, (link, page)
        assert response["Content-Disposition"].startswith("attachment;"), link
        assert response["X-Content-Type-Options"] == "nosniff"
        assert not response["Content-Type"].startswith(("text/html", "image/svg"))
        # Another province reads the file exactly when it reads the record (a national listing: yes).
        target = resolve(link).kwargs
        record_model = apps.get_model(target["model"])
        reads = record_model.objects.visible_to(world.users["officer_b"]).filter(pk=target["pk"]).exists()
        assert other.get(link).status_code == (200 if reads else 404), link
        assert anonymous.get(link).status_code in (302, 401), link


def test_the_api_gives_the_absolute_scoped_download_url(world, client_for):
    client = client_for(world.users["officer_a"])
    item = client.get(reverse("agreement-document-detail", args=[world.document_a.pk])).json()
    assert item["download_url"] == "http://testserver" + reverse("core:file_download", kwargs={
        "model": "agreements.document", "field": "file", "pk": world.document_a.pk})
    assert "/media/" not in client.get(reverse("agreement-document-list")).content.decode()
    activity = client.get(reverse("activity-detail", args=[world.activity_a.pk])).json()
    assert activity["evidence_files"] == [{
        "id": world.evidence_a.pk, "name": world.evidence_a.filename, "description": "", "size": 3,
        "download_url": "http://testserver" + world.evidence_a.file.download_url}]


def test_the_download_keeps_the_original_utf8_name(world, client_for):
    from ngoaivu.agreements import actions
    doc = actions.add_document(world.users["officer_a"], world.agreement_a, file=upload("Bản ghi nhớ ký.pdf", PDF))
    response = client_for(world.users["officer_a"]).get(doc.file.download_url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''B%E1%BA%A3n%20ghi%20nh%E1%BB%9B%20k%C3%BD.pdf"
    assert b"".join(response.streaming_content) == PDF


def test_an_old_file_stored_before_the_checks_downloads_as_an_inert_attachment(world, client_for):
    from django.core.files.storage import default_storage
    from ngoaivu.exchanges.models import Conference
    name = default_storage.save("exchanges/reports/2025/01/bao-cao.html", ContentFile(HTML))
    Conference.objects.filter(pk=world.conference_a.pk).update(report_file=name)
    link = files.download_url(world.conference_a, "report_file")
    response = client_for(world.users["officer_a"]).get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(world.users["officer_b"]).get(link).status_code == 404


def test_the_web_server_may_send_the_bytes(world, client_for, settings):
    settings.FILE_SENDFILE_HEADER = "X-Accel-Redirect"
    settings.FILE_SENDFILE_PREFIX = "/protected-files/"
    response = client_for(world.users["officer_a"]).get(world.document_a.file.download_url)
    assert response["X-Accel-Redirect"] == "/protected-files/" + world.document_a.file.name
    assert response["Content-Disposition"] == 'attachment; filename="du-thao.pdf"'
    assert response.content == b""


@pytest.mark.parametrize("model, field", [("core.user", "username"), ("agreements.document", "title"),
                                          ("nothing.here", "file"), ("agreements.document", "nothing")])
def test_the_download_view_serves_only_scoped_file_fields(world, client_for, model, field):
    url = reverse("core:file_download", kwargs={"model": model, "field": field, "pk": world.document_a.pk})
    assert client_for(world.users["central"]).get(url).status_code == 404


# --- every upload form ----------------------------------------------------------------------------------

def _past_conference(world):
    from ngoaivu.exchanges import actions
    from tests.exchanges import factories
    officer = world.users["officer_a"]
    day = timezone.localdate() - datetime.timedelta(days=10)
    conf = factories.conference(officer, world.a, start_date=day, end_date=day)
    return actions.approve_conference(officer, conf, decision_number="45/QĐ-UBND",
                                      decision_date=day - datetime.timedelta(days=20))


def _free_return(world):
    from ngoaivu.coordination import actions
    today = timezone.localdate()
    report = actions.create_request(world.users["central"], title="Báo cáo quý", kind="free", localities=[world.a],
                                    data_from=today - datetime.timedelta(days=90), data_to=today,
                                    due_on=today + datetime.timedelta(days=10))
    return report.returns.get()


def _forms(world):
    """Each upload form: (url, post data without the file, file field, label, rows stored, file of the row)."""
    from ngoaivu.agreements.models import Document
    from ngoaivu.coordination.models import Comment, ReportReturn
    from ngoaivu.exchanges.models import Conference, DelegationReport
    from ngoaivu.implementation.models import Evidence
    today = timezone.localdate().strftime("%d/%m/%Y")
    conference = _past_conference(world)
    free_return = _free_return(world)
    return {
        "agreement document": (
            reverse("agreements:document_upload", args=[world.agreement_a.pk]), {"kind": "signed_text"}, "file",
            "Tệp", lambda: Document.objects.filter(agreement=world.agreement_a).exclude(pk=world.document_a.pk),
            lambda row: row.file),
        "activity evidence": (
            reverse("implementation:evidence_add", args=[world.activity_a.pk]), {"description": "Biên bản"}, "file",
            "Minh chứng", lambda: Evidence.objects.filter(activity=world.activity_a).exclude(pk=world.evidence_a.pk),
            lambda row: row.file),
        "delegation report": (
            reverse("exchanges:delegation_report", args=[world.delegation_a.pk]),
            {"submitted_on": today, "summary": "Đoàn đã làm việc với tỉnh Shizuoka"}, "file", "Tệp báo cáo",
            lambda: DelegationReport.objects.filter(delegation=world.delegation_a), lambda row: row.file),
        "conference report": (
            reverse("exchanges:conference_report", args=[conference.pk]), {"submitted_on": today, "text": "Kết quả"},
            "file", "Tệp báo cáo", lambda: Conference.objects.filter(pk=conference.pk).exclude(report_file=""),
            lambda row: row.report_file),
        "thread comment": (
            reverse("coordination:thread", args=["report_return", world.report_return_a.pk]),
            {"text": "Bảng số liệu kèm theo"}, "attachment", "Tệp đính kèm",
            lambda: Comment.objects.filter(text="Bảng số liệu kèm theo"), lambda row: row.attachment),
        "free report return": (
            reverse("coordination:return_save", args=[free_return.pk]), {"text": "Tình hình quý"}, "attachment",
            "Tệp đính kèm", lambda: ReportReturn.objects.filter(pk=free_return.pk).exclude(attachment=""),
            lambda row: row.attachment),
    }


FORMS = ["agreement document", "activity evidence", "delegation report", "conference report", "thread comment",
         "free report return"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name, content, problem", [
    ("bao-cao.pdf", HTML, "không khớp với đuôi .pdf"),
    ("so-do.svg", SVG, "không được nhận"),
    ("so-do.png", SVG, "không khớp với đuôi .png"),
    ("lon.pdf", PDF + b"0" * (1024 * 1024), "phải nhỏ hơn 1 MB"),
], ids=["html-as-pdf", "svg-with-script", "svg-as-png", "oversize"])
def test_every_upload_form_refuses_a_bad_file_naming_the_field_and_stores_nothing(
        world, client_for, settings, form, name, content, problem):
    settings.MAX_DOCUMENT_MB = 1
    url, data, field, label, rows, _file = _forms(world)[form]
    before = stored_files()
    response = client_for(world.users["officer_a"]).post(url, {**data, field: upload(name, content)}, follow=True)
    assert f"{label}: " in response.content.decode() and problem in response.content.decode()
    # What was typed beside the file is on the page again (the activity's evidence came back to a banner,
    # its description gone: review of 07/12/2026).
    assert all(value in response.content.decode() for value in data.values()), "the typed values are kept"
    assert not rows().exists()
    assert stored_files() == before


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name, content", [("Báo cáo kết quả.pdf", PDF), ("Biên bản làm việc.docx", ooxml())],
                         ids=["pdf", "docx"])
def test_every_upload_form_stores_a_good_file_for_its_owner_only(world, client_for, form, name, content):
    url, data, field, _label, rows, file_of = _forms(world)[form]
    owner = client_for(world.users["officer_a"])
    response = owner.post(url, {**data, field: upload(name, content)})
    assert response.status_code == 302
    stored = file_of(rows().get())
    assert stored.display_name == name and "/media/" not in stored.url
    download = owner.get(stored.url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert client_for(world.users["officer_b"]).get(stored.url).status_code == 404
    assert client_for(None).get(stored.url).status_code == 302


def test_the_api_refuses_a_bad_document_naming_the_field_and_stores_nothing(world, client_for):
    from ngoaivu.agreements.models import Document
    before, count = stored_files(), Document.objects.count()
    response = client_for(world.users["officer_a"]).post(reverse("agreement-document-list"), {
        "agreement": world.agreement_a.pk, "kind": "signed_text", "file": upload("ban-ky.pdf", HTML)})
    assert response.status_code == 400
    assert "Tệp: nội dung tệp không khớp với đuôi .pdf" in " ".join(response.json()["errors"]["file"])
    assert Document.objects.count() == count and stored_files() == before


# --- a file stored in a transaction that rolls back is removed with it ------------------------------------

def test_a_file_stored_by_a_step_refused_afterwards_does_not_stay_on_disk(world):
    """Recording the signing with its scanned text stores the file, then checks the agreement: a draft
    whose expiry the signing date passes is refused (the form shows the error) and nothing is recorded —
    the file must not stay on disk, owned by no record, downloadable by nobody, copied into every backup."""
    from ngoaivu.agreements import actions
    from ngoaivu.agreements.models import Document
    officer = world.users["officer_a"]
    today = timezone.localdate()
    draft = actions.create_agreement(officer, locality=world.a, partners=[world.partner_kr], form="ban_ghi_nho",
                                     title="Bản ghi nhớ hết hạn trước khi ký",
                                     expires_on=today - datetime.timedelta(days=30))
    before, documents = stored_files(), Document.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.record_event(officer, draft, "signed", today, file=upload("Bản ký.pdf", PDF),
                             override_reason="Ký theo chỉ đạo")
    assert "expires_on" in error.value.message_dict
    assert Document.objects.count() == documents
    assert stored_files() == before


def test_files_written_inside_a_rolled_back_block_are_removed_and_committed_ones_kept(world):
    from django.db import transaction

    from ngoaivu.implementation.models import Evidence
    before = stored_files()
    with pytest.raises(RuntimeError), transaction.atomic():
        Evidence.objects.create(activity=world.activity_a, file=upload("mat.pdf", PDF), size=len(PDF))
        with transaction.atomic():  # an inner block that commits into the outer one: rolled back with it
            Evidence.objects.create(activity=world.activity_a, file=upload("mat-2.pdf", PDF), size=len(PDF))
        assert len(stored_files() - before) == 2  # on disk while the transaction runs
        raise RuntimeError
    assert stored_files() == before
    with transaction.atomic():
        try:
            with transaction.atomic():  # only the inner block rolls back
                Evidence.objects.create(activity=world.activity_a, file=upload("bo.pdf", PDF), size=len(PDF))
                raise RuntimeError
        except RuntimeError:
            pass
        kept = Evidence.objects.create(activity=world.activity_a, file=upload("giu.pdf", PDF), size=len(PDF))
    assert stored_files() - before == {Path(settings.MEDIA_ROOT) / kept.file.name}


def test_a_file_replaced_cleared_or_whose_record_is_deleted_leaves_the_disk_once_committed(
        world, django_capture_on_commit_callbacks):
    """A province replaces its return's attachment (a wrong, perhaps confidential, file); a poster clears an
    opportunity's document ("Xóa"); an activity is deleted with its evidence: the file nobody holds any
    more must leave the disk (and the next backups), not stay there unreachable. A save that rolls back
    keeps the file its record still holds."""
    from ngoaivu.coordination import actions as coordination
    from ngoaivu.implementation import actions as implementation
    from ngoaivu.partners import opportunities as ops
    root = Path(settings.MEDIA_ROOT)
    ret = _free_return(world)
    officer = world.users["officer_a"]
    with django_capture_on_commit_callbacks(execute=True):
        first = coordination.save_return(officer, ret, text="Nháp", attachment=upload("Nhầm.pdf", PDF)).attachment.name
    with django_capture_on_commit_callbacks(execute=True):
        second = coordination.save_return(officer, ret, text="Nháp", attachment=upload("Đúng.pdf", PDF)).attachment.name
    assert not (root / first).exists() and (root / second).exists()
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        coordination.save_return(officer, ret, text="", submit=True, attachment=upload("Khác.pdf", PDF))
    assert (root / second).exists(), "a refused save keeps the file the return still holds"

    listing = ops.post_opportunity(officer, kind="province_seeks", title="Tìm đối tác", sought="Kho lạnh",
                                   document=upload("Giới thiệu.pdf", PDF))
    document = listing.document.name
    with django_capture_on_commit_callbacks(execute=True):
        ops.update_opportunity(officer, listing, document=False)
    assert not (root / document).exists() and not (root / document).parent.exists()

    from ngoaivu.implementation.models import Evidence
    evidence = Evidence.objects.create(activity=world.activity_a, file=upload("Ảnh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
                                       size=28)
    with django_capture_on_commit_callbacks(execute=True):
        implementation.delete_activity(officer, world.activity_a)
    assert not (root / evidence.file.name).exists()
