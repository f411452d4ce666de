"""State changes of the documents app: issuer settings, drafts, generation of the files, PDF jobs."""
import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ngoaivu.core import choices as core_choices
from ngoaivu.core.concurrency import check_version, save_first
from ngoaivu.core.exports import xlsx
from ngoaivu.core.files import remove_on_commit
from ngoaivu.core.jobs import JobFailed, Outcome, request_job, under_way
from ngoaivu.core.models import Job
from ngoaivu.core.scoping import check_in_scope, scope_of
from ngoaivu.core.text import fold
from ngoaivu.reports import documents, pdf
from ngoaivu.reports.choices import NEEDS_AGREEMENT, NEEDS_DELEGATION, NEEDS_YEAR, DocumentKind, JobState, Period
from ngoaivu.reports.models import DocumentDraft, IssuerSettings, PdfJob

logger = logging.getLogger(__name__)
SETTINGS_FIELDS = ("parent_body", "issuing_body", "symbol", "place_name", "authority_line", "signer_title",
                   "signer_name", "committee_symbol", "committee_collective_line", "committee_authority_line",
                   "committee_signer_title", "committee_signer_name", "recipients", "archive_line")
DRAFT_FIELDS = ("number", "issued_on", "opening", "assessment", "proposals", "extra_recipients", "year", "period")


def may_edit(user, locality) -> bool:
    scope = scope_of(user)
    return bool(scope.superuser or locality.pk in scope.edit_locality_ids)


def _require_edit(user, locality):
    if not may_edit(user, locality):
        raise PermissionDenied(_("Tài khoản của bạn không soạn văn bản của %(p)s.") % {"p": locality.short_name})


# Decree 30/2020, Appendix I: a place named after a person is written in full in the place and date line
# ("Thành phố Hồ Chí Minh, ngày …"); the default "Hồ Chí Minh, ngày …" was not the State's form.
NAMED_AFTER_PEOPLE = {"Hồ Chí Minh"}


def default_place_name(locality) -> str:
    """The place of the place and date line: the province's short name ("Lạng Sơn", "Đà Nẵng"), or its full
    name when the place is named after a person ("Thành phố Hồ Chí Minh")."""
    if locality.short_name in NAMED_AFTER_PEOPLE:
        return locality.name[:1].upper() + locality.name[1:]
    return locality.short_name


def settings_for(locality) -> IssuerSettings:
    """The province's settings, or defaults from its name and foreign-affairs agency (not saved)."""
    found = IssuerSettings.objects.filter(locality=locality).first()
    if found is not None:
        return found
    agency = locality.foreign_affairs_agency
    issuing = agency.name if agency else "Sở Ngoại vụ"
    return IssuerSettings(locality=locality, parent_body=f"UBND {locality.name}".upper(),
                          issuing_body=issuing.upper(), symbol="SNgV" if "ngoại vụ" in issuing.lower() else "VP",
                          place_name=default_place_name(locality), authority_line="KT. GIÁM ĐỐC",
                          signer_title="PHÓ GIÁM ĐỐC", archive_line="Lưu: VT")


@transaction.atomic
def save_settings(user, locality, version=None, template=None, clear_template=False, **fields) -> IssuerSettings:
    _require_edit(user, locality)
    obj = IssuerSettings.objects.select_for_update().filter(locality=locality).first() or settings_for(locality)
    if obj.pk and version is not None:
        check_version(obj, version)
    for name in SETTINGS_FIELDS:
        if name in fields:
            setattr(obj, name, fields[name])
    if template is not None:
        obj.template = template
    elif clear_template:
        obj.template = ""
    obj.full_clean()
    save_first(obj, locality=locality)  # a colleague's first save at the same moment: refused as stale
    check_in_scope(user, obj)
    return obj


def _check_subject(user, locality, kind, agreement, delegation, year):
    if kind in NEEDS_AGREEMENT and (agreement is None or agreement.locality_id != locality.pk):
        raise ValidationError({"agreement": _("Thỏa thuận: chọn một thỏa thuận của %(p)s") % {"p": locality.short_name}})
    if kind in NEEDS_DELEGATION and (delegation is None or delegation.locality_id != locality.pk):
        raise ValidationError({"delegation": _("Đoàn: chọn một đoàn của %(p)s") % {"p": locality.short_name}})
    if kind in NEEDS_YEAR and not year:
        raise ValidationError({"year": _("Năm báo cáo: nhập năm, ví dụ 2026")})


