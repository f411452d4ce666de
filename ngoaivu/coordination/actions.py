"""State changes of report requests and returns. Every change of a return's status writes a
`ReturnTransition` row with its reason."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from ngoaivu.coordination.choices import RequestKind, ReturnStatus
from ngoaivu.coordination.models import ReportRequest, ReportReturn, ReportSchedule, ReturnTransition
from ngoaivu.coordination.prefill import prefill
from ngoaivu.core.concurrency import check_version
from ngoaivu.core.files import check_upload
from ngoaivu.core.models import Locality
from ngoaivu.core.numbers import parse_vn_number
from ngoaivu.core.scoping import check_in_scope, scope_of
from ngoaivu.core.workdays import WorkingCalendar

S = ReturnStatus


def today() -> datetime.date:
    return timezone.localdate()


def past_due_error(due_on):
    """The message when a new request's due date has already passed (every province would get it overdue
    at once), else None. The form and the API ask it; the sweep's own requests and the demo's deliberately
    overdue one go to create_request directly."""
    if due_on is not None and due_on < today():
        return _("Hạn gửi báo cáo: không được trước hôm nay (%(today)s).") % {"today": today().strftime("%d/%m/%Y")}
    return None


def can_send(user) -> bool:
    """The centre's officers and managers send report requests."""
    scope = scope_of(user)
    return scope.superuser or scope.centre_edit


def can_review(user, request: ReportRequest) -> bool:
    return ReportRequest.objects.editable_by(user).filter(pk=request.pk).exists()


def can_answer(user, ret: ReportReturn) -> bool:
    return ReportReturn.objects.editable_by(user).filter(pk=ret.pk).exists()


def _transition(ret, to_status, user, reason=""):
    ReturnTransition.objects.create(report_return=ret, from_status=ret.status, to_status=to_status,
                                    reason=reason, by=user)
    ret.status = to_status


def _check_fields(fields):
    keys = [f.get("key") for f in fields]
    if len(set(keys)) != len(keys) or not all(keys):
        raise ValidationError({"fields": _("Mỗi chỉ tiêu cần một mã riêng.")})


@transaction.atomic
def create_request(user, *, title, data_from, data_to, due_on, localities, kind=RequestKind.FREE, body="",
                   number="", fields=(), schedule=None, period="") -> ReportRequest:
    """A request addressed to `localities`, one return each (not started), pre-filled where it is structured."""
    if schedule is None and not can_send(user):
        raise PermissionDenied
    errors = {}
    if data_to < data_from:
        errors["data_to"] = _("Ngày cuối của kỳ số liệu phải sau ngày đầu.")
    if not localities:
        errors["localities"] = _("Chọn ít nhất một tỉnh, thành phố nhận yêu cầu.")
    if kind == RequestKind.STRUCTURED and not fields:
        errors["fields"] = _("Báo cáo theo mẫu cần ít nhất một chỉ tiêu.")
    if errors:
        raise ValidationError(errors)
    fields = list(fields)
    _check_fields(fields)
    # One return per province, whatever the caller sent: the API took a province named twice to the
    # database's one-return rule, a server error.
    localities = list({locality.pk: locality for locality in localities}.values())
    request = ReportRequest.objects.create(
        title=title, number=number, kind=kind, body=body, data_from=data_from, data_to=data_to, due_on=due_on,
        fields=fields, schedule=schedule, period=period, created_by=user if schedule is None else None)
    # Each return's first history row holds its pre-filled figures: without it the province's first save
    # was a change from nothing, and its page could not say which figure it changed from what to what.
    bulk_create_with_history([
        ReportReturn(request=request, locality=locality,
                     values=prefill(fields, locality, data_from, data_to) if fields else {})
        for locality in localities], ReportReturn, default_user=user)
    if user is not None and schedule is None:
        check_in_scope(user, request)
    return request


@transaction.atomic
def mark_opened(user, ret: ReportReturn) -> bool:
    """The read receipt: the first time someone of the province opens its return. True when stamped now."""
    if ret.first_opened_at is not None or not scope_of(user).locality_ids or ret.locality_id not in scope_of(user).locality_ids:
        return False
    stamped = ReportReturn.objects.filter(pk=ret.pk, first_opened_at__isnull=True).update(
        first_opened_at=timezone.now(), first_opened_by=user)
    ret.refresh_from_db()
    return bool(stamped)


MAX_ROW_ERRORS = 50  # a table's bad rows named at once; the rest are counted


