"""The commitment list's host-body select offers the bodies with commitments from counts kept per body
(implementation.unit_counts). After each kind of change — a commitment recorded, given another body or
none, deleted, deleted with its agreement, written without signals — the kept rows equal their
recomputation, `ngoaivu summaries --check` agrees, and the select offers exactly the bodies that are
responsible for some commitment (within the reader's own provinces for a province)."""
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ngoaivu.core import summaries
from ngoaivu.core.models import Unit
from ngoaivu.implementation import actions, unit_counts
from ngoaivu.implementation.models import Commitment, UnitCommitmentCount
from tests.implementation.factories import agreement
from tests.implementation.test_agreement_filter_choice import _options

pytestmark = pytest.mark.django_db
LIST = "/implementation/commitments/"


def offered(client_for, user) -> set[int]:
    """The bodies the commitment list's host-body select offers `user`, as the page writes them."""
    html = client_for(user).get(LIST).content.decode()
    return {int(value) for value, _label in _options(html, "responsible_unit") if value}


def with_commitments(*localities) -> set[int]:
    """The bodies responsible for some commitment, asked of the commitments themselves (of these provinces)."""
    units = Unit.objects.filter(pk__in=Commitment.objects.values("responsible_unit"))
    return set((units.filter(locality__in=localities) if localities else units).values_list("pk", flat=True))


def assert_current(world, client_for):
    assert unit_counts.differences() == []
    call_command("summaries", "--check", stdout=io.StringIO())
    assert offered(client_for, world.users["central"]) == with_commitments()
    assert offered(client_for, world.users["mission_officer"]) == with_commitments()
    assert offered(client_for, world.users["officer_a"]) == with_commitments(world.a)
    # A host body's own officer reads its province's records: that province's bodies.
    assert offered(client_for, world.users["unit_officer"]) == with_commitments(world.records["unit_a"].locality)


def idle_units(world, n=2):
    units = list(Unit.objects.filter(locality=world.a).exclude(commitments__isnull=False).order_by("pk")[:n])
    assert len(units) == n, "the world needs bodies of province A with no commitment"
    return units


def form_data(unit, description="Tổ chức hội chợ thường niên", **extra):
    return {"side": "vn", "description": description, "responsible_unit": unit.pk if unit else "",
            "due_on": "", "recurrence": "none", **extra}


def test_the_world_as_built_is_counted(world, client_for):
    assert UnitCommitmentCount.objects.exists()
    assert sum(UnitCommitmentCount.objects.values_list("commitments", flat=True)) == Commitment.objects.filter(
        responsible_unit__isnull=False).count()
    assert_current(world, client_for)


def test_a_body_is_offered_with_its_first_commitment_and_dropped_with_its_last(world, client_for):
    """Through the pages an officer uses: the commitment form records, edits and moves; deleting is the
    action the delete page calls."""
    officer, central = world.users["officer_a"], world.users["central"]
    first, second = idle_units(world)
    assert first.pk not in offered(client_for, central)
    client = client_for(officer)
    response = client.post(reverse("implementation:commitment_create", args=[world.impl_agreement_a.pk]),
                           form_data(first))
    assert response.status_code == 302, response.context["form"].errors
    commitment = Commitment.objects.get(description="Tổ chức hội chợ thường niên")
    assert commitment.responsible_unit_id == first.pk
    assert UnitCommitmentCount.objects.get(unit=first.pk).commitments == 1
    assert first.pk in offered(client_for, central) and first.pk in offered(client_for, officer)
    assert_current(world, client_for)

    edit = reverse("implementation:commitment_edit", args=[commitment.pk])
    version = client.get(edit).context["form"]["version"].value()
    response = client.post(edit, form_data(second, version=version))
    assert response.status_code == 302, response.context["form"].errors
    assert Commitment.objects.get(pk=commitment.pk).responsible_unit_id == second.pk
    assert first.pk not in offered(client_for, central) and second.pk in offered(client_for, central)
    assert_current(world, client_for)

    version = client.get(edit).context["form"]["version"].value()
    assert client.post(edit, form_data(None, version=version)).status_code == 302  # no body named any more
    assert Commitment.objects.get(pk=commitment.pk).responsible_unit_id is None
    assert second.pk not in offered(client_for, central)
    assert_current(world, client_for)

    commitment.responsible_unit = second
    commitment.save()
    assert second.pk in offered(client_for, central)
    actions.delete_commitment(officer, Commitment.objects.get(pk=commitment.pk))
    assert not Commitment.objects.filter(pk=commitment.pk).exists()
    assert second.pk not in offered(client_for, central)
    assert_current(world, client_for)


