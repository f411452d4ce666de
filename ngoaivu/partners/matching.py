"""Explainable matching of provinces and opportunities: a simple weighted sum, with its reasons in words.

    score = 3 × (sectors shared by the opportunity and the province's profile)
          + 2 × (the opportunity's partner country is one of the province's priority countries)
          + 1 × (the province's agreements in force with that country, at most 5)
          + 1 × (of those, the ones being implemented — "đang triển khai", at most 5)
          − 5 × (the province's share of agreements in force that are "ký rồi để đấy", 0 to 1), rounded

Agreement figures are counts from the statistics layer (implementation.Summary: per province and partner
country), never another province's records. A province with no profile is ranked by its agreements only.
The same formula ranks provinces for an opportunity and open opportunities for a province.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.core.countries import country_name

SECTOR_WEIGHT, PRIORITY_WEIGHT, AGREEMENT_WEIGHT, ACTIVE_WEIGHT, DORMANT_WEIGHT, CAP = 3, 2, 1, 1, 5, 5
# Shown on the pages under the ranking, so that nobody has to guess how it was computed.
FORMULA = gettext_lazy("Điểm = 3 × số lĩnh vực trùng + 2 nếu quốc gia đối tác là quốc gia ưu tiên của tỉnh + số thỏa thuận "
            "có hiệu lực với quốc gia đó (tối đa 5) + số thỏa thuận đang triển khai với quốc gia đó (tối đa 5) "
            "− 5 × tỉ lệ thỏa thuận ‘ký rồi để đấy’ của tỉnh.")


@dataclass
class Match:
    score: int
    reasons: list = field(default_factory=list)
    locality: object = None
    opportunity: object = None


def _figures(locality_ids):
    """{(locality, country): (in_force, active, dormant)} from the statistics layer (country "" = total)."""
    from ngoaivu.implementation.models import Summary
    rows = Summary.objects.filter(locality__in=list(locality_ids)).values_list(
        "locality", "country", "in_force", "active", "dormant")
    return {(loc, country): (in_force, active, dormant) for loc, country, in_force, active, dormant in rows}


def _profiles(locality_ids):
    from ngoaivu.partners.models_opportunities import ProvinceProfile
    return {p.locality_id: p for p in ProvinceProfile.objects.filter(locality__in=list(locality_ids))
            .prefetch_related("sectors")}


def score(opportunity, locality_id, profile, figures) -> Match:
    """The score of one province for one opportunity, and why."""
    reasons, total = [], 0
    opp_sectors = {s.pk: s for s in opportunity.sectors.all()}
    if profile is not None:
        shared = [str(opp_sectors[s.pk]) for s in profile.sectors.all() if s.pk in opp_sectors]
        if shared:
            total += SECTOR_WEIGHT * len(shared)
            reasons.append(_("trùng lĩnh vực: %(names)s") % {"names": ", ".join(sorted(shared))})
        priorities = {str(c) for c in profile.priority_countries}
        hit = sorted(opportunity.countries_of_interest() & priorities)
        if hit:
            total += PRIORITY_WEIGHT
            reasons.append(_("quốc gia ưu tiên: %(names)s") % {"names": ", ".join(country_name(c) for c in hit)})
    for code in sorted(opportunity.countries_of_interest()):
        in_force, active, _dormant = figures.get((locality_id, code), (0, 0, 0))
        if in_force:
            total += AGREEMENT_WEIGHT * min(in_force, CAP) + ACTIVE_WEIGHT * min(active, CAP)
            reasons.append(_("%(n)s thỏa thuận với %(country)s, %(active)s đang triển khai") % {
                "n": in_force, "country": country_name(code), "active": active})
    in_force, _active, dormant = figures.get((locality_id, ""), (0, 0, 0))
    if in_force:
        share = dormant / in_force
        total -= round(DORMANT_WEIGHT * share)
        reasons.append(_("năng lực: %(pct)s %% ‘ký rồi để đấy’") % {"pct": round(100 * share)})
    return Match(score=total, reasons=reasons)


def rank_provinces(opportunity, limit=10) -> list[Match]:
    """The provinces for an opportunity, best first (those with no reason at all left out)."""
    from ngoaivu.core.models import Locality
    localities = {l.pk: l for l in Locality.objects.current().exclude(pk=opportunity.locality_id)}
    figures, profiles = _figures(localities), _profiles(localities)
    matches = []
    for pk, locality in localities.items():
        match = score(opportunity, pk, profiles.get(pk), figures)
        if match.reasons and match.score > 0:
            match.locality = locality
            matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.locality.sort_key))
    return matches[:limit]


def rank_opportunities(locality, limit=10) -> list[Match]:
    """The open opportunities for a province, best first (not its own)."""
    from ngoaivu.partners.models_opportunities import Opportunity
    figures, profile = _figures([locality.pk]), _profiles([locality.pk]).get(locality.pk)
    matches = []
    for opportunity in (Opportunity.objects.open_on().exclude(locality=locality)
                        .prefetch_related("sectors")):
        match = score(opportunity, locality.pk, profile, figures)
        if match.reasons and match.score > 0:
            match.opportunity = opportunity
            matches.append(match)
    matches.sort(key=lambda m: (-m.score, -m.opportunity.pk))
    return matches[:limit]