@transaction.atomic
def create_draft(user, locality, kind, agreement=None, delegation=None, year=None, period="year",
                 issued_on=None, **fields) -> DocumentDraft:
    _require_edit(user, locality)
    kind = DocumentKind(kind)
    _check_subject(user, locality, kind, agreement, delegation, year)
    draft = DocumentDraft(locality=locality, kind=kind, created_by=user, year=year, period=period or "year",
                          agreement=agreement if kind in NEEDS_AGREEMENT else None,
                          delegation=delegation if kind in NEEDS_DELEGATION else None,
                          issued_on=issued_on or timezone.localdate(),
                          **{k: v for k, v in fields.items() if k in DRAFT_FIELDS})
    draft.full_clean(exclude=["docx", "xlsx", "pdf"])
    draft.save()
    check_in_scope(user, draft)
    return draft


@transaction.atomic
def update_draft(user, draft, version=None, **fields) -> DocumentDraft:
    draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
    _require_edit(user, draft.locality)
    if version is not None:
        check_version(draft, version)
    # What the document is (its province, kind and subject) is fixed once asked for: the API answered 200 to
    # a change of them and kept the old ones without a word.
    fixed = {name: _("Không đổi được sau khi đã tạo văn bản; hãy tạo văn bản mới.") for name, value in fields.items()
             if name not in DRAFT_FIELDS and name != "version" and getattr(draft, name) != value}
    if fixed:
        raise ValidationError(fixed)
    for name in DRAFT_FIELDS:
        if name in fields:
            setattr(draft, name, fields[name])
    _check_subject(user, draft.locality, draft.kind, draft.agreement, draft.delegation, draft.year)
    draft.full_clean(exclude=["docx", "xlsx", "pdf"])
    draft.save()
    check_in_scope(user, draft)
    return draft


def file_stem(draft) -> str:
    """The files' name: in Vietnamese as the document is, whatever the interface language (from the English
    one it read "six-monthly-yearly-external-affairs-re-…"), and the external-affairs report named by its
    period, as its title is (the six-monthly and the yearly report of one year had one name)."""
    subject = draft.year or draft.pk
    with translation.override("vi"):
        name = str(draft.get_kind_display())[:40]
        if draft.kind == DocumentKind.EXTERNAL_AFFAIRS:
            name = "Báo cáo công tác đối ngoại " + ("6 tháng đầu năm" if draft.period == Period.FIRST_HALF else "năm")
    return slugify(fold(f"{name} {draft.locality.short_name} {subject}"))[:90] or "van-ban"


def _template_bytes(settings) -> bytes | None:
    if settings.pk and settings.template:
        with settings.template.open("rb") as handle:
            return handle.read()
    return None


@transaction.atomic
def generate(user, draft) -> DocumentDraft:
    """Write the draft's Word file (and its Excel annex) from the registers as they are now. A PDF made
    from an older Word file is dropped: it would no longer say the same."""
    draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
    _require_edit(user, draft.locality)
    settings = settings_for(draft.locality)
    # An official document is in Vietnamese whatever the interface language of who generates it: from the
    # English interface, statuses, forms and health labels were written in English in the tables.
    with translation.override("vi"):
        built = documents.build(draft, settings, _template_bytes(settings))
        annex = xlsx(*built.sheets) if built.sheets else None
    stem = file_stem(draft)
    for field in ("docx", "xlsx", "pdf"):
        # Let go of the old files; the field removes them once this commits (deleted now, a rollback left the
        # draft naming files no longer on disk).
        setattr(draft, field, None)
    draft.docx.save(f"{stem}.docx", ContentFile(built.docx), save=False)
    if annex is not None:
        draft.xlsx.save(f"{stem}-phu-luc.xlsx", ContentFile(annex), save=False)
    draft.generated_at = timezone.now()
    # Files are not history: save without a historical row for them (the narrative's rows stay readable).
    draft.skip_history_when_saving = True
    try:
        # update_fields leaves updated_at alone: it stays the narrative's last edit, which the to-do list
        # compares with generated_at to tell a Word file older than its text.
        draft.save(update_fields=["docx", "xlsx", "pdf", "generated_at"])
    finally:
        del draft.skip_history_when_saving
    check_in_scope(user, draft)
    return draft


