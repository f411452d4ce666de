"""Lost updates: one version token for every edit form and every API write.

Two people open the same record; without a check the second save silently overwrites the first. The
token is the id of the record's latest django-simple-history row: every save through an action writes
one, so the token moves with each change of the record's facts (derived fields written with
`update()` — status, deadlines — do not move it, and are not the user's to edit anyway). No column to
keep in step, no migration; any model with `history = HistoricalRecords()` is covered.

- Forms: `add_version_field(form, obj)` puts the token in a hidden field; the view passes
  `form.cleaned_data["version"]` to the action, which calls `check_version(obj, version)` inside its
  transaction (the row is locked first). A stale token raises `StaleEdit`; the view calls
  `show_conflict(form, error)`: the form re-renders with the user's input, a Vietnamese message naming
  who changed what and when, and the new token (saving again then overwrites knowingly).
- Grids of many records (a province's figures for a period): `versions_of` reads every row's token in one
  statement, and `recorded_at(model, version)` gives a row as it was when read, so that the action can tell a
  row the user left alone (skipped, keeping a colleague's change) from one both changed (refused).
- API: `etag(obj)` on reads; `check_if_match(request, obj)` on PUT/PATCH answers 412 when the
  `If-Match` header names an older version (no header: the write goes through, as before, once any other
  write of the record has committed: `check_version` locks the row either way).
"""
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.core.generic import history_entries

FIELD = "version"


def version_of(obj) -> int:
    """The id of the record's latest history row (0 for a record without history)."""
    if obj is None or obj.pk is None:
        return 0
    latest = obj.history.model.objects.filter(**{obj._meta.pk.attname: obj.pk}).order_by("-history_id") \
        .values_list("history_id", flat=True).first()
    return latest or 0


def versions_of(model, pks) -> dict:
    """{pk: version_of(record)} of many records of one model, in one statement; a record without history is
    missing (its version is 0)."""
    attname = model._meta.pk.attname
    return dict(model.history.model.objects.filter(**{f"{attname}__in": list(pks)}).order_by()
                .values_list(attname).annotate(latest=Max("history_id")))


def recorded_at(model, version):
    """The history row of `model` with this version (a record as a form read it), or None for version 0 (the
    record did not exist) or an unknown one."""
    if not version:
        return None
    return model.history.model.objects.filter(history_id=version).first()


def latest_record(model, pk):
    """The newest history row of the record `pk` (its deletion, when it is gone), or None."""
    return (model.history.model.objects.filter(**{model._meta.pk.attname: pk}).select_related("history_user")
            .order_by("-history_id").first())


def changes_since(obj, version: int) -> list[dict]:
    """The history entries (who, when, fields old → new) written after `version`, newest first."""
    return history_entries(obj, since=version)


class StaleEdit(ValidationError):
    """Someone else saved the record after the form (or the API client) read it."""

    def __init__(self, obj, expected: int, current: int):
        self.obj, self.expected, self.current = obj, expected, current
        self.changes = changes_since(obj, expected)
        latest = self.changes[0] if self.changes else None
        who = str(latest["who"]) if latest and latest["who"] else _("một người khác")
        when = timezone.localtime(latest["when"]).strftime("%H:%M %d/%m/%Y") if latest else ""
        message = _("Trong lúc bạn sửa, %(who)s đã thay đổi bản ghi này (lúc %(when)s). Nội dung bạn nhập vẫn "
                    "được giữ bên dưới; xem những thay đổi của họ, sửa lại nếu cần rồi bấm lưu lần nữa.") % {
            "who": who, "when": when}
        # A change the record's fields do not show (its child rows, a step) is named by its history reason.
        details = "; ".join(part for entry in self.changes
                            for part in ([f"{c['field']}: {c['old']} → {c['new']}" for c in entry["changes"]]
                                         or ([str(entry["reason"])] if entry.get("reason") else [])))
        if details:
            message += " " + _("Đã thay đổi: %(details)s.") % {"details": details}
        super().__init__({NON_FIELD_ERRORS: [message]}, code="stale")
        self.message_text = message


