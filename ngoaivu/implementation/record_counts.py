"""How many commitments and activities there are under each agreement province, record province and agreement
visibility (`RecordCount`), and the same per partner country (`CountryRecordCount`), kept current so that the
commitment and activity lists, unfiltered, show their exact total without counting the records their reader
sees: a province's activity list counted ~100,000 of the 1,000,000 activities at national scale (0.5 s of the
database), a mission's commitment list a country's every commitment. The total itself is assembled by the one
scoping mechanism (core.scoping.ScopedQuerySet.visible_count), which reads these rows for the arms whose
lookups they are keyed by (the agreement's visibility and province, the activity's own province).

Kept equal to its recomputation, in the transaction of the change (`core.kept`):
- a commitment or an activity created, moved to another agreement or province, deleted (ORM signals; an
  agreement's delete cascades to its records, each of which subtracts itself);
- an agreement saved with another province or visibility: its records' share before and after. Connected
  before `implementation.actions.activities_follow_agreement` (apps.py), which then moves the activities
  of the agreement's province, each by its own save;
- an agreement's partners added or removed, a partner's new country or its deletion: the records' share per
  country, read before and after through the register's own receivers (agreements.visible_counts.follow_countries);
- the bulk writes that bypass signals (imports, bulk edits, the partners' merge) call
  `ngoaivu.core.summaries.refresh_summaries(locality_ids)`: the rows of those agreement provinces are
  recomputed; records written without signals, inside `core.summaries.records_written`;
- the sweep's changes of status and health (`apply_changes`) move no row: neither is part of the key.
`rebuild()` and `differences()` serve `ngoaivu summaries --rebuild/--check`.
"""
from functools import partial

from django.db import connections

from ngoaivu.core import kept

TITLE = "Số cam kết, hoạt động theo tỉnh và phạm vi xem"  # as `ngoaivu summaries` names it
KINDS = {"implementation.Commitment": "commitment", "implementation.Activity": "activity"}

# The key: the agreement's province (0: the centre's, or no agreement), the kind, the record's province (a
# commitment's is its agreement's) and the agreement's visibility ("": no agreement).
_RECORDS_SQL = """
SELECT COALESCE(a.locality_id, 0), 'commitment', COALESCE(a.locality_id, 0), a.visibility, COUNT(*)
FROM implementation_commitment r JOIN agreements_agreement a ON a.id = r.agreement_id
WHERE 1 = 1 {commitments}
GROUP BY COALESCE(a.locality_id, 0), a.visibility
UNION ALL
SELECT COALESCE(a.locality_id, 0), 'activity', r.locality_id, COALESCE(a.visibility, ''), COUNT(*)
FROM implementation_activity r LEFT JOIN agreements_agreement a ON a.id = r.agreement_id
WHERE 1 = 1 {activities}
GROUP BY COALESCE(a.locality_id, 0), r.locality_id, COALESCE(a.visibility, '')
"""
# A record counts once per country of its agreement's partners (two Korean partners: one Korean record).
_COUNTRIES = """(SELECT DISTINCT ap.agreement_id, p.country FROM agreements_agreement_partners ap
                 JOIN partners_partner p ON p.id = ap.partner_id WHERE p.country <> '')"""
_BY_COUNTRY_SQL = f"""
SELECT COALESCE(a.locality_id, 0), 'commitment', c.country, COALESCE(a.locality_id, 0), a.visibility, COUNT(*)
FROM implementation_commitment r JOIN agreements_agreement a ON a.id = r.agreement_id
JOIN {_COUNTRIES} c ON c.agreement_id = a.id
WHERE 1 = 1 {{commitments}}
GROUP BY COALESCE(a.locality_id, 0), c.country, a.visibility
UNION ALL
SELECT COALESCE(a.locality_id, 0), 'activity', c.country, r.locality_id, a.visibility, COUNT(*)
FROM implementation_activity r JOIN agreements_agreement a ON a.id = r.agreement_id
JOIN {_COUNTRIES} c ON c.agreement_id = a.id
WHERE 1 = 1 {{activities}}
GROUP BY COALESCE(a.locality_id, 0), c.country, r.locality_id, a.visibility
"""


def _counted(sql, commitments=("", []), activities=("", []), using=None) -> dict:
    """{key: records} of the records that the conditions select, each (SQL to follow WHERE, parameters) on
    `a`, the agreement, and `r`, the record; None: none of that kind."""
    never = (" AND 1 = 0", [])
    (c_where, c_params), (a_where, a_params) = commitments or never, activities or never
    with connections[using or "default"].cursor() as cursor:
        cursor.execute(sql.format(commitments=c_where, activities=a_where), list(c_params) + list(a_params))
        return {(int(row[0]), *row[1:-3], int(row[-3]), row[-2] or ""): int(row[-1])
                for row in cursor.fetchall() if row[-1]}


def _of_provinces(sql, locality_ids, using=None) -> dict:
    """The rows of the records of these provinces: a commitment of its agreement's, an activity of its own
    or its agreement's (0: the centre's agreements', the activities of no agreement); None: every record."""
    if locality_ids is None:
        return _counted(sql, using=using)
    agreements, params = kept.localities_where("a.locality_id", locality_ids)
    own, own_params = kept.in_list("r.locality_id", {int(i or 0) for i in locality_ids})
    return _counted(sql, (agreements, params), (f"AND ({agreements.removeprefix('AND ')} OR {own})", params + own_params),
                    using=using)


