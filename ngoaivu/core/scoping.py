"""The one scoping mechanism: who sees and who edits a province-owned record.

A user's memberships give a `Scope`. Every scoped model inherits `ScopedModel` and says where its owner
lives with a few lookups (SCOPE_LOCALITY, SCOPE_UNIT, SCOPE_COUNTRY, SCOPE_VISIBILITY, SCOPE_MISSION);
a child record names its parent once (SCOPE_PARENT = "agreement") and inherits all of them.
`Model.objects.visible_to(user)` and `.editable_by(user)` do the rest. Views and the API never filter by
province by hand. After an action saves, `check_in_scope` re-reads the object through `editable_by`, so a
change that moves a record out of the user's reach is rolled back.
"""
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from ngoaivu.core.choices import Role, ScopeKind, Visibility
from ngoaivu.core.text import SearchQuerySet

EDIT_ROLES = {Role.MANAGER, Role.OFFICER}
# What a signed-in user of any province reads besides their own.
SHARED_VISIBILITIES = (Visibility.NATIONAL, Visibility.PUBLIC)
_PLAIN_WORD = re.compile(r"[a-z_]+")


def shared_condition(lookup="visibility"):
    """The condition of a partial index on the records every province reads. With one, each arm of the
    scope's OR has an index (PostgreSQL's BitmapOr, SQLite's multi-index OR), so a province's list is read
    through its own rows' index rather than through every row of the filtered status."""
    return models.Q(**{f"{lookup}__in": [str(v) for v in SHARED_VISIBILITIES]})


@models.CharField.register_lookup
class InLiterals(models.lookups.In):
    """`IN ('national', 'public')` with the values written into the SQL, not bound: SQLite uses a partial
    index only when the query repeats its condition literally, and a bound parameter is not. For the
    code's own constants only (plain lower-case words, checked)."""

    lookup_name = "in_literals"

    def process_rhs(self, compiler, connection):
        values = [str(value) for value in self.rhs]
        if not values or not all(_PLAIN_WORD.fullmatch(value) for value in values):
            raise ValueError(f"in_literals takes plain words only: {values!r}")
        return "(" + ", ".join(f"'{value}'" for value in values) + ")", []


@dataclass(frozen=True)
class Scope:
    authenticated: bool = False
    superuser: bool = False
    centre: bool = False            # sees every record
    centre_edit: bool = False       # edits records owned by the centre (no locality)
    centre_manager: bool = False    # a centre membership with the manager role (manages accounts)
    locality_ids: frozenset = field(default_factory=frozenset)       # sees their internal records
    edit_locality_ids: frozenset = field(default_factory=frozenset)  # edits their records
    manage_locality_ids: frozenset = field(default_factory=frozenset)  # manages their accounts
    unit_ids: frozenset = field(default_factory=frozenset)
    edit_unit_ids: frozenset = field(default_factory=frozenset)      # edits records assigned to them
    country_codes: frozenset = field(default_factory=frozenset)      # missions: accredited countries
    mission_ids: frozenset = field(default_factory=frozenset)
    edit_mission_ids: frozenset = field(default_factory=frozenset)

    @property
    def sees_all(self) -> bool:
        return self.superuser or self.centre

    @property
    def reads(self) -> tuple:
        """What `visible_to` reads of the scope (ScopedQuerySet._visible_arms): the key of a statement whose
        text is the records a reader sees (core.statements), which the roles and units of the same provinces,
        countries and missions share."""
        return (self.authenticated, self.sees_all, self.locality_ids, self.country_codes, self.mission_ids)

    @property
    def can_edit_anything(self) -> bool:
        return bool(self.superuser or self.centre_edit or self.edit_locality_ids or self.edit_unit_ids
                    or self.edit_mission_ids)


ANONYMOUS = Scope()


