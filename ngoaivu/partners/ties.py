"""Who has ties with a partner, and what a reader may see of them (the partner page as the hub).

A province reads its own records in full and, of other provinces, what the register's scoping shows it
(national or public agreements, co-signed ones); everything else is only counted ("3 other provinces have
agreements with this partner; 1 dormant"), never listed. The centre, and a mission accredited to the
partner's country, read everything through the same scoping (Agreement.SCOPE_COUNTRY).
"""
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import CharField, Value


def tied_locality_ids(partner_ids) -> set:
    """The current provinces with a record naming one of these partners: an agreement (managing or
    co-signing), a delegation, or a contact made by a delegation."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Delegation, DelegationContact
    ids = set(Agreement._base_manager.filter(partners__in=partner_ids).values_list("locality_id", flat=True))
    # A former province that co-signed (Quảng Nam) is a tie of the province that holds its records today.
    for co_signatory, successor in (Agreement._base_manager.filter(partners__in=partner_ids, co_signatories__isnull=False)
                                    .values_list("co_signatories", "co_signatories__successor")):
        ids.add(successor or co_signatory)
    ids |= set(Delegation._base_manager.filter(partners__in=partner_ids).values_list("locality_id", flat=True))
    ids |= set(DelegationContact._base_manager.filter(partner__in=partner_ids)
               .values_list("delegation__locality_id", flat=True))
    ids.discard(None)
    return ids


def tied_with(locality_ids, partner="partner"):
    """Whether the partner that the outer query's column `partner` names has ties with these provinces (the
    reverse of `tied_locality_ids`), as a condition on that query's rows: for a few rows (the active
    warnings), each partner's own links looked up, rather than every partner of a large province listed
    first (its thousands of agreements' links read, 50 ms, to warn about a handful of partners or none)."""
    from django.db.models import Exists, OuterRef

    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Delegation, DelegationContact
    loc, ref = list(locality_ids), OuterRef(partner)
    agreements = Agreement.partners.through.objects.filter(partner=ref)
    return (Exists(agreements.filter(agreement__locality__in=loc))
            | Exists(agreements.filter(agreement__co_signatories__in=loc))
            | Exists(agreements.filter(agreement__co_signatories__successor__in=loc))
            | Exists(Delegation.partners.through.objects.filter(partner=ref, delegation__locality__in=loc))
            | Exists(DelegationContact._base_manager.filter(partner=ref, delegation__locality__in=loc)))


@dataclass
class Ties:
    agreements: object                 # the agreements the reader sees (queryset)
    delegations: object                # the delegations the reader sees (queryset)
    conferences: object = None         # the conferences the reader sees (queryset)
    # Of what the reader does not see: how many agreements, of how many provinces, how many dormant.
    hidden_agreements: int = 0
    hidden_provinces: int = 0
    hidden_dormant: int = 0
    hidden_delegations: int = 0
    hidden_conferences: int = 0
    # Every province with ties, by name with its counts: only for readers who see all.
    provinces: list = field(default_factory=list)
    sees_all: bool = False
    # How many agreements and delegations the reader sees (the lists above show the newest 20).
    agreement_count: int = 0
    delegation_count: int = 0


def partner_ties(user, partner) -> Ties:
    from ngoaivu.agreements.choices import Health
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core.models import Locality
    from ngoaivu.core.scoping import scope_of
    from ngoaivu.exchanges.models import Conference, Delegation

    scope = scope_of(user)
    # What the reader sees and every record naming the partner, whoever owns it, in one statement (_read):
    # with the ids seen, the records give the hidden aggregates and the centre's table by province, where
    # a NOT IN (scoped subquery) made PostgreSQL scan every agreement (bench/RESULTS.md, issue 10).
    seen, (agreements, delegations, conferences) = _read(user, partner, scope)
    # The lists show a few columns of the newest 20 (the view slices them): only those columns are read.
    ties = Ties(agreements=Agreement.objects.filter(pk__in=seen["agreements"]).select_related("locality")
                .only(*AGREEMENT_COLUMNS).order_by("-signed_on", "-pk"),
                delegations=Delegation.objects.filter(pk__in=seen["delegations"]).select_related("locality")
                .only(*EXCHANGE_COLUMNS).order_by("-start_date", "-pk"),
                conferences=Conference.objects.filter(pk__in=seen["conferences"]).select_related("locality")
                .only(*EXCHANGE_COLUMNS).order_by("-start_date", "-pk"),
                agreement_count=len(seen["agreements"]), delegation_count=len(seen["delegations"]))
    own = scope.locality_ids
    hidden = [(pk, locality, health) for pk, locality, health in agreements if pk not in seen["agreements"]]
    ties.hidden_agreements = len(hidden)
    ties.hidden_provinces = len({locality for _, locality, _ in hidden if locality is not None})
    ties.hidden_dormant = sum(1 for *_, health in hidden if health == Health.DORMANT)
    ties.hidden_delegations = sum(1 for pk, _, _ in delegations if pk not in seen["delegations"])
    ties.hidden_conferences = sum(1 for pk, _, _ in conferences if pk not in seen["conferences"])
    ties.sees_all = not (ties.hidden_agreements or ties.hidden_delegations or ties.hidden_conferences) and (
        scope.sees_all or str(partner.country) in scope.country_codes)
    if ties.sees_all:
        agreement_counts = Counter(locality for _, locality, _ in agreements)
        dormant_counts = Counter(locality for _, locality, health in agreements if health == Health.DORMANT)
        delegation_counts = Counter(locality for _, locality, _ in delegations)
        ids = set(agreement_counts) | set(delegation_counts)
        for loc in Locality.objects.filter(pk__in=ids).order_by("sort_key"):
            ties.provinces.append({"locality": loc, "agreements": agreement_counts.get(loc.pk, 0),
                                   "dormant": dormant_counts.get(loc.pk, 0),
                                   "delegations": delegation_counts.get(loc.pk, 0), "own": loc.pk in own})
    return ties


# The columns the partner page's lists show (partners/partner_detail.html): signed_display reads the
# signing day, its precision and, for a historical record, the status it was recorded with.
AGREEMENT_COLUMNS = ("title", "signed_on", "signed_precision", "historical", "recorded_status", "status", "health",
                     "locality__short_name")
EXCHANGE_COLUMNS = ("title", "start_date", "end_date", "status", "locality__short_name")
KINDS = ("agreements", "delegations", "conferences")


def _read(user, partner, scope):
    """({kind: ids the reader sees}, (records of each kind)): the records are (pk, locality, health) of
    every agreement, delegation and conference naming the partner, whoever owns it (health only for
    agreements). One statement, a UNION of a branch per kind for the records and, unless the reader sees
    everything, a branch per kind for the ids they see, scoped once per kind and filtered by the partner
    first, so that the scope's subqueries are narrowed to its records (core.scoping._in_subquery), not
    every record of a mission's countries."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Conference, Delegation

    from ngoaivu.core import statements
    none = Value("", output_field=CharField())

    def rows(queryset, tag, health):
        return queryset.order_by().values_list(Value(tag, output_field=CharField()), "pk", "locality_id", health)

    def build(key):
        branches = []
        for model, kind in ((Agreement, "a"), (Delegation, "d"), (Conference, "c")):
            health = "health" if model is Agreement else none
            branches.append(rows(model._base_manager.filter(partners=key), kind, health))
            if not scope.sees_all:  # upper case: the reader's; the default manager, as the register reads
                branches.append(rows(model.objects.filter(partners=key).visible_to(user), kind.upper(), health))
        return branches[0].union(*branches[1:])
    found = {tag: [] for tag in "adcADC"}
    # Built once per reader's scope (the branches hold it) and run with each partner's key (core.statements):
    # building and compiling the six scoped branches cost more than the database's work.
    for tag, pk, locality, health in statements.rows(("partner ties", None if scope.sees_all else scope), build,
                                                     partner.pk):
        found[tag].append((pk, locality, health))
    if scope.sees_all:
        seen = {key: {pk for pk, _, _ in found[tag]} for key, tag in zip(KINDS, "adc")}
    else:
        seen = {key: {pk for pk, _, _ in found[tag]} for key, tag in zip(KINDS, "ADC")}
    return seen, (found["a"], found["d"], found["c"])