# The kinds whose tables read a period of the province's registers: the yearly agreements report of the
# biggest province took 3.0–4.5 s of CPU at national scale (605 table rows and their Excel annex; a busy server
# makes that several times the wall time), so they are made by the background worker (core.jobs), never
# inside a web request. The letters about one agreement or one delegation (about 0.05 s) are made at once.
IN_BACKGROUND = NEEDS_YEAR
GENERATE_JOB = "reports.generate"


def generate_later(user, draft):
    """Ask for the draft's files as a background job (IN_BACKGROUND kinds): the job already asked for by
    `user` for this draft, or a new one. The job reads the draft and the registers when it runs."""
    _require_edit(user, draft.locality)
    # In the requester's language, as every job's title (the job page's heading, their list of jobs).
    title = _("Tạo tệp Word: %(d)s") % {"d": f"{draft.get_kind_display()} — {draft.subject}"}
    # A job under way may have read the draft before the text just saved: a new one is asked for, never joined.
    return request_job(GENERATE_JOB, user, title, {"draft": draft.pk}, join_running=False)


def generating(draft):
    """The job making the draft's files now or next (anyone's), or None."""
    return under_way(GENERATE_JOB, draft=draft.pk)


def generating_drafts() -> set[int]:
    """The drafts whose files a job is making now or next."""
    return {params.get("draft") for params in Job.objects.filter(
        kind=GENERATE_JOB, state__in=[core_choices.JobState.PENDING, core_choices.JobState.RUNNING])
        .values_list("params", flat=True)}


def generate_job(job, progress):
    """The worker's side of generate_later: the draft as it is when the job runs, by its requester, who must
    still edit its province."""
    user = job.requested_by
    draft = DocumentDraft.objects.visible_to(user).select_related("locality").filter(pk=job.params.get("draft")).first()
    if draft is None:
        raise JobFailed(_("Văn bản này không còn, hoặc bạn không còn xem được."))
    try:
        draft = generate(user, draft)
    except PermissionDenied as error:
        raise JobFailed(str(error), draft.get_absolute_url()) from None
    return Outcome(url=draft.get_absolute_url(), message=_("Đã tạo tệp Word từ số liệu hiện có."))


@transaction.atomic
def request_pdf(user, draft) -> PdfJob:
    """Ask for the PDF of the draft's current Word file: a job the sweep's `reports` step runs."""
    from ngoaivu.core.sweep import request_step
    _require_edit(user, draft.locality)
    if not pdf.available():
        raise pdf.PdfError(pdf.missing_message())
    if not draft.docx and draft.kind not in IN_BACKGROUND:
        draft = generate(user, draft)
    # A draft of the IN_BACKGROUND kinds without its Word file yet: the job makes it first (run_pdf_jobs).
    job = PdfJob.objects.filter(draft=draft, state=JobState.PENDING).first()
    if job is None:
        job = PdfJob.objects.create(draft=draft, requested_by=user)
    request_step("reports", user, reason=_("Tạo bản PDF"))
    return job


