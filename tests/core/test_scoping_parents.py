"""Child records are seen exactly as their parent is: a child names its parent once (SCOPE_PARENT) and
inherits every scope lookup, so a co-signing province, a mission or a national reader never sees an
agreement but not its commitments (or the other way round)."""
import pytest
from django.apps import apps
from django.urls import reverse

from ngoaivu.core.scoping import ScopedModel, parent_field, scope_lookups
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db


def scoped_models():
    return [m for m in apps.get_models() if issubclass(m, ScopedModel)]


def foreign_keys_to_scoped(model):
    """The model's own foreign keys to another scoped model (a self reference is no parent)."""
    return [f for f in model._meta.get_fields()
            if (f.many_to_one or f.one_to_one) and f.concrete and f.related_model is not model
            and issubclass(f.related_model, ScopedModel)]


def children():
    """Models pointing at a scoped record, except those that say why they are owned on their own."""
    return [m for m in scoped_models() if foreign_keys_to_scoped(m) and not m.SCOPE_OWN]


def test_every_scoped_model_with_a_scoped_foreign_key_names_its_parent():
    """Copying a parent's lookups by hand is how they drifted: a child must declare SCOPE_PARENT."""
    assert children(), "the walk found no child model: the enumeration is broken"
    missing = [m.__name__ for m in children() if parent_field(m) is None]
    assert not missing, f"Declare SCOPE_PARENT on: {missing}"
    for model in children():
        assert parent_field(model) in foreign_keys_to_scoped(model), model
        scope_lookups(model)  # resolves (a wrong path raises here, not on a user's page)


@pytest.fixture
def joint_world(world):
    """The world with A's agreements co-signed by B, so the co-signatory's read access is exercised."""
    world.agreement_a.co_signatories.add(world.b)
    world.impl_agreement_a.co_signatories.add(world.b)
    from ngoaivu.implementation import actions
    actions.assess_capacity(world.users["officer_a"], world.impl_agreement_a, world.unit_a, checks={})
    return world


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_child_is_visible_exactly_when_its_parent_is(joint_world, persona):
    user = joint_world.users[persona]
    drift, checked = [], 0
    for model in children():
        field = parent_field(model)
        parent_model = field.related_model
        visible_parents = set(parent_model.objects.visible_to(user).values_list("pk", flat=True))
        visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
        for pk, parent_pk in model._base_manager.filter(**{f"{field.name}__isnull": False}).values_list(
                "pk", field.attname):
            checked += 1
            if (pk in visible) != (parent_pk in visible_parents):
                drift.append(f"{model.__name__} {pk}: {'seen' if pk in visible else 'hidden'}, its "
                             f"{parent_model.__name__} {parent_pk} {'seen' if parent_pk in visible_parents else 'hidden'}")
    assert checked, "no child rows in the world: the check would pass vacuously"
    assert not drift, f"{persona}:\n" + "\n".join(drift)


def test_the_world_has_rows_of_most_child_models(joint_world):
    """Guards the test above from passing on an empty table: the children without a row are named."""
    empty = sorted(m.__name__ for m in children() if not m._base_manager.exists())
    assert len(empty) <= 3, f"add rows of these models to the url_expectations world: {empty}"


def test_co_signing_province_opens_the_commitment_page_and_its_api_detail(joint_world, client_for):
    """Regression: B co-signed A's agreement and saw its commitments on the agreement's page, but the
    commitment's own page and API answered 404 (Commitment copied the agreement's lookups without the
    co-signatories)."""
    commitment = joint_world.commitment_a
    client = client_for(joint_world.users["officer_b"])
    assert client.get(reverse("implementation:agreement", args=[commitment.agreement_id])).status_code == 200
    page = client.get(commitment.get_absolute_url())
    assert page.status_code == 200
    assert commitment.description in page.content.decode()
    api = client.get(reverse("commitment-detail", args=[commitment.pk]))
    assert api.status_code == 200 and api.json()["id"] == commitment.pk
    # Reading is not editing: the co-signatory does not become an editor of A's commitment.
    from ngoaivu.implementation.models import Commitment
    assert not Commitment.objects.editable_by(joint_world.users["officer_b"]).filter(pk=commitment.pk).exists()
