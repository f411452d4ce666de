"""State changes of the partner directory, and the one rule of who changes a shared partner.

A partner is shared: every province's agreements and delegations link to the same Gyeonggi-do, and its
country decides which embassy reads those agreements (Agreement.SCOPE_COUNTRY). So a province that
could edit any partner could re-scope other provinces' records. The rule (`partner_edit_refusal`), used
by the pages and the API alike:
- the centre (officer or manager) changes any partner;
- the province or mission that added it changes it while no record of another province uses it;
- everyone else is refused, with a message telling them to ask the centre.
A change of country on a partner linked to agreements widens who reads them, so it is never silent: it
needs `confirm_country_change` and is written in the partner's history with the agreements it touches.
"""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ngoaivu.core.concurrency import check_version
from ngoaivu.core.countries import country_name
from ngoaivu.core.scoping import scope_of
from ngoaivu.partners.models import WIKIDATA_ID, Partner, PartnerAlias, name_key

FIELDS = ["name", "name_vi", "kind", "country", "parent", "website", "registration_number", "wikidata_id", "notes"]


def clean_aliases(names, *own_names) -> list[str]:
    """The aliases as typed, one per name: blanks, repeats (folded) and the partner's own names dropped."""
    seen = {name_key(n) for n in own_names if n}
    result = []
    for raw in names or ():
        name = " ".join(str(raw).split())[:255]
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            result.append(name)
    return result


def set_aliases(partner: Partner, names) -> None:
    """Make the partner's own aliases exactly `names` (aliases a merge added stay until it is undone),
    and refresh its search text, so that "chungbuk" finds Chungcheongbuk-do at once."""
    wanted = {name_key(n): n for n in clean_aliases(names, partner.name, partner.name_vi)}
    current = {a.key: a for a in partner.aliases.all()}
    for key, alias in current.items():
        if key not in wanted and alias.merge_id is None:
            alias.delete()
        elif key in wanted and alias.name != wanted[key]:
            alias.name = wanted[key]
            alias.save()
    for key, name in wanted.items():
        if key not in current:
            PartnerAlias.objects.create(partner=partner, name=name)
    partner.refresh_search_text()


def own_alias_names(partner: Partner) -> list[str]:
    return [a.name for a in partner.aliases.all() if a.merge_id is None]


def _check_identifiers(partner: Partner) -> None:
    partner.wikidata_id = (partner.wikidata_id or "").strip().upper()
    if partner.wikidata_id and not WIKIDATA_ID.match(partner.wikidata_id):
        raise ValidationError({"wikidata_id": _("Mã Wikidata viết dạng Q và các chữ số, ví dụ Q41151")})


def _check_mission_country(user, partner: Partner, old_country=None) -> None:
    """A mission acts on the countries it covers (its opportunities and warnings too): it adds partners of
    those countries and moves none of its own elsewhere. The centre and the provinces: any country."""
    from ngoaivu.partners.opportunities import mission_countries
    covered = mission_countries(user)
    country = str(partner.country or "")
    # No country (an international organisation a Permanent Mission works with) is in no other mission's sight.
    if covered is not None and country and country != old_country and country not in covered:
        raise ValidationError({"country": _("Quốc gia: cơ quan đại diện thêm, sửa đối tác của nước mình phụ trách "
                                            "(%(names)s).") % {"names": ", ".join(country_name(c) for c in covered)}})


def can_edit_partners(user) -> bool:
    """Whoever keeps a register (province officers, missions) or the centre may add to the directory."""
    scope = scope_of(user)
    return bool(scope.superuser or scope.centre_edit or scope.edit_locality_ids or scope.edit_mission_ids)


def partner_edit_refusal(user, partner: Partner) -> str | None:
    """None when `user` may change `partner`; otherwise why not, in words to show them."""
    if not can_edit_partners(user):
        return _("Tài khoản của bạn không có quyền sửa danh mục đối tác.")
    scope = scope_of(user)
    # Known without a query: the centre may change any partner, and a province or mission only one it added
    # (PartnerQuerySet.editable_by); only then is "used by another province" asked of the database.
    if scope.superuser or scope.centre_edit:
        return None
    owned = partner.locality_id in scope.edit_locality_ids or partner.mission_id in scope.edit_mission_ids
    if owned and Partner.objects.editable_by(user).filter(pk=partner.pk).exists():
        return None
    if owned:
        return _("Đối tác này đã được đơn vị khác sử dụng trong thỏa thuận, đoàn, hội nghị hoặc cơ hội hợp tác của họ, "
                 "nên chỉ Bộ Ngoại giao sửa được. Hãy đề nghị Bộ Ngoại giao sửa thông tin đối tác.")
    return _("Đối tác này do đơn vị khác tạo và dùng chung trong cả nước, nên bạn không sửa được. Hãy đề nghị "
             "Bộ Ngoại giao (hoặc đơn vị đã tạo) sửa thông tin đối tác.")