def clean_values(fields, data) -> dict:
    """The submitted values of a structured return, checked: a number field takes a number ≥ 0, a table
    [[label, number], …]. Errors name the field (and row)."""
    from ngoaivu.coordination import hooks
    values, errors = {}, {}
    for f in fields:
        key, raw = f["key"], data.get(f["key"])
        if f["type"] == "number":
            if raw in (None, ""):
                values[key] = None
                continue
            try:
                number = parse_vn_number(raw)
            except ValueError:
                errors[key] = _("“%(field)s”: cần một số.") % {"field": f["label"]}
                continue
            if number is None:
                values[key] = None
                continue
            if number < 0:
                errors[key] = _("“%(field)s”: số không được âm.") % {"field": f["label"]}
                continue
            if number >= 10 ** 15:
                errors[key] = _("“%(field)s”: số quá lớn (tối đa 15 chữ số).") % {"field": f["label"]}
                continue
            if message := hooks.value_error(f, number):  # e.g. an indicator counting people takes no fraction
                errors[key] = message
                continue
            values[key] = int(number) if number == number.to_integral_value() else float(number)
        elif f["type"] == "table":
            rows = []
            # The API sends what it likes: a table is a list of [label, number] pairs, or it is refused here,
            # naming the field (a number or a bare list where a row belongs answered 500).
            if raw not in (None, "") and (not isinstance(raw, (list, tuple))
                                          or not all(isinstance(row, (list, tuple)) for row in raw)):
                errors[key] = _("“%(field)s”: cần một bảng, mỗi dòng gồm tên và số.") % {"field": f["label"]}
                continue
            # Every bad row is named (the first one only sent the province back once a row), up to
            # MAX_ROW_ERRORS of them and a count of the rest.
            bad = []
            for i, row in enumerate(raw or [], start=1):
                if len(row) not in (0, 2):
                    # A row of one item or of three (the API) was read as empty and dropped without a word.
                    bad.append(_("“%(field)s”, dòng %(row)s: cần đúng hai ô, tên và số.") % {"field": f["label"], "row": i})
                    continue
                label, value = (str(row[0]).strip(), row[1]) if row else ("", None)
                if not label and value in (None, ""):
                    continue
                try:
                    number = parse_vn_number(value)
                    if number is None:
                        raise ValueError
                except ValueError:
                    bad.append(_("“%(field)s”, dòng %(row)s: cần một số.") % {"field": f["label"], "row": i})
                    continue
                if not label:
                    bad.append(_("“%(field)s”, dòng %(row)s: cần tên dòng.") % {"field": f["label"], "row": i})
                    continue
                # A row's figure is held to a number field's rules (a row of -5 trips, or of 10^16, was kept).
                if number < 0:
                    bad.append(_("“%(field)s”, dòng %(row)s: số không được âm.") % {"field": f["label"], "row": i})
                    continue
                if number >= 10 ** 15:
                    bad.append(_("“%(field)s”, dòng %(row)s: số quá lớn (tối đa 15 chữ số).") % {
                        "field": f["label"], "row": i})
                    continue
                if message := hooks.value_error(f, number):
                    bad.append(_("Dòng %(row)s: %(message)s") % {"row": i, "message": message})
                    continue
                rows.append([label, int(number) if number == number.to_integral_value() else float(number)])
            if bad:
                errors[key] = bad[:MAX_ROW_ERRORS]
                if len(bad) > MAX_ROW_ERRORS:
                    more = len(bad) - MAX_ROW_ERRORS
                    errors[key].append(ngettext("“%(field)s”: và %(n)s dòng khác chưa đúng.",
                                                "“%(field)s”: và %(n)s dòng khác chưa đúng.", more)
                                       % {"field": f["label"], "n": more})
                continue
            values[key] = rows
        else:
            values[key] = str(raw or "")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def save_return(user, ret: ReportReturn, *, values=None, text="", submit=False, attachment=None,
                version=None, partial=False) -> ReportReturn:
    """Save the province's draft, or submit it. A return already submitted or accepted is not changed.
    `attachment` (free-form returns only): None keeps the stored file, False removes it, a file replaces it.
    `version`: see core.concurrency (a colleague's save since the form was read is not overwritten).
    `partial` (an API client sending what it changes): only the fields in `values` change, the others keep
    their stored figures (a field sent as None is emptied, a table sent replaces that table), and `text`
    None keeps the stored text. The page sends every field, so it replaces the whole answer."""
    ret = ReportReturn.objects.select_for_update().select_related("request").get(pk=ret.pk)
    if not can_answer(user, ret):
        raise PermissionDenied
    check_version(ret, version)
    if ret.status in (S.SUBMITTED, S.ACCEPTED):
        raise ValidationError(_("Báo cáo đã gửi, không sửa được nữa (chờ trung ương xem xét)."))
    if ret.request.structured:
        # A figure under a key the request does not ask for ("trip" for "trips") was dropped, and the client
        # told it was saved.
        unknown = sorted(set(values or {}) - {f["key"] for f in ret.request.fields})
        if unknown:
            raise ValidationError({"values": _("Yêu cầu báo cáo không có mục: %(keys)s.") % {"keys": ", ".join(unknown)}})
        # Merged under the row's lock: the figures kept are the ones stored now, not as the client read them.
        data = {**(ret.values or {}), **(values or {})} if partial else values or {}
        ret.values = clean_values(ret.request.fields, data)
        missing = [f["label"] for f in ret.request.fields if f["type"] == "number" and ret.values.get(f["key"]) is None]
        if submit and missing:
            raise ValidationError({ret.request.fields[0]["key"]: _("Còn thiếu số liệu: %(fields)s.") % {
                "fields": ", ".join(missing)}})
    elif values:
        # A free-form return holds no figures: ones sent were dropped while the client was told they were saved.
        raise ValidationError({"values": _("Báo cáo tự do không có chỉ tiêu số liệu; gửi nội dung trong mục text.")})
    if text is not None:
        ret.text = text
    if attachment is not None:
        if ret.request.structured and attachment:
            raise ValidationError({"attachment": _("Tệp đính kèm: chỉ báo cáo tự do có tệp đính kèm.")})
        if attachment:
            try:
                check_upload(attachment, _("Tệp đính kèm"))
            except ValidationError as error:
                raise ValidationError({"attachment": error.messages})
        ret.attachment = attachment or ""
    if submit and not ret.request.structured and not ret.text.strip():
        raise ValidationError({"text": _("Nội dung báo cáo: cần nhập trước khi gửi.")})
    if submit:
        _transition(ret, S.SUBMITTED, user)
        ret.submitted_at = timezone.now()
    elif ret.status == S.NOT_STARTED:
        _transition(ret, S.DRAFT, user)
    ret.save()
    check_in_scope(user, ret)
    return ret


