"""Duplicates across provinces, and the centre's merge tool.

Thirty-four provinces type the same Korean province in their own ways. `duplicate_groups` suggests
partners of one country whose names (as written, in Vietnamese or an alias, without generic words such as
"Province" or "-do") fold alike. `merge_partners` moves every reference of the duplicate to the partner
kept, in one transaction, keeps the duplicate's names as aliases, and stores what it moved in a
`PartnerMerge`, which `unmerge` reads to give every reference back.
"""
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.core import summaries
from ngoaivu.core.scoping import scope_of
from ngoaivu.partners import actions
from ngoaivu.partners.models import Partner, PartnerAlias, PartnerMerge, PartnerWarning, core_key, name_key


def can_merge(user) -> bool:
    scope = scope_of(user)
    return bool(scope.superuser or scope.centre_edit)


def duplicate_groups(country=None) -> list[list[Partner]]:
    """Groups of two or more current partners of one country that share a name key (see module doc)."""
    partners = Partner.objects.current().prefetch_related("aliases")
    if country:
        partners = partners.filter(country=country)
    groups = defaultdict(set)
    by_pk = {}
    for p in partners.only("pk", "name", "name_vi", "country", "kind", "locality", "mission"):
        by_pk[p.pk] = p
        for text in (p.name, p.name_vi, *[a.name for a in p.aliases.all()]):
            key = core_key(text)
            if key:
                groups[(str(p.country), key)].add(p.pk)
    seen, result = set(), []
    for (_country, _key), pks in sorted(groups.items()):
        pks = frozenset(pks)
        if len(pks) > 1 and pks not in seen:
            seen.add(pks)
            result.append(sorted((by_pk[pk] for pk in pks), key=lambda p: (p.name, p.pk)))
    return result