def run_pdf_jobs(progress=None, limit=50) -> tuple[int, int]:
    """Convert the waiting jobs (oldest first). Returns (done, failed). Called under the sweep's lock."""
    jobs = list(PdfJob.objects.filter(state__in=[JobState.PENDING, JobState.RUNNING])
                .select_related("draft", "draft__locality").order_by("requested_at", "pk")[:limit])
    done = failed = 0
    for i, job in enumerate(jobs):
        PdfJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=timezone.now())
        draft = job.draft
        try:
            if not draft.docx:
                draft = _word_for_pdf(job)
            source = draft.docx.name
            with draft.docx.open("rb") as handle:
                content, seconds = pdf.convert(handle.read(), name=f"{file_stem(draft)}.docx")
        except pdf.PdfError as error:
            PdfJob.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=str(error),
                                                    finished_at=timezone.now())
            failed += 1
        except Exception:  # noqa: BLE001 — this job fails; the other provinces' jobs are still made
            # Left running, the job would be taken first on every later run and block every province's PDFs
            # (a province's Word template python-docx cannot open failed the Word file made for it here).
            logger.exception("PDF job %s failed", job.pk)
            PdfJob.objects.filter(pk=job.pk).update(state=JobState.FAILED, finished_at=timezone.now(), error=_(
                "Lỗi hệ thống khi tạo bản PDF; lỗi đã được ghi lại. Hãy thử lại, hoặc báo quản trị hệ thống nếu lỗi "
                "lặp lại."))
            failed += 1
        else:
            with transaction.atomic():
                draft = DocumentDraft.objects.select_for_update().get(pk=draft.pk)
                if draft.docx.name != source:
                    # The Word file was made again while LibreOffice converted the old one (seconds): that
                    # PDF would not say what the new Word file says. The job waits for the next run.
                    PdfJob.objects.filter(pk=job.pk).update(state=JobState.PENDING, started_at=None)
                else:
                    old = draft.pdf.name
                    draft.pdf.save(f"{file_stem(draft)}.pdf", ContentFile(content), save=False)
                    DocumentDraft.objects.filter(pk=draft.pk).update(pdf=draft.pdf.name)
                    remove_on_commit(draft, "pdf", old)  # update() does not pass through the field
                    PdfJob.objects.filter(pk=job.pk).update(state=JobState.DONE, finished_at=timezone.now(),
                                                            seconds=round(seconds, 2), error="")
                    done += 1
        if progress:
            progress(i + 1, len(jobs))
    return done, failed


def _word_for_pdf(job):
    """The Word file a PDF job needs and its draft did not have (request_pdf leaves it to the job for the
    IN_BACKGROUND kinds), made as the job's requester; PdfError if they may no longer."""
    if job.requested_by is None or not job.requested_by.is_active:
        raise pdf.PdfError(_("Văn bản chưa có tệp Word"))
    try:
        return generate(job.requested_by, job.draft)
    except PermissionDenied as error:
        raise pdf.PdfError(str(error)) from None


def mark_pdf_seen(user, draft) -> int:
    """An editor of the province looked at the draft's finished PDF job (its page or its PDF): it leaves
    the to-do list of everyone told about it."""
    if not may_edit(user, draft.locality):
        return 0
    return (PdfJob.objects.filter(draft=draft, seen_at__isnull=True, state__in=[JobState.DONE, JobState.FAILED])
            .update(seen_at=timezone.now()))


def default_issued_on() -> datetime.date:
    return timezone.localdate()


def subject_moving(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save of an agreement or a delegation: the province it may be leaving (see drafts_follow_subject)."""
    instance._drafts_locality_was = None
    if raw or instance.pk is None or (update_fields is not None and not {"locality", "locality_id"} & set(update_fields)):
        return
    instance._drafts_locality_was = (sender._base_manager.filter(pk=instance.pk)
                                     .values_list("locality_id", flat=True).first())


def drafts_follow_subject(sender, instance, raw=False, **kwargs):
    """post_save of an agreement or a delegation moved to another province (a record entered under the wrong
    one): the drafts about it follow it, as its activities do. Else the old province kept generating them
    from what is now another province's record (internal ones too) and the province holding it could not."""
    was = getattr(instance, "_drafts_locality_was", None)
    if raw or was is None or instance.locality_id is None or was == instance.locality_id:
        return
    subject = "agreement" if sender._meta.model_name == "agreement" else "delegation"
    # One by one, so that each draft's history shows the move.
    for draft in DocumentDraft._base_manager.filter(**{subject: instance}, locality_id=was):
        draft.locality_id = instance.locality_id
        draft._change_reason = _("Theo đối tượng của văn bản chuyển sang tỉnh, thành phố khác")
        draft.save(update_fields=["locality"])