def scope_of(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_ngoaivu_scope", None)
    if cached is not None:
        return cached
    sets = {name: set() for name in (
        "locality_ids", "edit_locality_ids", "manage_locality_ids", "unit_ids", "edit_unit_ids",
        "country_codes", "mission_ids", "edit_mission_ids")}
    centre = centre_edit = centre_manager = False
    # The sign-in backend read them with the user on this request (core.backends); another user's, read here.
    memberships = getattr(user, "loaded_memberships", None)
    if memberships is None:
        memberships = user.memberships.select_related("unit", "mission").all()
    for m in memberships:
        can_edit = m.role in EDIT_ROLES
        if m.kind == ScopeKind.CENTRE:
            centre = True
            centre_edit = centre_edit or can_edit
            centre_manager = centre_manager or m.role == Role.MANAGER
        elif m.kind == ScopeKind.LOCALITY:
            sets["locality_ids"].add(m.locality_id)
            if can_edit:
                sets["edit_locality_ids"].add(m.locality_id)
            if m.role == Role.MANAGER:
                sets["manage_locality_ids"].add(m.locality_id)
        elif m.kind == ScopeKind.UNIT:
            sets["locality_ids"].add(m.unit.locality_id)
            sets["unit_ids"].add(m.unit_id)
            if can_edit:
                sets["edit_unit_ids"].add(m.unit_id)
        elif m.kind == ScopeKind.MISSION:
            sets["mission_ids"].add(m.mission_id)
            # A mission reads what concerns every country it is accredited to, not only its host country.
            sets["country_codes"].update(m.mission.country_codes)
            if can_edit:
                sets["edit_mission_ids"].add(m.mission_id)
    scope = Scope(authenticated=True, superuser=user.is_superuser, centre=centre, centre_edit=centre_edit,
                  centre_manager=centre_manager,
                  **{k: frozenset(v) for k, v in sets.items()})
    user._ngoaivu_scope = scope
    return scope


@models.Field.register_lookup
class InArray(models.lookups.In):
    """`pk IN (subquery)`, written `pk = ANY(ARRAY(subquery))` on PostgreSQL. Inside the scope's OR, an
    `IN (subquery)` arm is a hashed subplan that PostgreSQL can only test row by row, so the whole OR became
    a filter over every row (a sequential scan for a province's unfiltered list). An array computed once
    is an index condition like the other arms: the OR becomes a BitmapOr of indexes. SQLite already
    looks an `IN (subquery)` arm up by rowid."""

    lookup_name = "in_array"

    def as_postgresql(self, compiler, connection):
        if self.rhs_is_direct_value():  # a list of values, not a subquery: a plain IN (…)
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


# On a foreign key's own column too (a child's parent key in the parents a scope accepts: visible_to's few):
# related fields take only their own lookups, not those registered on Field. Given a subquery or plain keys
# (not model instances, which only the related fields' own `in` turns into keys).
models.ForeignObject.register_lookup(InArray)


class PerRowExists(models.Exists):
    """EXISTS tested row by row on PostgreSQL too. Its planner pulls an EXISTS up into a semi-join (dropping
    the LIMIT 1) and then hashes or merges it with every row of the subquery's table that matches without
    the correlation: a mission's calendar month read all 9,709 stops and 12,571 conference partners of Korea
    for the 584 and 134 records of the window. An OFFSET is its fence (subselect.c, simplify_EXISTS_query:
    a subquery with one is kept as it is), so the test is an index lookup per row, which is what a scope
    tested per row is asked for: a window's rows, a list's first page walked in order. Measured on the
    mission's month at 50k: 1.8 → 1.1 ms and 2.1 → 0.5 ms for the two statements (EXPLAIN ANALYZE)."""

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="EXISTS(%(subquery)s OFFSET 0)", **extra_context)


# The single lookups a model declares (or inherits from its parent); SCOPE_READ_LOCALITIES is a tuple.
SINGLE_LOOKUPS = ("SCOPE_LOCALITY", "SCOPE_UNIT", "SCOPE_COUNTRY", "SCOPE_MISSION", "SCOPE_VISIBILITY")
_UNSET = object()


def _declared(model, name):
    """`name` as the model (or one of its own bases below ScopedModel) declares it, else _UNSET: the
    defaults of ScopedModel itself do not count for a child, whose owner is its parent's."""
    for klass in model.__mro__:
        if klass is ScopedModel:
            break
        if name in klass.__dict__:
            return klass.__dict__[name]
    return _UNSET


