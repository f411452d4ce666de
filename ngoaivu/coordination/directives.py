"""Directives from the centre to the provinces, and from a province's manager to the province's own units:
sending, the read receipt (first opening), acknowledgement, replies and reminders to those who have not
acknowledged. A recipient's copy is owned by its province (and, for a unit's copy, by its unit too), so
the one scoping mechanism decides who reads and answers it."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.coordination.models import Directive, DirectiveRecipient, DirectiveReply
from ngoaivu.core import statements
from ngoaivu.core.concurrency import check_version, lock_row
from ngoaivu.core.files import check_upload
from ngoaivu.core.generic import list_changes
from ngoaivu.core.scoping import check_in_scope, may_edit, scope_of


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


def can_edit(user, directive) -> bool:
    """Whether `user` may correct the directive: whoever may send one like it (the centre's officers for the
    centre's, the sending province's manager for its units') and whose scope edits it (core.scoping). A
    province's officer edits the province's records, yet does not send to its units, so does not rewrite what
    its manager sent to them either."""
    scope = scope_of(user)
    sender = directive.sender_locality_id
    allowed = can_send(user) if sender is None else scope.superuser or sender in scope.manage_locality_ids
    return allowed and may_edit(user, directive)


# The directive's own facts an edit may correct, in the form's order (the history reason names them so).
EDITABLE_FIELDS = ("number", "issued_on", "subject", "body", "signer")


@transaction.atomic
def update_directive(user, directive, *, number, issued_on, subject, signer, body="", attachment=None,
                     localities=None, units=None, version=None) -> bool:
    """Correct a directive already sent: its facts, its file and its recipients (provinces for the centre's,
    `units` of the sending province for a province's). Returns whether anything changed.

    `attachment`: None keeps the stored file, False removes it, a file replaces it. `localities` / `units`:
    the recipients wanted (None: unchanged). A recipient added gets its copy as at sending (the read receipt,
    the acknowledgement and its place in the to-do list follow from it); one that has acknowledged or replied
    is not removed (its answer would go with it), one that has not is. A former province is not added.
    `version` (core.concurrency): a colleague's save since the form was read is refused, not overwritten.
    The history row's reason names what changed, recipients included (they keep no history of their own).

    A change of the text itself (number, date, subject, body, signer, file) asks every recipient to read and
    acknowledge it again: their receipt was of a text they no longer have (they are told by their to-do list,
    which lists the copies not acknowledged); their replies stay, dated before the change."""
    from ngoaivu.core.models import Locality
    if not can_edit(user, directive):
        raise PermissionDenied
    check_version(directive, version)
    lock_row(directive)
    directive.refresh_from_db()  # the row as it is once locked, not as the page read it
    by_unit = directive.sender_locality_id is not None
    rows = list(directive.recipients.select_related("locality", "unit"))
    field, label = ("units", _("Cơ quan, đơn vị nhận")) if by_unit else ("localities", _("Tỉnh, thành phố nhận"))
    wanted = units if by_unit else localities
    added, removed = [], []
    if wanted is not None:
        wanted = list(dict.fromkeys(wanted))
        if not wanted:
            raise ValidationError({field: _("%(field)s: chọn ít nhất một.") % {"field": label}})
        if by_unit and any(u.locality_id != directive.sender_locality_id for u in wanted):
            raise ValidationError({"units": _("Nơi nhận: chỉ gửi đến cơ quan, đơn vị của %(province)s.")
                                   % {"province": directive.sender_locality.short_name}})
        key = (lambda r: r.unit_id) if by_unit else (lambda r: r.locality_id)
        kept = {key(r) for r in rows}
        wanted_ids = {w.pk for w in wanted}
        added = [w for w in wanted if w.pk not in kept]
        removed = [r for r in rows if key(r) not in wanted_ids]
        # Locked before they are checked: an acknowledgement or a reply arriving meanwhile waits for this save
        # and then finds its copy gone (acknowledge, reply), rather than being deleted unseen with it.
        list(DirectiveRecipient.objects.select_for_update().filter(pk__in=[r.pk for r in removed]).order_by("pk")
             .values_list("pk", flat=True))
        if not by_unit and added:
            current = set(Locality.objects.current().filter(pk__in=[l.pk for l in added]).values_list("pk", flat=True))
            former = [l for l in added if l.pk not in current]
            if former:
                raise ValidationError({field: [Locality.objects.current().merged_refusal(l.pk, label)
                                               or _("%(field)s: %(name)s không còn là tỉnh, thành phố hiện nay.")
                                               % {"field": label, "name": l.short_name} for l in former]})
        answered = set(DirectiveRecipient.objects.filter(pk__in=[r.pk for r in removed]).filter(
            models.Q(acknowledged_at__isnull=False) | models.Q(replies__isnull=False)).values_list("pk", flat=True))
        if answered:
            raise ValidationError({field: _("%(field)s: không bỏ được %(names)s vì đã xác nhận hoặc trả lời văn bản.")
                                   % {"field": label, "names": ", ".join(r.name for r in removed if r.pk in answered)}})
    values = {"number": number, "issued_on": issued_on, "subject": subject, "body": body, "signer": signer}
    changed = [name for name in EDITABLE_FIELDS if getattr(directive, name) != values[name]]
    if attachment is not None:
        _check_file(attachment or None, "attachment", _("Tệp đính kèm"))
        if attachment or directive.attachment:
            changed.append("attachment")
    parts = [_("Sửa %(field)s") % {"field": Directive._meta.get_field(name).verbose_name} for name in changed]
    text_changed = bool(changed)
    if added or removed:
        order = (lambda u: u.name) if by_unit else (lambda l: (l.sort_key, l.short_name))
        before = sorted((r.unit if by_unit else r.locality for r in rows), key=order)
        after = sorted([*(r.unit if by_unit else r.locality for r in rows if r not in removed), *added], key=order)
        name = (lambda u: u.name) if by_unit else (lambda l: l.short_name)
        parts.append(list_changes(_("Sửa nơi nhận"), [name(o) for o in before], [name(o) for o in after]))
    if text_changed:
        parts.append(_("Các nơi nhận cần xác nhận lại"))
    if not parts:
        return False
    for name in EDITABLE_FIELDS:
        setattr(directive, name, values[name])
    if attachment is not None:
        directive.attachment = attachment or ""
    # Joined by "; " as every history reason (core.stored_text translates each part on the page).
    directive._change_reason = "; ".join(str(p) for p in parts)
    directive.save()
    if removed:
        DirectiveRecipient.objects.filter(pk__in=[r.pk for r in removed]).delete()
    if text_changed:
        directive.recipients.update(acknowledged_at=None, acknowledged_by=None, first_opened_at=None,
                                    first_opened_by=None)
    if added:
        sender = directive.sender_locality
        DirectiveRecipient.objects.bulk_create([
            DirectiveRecipient(directive=directive, locality=sender, unit=a) if by_unit
            else DirectiveRecipient(directive=directive, locality=a) for a in added])
    check_in_scope(user, directive)
    return True


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
    ids = sorted(set(directive_ids))

    def build(*keys):
        return (DirectiveRecipient.objects.filter(directive_id__in=keys)
                .filter(models.Q(unit_id__in=scope.unit_ids) | models.Q(locality_id__in=scope.locality_ids))
                .order_by())
    # Built once per set of units and provinces and number of keys (core.statements) and run with the page's
    # keys: building it cost as much as the rest of a province's directive list.
    rows = statements.instances(("own directive copies", scope.unit_ids, scope.locality_ids, len(ids)), build,
                                *ids) if ids else []
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


def _lock_copy(recipient):
    """Lock the copy for the rest of the transaction; refused when an edit of the directive removed it
    meanwhile (update_directive), rather than a server error."""
    if not DirectiveRecipient.objects.select_for_update().filter(pk=recipient.pk).order_by("pk").exists():
        raise ValidationError(_("Văn bản này không còn gửi đến đơn vị của bạn."))


@transaction.atomic
def acknowledge(user, recipient) -> DirectiveRecipient:
    _lock_copy(recipient)
    _editable(user, recipient)
    mark_opened(user, recipient)
    DirectiveRecipient.objects.filter(pk=recipient.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=user)
    recipient.refresh_from_db()
    return recipient


@transaction.atomic
def reply(user, recipient, *, text, attachment=None) -> DirectiveReply:
    _lock_copy(recipient)
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