@transaction.atomic
def review_return(user, ret: ReportReturn, *, accept: bool, reason="", version=None) -> ReportReturn:
    """The centre accepts a submitted return, or sends it back with its comment (required). `version`: the
    return as the reviewer read it (core.concurrency): figures sent again since are not accepted unseen."""
    ret = ReportReturn.objects.select_for_update().select_related("request").get(pk=ret.pk)
    if not can_review(user, ret.request):
        raise PermissionDenied
    check_version(ret, version)
    if ret.status != S.SUBMITTED:
        raise ValidationError(_("Chỉ xem xét được báo cáo đã gửi."))
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Ý kiến: cần nêu nội dung cần bổ sung khi trả lại.")})
    _transition(ret, S.ACCEPTED if accept else S.RETURNED, user, reason.strip())
    ret.save()
    if accept:
        from ngoaivu.coordination import hooks
        hooks.return_accepted(user, ret)  # e.g. the indicators' figures become observations
    return ret


# --- periodic schedules (a sweep step) -------------------------------------------------------------------

def sending_deadline(cut_off, days, calendar) -> datetime.date:
    """`days` after the data cut-off, at least the first working day after it (Decree 09/2019), and moved to
    the next working day when it falls on a weekend, a holiday or Tết (Civil Code 2015, art. 148(5)): the
    yearly report cut off on 14/12/2026 was due on Saturday 19/12."""
    day = max(cut_off + datetime.timedelta(days=days), calendar.add_working_days(cut_off, 1))
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def sweep_step(run):
    """Create each active schedule's request for the period now open, once: the unique (schedule, period)
    constraint makes a second sweep (or two at once) create nothing."""
    from ngoaivu.core.sweep import StepReport
    created = 0
    localities = list(Locality.objects.current())
    calendar = WorkingCalendar()
    for schedule in ReportSchedule.objects.filter(active=True):
        period = schedule.period_to_open(run.today)
        if period is None:
            continue
        key, start, end = period
        if ReportRequest.objects.filter(schedule=schedule, period=key).exists():
            continue
        try:
            with transaction.atomic():
                create_request(None, title=f"{schedule.title} — {key}", kind=schedule.kind, data_from=start,
                               data_to=end, due_on=sending_deadline(end, schedule.due_days, calendar),
                               localities=localities, fields=schedule.fields, schedule=schedule, period=key)
        except IntegrityError:
            continue
        created += 1
    return StepReport(created, ngettext("%(n)s yêu cầu báo cáo định kỳ mới", "%(n)s yêu cầu báo cáo định kỳ mới",
                                        created) % {"n": created})
