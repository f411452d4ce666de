"""Every change to the indicators' data. Who may change what:
- the catalogue: the centre's officers and managers (and superusers);
- a province's observations and targets: that province's officers and managers; the centre's: all of them
  and the national figures (no province). Checked through `core.scoping` (`check_in_scope`) after saving,
  inside the transaction, so a refused change leaves nothing behind."""
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core.concurrency import check_version, latest_record, lock_row, recorded_at, version_of
from ngoaivu.core.numbers import vn_number
from ngoaivu.core.scoping import check_in_scope, scope_of
from ngoaivu.indicators.models import Indicator, Observation, Target, TargetStep
from ngoaivu.indicators.periods import Period

INDICATOR_FIELDS = ("code", "name", "name_en", "definition", "definition_en", "unit", "higher_is_better", "source", "method",
                    "computation", "aggregation", "position", "is_active")


def can_manage_catalogue(user) -> bool:
    scope = scope_of(user)
    return scope.superuser or scope.centre_edit


def can_enter(user) -> bool:
    """Whether the user enters figures for some province or for the nation."""
    scope = scope_of(user)
    return scope.superuser or scope.centre_edit or bool(scope.edit_locality_ids)


def may_edit_locality(user, locality) -> bool:
    """Whether the user enters figures and targets of `locality` (None: the nation, the centre's)."""
    scope = scope_of(user)
    if scope.superuser:
        return True
    if locality is None:
        return scope.centre_edit
    return scope.centre_edit or locality.today.pk in scope.edit_locality_ids


def _recheck(user, obj):
    # The centre enters any province's figures (where a province does not report), which the generic
    # editable_by (the centre edits the centre's records) does not cover; `may_edit_locality` said yes.
    if not scope_of(user).centre_edit:
        check_in_scope(user, obj)


@transaction.atomic
def save_indicator(user, indicator=None, version=None, **fields) -> Indicator:
    """`version`: see core.concurrency (a save over someone else's change is refused)."""
    if not can_manage_catalogue(user):
        raise PermissionDenied(_("Chỉ Trung ương quản lý danh mục chỉ số."))
    check_version(indicator, version)
    if indicator is not None and indicator.pk and "code" in fields and fields["code"] != \
            Indicator.objects.filter(pk=indicator.pk).values_list("code", flat=True).first():
        # Pages, import files and report requests (their fields' "indicator") name it by its code.
        raise ValidationError({"code": _("Mã: không đổi được sau khi tạo chỉ số (địa chỉ trang, tệp nhập số liệu và "
                                         "các yêu cầu báo cáo gọi chỉ số theo mã này).")})
    indicator = indicator or Indicator()
    for name, value in fields.items():
        setattr(indicator, name, value)
    if indicator.method == "computed" and not indicator.computation:
        raise ValidationError({"computation": _("Chọn phép tính trên sổ theo dõi cho chỉ số tính tự động.")})
    if indicator.method == "entered":
        indicator.computation = ""
    indicator.full_clean()
    indicator.save()
    return indicator


@dataclass
class Entry:
    """One figure to save: value None removes the figure."""

    indicator: Indicator
    locality: object            # a Locality (current or former) or None for the nation
    period: Period
    value: Decimal | None
    source: str = ""
    note: str = ""
    # The grid's token for this figure as it was read (core.concurrency; 0: there was none): a figure
    # someone else changed since is left as they saved it when the user did not change it, and refused when
    # the user did. None (an import, a return, the API): not checked.
    version: int | None = None


class StaleFigures(ValidationError):
    """Figures someone else changed after the grid was read, which the user changed too: nothing is saved.
    `conflicts`: [(indicator, message, its version now)], for the form to name each figure and to carry the
    new version (saving again then overwrites knowingly)."""

    def __init__(self, conflicts):
        self.conflicts = conflicts
        super().__init__([message for _indicator, message, _version in conflicts], code="stale")


