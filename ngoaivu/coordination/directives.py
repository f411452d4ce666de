"""Directives from the centre to the provinces, and from a province's manager to the province's own units:
sending, the read receipt (first opening), acknowledgement, replies and reminders to those who have not
acknowledged. A recipient's copy is owned by its province (and, for a unit's copy, by its unit too), so
the one scoping mechanism decides who reads and answers it."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
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


def sending_province(user):
    """The province whose units the user may send directives to (its manager's), or None."""
    from ngoaivu.core.models import Locality
    ids = scope_of(user).manage_locality_ids
    return Locality.objects.filter(pk__in=ids).order_by("sort_key").first() if ids else None


@transaction.atomic
def send_directive(user, *, number, issued_on, subject, signer, localities=(), units=(), body="",
                   attachment=None) -> Directive:
    """Send to provinces (the centre) or, with `units`, to units of the sender's own province (its manager)."""
    if units:
        province = sending_province(user)
        if province is None:
            raise PermissionDenied
        if any(u.locality_id != province.pk for u in units):
            raise ValidationError({"units": _("Nơi nhận: chỉ gửi đến cơ quan, đơn vị của %(province)s.")
                                   % {"province": province.short_name}})
        rows = [dict(locality=province, unit=u) for u in units]
    else:
        if not can_send(user):
            raise PermissionDenied
        if not localities:
            raise ValidationError({"localities": _("Nơi nhận: chọn ít nhất một tỉnh, thành phố.")})
        province, rows = None, [dict(locality=l) for l in localities]
    _check_file(attachment, "attachment", _("Tệp đính kèm"))
    directive = Directive.objects.create(number=number, issued_on=issued_on, subject=subject, signer=signer, body=body,
                                         attachment=attachment or "", created_by=user, sender_locality=province)
    DirectiveRecipient.objects.bulk_create([DirectiveRecipient(directive=directive, **row) for row in rows])
    check_in_scope(user, directive)
    return directive


def own_copies(user):
    """The copies addressed to the user: their units' copies and their provinces' own (not its units').
    `own_copies_of` applies the same rule partly in Python (a test keeps the two equal)."""
    scope = scope_of(user)
    return DirectiveRecipient.objects.filter(models.Q(unit_id__in=scope.unit_ids)
                                             | models.Q(unit__isnull=True, locality_id__in=scope.locality_ids))


def own_copy(user, directive):
    """The user's copy of the directive (one they act on first; their unit's before their province's), or None
    (the centre, the sending province, another province)."""
    return own_copies_of(user, [directive.pk]).get(directive.pk)


def own_copies_of(user, directive_ids) -> dict:
    """{directive id: the user's copy} for these directives, by `own_copy`'s rule, in one query."""
    scope = scope_of(user)
    # `own_copies` without its `unit IS NULL`, read by the directives' keys: with it, SQLite read the
    # province copies of the whole country through the unit index (its statistics count 11 rows for a
    # value, and the NULLs are 11,475 at national scale) for the 25 directives of a page. A unit's copy
    # that is not the user's (another unit of their province) is left out here instead: at most the
    # province's units times the page's 25 directives.
    rows = (DirectiveRecipient.objects.filter(directive_id__in=directive_ids)
            .filter(models.Q(unit_id__in=scope.unit_ids) | models.Q(locality_id__in=scope.locality_ids)).order_by())
    def rank(copy):
        """A copy the user acts on first (an officer of one province and a viewer of another acknowledged the
        read-only copy and was refused), then a unit's before the province's, then the first sent."""
        editable = copy.unit_id in scope.edit_unit_ids if copy.unit_id else copy.locality_id in scope.edit_locality_ids
        return not editable, copy.unit_id is None, copy.pk
    chosen = {}
    for copy in sorted((c for c in rows if c.unit_id is None or c.unit_id in scope.unit_ids), key=rank):
        chosen.setdefault(copy.directive_id, copy)
    return chosen


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
    """Remind every recipient that has not acknowledged (it shows in their to-do list). Returns how many."""
    if not Directive.objects.editable_by(user).filter(pk=directive.pk).exists():
        raise PermissionDenied
    # Counted up by the database in one UPDATE: each copy's count read first and written back plus one
    # made two reminders sent together (two officers, a double click) count one, and a copy acknowledged
    # between the read and the write was reminded all the same.
    return directive.recipients.filter(acknowledged_at__isnull=True).update(
        reminded_at=timezone.now(), reminders=models.F("reminders") + 1)