def test_a_body_with_two_commitments_stays_until_both_go(world, client_for):
    unit, = idle_units(world, 1)
    one = Commitment.objects.create(agreement=world.impl_agreement_a, description="Cam kết thứ nhất",
                                    responsible_unit=unit)
    two = Commitment.objects.create(agreement=world.impl_agreement_a, description="Cam kết thứ hai",
                                    responsible_unit=unit)
    assert UnitCommitmentCount.objects.get(unit=unit.pk).commitments == 2
    one.delete()
    assert unit.pk in offered(client_for, world.users["central"])
    assert_current(world, client_for)
    two.delete()
    assert unit.pk not in offered(client_for, world.users["central"])
    assert_current(world, client_for)


def test_an_agreement_deleted_takes_its_commitments_bodies_with_it(world, client_for):
    unit, = idle_units(world, 1)
    doomed = agreement(world.a, title="Thỏa thuận sẽ xóa cùng cam kết", country="KR")
    Commitment.objects.create(agreement=doomed, description="Cam kết sẽ mất", responsible_unit=unit)
    assert unit.pk in offered(client_for, world.users["central"])
    doomed.delete()
    assert unit.pk not in offered(client_for, world.users["central"])
    assert_current(world, client_for)


def test_a_partial_save_moves_the_count_only_when_it_names_the_body(world, client_for):
    first, second = idle_units(world)
    commitment = Commitment.objects.create(agreement=world.impl_agreement_a, description="Cam kết lưu một phần",
                                           responsible_unit=first)
    commitment.description = "Cam kết lưu một phần, sửa nội dung"
    commitment.save(update_fields=["description"])
    assert UnitCommitmentCount.objects.get(unit=first.pk).commitments == 1
    commitment.responsible_unit = second
    commitment.save(update_fields=["responsible_unit"])
    assert Commitment.objects.get(pk=commitment.pk).responsible_unit_id == second.pk
    assert first.pk not in offered(client_for, world.users["central"])
    assert second.pk in offered(client_for, world.users["central"])
    assert_current(world, client_for)


def test_a_write_without_signals_inside_records_written(world, client_for):
    first, second = idle_units(world)
    commitment = Commitment.objects.create(agreement=world.impl_agreement_a, description="Cam kết chuyển cơ quan",
                                           responsible_unit=first)
    with summaries.records_written(Commitment, {commitment.pk}):
        Commitment.objects.filter(pk=commitment.pk).update(responsible_unit=second)
    assert offered(client_for, world.users["central"]) >= {second.pk}
    assert first.pk not in offered(client_for, world.users["central"])
    assert_current(world, client_for)


def test_the_check_finds_a_wrong_row_and_the_rebuild_mends_it(world, client_for):
    unit, = idle_units(world, 1)
    UnitCommitmentCount.objects.create(unit=unit.pk, commitments=3)  # a body with no commitment, counted
    assert unit_counts.differences() == [(unit.pk, 3, 0)]
    assert unit.pk in offered(client_for, world.users["central"])  # what the select reads: the kept rows
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert not UnitCommitmentCount.objects.filter(unit=unit.pk).exists()
    assert_current(world, client_for)