def former_period_check(locality, period: Period) -> None:
    """A former province's figure is for a period it existed in: "Quảng Nam, 2026" was kept as the former
    province's, counted in Đà Nẵng's total yet on no grid Đà Nẵng's officers open (they enter the merged
    province's figures under its own name)."""
    if locality is None or locality.is_current or locality.valid_until is None:
        return
    if period.start >= locality.valid_until:
        raise ValidationError(_("Kỳ %(period)s: %(former)s đã sáp nhập vào %(today)s từ %(day)s; nhập số liệu "
                                "của kỳ này cho %(today)s.") % {
            "period": period, "former": locality.short_name, "today": locality.today.short_name,
            "day": locality.valid_until.strftime("%d/%m/%Y")})


def _owner(locality):
    """(owning current locality, former locality or None)."""
    if locality is None:
        return None, None
    if locality.is_current:
        return locality, None
    return locality.today, locality


@transaction.atomic
def save_observations(user, entries: list[Entry]) -> tuple[int, int]:
    """Saves every figure or none (all-or-nothing); returns (saved, removed). Figures read by the grid
    (Entry.version) are written only when the user changed them; StaleFigures when someone else changed
    one of those since."""
    saved = removed = 0
    conflicts = []
    for entry in entries:
        if entry.indicator.is_computed:
            raise ValidationError(_("Chỉ số “%(name)s” được tính từ sổ theo dõi, không nhập.") % {"name": entry.indicator})
        if not may_edit_locality(user, entry.locality):
            raise PermissionDenied(_("Bạn không có quyền nhập số liệu của %(place)s.")
                                   % {"place": entry.locality or _("toàn quốc")})
        former_period_check(entry.locality, entry.period)
        locality, former = _owner(entry.locality)
        key = dict(indicator=entry.indicator, locality=locality, former_locality=former,
                   period_start=entry.period.start, period_end=entry.period.end)
        existing = Observation.objects.filter(**key).first()
        if entry.version is not None:
            write, conflict = _as_read_by_the_grid(entry, existing)
            if conflict:
                conflicts.append(conflict)  # refused below, with the rest
            if not write:
                continue
        if entry.value is None:
            if existing:
                existing.delete()
                removed += 1
            continue
        obs = existing or Observation(**key)
        obs.period_kind, obs.value = entry.period.kind, entry.value
        obs.source, obs.note, obs.updated_by = entry.source or "", entry.note or "", user
        obs.full_clean(validate_unique=False, validate_constraints=False)
        obs.save()
        _recheck(user, obs)
        saved += 1
    if conflicts:
        raise StaleFigures(conflicts)  # the transaction drops whatever was written above
    return saved, removed


def _state(value, source, note):
    return None if value is None else (value, source or "", note or "")


def _as_read_by_the_grid(entry, existing):
    """(whether to write it, the conflict or None) for a figure the grid read at `entry.version`: written when
    the user changed it and nobody else did since; left as it is when the user did not change it (a
    colleague's figure meanwhile stays) or it already holds what the user typed; a conflict (indicator,
    message, version now) when both changed it."""
    mine = _state(entry.value, entry.source, entry.note)
    if existing is not None:
        lock_row(existing)
    now = _state(existing.value, existing.source, existing.note) if existing else None
    version = version_of(existing) if existing else 0
    if mine == now:
        return False, None
    if version == entry.version:
        return True, None
    read = recorded_at(Observation, entry.version)
    if read is not None and read.indicator_id != entry.indicator.pk:
        read = None  # a token of another figure (an altered form): taken as read empty
    if mine == (_state(read.value, read.source, read.note) if read else None):
        return False, None  # the user left it alone: the colleague's figure stays
    # Who changed it last: the figure's own record of it, or its deletion's history row when it is gone.
    if existing:
        by, at = existing.updated_by, existing.updated_at
    else:
        latest = latest_record(Observation, read.id) if read else None
        by, at = (latest.history_user, latest.history_date) if latest else (None, None)
    who = str(by) if by else _("một người khác")
    when = timezone.localtime(at).strftime("%H:%M %d/%m/%Y") if at else ""
    facts = {"name": entry.indicator, "who": who, "when": when}
    if existing:
        message = _("%(name)s: trong lúc bạn nhập, %(who)s đã sửa số liệu này (lúc %(when)s), nay là %(value)s.") % {
            **facts, "value": vn_number(existing.value)}
    else:
        message = _("%(name)s: trong lúc bạn nhập, %(who)s đã xóa số liệu này (lúc %(when)s).") % facts
    return False, (entry.indicator, message, version)


