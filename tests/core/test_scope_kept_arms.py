"""The scope's arms are built once per (model, scope) and kept (core.scoping.ScopedQuerySet._visible_arms):
each reader still gets their own records, in any order of readers, and filtering, counting or narrowing a
queryset built on kept arms leaves the arms as they were."""
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.scoping import ScopedQuerySet, scope_of
from ngoaivu.exchanges.models import Delegation
from tests.agreements.factories import agreement, partner


def _sql(arms):
    return [str(Agreement.objects.filter(arm).query) for _kind, arm in arms]


def test_each_reader_gets_their_own_records_whichever_reads_first(world):
    users = world.users
    a_user, b_user, mission = users["officer_a"], users["officer_b"], users["mission_officer"]
    lao = [partner("Vientiane", "LA", "Thủ đô Viêng Chăn")]  # not a country of the mission (Korea)
    ours = agreement(a_user, world.a, partners=lao, title="Hợp tác chỉ của tỉnh A", visibility="internal")
    theirs = agreement(b_user, world.b, partners=lao, title="Hợp tác chỉ của tỉnh B", visibility="internal")
    ScopedQuerySet._kept_arms.clear()
    for _round in range(2):  # the second round reads kept arms only
        for user, sees, hidden in ((a_user, ours, theirs), (b_user, theirs, ours), (a_user, ours, theirs)):
            seen = set(Agreement.objects.visible_to(user).values_list("pk", flat=True))
            assert sees.pk in seen and hidden.pk not in seen
            assert Agreement.objects.visible_to(user).count() == len(seen)
        assert not {ours.pk, theirs.pk} & set(Agreement.objects.visible_to(mission).values_list("pk", flat=True))
    kept = [key for key in ScopedQuerySet._kept_arms if key[1] is Agreement]
    assert len(kept) == 3  # A's, B's and the mission's
    assert {key[4] for key in kept} == {scope_of(a_user).locality_ids, scope_of(b_user).locality_ids, frozenset()}


def test_the_roles_of_one_province_share_their_arms(world):
    """The arms read a scope's provinces, countries and missions only: A's officer, manager, viewer and unit
    officer (whose scopes differ in what they edit) read through one kept entry."""
    ScopedQuerySet._kept_arms.clear()
    users = [world.users[name] for name in ("officer_a", "manager_a", "viewer", "unit_officer")]
    assert len({scope_of(user) for user in users}) > 1
    seen = [set(Agreement.objects.visible_to(user).values_list("pk", flat=True)) for user in users]
    assert all(each == seen[0] for each in seen) and seen[0]
    assert len([key for key in ScopedQuerySet._kept_arms if key[1] is Agreement]) == 1


def test_filtering_with_kept_arms_leaves_them_unchanged(world):
    user = world.users["mission_officer"]  # its arms hold subqueries (the partners' countries)
    ScopedQuerySet._kept_arms.clear()
    Agreement.objects.visible_to(user).exists()
    (key, arms), = ScopedQuerySet._kept_arms.items()
    before = _sql(arms)
    list(Agreement.objects.visible_to(user).filter(title__icontains="x").order_by("-pk")[:5])
    Agreement.objects.visible_to(user).exclude(status="draft").count()
    Agreement.objects.visible_to(user).filter(pk__in=Agreement.objects.visible_to(user).values("pk")).count()
    assert ScopedQuerySet._kept_arms[key] is arms and _sql(arms) == before


def test_a_narrowed_queryset_builds_its_own_arms(world):
    user = world.users["officer_a"]
    record = Delegation.objects.visible_to(user).first()
    ScopedQuerySet._kept_arms.clear()
    assert Delegation.objects.filter(pk=record.pk).visible_to(user).get() == record
    assert not ScopedQuerySet._kept_arms  # its subqueries repeat `pk = …`: never kept