def recompute(locality_ids=None, using=None) -> dict:
    """The rows counted from the registers (of the records of these provinces: `_of_provinces`)."""
    return _of_provinces(_RECORDS_SQL, locality_ids, using=using)


def recompute_by_country(locality_ids=None, using=None) -> dict:
    return _of_provinces(_BY_COUNTRY_SQL, locality_ids, using=using)


# Scoped by both provinces: a bulk write names the provinces of the records it moved (an activity moved to
# another province's agreement: its own province), and their rows under any agreement are recomputed.
TABLE = kept.KeptTable("implementation_recordcount", ("agreement_locality", "kind", "locality", "visibility"),
                       ("records",), recompute, scoped_by=("agreement_locality", "locality"))
BY_COUNTRY = kept.KeptTable("implementation_countryrecordcount",
                            ("agreement_locality", "kind", "country", "locality", "visibility"), ("records",),
                            recompute_by_country, scoped_by=("agreement_locality", "locality"))


def counts(model) -> dict:
    """The kept counts of `model`'s list as `visible_count` reads them with `KEYS[model label]`."""
    return _read("SELECT agreement_locality, locality, visibility, records FROM implementation_recordcount "
                 "WHERE kind = %s AND records <> 0", model)


def of_country(model, code) -> dict:
    """The same of the records of one partner country's agreements (a mission's country arm)."""
    return _read("SELECT agreement_locality, locality, visibility, records FROM implementation_countryrecordcount "
                 "WHERE kind = %s AND country = %s AND records <> 0", model, str(code))


def _read(sql, model, *params) -> dict:
    kind = KINDS[model._meta.label]
    with connections["default"].cursor() as cursor:
        cursor.execute(sql, [kind, *params])
        return {_shaped(kind, int(al), int(loc), vis): int(n) for al, loc, vis, n in cursor.fetchall()}


def _shaped(kind, agreement_locality, locality, visibility) -> tuple:
    # A commitment's province is its agreement's: its key is the register's (SCOPE_LOCALITY, SCOPE_VISIBILITY).
    return (agreement_locality, visibility) if kind == "commitment" else (locality, agreement_locality, visibility)


# The lookups each key of `counts(model)` holds, in order (visible_count's `keys`).
KEYS = {"implementation.Commitment": ("agreement__locality", "agreement__visibility"),
        "implementation.Activity": ("locality", "agreement__locality", "agreement__visibility")}


def list_totals(model) -> tuple:
    """A list view's `kept_counts`, `kept_country_counts` and `kept_keys` (core.generic) for `model`'s list
    (partials: not descriptors, so no method binding as class attributes)."""
    return partial(counts, model), partial(of_country, model), KEYS[model._meta.label]


# --- shares: what some records, or the records of some agreements, hold of the rows now ----------------------

def _of_records(label, ids, sql=_RECORDS_SQL) -> dict:
    if not ids:
        return {}
    these = kept.and_in("r.id", ids)
    return _counted(sql, these, None) if KINDS[label] == "commitment" else _counted(sql, None, these)


def _of_agreements(ids, sql=_RECORDS_SQL) -> dict:
    these = kept.and_in("a.id", ids)
    return _counted(sql, these, these) if ids else {}


_shares = {TABLE: _RECORDS_SQL, BY_COUNTRY: _BY_COUNTRY_SQL}
_records_before = [kept.records_before_of({label: partial(_of_records, label, sql=sql) for label in KINDS}, table.add)
                   for table, sql in _shares.items()]


def records_before(model, ids):
    """`core.summaries.records_written`: commitments or activities written without signals."""
    after = [done for done in (before(model, ids) for before in _records_before) if done is not None]
    return (lambda: [done() for done in after]) if after else None


refresh_summaries, rebuild, differences = kept.over_tables(TABLE, BY_COUNTRY)
apply_changes = kept.moved_by_no_status_change


def connect():
    """Called once from ImplementationConfig.ready(), before the receiver that moves an agreement's
    activities with it (see the module's docstring)."""
    from ngoaivu.agreements import visible_counts
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.implementation.models import Activity, Commitment
    for model, fields in ((Commitment, ("agreement",)), (Activity, ("agreement", "locality"))):
        label = model._meta.label
        kept.follow(model, partial(lambda label, pk: _of_records(label, {pk}), label), TABLE.add,
                    uid=f"implementation.record_counts.{model._meta.model_name}.", fields=fields)
        kept.follow(model, partial(lambda label, pk: _of_records(label, {pk}, _BY_COUNTRY_SQL), label),
                    BY_COUNTRY.add, uid=f"implementation.record_counts.by_country.{model._meta.model_name}.",
                    fields=fields)
    # An agreement's saves only: its delete cascades to its records, which subtract themselves.
    kept.follow(Agreement, lambda pk: _of_agreements({pk}), TABLE.add, uid="implementation.record_counts.agreement.",
                fields=("locality", "visibility"), deletes=False)
    kept.follow(Agreement, lambda pk: _of_agreements({pk}, _BY_COUNTRY_SQL), BY_COUNTRY.add,
                uid="implementation.record_counts.agreement.by_country.", fields=("locality", "visibility"),
                deletes=False)
    visible_counts.follow_countries(lambda ids: _of_agreements(ids, _BY_COUNTRY_SQL), BY_COUNTRY.add)