def _prefixed(path, lookup):
    return f"{path}__{lookup}" if lookup else None


def parent_field(model):
    """The foreign key a child record names in SCOPE_PARENT, or None for a record that owns itself."""
    name = getattr(model, "SCOPE_PARENT", None)
    return model._meta.get_field(name) if name else None


def scope_lookups(model) -> dict:
    """Every SCOPE_* lookup of `model`, the parent's ones derived through SCOPE_PARENT (recursively).

    A child reads as its parent reads: each lookup it does not declare is the parent's, prefixed by the
    path to the parent (Fulfilment → commitment → agreement: "commitment__agreement__partners__country").
    A lookup it declares replaces the parent's for that rule (a commitment's own `responsible_unit` edits
    it); when it declares its own locality (an activity recorded by a co-signing province), the parent's
    owner keeps reading it as one more reader. Computed once per model."""
    cached = model.__dict__.get("_scope_lookups_cache")
    if cached is not None:
        return cached
    field = parent_field(model)
    if field is None:
        result = {name: getattr(model, name, None) for name in SINGLE_LOOKUPS}
        result["SCOPE_READ_LOCALITIES"] = tuple(getattr(model, "SCOPE_READ_LOCALITIES", ()) or ())
    else:
        if not (field.many_to_one or field.one_to_one) or not issubclass(field.related_model, ScopedModel):
            raise TypeError(f"{model.__name__}.SCOPE_PARENT must name a foreign key to a scoped model")
        path, parent = field.name, scope_lookups(field.related_model)
        result, readers = {}, [_prefixed(path, lookup) for lookup in parent["SCOPE_READ_LOCALITIES"]]
        for name in SINGLE_LOOKUPS:
            own = _declared(model, name)
            result[name] = _prefixed(path, parent[name]) if own is _UNSET else own
        if result["SCOPE_LOCALITY"] != _prefixed(path, parent["SCOPE_LOCALITY"]) and parent["SCOPE_LOCALITY"]:
            readers.append(_prefixed(path, parent["SCOPE_LOCALITY"]))
        own_readers = _declared(model, "SCOPE_READ_LOCALITIES")
        readers += list(() if own_readers is _UNSET else own_readers)
        result["SCOPE_READ_LOCALITIES"] = tuple(dict.fromkeys(readers))
    model._scope_lookups_cache = result
    return result


def _forward_key(model, lookup):
    """(the foreign key a lookup starts with, the rest of the lookup) when it starts with a foreign key of
    `model` itself (not a reverse one-to-one) and goes further; else (None, None)."""
    first, _sep, rest = lookup.partition("__")
    field = model._meta.get_field(first)
    if rest and field.concrete and (field.many_to_one or field.one_to_one):
        return field, rest
    return None, None


def _parent_keys(field, rest, values, literal=False):
    """The parent's keys (the column `field`, a foreign key, points at) of the parents matching
    `rest__in=values`, as a subquery; literal=True writes the values into the SQL (`in_literals`: the
    visibility's constants), so that the parent's partial index on them serves this subquery too."""
    if literal:
        return field.related_model._base_manager.filter(**{f"{rest}__in_literals": values}).values(
            field.target_field.attname)
    return _keys_matching(field.related_model, rest, values, field.target_field)


def _keys_matching(model, lookup, values, key):
    """The values of `model`'s column `key` (a field) in the rows matching `lookup__in=values`, as a subquery:
    read from the link table when the lookup starts with a many-to-many or a reverse key and `key` is the
    primary key (no join to the model), through the parent's key when it starts with a foreign key
    (recursively), else from the model's own columns."""
    link = ScopedQuerySet._link_of(model, lookup, values)
    if link is not None and link[2].primary_key and key.primary_key:
        rows, column, _target = link
        return rows.values(column)
    field, rest = _forward_key(model, lookup)
    if field is not None:
        return model._base_manager.filter(**{f"{field.attname}__in": _keys_matching(
            field.related_model, rest, values, field.target_field)}).values(key.attname)
    return model._base_manager.filter(**{f"{lookup}__in": values}).values(key.attname)


