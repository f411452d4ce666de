"""Early warnings on partners: issued by a mission abroad or the centre, read by every province,
acknowledged by each province with ties, lifted with their history kept; and their part of the one
attention list (ngoaivu.core.attention), which reaches only the provinces with ties to the partner."""
import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core.attention import Section
from ngoaivu.core.scoping import scope_of
from ngoaivu.partners.models import PartnerWarning, WarningAcknowledgement
from ngoaivu.partners.ties import tied_locality_ids, tied_with

WARNING_FIELDS = ["category", "severity", "summary", "details", "source", "source_date"]


def can_issue_warnings(user, partner=None) -> bool:
    """The centre's officers warn about any partner; a mission's officers about the partners of the countries
    their mission covers (the mission's home page promises no more); provinces read and acknowledge."""
    scope = scope_of(user)
    if scope.superuser or scope.centre_edit:
        return True
    return bool(scope.edit_mission_ids) and (partner is None or warning_mission(user, partner) is not None)


def warning_mission(user, partner):
    """The user's mission (one they edit for) that covers the partner's country, or None."""
    from ngoaivu.core.models import Mission
    country = str(partner.country or "")
    missions = Mission.objects.filter(pk__in=scope_of(user).edit_mission_ids).order_by("pk")
    return next((m for m in missions if country and country in m.country_codes), None)


def can_lift(user, warning: PartnerWarning) -> bool:
    """The centre lifts any warning; a mission lifts its own."""
    scope = scope_of(user)
    return bool(scope.superuser or scope.centre_edit
                or (warning.mission_id and warning.mission_id in scope.edit_mission_ids))


def acknowledging_localities(user, warning: PartnerWarning) -> set:
    """The provinces for which `user` may acknowledge: those they edit that have ties with the partner."""
    scope = scope_of(user)
    if not scope.edit_locality_ids:
        return set()
    return set(scope.edit_locality_ids) & tied_locality_ids([warning.partner_id])


@transaction.atomic
def issue_warning(user, partner, **fields) -> PartnerWarning:
    if not can_issue_warnings(user, partner):
        raise PermissionDenied(_("Chỉ Bộ Ngoại giao và cơ quan đại diện phụ trách nước của đối tác được cảnh báo về "
                                 "đối tác này."))
    for name, label in (("summary", _("Nhập nội dung cảnh báo")), ("source", _("Nhập nguồn thông tin")),
                        ("source_date", _("Nhập ngày của nguồn")), ("category", _("Chọn loại cảnh báo"))):
        if not fields.get(name):
            raise ValidationError({name: label})
    if fields["source_date"] > timezone.localdate():
        raise ValidationError({"source_date": _("Ngày của nguồn không thể sau hôm nay")})
    scope = scope_of(user)
    mission_id = None if (scope.centre_edit or scope.superuser) else warning_mission(user, partner).pk
    warning = PartnerWarning(partner=partner, mission_id=mission_id, issued_by=user,
                             **{k: v for k, v in fields.items() if k in WARNING_FIELDS})
    warning.save()
    return warning


@transaction.atomic
def acknowledge_warning(user, warning: PartnerWarning, note: str = "") -> list[WarningAcknowledgement]:
    """Each province `user` acknowledges for (see `acknowledging_localities`) records who and when, once."""
    warning = PartnerWarning.objects.select_for_update().get(pk=warning.pk)
    localities = acknowledging_localities(user, warning)
    if not localities:
        raise PermissionDenied(_("Chỉ tỉnh, thành phố có quan hệ với đối tác này xác nhận cảnh báo."))
    if not warning.is_active:
        raise ValidationError({"warning": _("Cảnh báo này đã được gỡ.")})
    done, made = [], False
    for locality_id in sorted(localities):
        ack, created = WarningAcknowledgement.objects.get_or_create(
            warning=warning, locality_id=locality_id, defaults={"by": user, "note": note[:300]})
        done.append(ack)
        made = made or created
    if not made and (note or "").strip():
        # A colleague acknowledged from the page read at the same time: their row stays, and this note, which
        # has nowhere to go, was dropped while the page said it was saved.
        first = done[0]
        raise ValidationError({"note": _("Cảnh báo này đã được %(who)s xác nhận lúc %(when)s, trước khi bạn gửi; "
                                         "ghi chú của bạn (“%(note)s”) chưa được lưu.") % {
            "who": first.by or "—", "note": note.strip(), "when": timezone.localtime(first.at).strftime("%H:%M %d/%m/%Y")}})
    return done