def can_edit_partner(user, partner: Partner) -> bool:
    return partner_edit_refusal(user, partner) is None


def linked_agreements(partner: Partner):
    """The agreements whose readers follow this partner's country (a mission reads its host country's)."""
    from ngoaivu.agreements.models import Agreement
    return Agreement._base_manager.filter(partners=partner)


def linked_conferences(partner: Partner):
    """The conferences whose readers follow this partner's country (Conference.SCOPE_COUNTRY)."""
    from ngoaivu.exchanges.models import Conference
    return Conference._base_manager.filter(partners=partner)


def linked_opportunities(partner: Partner):
    """The opportunities naming this partner: a listing's country is its partner's (partners.opportunities)."""
    from ngoaivu.partners.models_opportunities import Opportunity
    return Opportunity._base_manager.filter(partner=partner)


def renamed_look_alike(partner: Partner, name, country, name_vi="", aliases=None) -> tuple[str, Partner] | None:
    """(the field an edit changed, the other current partner it now repeats), or None: what creating a
    partner is refused for (Partner.objects.look_alikes), asked of an edit when it changes the names, the
    other names (`aliases`, None: not edited) or the country, so that two partners kept under one name on
    purpose stay editable."""
    changed = [field for field, old, new in (("name", partner.name_key, name_key(name)),
                                             ("name_vi", partner.name_vi_key, name_key(name_vi)),
                                             ("country", str(partner.country or ""), str(country or "")))
               if old != new]
    # Only the names the edit brings: a name the partner already had and shares on purpose (its twin kept
    # with "vẫn tạo mới") is no new clash, unless the partner moves to another country with it.
    keys = {"name": name_key(name), "name_vi": name_key(name_vi)}
    asked = {keys[f] for f in keys if keys[f] and (f in changed or "country" in changed)}
    existing = (Partner.objects.matching_keys(asked, country).exclude(pk=partner.pk).first() if asked else None)
    if existing is not None:
        return changed[0], existing
    # Other names are matched as the names are (Partner.objects.matching_keys): one that is another partner's
    # name or alias made the two one by it. Only those the edit brings, as above (its old names included).
    had = {a.key for a in partner.aliases.all()}
    given = had if aliases is None else {name_key(n) for n in clean_aliases(aliases, name, name_vi)}
    new_keys = given if "country" in changed else given - had - {partner.name_key, partner.name_vi_key}
    existing = (Partner.objects.matching_keys(new_keys, country).exclude(pk=partner.pk).first() if new_keys else None)
    return ("aliases", existing) if existing is not None else None


def field_label(field: str) -> str:
    if field == "aliases":  # the partner's other names, a list of rows of their own
        return capfirst(PartnerAlias._meta.get_field("name").verbose_name)
    return capfirst(Partner._meta.get_field(field).verbose_name)


@transaction.atomic
def create_partner(user, *, allow_duplicate=False, **fields) -> Partner:
    """Add a partner, unless one with the same folded name in the same country exists (then the caller
    offers that one; `allow_duplicate` is the person's explicit "no, it is a different partner")."""
    if not can_edit_partners(user):
        raise PermissionDenied(_("Tài khoản của bạn không có quyền thêm đối tác."))
    if not (fields.get("name") or "").strip():
        raise ValidationError({"name": _("Nhập tên đối tác")})
    if not allow_duplicate:
        existing = Partner.objects.look_alikes(fields["name"], fields.get("country"), fields.get("name_vi", "")).first()
        if existing is not None:
            raise ValidationError({"name": _("Đã có đối tác “%(name)s” ở cùng quốc gia. Chọn đối tác này thay vì tạo "
                                             "mới.") % {"name": existing}})
        # Other names are matched as the names are (Partner.objects.matching_keys), as on an edit
        # (renamed_look_alike) and on the page (PartnerForm.clean).
        keys = {name_key(n) for n in clean_aliases(fields.get("aliases"), fields["name"], fields.get("name_vi", ""))}
        existing = Partner.objects.matching_keys(keys, fields.get("country")).first() if keys else None
        if existing is not None:
            raise ValidationError({"aliases": _("%(field)s: đã có đối tác “%(name)s” ở cùng quốc gia. Chọn đối tác "
                                                "này thay vì tạo mới.") % {"field": field_label("aliases"),
                                                                            "name": existing}})
    partner = Partner(created_by=user, **{k: v for k, v in fields.items() if k in FIELDS})
    _check_identifiers(partner)
    _check_mission_country(user, partner)
    partner.save()  # the owner (the creator's province or mission) is set on the first save
    if fields.get("aliases"):
        set_aliases(partner, fields["aliases"])
    return partner