class ScopedQuerySet(SearchQuerySet):
    def _lookup(self, name):
        return scope_lookups(self.model)[name]

    def _in_subquery(self, lookup, values, per_row=False):
        if per_row:
            # Asked for a few rows (a calendar's window): whether each row matches, looked up through its
            # own key, instead of listing every record of the countries first (a mission's Korea: 9,000
            # agreements, 5,000 trips, to keep 90 and 126).
            return models.Q(PerRowExists(self._rows_matching(lookup, values)))
        # Country and reader lookups may cross a many-to-many (partners' countries, co-signatories); a
        # join would duplicate rows, so they always go through a subquery on the primary key. When the
        # queryset is already narrowed by plain filters (one partner's agreements), the subquery repeats
        # them: the result is the same (the outer query keeps only those rows anyway), but PostgreSQL no
        # longer builds the array of every agreement of a mission's countries (~9,000 for Korea, 50–90 ms)
        # to test a partner's 30.
        if self._narrowed():
            return models.Q(pk__in_array=self.order_by().filter(**{f"{lookup}__in": values}).values("pk"))
        # Not narrowed: the keys are read from the link table alone (a province's directives from their
        # recipients), not from the model joined to it, which PostgreSQL hashed whole for the join (every
        # directive of the country, 4,180, for a province's 1,078 copies).
        rows, column, target = self._link(lookup, values) or (None, None, None)
        if rows is not None and target.primary_key:  # the link's key names the record's pk, compared below
            return models.Q(pk__in_array=rows.values(column))
        field, rest = _forward_key(self.model, lookup)
        if field is not None:
            # Through the parent's key (a commitment's agreement): `agreement_id IN (the parents that match)`,
            # a hashed set PostgreSQL tests each row against in constant time. As an array of the children's
            # own keys it was tested element by element: a province's activity list (its 100,000 activities
            # among 1,000,000) and a mission's commitment list ran for minutes at national scale. A child
            # list cannot be read through a BitmapOr of indexes anyway: its visibility arm is its parent's.
            return models.Q(**{f"{field.attname}__in": _keys_matching(field.related_model, rest, values,
                                                                      field.target_field)})
        return models.Q(pk__in_array=self.model._base_manager.filter(**{f"{lookup}__in": values}).values("pk"))

    def _link(self, lookup, values):
        return self._link_of(self.model, lookup, values)

    @staticmethod
    def _link_of(model, lookup, values):
        """(the rows of the table a `lookup` of `model` starting with a many-to-many or a reverse foreign key
        crosses that match `values`, the column of those rows naming the record, the field of the record it
        names), or None for any other lookup."""
        first, _sep, rest = lookup.partition("__")
        field = model._meta.get_field(first)
        if field.many_to_many and not field.auto_created:
            through = field.remote_field.through
            target, column = field.m2m_reverse_field_name(), field.m2m_field_name()
            rows = through._base_manager.filter(**{f"{target}__{rest}__in" if rest else f"{target}__in": values})
            return rows, column, through._meta.get_field(column).target_field
        if field.one_to_many and isinstance(field, models.ForeignObjectRel):  # a reverse foreign key
            rows = field.related_model._base_manager.filter(**{f"{rest}__in" if rest else "pk__in": values})
            return rows, field.field.name, field.field.target_field
        return None

    def _rows_matching(self, lookup, values):
        """The rows that make one record match `lookup__in=values`, correlated with the outer record's key:
        read from the many-to-many's own table or the related model when the lookup starts there, without
        joining the model's table to itself. PostgreSQL may hash such a test for the whole table: joined to
        itself it read every agreement's key (50,000) for a mission's list, and now the Korean partners'
        links only."""
        link = self._link(lookup, values)
        if link is not None:
            rows, column, target = link
            return rows.filter(**{column: models.OuterRef(target.attname)})
        field, rest = _forward_key(self.model, lookup)
        if field is not None:
            # A child record (an activity under its agreement): the parent's link rows, or the parent's own
            # row, correlated with the child's own foreign key. Joined through the child's and the parent's
            # tables, each row tested cost two or three index lookups more: a mission of a country with few
            # records walks thousands of activities for its first page (Hungary's 5,369: 64–77 ms of SQL that
            # way, 35–55 this way; bench/RESULTS.md, thirty-ninth session).
            link = self._link_of(field.related_model, rest, values)
            if link is not None and link[2] == field.target_field:
                rows, column, _target = link
                return rows.filter(**{column: models.OuterRef(field.attname)})
            return field.related_model._base_manager.filter(
                **{field.target_field.attname: models.OuterRef(field.attname), f"{rest}__in": values})
        return self.model._base_manager.filter(pk=models.OuterRef("pk"), **{f"{lookup}__in": values})

    def _narrowed(self) -> bool:
        """Whether plain filters already narrow this queryset (see _in_subquery)."""
        query = self.query
        return bool(query.where and not query.annotations and not query.distinct and not query.is_sliced
                    and query.combinator is None and not query.extra and not query.values_select)

    # {(queryset class, model, per_row, the scope's fields they read, through_parent, few): arms} built for a
    # queryset not narrowed
    # (or per row): the arms are then a function of the model and the scope alone, the same on each of a
    # reader's requests. Building them (the subqueries of the co-reading provinces and of a mission's
    # countries) was ~1.4 ms of a province officer's every list. A Q and the querysets inside it are never
    # changed by filtering with them (Django resolves a copy), so one built arm serves every request. Bounded:
    # one entry per set of provinces, countries and missions read; dropped whole when full.
    _kept_arms: dict = {}
    MAX_KEPT_ARMS = 512

    def _visible_arms(self, scope, per_row=False, through_parent=False, few=False) -> tuple | list:
        """[(kind, Q)]: the arms of the OR `visible_to` reads through, in its order; kind is "visibility",
        "locality", "readers", "country" or "mission". Not to be changed by the caller (they may be kept)."""
        if not per_row and self._narrowed():
            # the subqueries repeat this queryset's own filters (_in_subquery): built for it alone, not kept
            return self._build_arms(scope, per_row, through_parent, few)
        # Only what _build_arms reads: the unit officers and the roles of one province share their arms.
        key = (type(self), self.model, per_row, scope.authenticated, scope.locality_ids, scope.country_codes,
               scope.mission_ids, through_parent, few)
        arms = self._kept_arms.get(key)
        if arms is None:
            if len(self._kept_arms) >= self.MAX_KEPT_ARMS:
                self._kept_arms.clear()
            arms = self._kept_arms[key] = tuple(self._build_arms(scope, per_row, through_parent, few))
        return arms

    def _arm_lookups(self, scope) -> list:
        """[(kind, lookup, values)]: each arm of `visible_to`'s OR as the lookup it tests and the values it
        accepts, in the arms' order (`_build_arms` writes them; `visible_count` reads some from kept rows)."""
        arms = []
        visibility = self._lookup("SCOPE_VISIBILITY")
        if visibility:
            arms.append(("visibility", visibility,
                         SHARED_VISIBILITIES if scope.authenticated else (Visibility.PUBLIC,)))
        locality = self._lookup("SCOPE_LOCALITY")
        if locality and scope.locality_ids:
            arms.append(("locality", locality, scope.locality_ids))
        for lookup in self._lookup("SCOPE_READ_LOCALITIES") or ():
            if scope.locality_ids:
                arms.append(("readers", lookup, scope.locality_ids))
        country = self._lookup("SCOPE_COUNTRY")
        if country and scope.country_codes:
            arms.append(("country", country, scope.country_codes))
        mission = self._lookup("SCOPE_MISSION")
        if mission and scope.mission_ids:
            arms.append(("mission", mission, scope.mission_ids))
        return arms

    def _build_arms(self, scope, per_row, through_parent=False, few=False) -> list:
        arms = []
        for kind, lookup, values in self._arm_lookups(scope):
            field, rest = _forward_key(self.model, lookup) if through_parent else (None, None)
            if field is not None:
                arm = models.Q(**{f"{field.attname}__{'in_array' if few else 'in'}":
                                  _parent_keys(field, rest, values, kind == "visibility")})
            elif kind == "visibility":
                arm = models.Q(**{f"{lookup}__in_literals": values})
            elif kind in ("readers", "country"):  # may cross a many-to-many or another table: a subquery
                arm = self._in_subquery(lookup, values, per_row)
            else:
                arm = models.Q(**{f"{lookup}__in": values})
            arms.append((kind, arm))
        return arms

    def visible_to(self, user, per_row=False, through_parent=False, few=False):
        """The records `user` may read. per_row=True for a queryset already narrowed to a few rows: the
        arms that cross a many-to-many (countries, co-reading provinces) are tested per row (EXISTS)
        rather than as the list of every record they match.

        through_parent=True, for a child record (SCOPE_PARENT) whose reader sees few of them: each arm that starts
        with a foreign key of the model's own (its parent's) is `that key IN (the keys it accepts)`, a set each
        database reads once and then tests without reading the parent's row. A walk of the child's own index that
        holds the parent's key (a page's keys, in the list's order) then never leaves that index: a mission of a
        country with few records walks thousands of activities for its first page (Hungary's 5,369: 46 ms of SQL
        tested per row, 1–6 ms this way; bench/RESULTS.md, forty-first session). few=True, for a reader of at most
        core.generic's FEW records, writes each set as an array the child's index on the parent's key is looked up
        by (in_array), so that its rows are found without a walk: PostgreSQL tests a hashed set only row by row, and
        a walk that finds nothing reads the whole index."""
        scope = scope_of(user)
        if scope.sees_all:
            return self
        q = models.Q(pk__in=[])
        for _kind, arm in self._visible_arms(scope, per_row, through_parent, few):
            q |= arm
        return self.filter(q)

    def visible_count(self, user, kept: dict, by_country=None, keys=None, kept_only=False) -> int:
        """`self.visible_to(user).count()` of the whole table (`self` unfiltered), from counts its app keeps
        current, `kept`: {key: records}, each key the values of `keys` (lookups; by default the model's
        SCOPE_LOCALITY and SCOPE_VISIBILITY: (owner's locality id, 0 for the centre; visibility)). Every arm
        of the scope that tests one of those lookups is read from the kept rows (a row counts if any such
        arm accepts its key); only the other arms' records outside them (a province's co-signed agreements,
        a mission's countries) are counted in the database. `by_country(code)`, if the app keeps them, gives
        the same counts of the records of one country (SCOPE_COUNTRY): a reader whose only other arm is one
        country (a mission) is then counted without the database reading that country's records. With
        `kept_only`, the records only those other arms accept are left out: a lower bound, read from the kept
        rows alone."""
        query = self.query
        if query.where or query.combinator or query.is_sliced or query.distinct:
            # The kept counts know nothing of a filter: the total would not be the rows'.
            raise ValueError("visible_count counts a whole table: this queryset is filtered")
        scope = scope_of(user)
        if scope.sees_all:
            return sum(kept.values())
        keys = tuple(keys or (self._lookup("SCOPE_LOCALITY"), self._lookup("SCOPE_VISIBILITY")))
        keyed, rest = [], []  # keyed: (position in the key, the values it accepts as text, its Q)
        for (kind, arm), (_kind, lookup, values) in zip(self._visible_arms(scope), self._arm_lookups(scope)):
            if lookup in keys:
                keyed.append((keys.index(lookup), {str(v) for v in values},
                              models.Q(**{f"{lookup}__in_literals" if kind == "visibility" else f"{lookup}__in":
                                          sorted(values, key=str)})))
            else:
                rest.append((kind, arm, lookup, values))

        def read(key) -> bool:
            return any(str(key[at]) in accepted for at, accepted, _q in keyed)

        total = sum(n for key, n in kept.items() if read(key))
        if by_country is not None and [kind for kind, *_arm in rest] == ["country"] \
                and len(scope.country_codes) == 1:
            # Several countries would count an agreement with partners of two of them twice: counted below.
            (code,) = scope.country_codes
            return total + sum(n for key, n in by_country(code).items() if not read(key))
        if rest and not kept_only:
            def build():
                q = self._either(rest)
                # One filter(): each exclude() would clone the arms' subqueries again.
                for _at, _accepted, arm in keyed:
                    q &= ~arm
                return self.filter(q)
            # Its text depends on the table, the keys and what the arms read of the scope (as _visible_arms
            # keys them): built once for all who share them (core.statements), rather than on every list visit.
            from ngoaivu.core import statements
            total += statements.count(("visible count", self.model, scope.reads, keys), build, using=self.db)
        return total

    def _either(self, arms) -> models.Q:
        """The OR of `arms`, [(kind, Q, lookup, values)] (a part of `_visible_arms` with its `_arm_lookups`).
        When they all go through one foreign key of the model's own (a commitment's co-signed and
        partner-country agreements): that key in the union of the parents' keys they match, which PostgreSQL
        reads as a semi-join through the key's index; their OR of `IN` subqueries read the whole table (a
        province's activities at national scale: 0.3 s, to find none)."""
        keys = [_forward_key(self.model, lookup) for _kind, _arm, lookup, _values in arms]
        if arms and all(field is not None for field, _rest in keys) and len({field for field, _rest in keys}) == 1:
            field = keys[0][0]
            parts = [_keys_matching(field.related_model, rest, values, field.target_field).order_by()
                     for (_field, rest), (_kind, _arm, _lookup, values) in zip(keys, arms)]
            return models.Q(**{f"{field.attname}__in": parts[0].union(*parts[1:], all=True) if parts[1:]
                               else parts[0]})
        q = models.Q(pk__in=[])
        for _kind, arm, _lookup, _values in arms:
            q |= arm
        return q

    def of_own_localities(self, user):
        """The records owned by the user's provinces: exactly `visible_to(user).filter(<SCOPE_LOCALITY>__in=
        scope.locality_ids)`, since that lookup is one arm of `visible_to`'s OR, written without the other
        arms. With them PostgreSQL read a province's every row through a BitmapOr and spent ~14 ms planning;
        alone, the (locality, status, signed_on) index gives the rows in order and a LIMIT stops early."""
        scope = scope_of(user)
        lookup = self._lookup("SCOPE_LOCALITY")
        if not (lookup and scope.locality_ids):
            return self.none()
        return self.filter(**{f"{lookup}__in": scope.locality_ids})

    def of_locality(self, locality, per_row=False):
        """The records one province keeps: those it owns and those it reads as a party (a joint agreement
        it, or a former province it succeeds, co-signed), i.e. the arms of `visible_to` for a user of that
        province, without what every province reads (national, public) or a mission reads. The centre's
        narrowing to one province (its calendar) shows what that province's own pages show of its own,
        applied inside the reader's scope (`visible_to` first)."""
        scope = Scope(authenticated=True, locality_ids=frozenset({getattr(locality, "pk", locality)}))
        q = models.Q(pk__in=[])
        for kind, arm in self._visible_arms(scope, per_row):
            if kind in ("locality", "readers"):
                q |= arm
        return self.filter(q)

    def editable_by(self, user):
        scope = scope_of(user)
        if scope.superuser:
            return self
        q = models.Q(pk__in=[])
        locality = self._lookup("SCOPE_LOCALITY")
        if locality:
            if scope.edit_locality_ids:
                q |= models.Q(**{f"{locality}__in": scope.edit_locality_ids})
            if scope.centre_edit:
                q |= models.Q(**{f"{locality}__isnull": True})
        unit = self._lookup("SCOPE_UNIT")
        if unit and scope.edit_unit_ids:
            q |= models.Q(**{f"{unit}__in": scope.edit_unit_ids})
        mission = self._lookup("SCOPE_MISSION")
        if mission and scope.edit_mission_ids:
            q |= models.Q(**{f"{mission}__in": scope.edit_mission_ids})
        return self.filter(q)