def lock_row(obj):
    """Lock the record's row for the rest of the transaction, so two saves cannot both pass the check."""
    # Ordered by pk only: a Meta.ordering through a nullable foreign key (a target's province) would join
    # it, and PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    type(obj)._base_manager.select_for_update().filter(pk=obj.pk).order_by("pk").values_list("pk", flat=True).first()


def check_version(obj, expected) -> None:
    """Inside an action's transaction: lock the record's row, and refuse the save when `expected` (a token the
    client read) is not the record's current version. `None` or "" means the client sent no token: nothing to
    check, but the row is locked all the same. Unlocked, two such writes of one record (the API without
    If-Match) each read the record as it was before either: the kept summaries (core.kept), which read a
    record's share before and after its save, then subtracted the old share twice on PostgreSQL and kept the
    first writer's new one counted (SQLite's IMMEDIATE transactions already queue the second writer)."""
    if obj is None or obj.pk is None:
        return
    lock_row(obj)
    if expected in (None, ""):
        return
    current = version_of(obj)
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        expected = -1
    if expected != current:
        raise StaleEdit(obj, expected, current)


def save_first(obj, **unique) -> None:
    """Save `obj`, a record there is one of per owner (`unique`: the lookup naming it, e.g. locality=…),
    inside the caller's transaction. Two writers who both read it as missing insert it at once: the
    database's unique constraint refuses the second insert, which is then a stale edit naming the first
    writer's record (the second had read version 0), not a server error."""
    if obj.pk is not None:
        obj.save()
        return
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        existing = type(obj)._default_manager.filter(**unique).first()
        if existing is None:
            raise
        raise StaleEdit(existing, 0, version_of(existing))


# --- forms ---------------------------------------------------------------------------------------------

def add_version_field(form, obj, *, first_save=False) -> None:
    """A hidden field carrying the version of `obj` the form was read from (edit forms only).

    `first_save`: a record there is one of per owner (a province's profile, its rules), whose one form both
    creates and edits it. Read before it existed, the form carries version 0: the view reads the record
    again on saving, so a colleague's first save in between is refused as a stale edit (check_version),
    where without a version it was overwritten without a word."""
    if obj is None or (obj.pk is None and not first_save):
        return
    form.fields[FIELD] = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput,
                                            label=gettext_lazy("Phiên bản"))
    form.initial[FIELD] = version_of(obj)
    form.conflict = None


def form_version(form):
    return form.cleaned_data.get(FIELD) if FIELD in form.fields else None


def show_conflict(form, error) -> bool:
    """After an action refused a stale save: keep the user's input, show whose change came in between
    (form.conflict, listed by the error summary) and carry the current token, so saving again is a
    deliberate overwrite. Returns False for any other error (the caller shows it as usual)."""
    if not isinstance(error, StaleEdit):
        return False
    form.conflict = error.changes
    form.data = form.data.copy()
    form.data[form.add_prefix(FIELD)] = str(error.current)
    form.add_error(None, error.message_text)
    return True


# --- API -----------------------------------------------------------------------------------------------

def etag(obj) -> str:
    return f'"{obj._meta.model_name}-{obj.pk}-v{version_of(obj)}"'


def if_match_version(request, obj):
    """The version named by the request's If-Match header: None without the header (or with `*`),
    -1 for a tag that is not one of this record's."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    prefix = f'"{obj._meta.model_name}-{obj.pk}-v'
    for tag in (t.strip() for t in header.split(",")):
        tag = tag[2:] if tag.startswith("W/") else tag
        if tag.startswith(prefix) and tag.endswith('"') and tag[len(prefix):-1].isdecimal():
            return int(tag[len(prefix):-1])
    return -1


def add_save_error(form, error: ValidationError) -> None:
    """An action's refusal on its form: a stale save shows the other person's change (show_conflict);
    any other error goes on the field it names, or above the form."""
    if show_conflict(form, error):
        return
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
