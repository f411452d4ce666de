"""Every state change of the opportunities (partners.models_opportunities): post, edit, close, express
interest, connect, link the outcome, save a province profile; and their part of the one attention list.
Views parse and authorise through these; history is kept by simple_history on each model."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core.attention import Section
from ngoaivu.core.concurrency import check_version
from ngoaivu.core.countries import country_name
from ngoaivu.core.scoping import check_in_scope, may_add, scope_of
from ngoaivu.partners.models_opportunities import (
    Interest, InterestStatus, Opportunity, OpportunityKind, OpportunityStatus, ProvinceProfile)

OPPORTUNITY_FIELDS = ["kind", "title", "country", "preferred_countries", "partner", "sought", "offered", "deadline",
                      "contact", "document", "status"]
PROFILE_FIELDS = ["strengths", "priority_countries"]
NEW_DAYS = 30  # an opportunity reaches the matching provinces' attention list for this many days


def may_post(user) -> bool:
    return may_add(user, Opportunity)


def may_edit(user, opportunity) -> bool:
    return Opportunity.objects.editable_by(user).filter(pk=opportunity.pk).exists()


def interest_localities(user, opportunity) -> list:
    """The provinces `user` may express interest for: those they edit, except the poster itself."""
    scope = scope_of(user)
    return sorted(pk for pk in scope.edit_locality_ids if pk != opportunity.locality_id)


def may_connect(user, interest) -> bool:
    """The poster (its scope) or the centre connects an interest."""
    scope = scope_of(user)
    return scope.superuser or scope.centre_edit or may_edit(user, interest.opportunity)


def may_link_outcome(user, interest) -> bool:
    """The interested province, the poster or the centre records what the connection led to."""
    scope = scope_of(user)
    return bool(interest.status != InterestStatus.EXPRESSED and (
        may_connect(user, interest) or interest.locality_id in scope.edit_locality_ids))


def readable_outcomes(user, interests) -> dict:
    """{"agreement": ids, "delegation": ids}: the outcomes of these interests that `user` reads. An interest is
    national (read with its opportunity); the agreement or delegation it led to is its province's record, so a
    page or an answer names it only to whoever reads it (an internal one's title reached every province)."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Delegation
    readable = {}
    for name, model in (("agreement", Agreement), ("delegation", Delegation)):
        ids = {getattr(i, f"{name}_id") for i in interests} - {None}
        readable[name] = set(model.objects.filter(pk__in=ids).visible_to(user, per_row=True)
                             .values_list("pk", flat=True)) if ids else set()
    return readable


def _set_fields(obj, fields, names):
    for name in names:
        if name not in fields:
            continue
        value = fields[name]
        if name == "document":
            # A form gives None (no upload: keep the stored file) or False (the "clear" box: remove it).
            if value is None:
                continue
            value = value or ""
        setattr(obj, name, value)


def mission_countries(user) -> list[str] | None:
    """The countries a mission-only poster may post for (its missions' countries), or None for the centre
    and provinces, who post for any country."""
    scope = scope_of(user)
    if scope.superuser or scope.centre_edit or scope.edit_locality_ids or not scope.edit_mission_ids:
        return None
    from ngoaivu.core.models import Mission
    return sorted({c for m in Mission.objects.filter(pk__in=scope.edit_mission_ids) for c in m.country_codes})


def _check(opportunity, deadline_changed=True, partner_changed=True, country_changed=True):
    errors = {}
    if not (opportunity.title or "").strip():
        errors["title"] = _("Nhập tiêu đề cơ hội")
    if opportunity.kind == OpportunityKind.PROVINCE_SEEKS and not opportunity.locality_id:
        errors["kind"] = _("Chỉ tỉnh, thành phố đăng tin tìm đối tác")
    # Asked when the country changes: a listing that followed its partner to another country (the centre
    # corrected the partner's, partners.actions.update_partner) can still be closed by the mission.
    if opportunity.mission_id and country_changed:
        covered = opportunity.mission.country_codes
        if str(opportunity.country or "") not in covered:
            errors["country"] = _("Quốc gia: cơ quan đại diện đăng cơ hội với nước mình phụ trách (%(codes)s).") % {
                "codes": ", ".join(country_name(c) for c in covered)}
    # The partner is of the listing's country (the embassy in Korea names no Japanese partner). Asked when
    # either changes, as the deadline: a listing saved before this check can still be corrected or closed.
    partner = opportunity.partner
    if (partner_changed and partner is not None and partner.country and opportunity.country
            and str(partner.country) != str(opportunity.country)):
        errors["partner"] = _("Đối tác nước ngoài: %(partner)s ở %(partner_country)s, không phải %(country)s (quốc gia "
                              "đối tác của cơ hội).") % {
            "partner": partner, "partner_country": country_name(partner.country),
            "country": country_name(opportunity.country)}
    if deadline_changed and opportunity.deadline and opportunity.deadline < timezone.localdate():
        errors["deadline"] = _("Hạn bày tỏ quan tâm: không được trước hôm nay.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def post_opportunity(user, sectors=(), **fields) -> Opportunity:
    """A mission, the centre or a province posts; the owner is the poster's own scope."""
    if not may_post(user):
        raise PermissionDenied(_("Bạn không được đăng cơ hội hợp tác."))
    scope = scope_of(user)
    opportunity = Opportunity(created_by=user)
    if not (scope.superuser or scope.centre_edit):
        if scope.edit_locality_ids:
            opportunity.locality_id = min(scope.edit_locality_ids)
        elif scope.edit_mission_ids:
            opportunity.mission_id = min(scope.edit_mission_ids)
    _set_fields(opportunity, fields, OPPORTUNITY_FIELDS)
    _check(opportunity)
    opportunity.save()
    opportunity.sectors.set(sectors)
    check_in_scope(user, opportunity)
    return opportunity


@transaction.atomic
def update_opportunity(user, opportunity, sectors=None, version=None, **fields) -> Opportunity:
    """Change an opportunity; `version` (core.concurrency) refuses a save over someone else's."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if not may_edit(user, opportunity):
        raise PermissionDenied(_("Chỉ đơn vị đăng cơ hội được sửa (cơ hội của cơ quan đại diện: cả Bộ Ngoại giao)."))
    check_version(opportunity, version)
    old_deadline, old_partner = opportunity.deadline, (opportunity.partner_id, str(opportunity.country or ""))
    _set_fields(opportunity, fields, OPPORTUNITY_FIELDS)
    # An old opportunity past its deadline can still be edited (closed, corrected); a new past date cannot.
    _check(opportunity, deadline_changed=opportunity.deadline != old_deadline,
           partner_changed=(opportunity.partner_id, str(opportunity.country or "")) != old_partner,
           country_changed=str(opportunity.country or "") != old_partner[1])
    opportunity.save()
    if sectors is not None:
        opportunity.sectors.set(sectors)
    check_in_scope(user, opportunity)
    return opportunity


@transaction.atomic
def express_interest(user, opportunity, note="", locality_id=None) -> Interest:
    """A province says it is interested, once per opportunity; the poster sees it in their attention list."""
    choices = interest_localities(user, opportunity)
    if not choices:
        raise PermissionDenied(_("Chỉ tỉnh, thành phố khác với nơi đăng được bày tỏ quan tâm."))
    locality_id = locality_id or choices[0]
    if locality_id not in choices:
        raise PermissionDenied(_("Bạn không được bày tỏ quan tâm thay tỉnh này."))
    if opportunity.status != OpportunityStatus.OPEN:
        raise ValidationError({"note": _("Cơ hội này đã đóng.")})
    if not opportunity.is_open:
        raise ValidationError({"note": _("Cơ hội này đã hết hạn bày tỏ quan tâm.")})
    if Interest.objects.filter(opportunity=opportunity, locality_id=locality_id).exists():
        raise ValidationError({"note": _("Tỉnh đã bày tỏ quan tâm cơ hội này.")})
    interest = Interest.objects.create(opportunity=opportunity, locality_id=locality_id, note=(note or "").strip(),
                                       created_by=user)
    return interest


@transaction.atomic
def connect_interest(user, interest) -> Interest:
    interest = Interest.objects.select_for_update().select_related("opportunity").get(pk=interest.pk)
    if not may_connect(user, interest):
        raise PermissionDenied(_("Chỉ đơn vị đăng cơ hội hoặc Bộ Ngoại giao kết nối."))
    if interest.status != InterestStatus.EXPRESSED:
        raise ValidationError({"interest": _("Quan tâm này đã được kết nối.")})
    interest.status, interest.connected_at, interest.connected_by = InterestStatus.CONNECTED, timezone.now(), user
    interest._change_reason = _("Kết nối")
    interest.save()
    return interest


@transaction.atomic
def link_outcome(user, interest, agreement=None, delegation=None, version=None) -> Interest:
    """The outcome is an agreement or a delegation of the interested province (never another's record).
    `version`: the interest as the page read it (core.concurrency): an outcome recorded since is not replaced
    unseen."""
    interest = Interest.objects.select_for_update().select_related("opportunity").get(pk=interest.pk)
    if not may_link_outcome(user, interest):
        raise PermissionDenied(_("Bạn không được ghi kết quả của quan tâm này."))
    check_version(interest, version)
    if not (agreement or delegation):
        raise ValidationError({"agreement": _("Chọn thỏa thuận hoặc đoàn là kết quả của kết nối")})
    if agreement is not None and agreement.locality_id != interest.locality_id:
        raise ValidationError({"agreement": _("Thỏa thuận phải của tỉnh đã bày tỏ quan tâm")})
    if delegation is not None and delegation.locality_id != interest.locality_id:
        raise ValidationError({"delegation": _("Đoàn phải của tỉnh đã bày tỏ quan tâm")})
    interest.agreement, interest.delegation, interest.status = agreement, delegation, InterestStatus.OUTCOME
    interest._change_reason = _("Ghi kết quả")
    interest.save()
    return interest


@transaction.atomic
def save_profile(user, locality, sectors=(), version=None, **fields) -> ProvinceProfile:
    """Create or change a province's profile; `version` (core.concurrency) refuses a save over someone
    else's: a form read before the profile existed carries version 0, so a profile created meanwhile by a
    colleague is not overwritten (two creating it at once: get_or_create finds the other's)."""
    if locality.pk not in scope_of(user).edit_locality_ids and not scope_of(user).superuser:
        raise PermissionDenied(_("Chỉ tỉnh, thành phố sửa hồ sơ của mình."))
    profile, created = ProvinceProfile.objects.get_or_create(locality=locality)
    if not created:  # made now, by this save: nothing of anyone's to overwrite
        check_version(profile, version)
    _set_fields(profile, fields, PROFILE_FIELDS)
    profile.save()
    profile.sectors.set(sectors)
    return profile


def outcome_figure(queryset=None) -> dict:
    """"N cơ hội → N thỏa thuận": opportunities that led to an agreement, and those agreements."""
    interests = Interest.objects.filter(agreement__isnull=False)
    if queryset is not None:
        interests = interests.filter(opportunity__in=queryset)
    return {"opportunities": interests.values("opportunity").distinct().count(),
            "agreements": interests.values("agreement").distinct().count()}


def matching_new(locality_ids, on_day):
    """Open opportunities of the last NEW_DAYS days matching the provinces' profile sectors or priority
    countries, not their own and not yet answered."""
    since = timezone.make_aware(datetime.datetime.combine(on_day - datetime.timedelta(days=NEW_DAYS), datetime.time()))
    profiles = ProvinceProfile.objects.filter(locality__in=locality_ids).prefetch_related("sectors")
    sector_ids = {s.pk for p in profiles for s in p.sectors.all()}
    countries = {str(c) for p in profiles for c in p.priority_countries}
    if not (sector_ids or countries):
        return Opportunity.objects.none()
    match = Q(sectors__in=sector_ids) | Q(country__in=countries)
    return (Opportunity.objects.open_on(on_day).filter(match, created_at__gte=since)
            .exclude(locality__in=locality_ids).exclude(interests__locality__in=locality_ids).distinct())


def attention(user, on_day, limit=10) -> list[Section]:
    """Three sections: new matching opportunities (provinces), interests to connect (posters), and
    connections made for the province."""
    scope = scope_of(user)
    sections = []
    if scope.locality_ids:
        new = matching_new(scope.locality_ids, on_day)
        section = Section("opportunities_matching", _("Cơ hội hợp tác phù hợp với tỉnh"), total=new.count())
        for o in new.order_by("-created_at")[:limit]:
            section.items.append({"title": o.title, "detail": o.poster_display, "url": o.get_absolute_url(),
                                  "colour": "blue", "overdue": False, "date": timezone.localtime(o.created_at).date()})
        sections.append(section)
        connected = Interest.objects.filter(locality__in=scope.locality_ids, status=InterestStatus.CONNECTED)
        section = Section("opportunities_connected", _("Cơ hội đã được kết nối"), total=connected.count())
        for i in connected.select_related("opportunity").order_by("-connected_at")[:limit]:
            section.items.append({"title": i.opportunity.title, "detail": _("Ghi kết quả khi có thỏa thuận hoặc đoàn"),
                                  "url": i.opportunity.get_absolute_url(), "colour": "green", "overdue": False,
                                  "date": timezone.localtime(i.connected_at).date()})
        sections.append(section)
    if scope.can_edit_anything:
        mine = Opportunity.objects.editable_by(user)
        # A closed opportunity's interests are no longer to connect (its page still lists them).
        waiting = Interest.objects.filter(opportunity__in=mine.exclude(status=OpportunityStatus.CLOSED),
                                          status=InterestStatus.EXPRESSED)
        section = Section("opportunities_interests", _("Tỉnh quan tâm cơ hội đã đăng"), total=waiting.count())
        for i in waiting.select_related("opportunity", "locality").order_by("-created_at")[:limit]:
            section.items.append({"title": f"{i.locality}: {i.opportunity.title}", "detail": " ".join(i.note.split())[:200],  # one line: the digest's text
                                  "url": i.opportunity.get_absolute_url(), "colour": "blue", "overdue": False,
                                  "date": timezone.localtime(i.created_at).date()})
        sections.append(section)
    return sections


def reverse_detail(opportunity):
    return reverse("partners:opportunity_detail", args=[opportunity.pk])