class ScopedModel(models.Model):
    """Base of every record owned by a province, a unit, the centre or a mission.

    Subclasses point the SCOPE_* lookups at their owner; `None` switches a rule off; SCOPE_READ_LOCALITIES
    lets further provinces read. A child record (an event of an agreement) names the foreign key to its
    parent instead, SCOPE_PARENT = "agreement", and inherits every lookup (see `scope_lookups`): it is
    seen by whoever sees its parent, co-signatories and missions included. Never copy a parent's lookups
    by hand. A null locality means the record belongs to the centre.

    A record that points at a scoped record but is owned on its own (one province's return to a national
    request, its copy of a directive) says why in SCOPE_OWN instead: the check that every child names its
    parent (tests/core/test_scoping_parents.py) then knows it is deliberate.
    """

    SCOPE_PARENT: str | None = None
    SCOPE_OWN: str = ""

    SCOPE_LOCALITY: str | None = "locality"
    SCOPE_UNIT: str | None = None
    SCOPE_COUNTRY: str | None = None
    SCOPE_MISSION: str | None = None
    SCOPE_VISIBILITY: str | None = None
    # Further lookups to localities that may read (not edit) the record: the co-signing provinces of a
    # joint agreement. A lookup may cross a many-to-many; it is applied as a subquery.
    SCOPE_READ_LOCALITIES: tuple[str, ...] = ()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def _nullable(model, lookup) -> bool:
    """Whether a record of `model` may have no value at the end of `lookup` (a centre's record)."""
    for name in lookup.split("__"):
        field = model._meta.get_field(name)
        if field.null:
            return True
        model = field.related_model
    return False


