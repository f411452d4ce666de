"""The documents' part of the to-do list and daily digest (ngoaivu.core.attention).

PDFs are made by the sweep minutes after the officer asked, so the list says when one is ready or could
not be made — until an editor of the province opens the draft's page or downloads the PDF (`actions.mark_pdf_seen`);
and which drafts have no Word file yet, or a narrative edited after their Word file was made. Only the
editors of the draft's province are told (and whoever asked for the job or wrote the draft): the centre
and the province's read-only accounts are not. None of these is a deadline (no section here says
`deadlines`), so the list shows them under their own titles, after the overdue and coming deadlines.
"""
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core.attention import Section
from ngoaivu.core.scoping import scope_of
from ngoaivu.reports.choices import JobState
from ngoaivu.reports.models import DocumentDraft, PdfJob


def _own_drafts(user, scope):
    return Q(locality__in=scope.edit_locality_ids) | Q(created_by=user)


def unseen_jobs(user):
    """Each draft's latest PDF job when it is finished (done or failed) and nobody has looked at it yet."""
    scope = scope_of(user)
    newer = PdfJob.objects.filter(draft=OuterRef("draft"), pk__gt=OuterRef("pk"))
    # Only drafts the user still reads: one who asked for the PDF of a draft since moved to another province
    # (its agreement or delegation moved) read that province's record in its title.
    readable = DocumentDraft.objects.visible_to(user).values("pk")
    return (PdfJob.objects.filter(Q(draft__locality__in=scope.edit_locality_ids) | Q(requested_by=user),
                                  state__in=[JobState.DONE, JobState.FAILED], seen_at__isnull=True,
                                  draft__in=readable)
            .exclude(Exists(newer)).select_related("draft", "draft__locality", "draft__agreement",
                                                   "draft__delegation").order_by("-finished_at", "-pk"))


def stale_drafts(user):
    """Drafts without a Word file, or whose narrative changed after the file was made."""
    scope = scope_of(user)
    return (DocumentDraft.objects.visible_to(user).filter(_own_drafts(user, scope))
            .filter(Q(generated_at__isnull=True) | Q(updated_at__gt=F("generated_at")))
            .select_related("locality", "agreement", "delegation").order_by("-updated_at", "-pk"))


def attention(user, on_day, limit=10):
    if not user.is_authenticated:
        return []
    jobs = unseen_jobs(user)
    sections = []
    for key, title, state, colour in (
            ("reports_pdf_failed", _("Bản PDF không tạo được"), JobState.FAILED, "red"),
            ("reports_pdf_ready", _("Bản PDF đã tạo xong"), JobState.DONE, "green")):
        chosen = jobs.filter(state=state)
        section = Section(key, title, total=chosen.count())
        for job in chosen[:limit]:
            detail = job.draft.locality.short_name
            if job.finished_at:
                detail += " — " + timezone.localtime(job.finished_at).strftime("%H:%M %d/%m/%Y")
            if job.error:
                detail += " — " + job.error[:120]
            section.items.append({"title": str(job.draft), "detail": detail, "url": job.draft.get_absolute_url(),
                                  "colour": colour, "overdue": False})
        sections.append(section)
    drafts = stale_drafts(user)
    section = Section("reports_not_generated", _("Dự thảo văn bản chưa tạo tệp Word hoặc đã sửa sau khi tạo"),
                      total=drafts.count())
    for draft in drafts[:limit]:
        detail = _("chưa tạo tệp Word") if draft.generated_at is None else _("đã sửa sau lần tạo tệp Word")
        section.items.append({"title": str(draft), "detail": f"{draft.locality.short_name} — {detail}",
                              "url": draft.get_absolute_url(), "colour": "yellow", "overdue": False})
    sections.append(section)
    return sections