def merge_preview(survivor: Partner, duplicate: Partner) -> dict:
    """What a merge would move, as querysets and lists (shown before the centre confirms): every reference
    to the duplicate (tests.partners.test_merge_references checks that none is left out)."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Conference, Delegation, DelegationContact, DelegationStop
    from ngoaivu.partners.models_opportunities import Opportunity
    survivor_keys = {name_key(n) for n in (survivor.name, survivor.name_vi, *survivor.alias_names) if n}
    names = {}
    for n in (duplicate.name, duplicate.name_vi, *duplicate.alias_names):
        key = name_key(n)
        if key and key not in survivor_keys:
            names.setdefault(key, n)
    return {
        "agreements": Agreement._base_manager.filter(partners=duplicate).select_related("locality").order_by("pk"),
        "delegations": Delegation._base_manager.filter(partners=duplicate).select_related("locality").order_by("pk"),
        "conferences": Conference._base_manager.filter(partners=duplicate).select_related("locality").order_by("pk"),
        "contacts": DelegationContact._base_manager.filter(partner=duplicate).order_by("pk"),
        "stops": DelegationStop._base_manager.filter(partner=duplicate).order_by("pk"),
        "opportunities": Opportunity._base_manager.filter(partner=duplicate).order_by("pk"),
        # Not the survivor itself (a parent merged into its own subsidiary): it would become its own parent.
        "children": Partner.objects.filter(parent=duplicate).exclude(pk=survivor.pk).order_by("pk"),
        "warnings": PartnerWarning.objects.filter(partner=duplicate).order_by("pk"),
        "aliases": list(names.values()),
    }


def _check(user, survivor, duplicate, across_countries):
    if not can_merge(user):
        raise PermissionDenied(_("Chỉ Bộ Ngoại giao gộp đối tác trùng."))
    if survivor.pk == duplicate.pk:
        raise ValidationError({"survivor": _("Chọn hai đối tác khác nhau để gộp")})
    if survivor.merged_into_id or duplicate.merged_into_id:
        raise ValidationError({"survivor": _("Một trong hai đối tác đã được gộp vào đối tác khác")})
    if survivor.country != duplicate.country and not across_countries:
        raise ValidationError({"across_countries": _(
            "Hai đối tác thuộc hai quốc gia khác nhau (%(dup)s: %(dup_country)s; %(survivor)s: %(country)s): "
            "đánh dấu xác nhận để tính mọi hồ sơ của đối tác trùng cho %(country)s.") % {
            "dup": duplicate.name, "dup_country": duplicate.get_country_display(), "survivor": survivor.name,
            "country": survivor.get_country_display()}})


@transaction.atomic
def merge_partners(user, survivor: Partner, duplicate: Partner, reason: str = "",
                   across_countries: bool = False) -> PartnerMerge:
    """Fold `duplicate` into `survivor` (see the module doc). Every reference moves or none does.
    `across_countries`: the centre confirmed merging partners of two countries (a duplicate entered under the
    wrong one): its agreements, delegations and conferences then count for the survivor's country."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Conference, Delegation
    from ngoaivu.partners.models_opportunities import Opportunity
    survivor = Partner.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Partner.objects.select_for_update().get(pk=duplicate.pk)
    _check(user, survivor, duplicate, across_countries)
    preview = merge_preview(survivor, duplicate)
    moved = {}
    for key, model in (("agreements", Agreement), ("delegations", Delegation), ("conferences", Conference)):
        through = model.partners.through
        ids = list(preview[key].values_list("pk", flat=True))
        both = set(through.objects.filter(**{f"{model._meta.model_name}_id__in": ids}, partner=survivor)
                   .values_list(f"{model._meta.model_name}_id", flat=True))
        moved[key] = sorted(set(ids) - both)
        moved[f"{key}_both"] = sorted(both)
        through.objects.filter(**{f"{model._meta.model_name}_id__in": ids}, partner=duplicate).delete()
        through.objects.bulk_create([through(**{f"{model._meta.model_name}_id": pk, "partner": survivor})
                                     for pk in moved[key]])
    # The opportunities' countries before they follow the survivor to its own (below), for an unmerge.
    listings = preview["opportunities"].exclude(country=str(survivor.country)) if survivor.country else None
    moved["opportunity_countries"] = ({str(pk): country for pk, country in listings.values_list("pk", "country")}
                                      if listings is not None else {})
    for key in ("contacts", "stops", "opportunities"):
        moved[key] = list(preview[key].values_list("pk", flat=True))
    for key in ("contacts", "stops"):
        preview[key].model._base_manager.filter(pk__in=moved[key]).update(partner=survivor)
    followed = _("Theo đối tác giữ lại khi gộp đối tác trùng")
    _follow(Opportunity._base_manager.filter(pk__in=moved["opportunities"]), "partner", survivor, followed)
    if moved["opportunity_countries"]:
        # A listing's country is its partner's: as when a partner's country is changed (actions.update_partner).
        actions.move_listings(Opportunity._base_manager.filter(pk__in=[int(pk) for pk in moved["opportunity_countries"]]),
                              str(survivor.country), _("Theo đối tác giữ lại khi gộp đối tác trùng"))
    moved["children"] = list(preview["children"].values_list("pk", flat=True))
    _follow(Partner.objects.filter(pk__in=moved["children"]), "parent", survivor, followed)
    if survivor.parent_id == duplicate.pk:  # the survivor was the duplicate's subsidiary: it takes its place
        moved["survivor_parent"] = duplicate.pk
        survivor.parent_id = duplicate.parent_id if duplicate.parent_id != survivor.pk else None
        survivor._change_reason = followed
        survivor.save()
    moved["warnings"] = list(preview["warnings"].values_list("pk", flat=True))
    _follow(PartnerWarning.objects.filter(pk__in=moved["warnings"]), "partner", survivor, followed)
    merge = PartnerMerge.objects.create(survivor=survivor, duplicate=duplicate, moved=moved, merged_by=user,
                                        reason=(reason or "").strip()[:300])
    for name in preview["aliases"]:
        PartnerAlias.objects.create(partner=survivor, name=name, merge=merge)
    duplicate.merged_into = survivor
    duplicate._change_reason = _("Gộp vào %(name)s") % {"name": survivor.name}
    duplicate.save()
    survivor.refresh_search_text()
    _refresh_search(moved)
    actions.refresh_linked_search(survivor)  # its own agreements gain the duplicate's names as other names
    return merge


def _follow(records, field, partner, reason) -> None:
    """`records` (opportunities, warnings, subsidiaries) now name `partner` in `field`: saved one by one, not
    update(), so that each has a history row of the move by whoever merged or unmerged, with `reason` (their
    pages read that history; a moved row said nothing of the partner it names now)."""
    for record in records.select_for_update():
        setattr(record, field, partner)
        record._change_reason = reason
        record.save()


