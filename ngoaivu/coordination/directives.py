"""Directives from the centre to the provinces: sending, the read receipt (first opening), acknowledgement,
replies and reminders to those who have not acknowledged."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.coordination.models import Directive, DirectiveRecipient, DirectiveReply
from ngoaivu.core.files import check_upload
from ngoaivu.core.scoping import check_in_scope, scope_of


def can_send(user) -> bool:
    scope = scope_of(user)
    return scope.superuser or scope.centre_edit


def _check_file(file, field, label):
    if file is not None:
        try:
            check_upload(file, label)
        except ValidationError as error:
            raise ValidationError({field: error.messages})


@transaction.atomic
def send_directive(user, *, number, issued_on, subject, signer, localities, body="", attachment=None) -> Directive:
    if not can_send(user):
        raise PermissionDenied
    if not localities:
        raise ValidationError({"localities": _("Nơi nhận: chọn ít nhất một tỉnh, thành phố.")})
    _check_file(attachment, "attachment", _("Tệp đính kèm"))
    directive = Directive.objects.create(number=number, issued_on=issued_on, subject=subject, signer=signer, body=body,
                                         attachment=attachment or "", created_by=user)
    DirectiveRecipient.objects.bulk_create([DirectiveRecipient(directive=directive, locality=l) for l in localities])
    check_in_scope(user, directive)
    return directive


def own_copy(user, directive):
    """The user's province's copy of the directive, or None (the centre, another province)."""
    ids = scope_of(user).locality_ids
    return directive.recipients.filter(locality_id__in=ids).order_by("pk").first() if ids else None


def mark_opened(user, recipient) -> bool:
    """The read receipt: stamped once, by the first person of the province who opens the directive."""
    if recipient is None or recipient.first_opened_at is not None:
        return False
    stamped = DirectiveRecipient.objects.filter(pk=recipient.pk, first_opened_at__isnull=True).update(
        first_opened_at=timezone.now(), first_opened_by=user)
    recipient.refresh_from_db()
    return bool(stamped)


def _editable(user, recipient):
    if not DirectiveRecipient.objects.editable_by(user).filter(pk=recipient.pk).exists():
        raise PermissionDenied


@transaction.atomic
def acknowledge(user, recipient) -> DirectiveRecipient:
    _editable(user, recipient)
    mark_opened(user, recipient)
    DirectiveRecipient.objects.filter(pk=recipient.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=user)
    recipient.refresh_from_db()
    return recipient


@transaction.atomic
def reply(user, recipient, *, text, attachment=None) -> DirectiveReply:
    _editable(user, recipient)
    if not text.strip():
        raise ValidationError({"text": _("Nội dung trả lời: cần nhập.")})
    _check_file(attachment, "attachment", _("Tệp đính kèm"))
    return DirectiveReply.objects.create(recipient=recipient, text=text.strip(), attachment=attachment or "", by=user)


@transaction.atomic
def remind(user, directive) -> int:
    """Remind every province that has not acknowledged (it shows in their to-do list). Returns how many."""
    if not Directive.objects.editable_by(user).filter(pk=directive.pk).exists():
        raise PermissionDenied
    pending = directive.recipients.filter(acknowledged_at__isnull=True)
    now = timezone.now()
    count = 0
    for r in pending:
        r.reminded_at, r.reminders = now, r.reminders + 1
        r.save(update_fields=["reminded_at", "reminders"])
        count += 1
    return count