def counted(agreements: int, conferences: int, opportunities: int) -> dict:
    """The records a change of country touches, as phrases for the messages (n, c, o): English says
    "1 agreement", "2 agreements" (Vietnamese has no plural)."""
    return {"n": ngettext("%(n)s thỏa thuận", "%(n)s thỏa thuận", agreements) % {"n": agreements},
            "c": ngettext("%(n)s hội nghị, hội thảo", "%(n)s hội nghị, hội thảo", conferences) % {"n": conferences},
            "o": ngettext("%(n)s cơ hội hợp tác", "%(n)s cơ hội hợp tác", opportunities) % {"n": opportunities}}


@transaction.atomic
def update_partner(user, partner: Partner, *, confirm_country_change=False, allow_duplicate=False, version=None,
                   **fields) -> Partner:
    """Change a partner, if `user` may (else PermissionDenied with the reason). A new country for a partner
    linked to agreements needs `confirm_country_change`, and the history row says what it re-scoped. A new
    name (or country) that another partner already has is refused as on creation, unless `allow_duplicate`.
    `version`: see core.concurrency (a partner's country decides which mission reads its agreements)."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    check_version(partner, version)
    refusal = partner_edit_refusal(user, partner)
    if refusal:
        raise PermissionDenied(refusal)
    if not allow_duplicate:
        clash = renamed_look_alike(partner, fields.get("name", partner.name), fields.get("country", partner.country),
                                   fields.get("name_vi", partner.name_vi), fields.get("aliases"))
        if clash is not None:
            field, existing = clash
            raise ValidationError({field: _("%(field)s: đã có đối tác “%(name)s” ở %(country)s. Nếu là cùng một đối "
                                             "tác, đề nghị Bộ Ngoại giao gộp hai đối tác.") % {
                "field": field_label(field), "name": existing, "country": existing.country_name or "—"}})
    old_country = str(partner.country or "")
    old_aliases = own_alias_names(partner)
    for name, value in fields.items():
        if name in FIELDS:
            setattr(partner, name, value)
    reasons = []  # of the history row, joined by "; " (each translated on the page by core.stored_text)
    if partner.parent_id == partner.pk:
        raise ValidationError({"parent": _("Một đối tác không thể trực thuộc chính nó")})
    ancestor, seen = partner.parent, {partner.pk}
    while ancestor is not None:
        if ancestor.pk in seen:
            raise ValidationError({"parent": _("Đối tác trực thuộc không thể là đơn vị cấp trên của chính nó")})
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
    _check_identifiers(partner)
    _check_mission_country(user, partner, old_country)
    new_country = str(partner.country or "")
    listings = linked_opportunities(partner).exclude(country=new_country) if new_country else None
    if new_country != old_country:
        # Conferences as agreements: their partners' countries decide which mission reads them. Opportunities:
        # a listing's country is its partner's, so the listings naming the partner move with it (below); that
        # changes which provinces it is matched to, so it is confirmed too.
        agreements, conferences = linked_agreements(partner), linked_conferences(partner)
        count, meetings = agreements.count(), conferences.count()
        offers = listings.count() if listings is not None else 0
        values = {**counted(count, meetings, offers), "old": country_name(old_country) or "—",
                  "new": country_name(new_country) or "—"}
        if count or meetings:
            provinces = len({*agreements.values_list("locality", flat=True).distinct(),
                             *conferences.values_list("locality", flat=True).distinct()})
            values["p"] = ngettext("%(n)s tỉnh, thành phố", "%(n)s tỉnh, thành phố", provinces) % {"n": provinces}
            if not confirm_country_change:
                message = (_(
                    "Đối tác này có trong %(n)s, %(c)s của %(p)s. Đổi "
                    "quốc gia từ %(old)s sang %(new)s sẽ đổi cơ quan đại diện được xem các hồ sơ đó. Đánh dấu xác nhận "
                    "nếu vẫn đổi.") if meetings else _(
                    "Đối tác này có trong %(n)s của %(p)s. Đổi quốc gia từ %(old)s sang "
                    "%(new)s sẽ đổi cơ quan đại diện được xem các thỏa thuận đó. Đánh dấu xác nhận nếu vẫn đổi.")) % values
                if offers:
                    message += " " + ngettext("%(o)s cơ hội hợp tác nêu đối tác này cũng chuyển sang %(new)s.",
                                              "%(o)s cơ hội hợp tác nêu đối tác này cũng chuyển sang %(new)s.",
                                              offers) % {**values, "o": offers}
                raise ValidationError({"confirm_country_change": message})
            # The history shows the old and new country; the reason says it was confirmed and what it touched.
            reasons.append((_("Đổi quốc gia đã xác nhận: %(n)s, %(c)s của %(p)s") if meetings else
                            _("Đổi quốc gia đã xác nhận: %(n)s của %(p)s")) % values)
        elif offers and not confirm_country_change:
            raise ValidationError({"confirm_country_change": _(
                "Đối tác này có trong %(o)s. Đổi quốc gia từ %(old)s sang %(new)s sẽ chuyển các cơ hội "
                "đó sang %(new)s (các tỉnh được gợi ý cơ hội sẽ khác). Đánh dấu xác nhận nếu vẫn đổi.") % values})
        if offers:
            reasons.append((ngettext("%(o)s cơ hội hợp tác chuyển sang %(new)s",
                                     "%(o)s cơ hội hợp tác chuyển sang %(new)s", offers) if count or meetings else
                            ngettext("Đổi quốc gia đã xác nhận: %(o)s cơ hội hợp tác chuyển sang %(new)s",
                                     "Đổi quốc gia đã xác nhận: %(o)s cơ hội hợp tác chuyển sang %(new)s", offers))
                           % {**values, "o": offers})
    if "aliases" in fields:
        # The history keeps the partner's own columns only: a change of its other names alone left a row
        # "Sửa" naming nothing.
        new_aliases = clean_aliases(fields["aliases"], partner.name, partner.name_vi)
        if sorted(new_aliases) != sorted(old_aliases):
            reasons.append(_("Tên khác: %(old)s → %(new)s") % {"old": ", ".join(old_aliases) or "—",
                                                                "new": ", ".join(new_aliases) or "—"})
    if reasons:
        partner._change_reason = "; ".join(reasons)  # kept whole (Partner.history's reason is text)
    partner.save()
    if new_country != old_country and listings is not None:
        move_listings(listings, new_country, _("Theo đối tác đổi quốc gia"))
    if "aliases" in fields:
        set_aliases(partner, fields["aliases"])
    refresh_linked_search(partner)
    return partner


def move_listings(listings, country, reason) -> None:
    """A listing with a partner of another country is refused when posted (partners.opportunities._check):
    the `listings` follow their partner to `country` (a partner's new country, the survivor's on a merge),
    each with its own history row."""
    for listing in listings.exclude(country=country).select_for_update():
        listing.country = country
        listing._change_reason = reason
        listing.save()


def refresh_linked_search(*partners) -> None:
    """Agreements, delegations and conferences carry their partners' names, other names and countries in
    their search text, opportunities their partner's name: after a partner's names change, the register
    finds its agreements (and the list its opportunities) by the new ones."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Conference, Delegation
    from ngoaivu.partners.models_opportunities import Opportunity
    for model in (Agreement, Delegation, Conference):
        for obj in model._base_manager.filter(partners__in=[p.pk for p in partners]).distinct():
            obj.refresh_search_text()
    refresh_listing_search(Opportunity._base_manager.filter(partner__in=[p.pk for p in partners]))


def refresh_listing_search(listings) -> None:
    """An opportunity's search text holds the name of the partner it names (Opportunity.search_parts): written
    again for `listings` after that partner is renamed or merged, in one bulk update (no history row: the
    listing itself did not change)."""
    from ngoaivu.partners.models_opportunities import Opportunity
    changed = []
    for listing in listings.select_related("partner"):
        text = listing.built_search_text()
        if text != listing.search_text:
            listing.search_text = text
            changed.append(listing)
    Opportunity._base_manager.bulk_update(changed, ["search_text"], batch_size=500)
