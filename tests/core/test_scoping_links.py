"""The scope's reader and country arms read the keys of the records they admit from the table they cross
(a directive's recipients, an agreement's partner links, a trip's stops), not from the model joined to that
table: PostgreSQL hashed the whole model for the join (every directive of the country for a province's
copies). The records each persona sees are the same through every form of the scope: the link table's,
the model joined to it (a queryset already filtered), and the per-row test."""
import datetime

import pytest

from ngoaivu.coordination import directives
from ngoaivu.coordination.models import Directive, DirectiveRecipient
from ngoaivu.core.models import Unit
from ngoaivu.core.scoping import scope_lookups
from tests.conftest import PERSONAS
from tests.core.test_scoping_parents import scoped_models

pytestmark = pytest.mark.django_db


def _crossing(model):
    """Whether the model's scope has an arm through another table (readers or countries)."""
    lookups = scope_lookups(model)
    return bool(lookups["SCOPE_READ_LOCALITIES"] or lookups["SCOPE_COUNTRY"])


@pytest.fixture
def copies(world):
    """A province's directive to two of its own units (two copies owned by the province), the centre's to
    both provinces and the centre's to B alone."""
    units = [world.unit_a, Unit.objects.filter(locality=world.a, kind="department").exclude(pk=world.unit_a.pk)
             .order_by("pk").first()]
    today = datetime.date.today()
    own = directives.send_directive(world.users["manager_a"], number="7/UBND", issued_on=today, subject="Cho hai sở",
                                    signer="Chủ tịch", body="x", units=units)
    both = directives.send_directive(world.users["central"], number="8/BNG", issued_on=today, subject="Cho hai tỉnh",
                                     signer="Cục trưởng", body="x", localities=[world.a, world.b])
    only_b = directives.send_directive(world.users["central"], number="9/BNG", issued_on=today, subject="Cho B",
                                       signer="Cục trưởng", body="x", localities=[world.b])
    return own, both, only_b


def test_a_province_sees_the_directives_it_sent_or_received_once_each(world, copies):
    own, both, only_b = copies
    assert DirectiveRecipient.objects.filter(directive=own, locality=world.a).count() == 2
    seen = Directive.objects.visible_to(world.users["officer_a"])
    ids = list(seen.values_list("pk", flat=True))
    assert own.pk in ids and both.pk in ids and only_b.pk not in ids
    assert len(ids) == len(set(ids)) == seen.count()
    assert only_b.pk in set(Directive.objects.visible_to(world.users["officer_b"]).values_list("pk", flat=True))


def test_the_recipients_arm_reads_the_recipients_table_alone(world, copies):
    sql = str(Directive.objects.visible_to(world.users["officer_a"]).query)
    assert 'FROM "coordination_directiverecipient"' in sql, sql
    assert sql.count('FROM "coordination_directive"') == 1, "the directive table is read once, outside"


def test_a_mission_s_country_arm_reads_the_partner_links_not_the_agreements(world):
    from ngoaivu.agreements.models import Agreement
    sql = str(Agreement.objects.visible_to(world.users["mission_officer"]).query)
    assert sql.count('FROM "agreements_agreement"') == 1, sql


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_form_of_the_scope_admits_the_same_records(world, copies, persona):
    user = world.users[persona]
    checked = 0
    for model in [m for m in scoped_models() if _crossing(m)]:
        plain = model.objects.visible_to(user)
        expected = set(plain.values_list("pk", flat=True))
        # Filtered first, the arms repeat the filter through the model joined to the crossed table.
        joined = set(model.objects.filter(pk__gte=0).visible_to(user).values_list("pk", flat=True))
        per_row = set(model.objects.visible_to(user, per_row=True).values_list("pk", flat=True))
        assert expected == joined == per_row, (model.__name__, persona)
        assert plain.count() == len(expected), (model.__name__, persona)
        checked += bool(expected)
    assert checked or persona in ("anonymous", "mission_officer"), "no crossing model had a record to compare"


