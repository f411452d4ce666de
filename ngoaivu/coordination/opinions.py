"""The Foreign Ministry's side of Law 70 opinions: the centre's queue of provinces' opinion requests to the
Ministry, its 7-working-day clock, drafting by a central officer, approval and issue by a central manager.
Issuing records the "opinion received" event on the province's agreement (through the register's own
`record_event`, so its rules and the status derivation apply) with the deadline met or missed."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from ngoaivu.agreements import actions as register
from ngoaivu.agreements.choices import EventKind, Opinion
from ngoaivu.agreements.models import Event
from ngoaivu.coordination.choices import OpinionStatus, Verdict
from ngoaivu.coordination.models import MinistryOpinion

# The Ministry's verdict as the answer on the province's agreement: "with comments" stays visible there.
VERDICT_OPINION = {Verdict.AGREE: Opinion.AGREE, Verdict.AGREE_WITH_COMMENTS: Opinion.AGREE_WITH_COMMENTS,
                   Verdict.DISAGREE: Opinion.DISAGREE}
from ngoaivu.core.concurrency import check_version
from ngoaivu.core.scoping import scope_of


def is_central_officer(user) -> bool:
    scope = scope_of(user)
    return scope.superuser or scope.centre_edit


def is_central_manager(user) -> bool:
    """Who approves and issues the Ministry's opinion: a manager of the centre."""
    scope = scope_of(user)
    return scope.superuser or scope.centre_manager


def ministry_requests():
    """Every opinion request to the Foreign Ministry (the centre's queue reads the open ones)."""
    return Event.objects.filter(kind=EventKind.OPINION_REQUESTED, is_mofa=True)


def open_queue():
    answered = Event.objects.filter(request=OuterRef("pk"), kind=EventKind.OPINION_RECEIVED)
    return (ministry_requests().exclude(Exists(answered))
            .select_related("agreement", "agreement__locality").order_by("due_on", "pk"))


def _open_request(event):
    if not ministry_requests().filter(pk=event.pk).exists():
        raise PermissionDenied
    if event.answers.exists():
        raise ValidationError(_("Đề nghị này đã có ý kiến trả lời."))


@transaction.atomic
def save_draft(user, event, *, verdict, text, version=None) -> MinistryOpinion:
    """`version`: the draft as the officer read it (core.concurrency): another officer's draft since is not
    overwritten unseen."""
    if not is_central_officer(user):
        raise PermissionDenied
    _open_request(event)
    errors = {}
    if verdict not in Verdict.values:
        errors["verdict"] = _("Ý kiến: chọn đồng ý, đồng ý có ý kiến hoặc không đồng ý.")
    if verdict in (Verdict.AGREE_WITH_COMMENTS, Verdict.DISAGREE) and not text.strip():
        errors["text"] = _("Nội dung ý kiến: cần nêu khi có ý kiến hoặc không đồng ý.")
    if errors:
        raise ValidationError(errors)
    opinion, created = MinistryOpinion.objects.select_for_update().get_or_create(request_event=event)
    if not created:  # made now, by this save: nothing of anyone's to overwrite (a form read before read 0)
        check_version(opinion, version)
    opinion.verdict, opinion.text, opinion.drafted_by, opinion.status = verdict, text.strip(), user, OpinionStatus.DRAFT
    opinion.save()
    return opinion


@transaction.atomic
def approve_and_issue(user, event, *, signed_file, issued_on, version=None) -> MinistryOpinion:
    """A central manager approves the draft and issues it with its signed file: the province's agreement
    gets its "opinion received" event at once; met means issued by the request's due date. `version`: the
    draft as the manager read it (core.concurrency): a verdict rewritten since is never issued unseen."""
    if not is_central_manager(user):
        raise PermissionDenied
    _open_request(event)
    opinion = MinistryOpinion.objects.select_for_update().filter(request_event=event).first()
    if opinion is None or not opinion.verdict:
        raise ValidationError(_("Chưa có dự thảo ý kiến: cán bộ soạn trước khi phê duyệt."))
    check_version(opinion, version)
    if signed_file is None:
        raise ValidationError({"signed_file": _("Văn bản đã ký: tải lên bản có chữ ký.")})
    met = event.due_on is None or issued_on <= event.due_on
    note = _("Ý kiến của Bộ Ngoại giao ban hành trên hệ thống: %(verdict)s. %(deadline)s\n%(text)s") % {
        "verdict": Verdict(opinion.verdict).label,
        "deadline": (_("Đúng hạn (hạn %(due)s).") if met else _("Quá hạn (hạn %(due)s).")) % {
            "due": event.due_on.strftime("%d/%m/%Y") if event.due_on else "—"},
        "text": opinion.text}
    answer = register.record_event(
        user, event.agreement, EventKind.OPINION_RECEIVED, issued_on, note=note.strip(), request=event,
        opinion=VERDICT_OPINION[opinion.verdict], file=signed_file,
        check_scope=False)
    opinion.status, opinion.approved_by, opinion.issued_on = OpinionStatus.ISSUED, user, issued_on
    opinion.deadline_met, opinion.answer = met, answer
    opinion.save()
    return opinion