def may_add(user, model) -> bool:
    """Whether `user` could own a new record of `model` at all: a province officer adds their province's,
    a unit its own, a mission its own, the centre's officer only where a record may belong to the centre.
    A create by anyone else is refused (403) before its data is read; `check_in_scope` then checks the
    owner actually chosen."""
    scope = scope_of(user)
    if scope.superuser:
        return True
    lookups = scope_lookups(model)
    locality, unit, mission = lookups["SCOPE_LOCALITY"], lookups["SCOPE_UNIT"], lookups["SCOPE_MISSION"]
    return bool((locality and scope.edit_locality_ids)
                or (locality and scope.centre_edit and _nullable(model, locality))
                or (unit and scope.edit_unit_ids) or (mission and scope.edit_mission_ids))


def may_edit(user, obj) -> bool:
    """Whether `user` may change the stored record `obj` (its model's `editable_by`, for its one row): a
    statement built once per model and scope and run with each record's key (core.statements; building the
    scoped statement cost more than the database's answer)."""
    from ngoaivu.core import statements
    model = type(obj)
    if not may_add(user, model):
        # No arm of `editable_by` could hold a row (a viewer, a mission for a province's record): no statement,
        # where one that compiles to nothing would be built again on every call (core.statements).
        return False
    if not isinstance(obj.pk, int) or isinstance(obj.pk, bool):
        return model._default_manager.editable_by(user).filter(pk=obj.pk).exists()
    return bool(statements.rows(("may edit", model, scope_of(user)),
                                lambda key: model._default_manager.editable_by(user).filter(pk=key).values_list("pk")[:1],
                                obj.pk))


def check_in_scope(user, obj) -> None:
    """Re-check after a save (inside the same transaction): the user may still edit `obj`."""
    if not may_edit(user, obj):
        raise PermissionDenied(_("Bản ghi nằm ngoài phạm vi bạn được quyền sửa."))


def readable_localities(user):
    """The current provinces whose own records the user reads (the centre: all)."""
    from ngoaivu.core.models import Locality
    scope = scope_of(user)
    current = Locality.objects.current()
    return current if scope.sees_all else current.filter(pk__in=scope.locality_ids)


def editable_localities(user):
    """The current provinces a form may offer the user as owner: those they edit (superuser: all)."""
    from ngoaivu.core.models import Locality
    scope = scope_of(user)
    if scope.superuser:
        return Locality.objects.current()
    return Locality.objects.filter(pk__in=scope.edit_locality_ids)