def duplicate_target_message(indicator, locality, first_year, last_year, basis="", pk=None) -> str | None:
    """The error naming the target of the same indicator, place, span and basis that already exists, or None:
    one target each (a double click on "Lưu" listed the same one twice), while two bases (the Party congress
    resolution, the 5-year plan) may each set one for the same span."""
    if not (indicator and first_year and last_year):
        return None
    basis = basis or ""  # stored as "" when none is written
    same = Target.objects.filter(indicator=indicator, locality=locality, first_year=first_year, last_year=last_year,
                                 basis=basis)
    if pk:
        same = same.exclude(pk=pk)
    if not same.exists():
        return None
    facts = {"indicator": indicator, "place": locality or _("toàn quốc"), "first": first_year, "last": last_year,
             "basis": basis}
    if basis:
        return _("Đã có mục tiêu của chỉ số “%(indicator)s” cho %(place)s từ năm %(first)s đến năm %(last)s theo "
                 "căn cứ “%(basis)s”. Sửa mục tiêu đó, hoặc chọn chỉ số, tỉnh, thành phố, kỳ hay căn cứ khác.") % facts
    return _("Đã có mục tiêu của chỉ số “%(indicator)s” cho %(place)s từ năm %(first)s đến năm %(last)s không ghi "
             "căn cứ. Sửa mục tiêu đó, hoặc ghi căn cứ của mục tiêu này (nghị quyết, kế hoạch…), hay chọn chỉ số, "
             "tỉnh, thành phố hoặc kỳ khác.") % facts


@transaction.atomic
def save_target(user, target=None, steps: dict | None = None, version=None, **fields) -> Target:
    """Creates or changes a target and replaces its yearly steps ({year: value}, years inside the span).
    `version`: see core.concurrency (a save over someone else's change is refused)."""
    target = target or Target()
    if target.pk and not may_edit_locality(user, target.locality):
        raise PermissionDenied(_("Bạn không có quyền sửa mục tiêu này."))
    check_version(target, version)
    for name, value in fields.items():
        setattr(target, name, value)
    if not may_edit_locality(user, target.locality):
        raise PermissionDenied(_("Bạn không có quyền đặt mục tiêu cho %(place)s.")
                               % {"place": target.locality or _("toàn quốc")})
    if target.first_year and target.last_year and target.first_year > target.last_year:
        raise ValidationError({"last_year": _("Năm cuối không được trước năm đầu.")})
    if target.indicator_id and target.indicator.unit == "percent" and target.value > 100:
        raise ValidationError({"value": _("Tỷ lệ không quá 100 %.")})
    duplicate = duplicate_target_message(target.indicator, target.locality, target.first_year, target.last_year,
                                         target.basis, target.pk)
    if duplicate:
        raise ValidationError({"indicator": duplicate})
    target.updated_by = user
    target.full_clean(validate_constraints=False)  # each constraint is checked above, in words
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        # Two requests (a double click) that both passed the check above: the database kept the first.
        raise ValidationError({"indicator": duplicate_target_message(
            target.indicator, target.locality, target.first_year, target.last_year, target.basis)}) from None
    _recheck(user, target)
    if steps is not None:
        outside = [year for year in steps if not target.first_year <= year <= target.last_year]
        if outside:
            raise ValidationError(_("Mốc năm %(year)s nằm ngoài kỳ mục tiêu.") % {"year": outside[0]})
        # Each step changed where it is (saved, deleted one by one): its history keeps the milestone it
        # replaced; a delete-and-bulk_create of every step left no trace of the earlier values.
        wanted = {year: value for year, value in steps.items() if value is not None}
        for step in target.steps.all():
            if step.year not in wanted:
                step.delete()
            elif step.value != wanted[step.year]:
                step.value = wanted.pop(step.year)
                step.save()
            else:
                wanted.pop(step.year)
        for year, value in sorted(wanted.items()):
            TargetStep.objects.create(target=target, year=year, value=value)
    return target


@transaction.atomic
def delete_target(user, target) -> None:
    if not may_edit_locality(user, target.locality):
        raise PermissionDenied(_("Bạn không có quyền xóa mục tiêu này."))
    target.delete()