def _refresh_search(moved):
    """Agreements, delegations and conferences carry their partners' names in their search text; the national
    figures per partner country count agreements by their partners' countries (the links moved in bulk,
    which no signal sees: tell the statistics layer in the same transaction)."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Conference, Delegation
    from ngoaivu.partners.models_opportunities import Opportunity
    for model, key in ((Agreement, "agreements"), (Delegation, "delegations"), (Conference, "conferences")):
        for obj in model._base_manager.filter(pk__in=moved.get(key, []) + moved.get(f"{key}_both", [])):
            obj.refresh_search_text()
    # Opportunities carry their partner's name: those moved are found by the name of the partner they now name.
    actions.refresh_listing_search(Opportunity._base_manager.filter(pk__in=moved.get("opportunities", [])))
    ids = moved.get("agreements", []) + moved.get("agreements_both", [])
    summaries.refresh_summaries(Agreement._base_manager.filter(pk__in=ids).values_list("locality_id", flat=True))


@transaction.atomic
def unmerge(user, merge: PartnerMerge) -> PartnerMerge:
    """Give the duplicate back every reference the merge moved, and drop the aliases it added."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Conference, Delegation, DelegationContact, DelegationStop
    from ngoaivu.partners.models_opportunities import Opportunity
    merge = PartnerMerge.objects.select_for_update().select_related("survivor", "duplicate").get(pk=merge.pk)
    if not can_merge(user):
        raise PermissionDenied(_("Chỉ Bộ Ngoại giao tách đối tác đã gộp."))
    if not merge.is_active:
        raise ValidationError({"merge": _("Lần gộp này đã được tách lại.")})
    survivor, duplicate, moved = merge.survivor, merge.duplicate, merge.moved
    if survivor.merged_into_id:
        raise ValidationError({"merge": _("Đối tác giữ lại đã được gộp tiếp vào đối tác khác; tách lần gộp đó "
                                          "trước.")})
    for key, model in (("agreements", Agreement), ("delegations", Delegation), ("conferences", Conference)):
        through, column = model.partners.through, f"{model._meta.model_name}_id"
        through.objects.filter(**{f"{column}__in": moved.get(key, [])}, partner=survivor).delete()
        back = moved.get(key, []) + moved.get(f"{key}_both", [])
        already = set(through.objects.filter(**{f"{column}__in": back}, partner=duplicate).values_list(column, flat=True))
        through.objects.bulk_create([through(**{column: pk, "partner": duplicate}) for pk in back if pk not in already])
    DelegationContact._base_manager.filter(pk__in=moved.get("contacts", []), partner=survivor).update(partner=duplicate)
    DelegationStop._base_manager.filter(pk__in=moved.get("stops", []), partner=survivor).update(partner=duplicate)
    back_reason = _("Theo đối tác được tách lại sau khi gộp")
    _follow(Opportunity._base_manager.filter(pk__in=moved.get("opportunities", []), partner=survivor), "partner",
            duplicate, back_reason)
    back = defaultdict(list)  # the countries the listings had before they followed the survivor
    for pk, country in moved.get("opportunity_countries", {}).items():
        back[country].append(int(pk))
    for country, pks in back.items():
        actions.move_listings(Opportunity._base_manager.filter(pk__in=pks, partner=duplicate), country, back_reason)
    _follow(Partner.objects.filter(pk__in=moved.get("children", []), parent=survivor), "parent", duplicate, back_reason)
    if moved.get("survivor_parent") == duplicate.pk:
        _follow(Partner.objects.filter(pk=survivor.pk), "parent", duplicate, back_reason)
        survivor.refresh_from_db()
    _follow(PartnerWarning.objects.filter(pk__in=moved.get("warnings", []), partner=survivor), "partner", duplicate,
            back_reason)
    merge.aliases_added.all().delete()
    duplicate.merged_into = None
    duplicate._change_reason = _("Tách lại khỏi %(name)s") % {"name": survivor.name}
    duplicate.save()
    merge.unmerged_at, merge.unmerged_by = timezone.now(), user
    merge.save()
    survivor.refresh_search_text()
    duplicate.refresh_search_text()
    _refresh_search(moved)
    actions.refresh_linked_search(survivor)  # the duplicate's names are no longer the survivor's
    return merge