@transaction.atomic
def lift_warning(user, warning: PartnerWarning, reason: str) -> PartnerWarning:
    warning = PartnerWarning.objects.select_for_update().get(pk=warning.pk)
    if not can_lift(user, warning):
        raise PermissionDenied(_("Chỉ Bộ Ngoại giao hoặc cơ quan đại diện đã cảnh báo được gỡ cảnh báo này."))
    if not warning.is_active:
        raise ValidationError({"reason": _("Cảnh báo này đã được gỡ.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Nhập lý do gỡ cảnh báo")})
    warning.lifted_at, warning.lifted_by, warning.lift_reason = timezone.now(), user, reason.strip()[:300]
    warning._change_reason = _("Gỡ cảnh báo")
    warning.save()
    return warning


def annotate_for(user, warnings):
    """Mark each warning with what `user` may do on a page: `acknowledged_here` (their province's
    acknowledgement) and `can_acknowledge`."""
    for w in warnings:
        mine = acknowledging_localities(user, w) if w.is_active else set()
        done = [a for a in w.acknowledgements.all() if a.locality_id in mine]
        # Each province acknowledges for itself: one of the user's having done so leaves the others to do.
        w.can_acknowledge = bool(mine - {a.locality_id for a in done})
        w.acknowledged_here = done[0] if done and not w.can_acknowledge else None
    return warnings


def with_warning_flag(partners):
    """Partners annotated with `has_active_warning`, read by the partner_warnings tag to skip asking
    about the partners that have none."""
    return partners.annotate(has_active_warning=_has_active_warning())


@functools.cache
def _has_active_warning():
    # Built once per process, as comment_count (coordination.threads) is.
    return models.Exists(PartnerWarning.objects.active().filter(partner=models.OuterRef("pk")))


def active_warnings_for(partner_ids):
    return (PartnerWarning.objects.active().filter(partner__in=list(partner_ids))
            .select_related("partner", "mission").prefetch_related("acknowledgements__locality", "acknowledgements__by"))


def unacknowledged_for(user):
    """Active warnings on a partner that one of the user's provinces has ties with and has not acknowledged
    (another of their provinces having acknowledged it is not enough: each province acknowledges for itself)."""
    scope = scope_of(user)
    localities = scope.locality_ids
    if not localities:
        return PartnerWarning.objects.none()
    pending = models.Q()
    for locality_id in sorted(localities):
        acknowledged = WarningAcknowledgement.objects.filter(warning=models.OuterRef("pk"), locality=locality_id)
        pending |= tied_with([locality_id]) & ~models.Exists(acknowledged)
    return PartnerWarning.objects.active().filter(pending).select_related("partner", "mission")


def pending_localities(user, warning) -> list:
    """The user's provinces with ties to the warning's partner that have not acknowledged it, in the order
    provinces are listed everywhere (Vietnamese alphabetical, `sort_key`)."""
    from ngoaivu.core.models import Locality
    mine = set(scope_of(user).locality_ids) & tied_locality_ids([warning.partner_id])
    done = set(warning.acknowledgements.values_list("locality_id", flat=True))
    return list(Locality.objects.filter(pk__in=mine - done).order_by("sort_key"))


def attention(user, on_day, limit=10) -> list[Section]:
    """New warnings reach the provinces with ties to the partner (and nobody else) until acknowledged."""
    warnings = unacknowledged_for(user)
    section = Section("partner_warnings", _("Cảnh báo về đối tác cần xác nhận"), total=warnings.count())
    several = len(scope_of(user).locality_ids) > 1
    for w in warnings.order_by("-issued_at", "-pk")[:limit]:
        # The day in Viet Nam: issued_at is stored in UTC, a morning warning was "yesterday" there.
        day = timezone.localtime(w.issued_at).date()
        detail = _("%(summary)s — %(issuer)s, %(day)s") % {
            "summary": w.summary, "issuer": w.issuer_display, "day": day.strftime("%d/%m/%Y")}
        if several:  # which of the user's provinces still has to acknowledge it
            detail += " " + _("(chưa xác nhận: %(places)s)") % {
                "places": ", ".join(str(p) for p in pending_localities(user, w))}
        section.items.append({
            "title": f"{w.partner.display_name}: {w.get_category_display()}",
            "detail": detail,
            "url": reverse("partners:warning_detail", args=[w.pk]), "colour": w.severity_colour,
            "overdue": False, "date": day})
    return [section]