@pytest.mark.parametrize("persona", PERSONAS + ["unit_officer_2"])
def test_a_user_s_copies_of_a_page_of_directives_follow_the_own_copies_rule(world, copies, persona):
    """`own_copies_of` reads by the directives' keys and tells a province's own copy from its units' in
    Python (SQLite read `unit IS NULL` through the unit index); the copies are those of `own_copies`."""
    if persona == "unit_officer_2":
        from tests.conftest import make_user
        second = copies[0].recipients.exclude(unit=world.unit_a).exclude(unit__isnull=True).first().unit
        world.users[persona] = make_user(persona, "unit", "officer", unit=second)
    user = world.users[persona]
    ids = list(Directive.objects.values_list("pk", flat=True))
    expected = {}
    for copy in directives.own_copies(user).filter(directive_id__in=ids).order_by("pk"):
        held = expected.get(copy.directive_id)
        if held is None or (copy.unit_id and not held.unit_id):
            expected[copy.directive_id] = copy
    assert {k: v.pk for k, v in directives.own_copies_of(user, ids).items()} == {k: v.pk for k, v in expected.items()}
    if persona in ("unit_officer", "unit_officer_2"):
        own = directives.own_copies_of(user, [copies[0].pk])[copies[0].pk]
        assert own.unit_id in user.scope.unit_ids, "each unit reads its own copy, not its sibling's"


def test_a_scope_tested_per_row_is_fenced_on_postgresql(world):
    """PostgreSQL pulls an EXISTS up into a semi-join and hashes every match of its table (a mission's first
    page of agreements: 20.9 ms of the server's time, 0.8 fenced); OFFSET 0 keeps it a test per row. SQLite
    tests an EXISTS per row anyway and gets the plain form."""
    from django.db import connection

    from ngoaivu.agreements.models import Agreement
    sql = str(Agreement.objects.visible_to(world.users["mission_officer"], per_row=True).query)
    fenced = sql.count("LIMIT 1 OFFSET 0)")
    assert fenced == (1 if connection.vendor == "postgresql" else 0), sql
    assert "OFFSET 0" not in str(Agreement.objects.visible_to(world.users["mission_officer"]).query)


@pytest.mark.parametrize("persona, model_path", [
    ("officer_a", "ngoaivu.implementation.models.Activity"),       # its agreement's province reads it
    ("mission_officer", "ngoaivu.implementation.models.Commitment"),  # its agreement's partners' countries
    ("officer_b", "ngoaivu.implementation.models.Evidence"),       # two keys up: activity, then agreement
])
def test_a_child_s_arms_go_through_its_parent_s_key(world, persona, model_path):
    """A child's reader and country arms test its foreign key against the parents that match (a hashed
    set), never its own key against an array of every matching child: PostgreSQL tested the array element
    by element, and a province's activity list (100,000 of 1,000,000) ran for minutes at national scale."""
    import importlib
    module, name = model_path.rsplit(".", 1)
    model = getattr(importlib.import_module(module), name)
    table = model._meta.db_table
    sql = str(model.objects.visible_to(world.users[persona]).query)
    first_key = model._meta.get_field(model.SCOPE_PARENT).column
    assert f'"{table}"."{first_key}" IN (SELECT' in sql, sql
    assert sql.count(f'FROM "{table}"') == 1, "the child's table is read once, outside"


def test_a_lookup_starting_with_a_reverse_one_to_one_is_read_through_the_model(world):
    """Only a model's own foreign key goes through the parent's key: a reverse one-to-one (an agreement's
    tracking row) has no column of the model's to test, and is read as before."""
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.implementation.choices import Completion
    values = [Completion.values[0]]
    arm = Agreement.objects.all()._in_subquery("tracking__completion", values)
    assert Agreement.objects.filter(arm).count() == Agreement.objects.filter(tracking__completion__in=values).count()


@pytest.mark.parametrize("persona, model_path", [
    ("officer_a", "ngoaivu.implementation.models.Activity"),          # co-signed and own agreements' activities
    ("mission_officer", "ngoaivu.implementation.models.Commitment"),  # its agreement's partners' countries
])
def test_a_child_tested_per_row_reads_its_parents_links_through_its_own_key(world, persona, model_path):
    """Tested per row (a list's first pages walked in order), a child's reader and country arms look up its
    parent's link rows by the child's own foreign key, without joining the child's and the parent's tables
    again: each row walked cost three index lookups more (a mission of a country with few records walks
    thousands of activities for its first page). The records admitted are the same (the test above)."""
    import importlib
    module, name = model_path.rsplit(".", 1)
    model = getattr(importlib.import_module(module), name)
    table = model._meta.db_table
    sql = str(model.objects.visible_to(world.users[persona], per_row=True).query)
    first_key = model._meta.get_field(model.SCOPE_PARENT).column
    assert f'= ("{table}"."{first_key}")' in sql, sql
    assert sql.count(f'FROM "{table}"') == 1 and f'= ("{table}"."id")' not in sql, sql
    expected = set(model.objects.visible_to(world.users[persona]).values_list("pk", flat=True))
    assert set(model.objects.visible_to(world.users[persona], per_row=True).values_list("pk", flat=True)) == expected
    assert expected
