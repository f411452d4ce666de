"""The commitment and activity lists' unfiltered totals come from counts kept per agreement province, record
province and visibility, and per partner country (implementation.record_counts), through the scoping
mechanism (ScopedQuerySet.visible_count with the lookups the counts are keyed by). After each kind of change
the kept rows equal their recomputation, `ngoaivu summaries --check` agrees, and every user's total equals the
count of what `visible_to` gives them — which the list page shows."""
import datetime
import io
from functools import partial

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ngoaivu.agreements import actions as register
from ngoaivu.core import summaries as hooks
from ngoaivu.core.models import Locality, Membership, Mission, User
from ngoaivu.implementation import actions, record_counts
from ngoaivu.implementation.models import Activity, Commitment, RecordCount
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)
MODELS = (Commitment, Activity)
PATHS = {Commitment: "/implementation/commitments/", Activity: "/implementation/activities/"}


def kept_total(model, user, by_country=True):
    return model.objects.visible_count(user, record_counts.counts(model),
                                       partial(record_counts.of_country, model) if by_country else None,
                                       record_counts.KEYS[model._meta.label])


def assert_current(world, *more_users):
    assert record_counts.differences() == []
    call_command("summaries", "--check", stdout=io.StringIO())
    for name, user in [*world.users.items(), *((u.username, u) for u in more_users)]:
        for model in MODELS:
            expected = model.objects.visible_to(user).count()
            assert kept_total(model, user) == expected, (name, model.__name__)
            assert kept_total(model, user, by_country=False) == expected, (name, model.__name__)


def listed_total(client_for, user, model, query=""):
    return client_for(user).get(PATHS[model] + query).context["paginator"].count


def activity(agreement_, locality=None, title="Hội đàm về hợp tác", **extra):
    return Activity.objects.create(agreement=agreement_, locality=locality or agreement_.locality, kind="meeting",
                                   title=title, occurred_on=TODAY, **extra)


def test_the_world_as_built_is_counted(world):
    assert RecordCount.objects.filter(kind="activity").exists()
    assert RecordCount.objects.filter(kind="commitment").exists()
    assert_current(world)


def test_records_created_moved_and_deleted(world):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Thỏa thuận về giáo dục", partners=[partner("Busan", "KR", "Busan")])
    b = agreement(officer, world.a, title="Thỏa thuận về y tế", partners=[partner("Lyon", "FR", "Lyon")])
    commitment = Commitment.objects.create(agreement=a, description="Trao đổi giáo viên")
    done = activity(a)
    loose = Activity.objects.create(agreement=None, locality=world.a, kind="training", title="Tập huấn chung",
                                    occurred_on=TODAY)
    assert_current(world)
    commitment.agreement = b
    commitment.save()
    done.agreement = b  # from a Korean agreement to a French one
    done.save()
    loose.locality = world.b
    loose.save()
    assert_current(world)
    actions.delete_commitment(officer, commitment)
    actions.delete_activity(officer, done)
    loose.delete()
    assert_current(world)


def test_a_change_of_visibility_moves_every_record_of_the_agreement(world, client_for):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    a = agreement(officer_a, world.a, title="Thỏa thuận sẽ công bố", visibility="internal")
    Commitment.objects.create(agreement=a, description="Cam kết thứ nhất")
    Commitment.objects.create(agreement=a, description="Cam kết thứ hai")
    activity(a)
    before = {model: listed_total(client_for, officer_b, model) for model in MODELS}
    register.update_agreement(officer_a, a, visibility="national", today=TODAY)
    assert listed_total(client_for, officer_b, Commitment) == before[Commitment] + 2
    assert listed_total(client_for, officer_b, Activity) == before[Activity] + 1
    assert_current(world)
    register.update_agreement(officer_a, a, visibility="internal", today=TODAY)
    assert {model: listed_total(client_for, officer_b, model) for model in MODELS} == before
    assert_current(world)


def test_an_agreement_moved_to_another_province_takes_its_records(world, client_for):
    """Its activities of its province follow it, each by its own save (activities_follow_agreement), after
    the agreement's own share has moved: counted once, not twice."""
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    a = agreement(officer_a, world.a, title="Thỏa thuận chuyển về tỉnh khác", visibility="internal")
    Commitment.objects.create(agreement=a, description="Cam kết đi theo")
    activity(a)
    activity(a, locality=world.b, title="Hoạt động do tỉnh B ghi")  # a co-signatory's record stays B's
    before_b = {model: listed_total(client_for, officer_b, model) for model in MODELS}
    a.locality = world.b
    a.save()
    assert set(Activity.objects.filter(agreement=a).values_list("locality_id", flat=True)) == {world.b.pk}
    assert listed_total(client_for, officer_b, Commitment) == before_b[Commitment] + 1
    assert listed_total(client_for, officer_b, Activity) == before_b[Activity] + 1  # its own B activity was seen
    assert_current(world)


def test_an_agreement_deleted_takes_its_records_once(world):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Thỏa thuận sẽ xóa", partners=[partner("Busan", "KR", "Busan")])
    Commitment.objects.create(agreement=a, description="Cam kết sẽ mất")
    activity(a)
    assert_current(world)
    a.delete()
    assert_current(world)


def test_partners_added_removed_changed_country_or_deleted(world, client_for):
    officer = world.users["officer_a"]
    mission = world.users["mission_officer"]
    before = {model: listed_total(client_for, mission, model) for model in MODELS}
    jeju = partner("Jeju Island", "JP", "Đảo Jeju")
    a = agreement(officer, world.a, title="Thỏa thuận nội bộ với Jeju", partners=[jeju], visibility="internal")
    Commitment.objects.create(agreement=a, description="Cam kết với Jeju")
    activity(a)
    assert {model: listed_total(client_for, mission, model) for model in MODELS} == before
    jeju.country = "KR"
    jeju.save()
    assert {model: listed_total(client_for, mission, model) for model in MODELS} == {
        model: n + 1 for model, n in before.items()}
    assert_current(world)
    seoul = partner("Seoul", "KR", "Thủ đô Seoul")
    a.partners.add(seoul)  # two Korean partners: still one Korean record each
    assert_current(world)
    a.partners.remove(jeju)
    seoul.agreements.clear()  # from the partner's side
    assert {model: listed_total(client_for, mission, model) for model in MODELS} == before
    assert_current(world)
    a.partners.add(jeju)
    jeju.delete()
    assert_current(world)


def test_a_merge_of_partners_of_two_countries_moves_the_records(world, client_for):
    from ngoaivu.partners import merging
    officer = world.users["officer_a"]
    mission = world.users["mission_officer"]
    before = listed_total(client_for, mission, Activity)
    wrong = partner("Daegu (nhập sai nước)", "JP", "Thành phố Daegu")
    right = partner("Daegu", "KR", "Thành phố Daegu")
    a = agreement(officer, world.a, title="Thỏa thuận nội bộ với Daegu", partners=[wrong], visibility="internal")
    activity(a)
    merging.merge_partners(world.users["central_manager"], right, wrong, across_countries=True)
    assert listed_total(client_for, mission, Activity) == before + 1
    assert_current(world)


def test_co_signatories_and_former_provinces_are_counted_in_the_database(world, client_for):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    joint = agreement(officer_a, world.a, title="Thỏa thuận đồng ký", visibility="internal")
    Commitment.objects.create(agreement=joint, description="Cam kết chung")
    activity(joint)
    before = listed_total(client_for, officer_b, Commitment)
    joint.co_signatories.add(world.b)
    assert listed_total(client_for, officer_b, Commitment) == before + 1
    assert_current(world)
    joint.co_signatories.clear()
    former = Locality.objects.by_legacy_code(49)  # Quảng Nam, now part of Đà Nẵng
    joint.co_signatories.add(former)
    former.successor = world.b
    former.save()
    assert listed_total(client_for, officer_b, Commitment) == before + 1
    assert_current(world)


def test_a_reader_of_a_province_and_a_mission_of_two_countries(world):
    officer = world.users["officer_a"]
    both = agreement(world.users["officer_b"], world.b, title="Thỏa thuận ba bên Hàn Quốc – Nhật Bản",
                     visibility="internal",
                     partners=[partner("Busan", "KR", "Busan"), partner("Fukuoka", "JP", "Fukuoka")])
    Commitment.objects.create(agreement=both, description="Cam kết ba bên")
    activity(both)
    mission = Mission.objects.create(name="Đại sứ quán kiêm nhiệm Hàn Quốc và Nhật Bản", country="KR",
                                     accredited_countries=["JP"])
    two = User.objects.create_user("mission_two", password="x" * 12)
    Membership.objects.create(user=two, kind="mission", mission=mission, role="officer")
    Membership.objects.create(user=officer, kind="mission", mission=world.records["mission"], role="officer")
    assert_current(world, User.objects.get(pk=two.pk), User.objects.get(pk=officer.pk))


def test_bulk_writes_are_current_after_their_hooks(world):
    a = agreement(world.users["officer_a"], world.a, title="Thỏa thuận sửa hàng loạt", visibility="internal")
    done = activity(a)
    from ngoaivu.agreements.models import Agreement
    Agreement.objects.filter(pk=a.pk).update(visibility="public", published_at=timezone.now())
    assert record_counts.differences() != []  # what a bulk write without the hook would leave
    hooks.refresh_summaries({world.a.pk})
    assert_current(world)
    with hooks.records_written(Activity, {done.pk}):
        Activity.objects.filter(pk=done.pk).update(locality=world.b)
    # Only these counts: the indicators' yearly totals take no activity written without signals.
    assert record_counts.differences() == []
    for user in world.users.values():
        assert kept_total(Activity, user) == Activity.objects.visible_to(user).count()


def test_an_activity_moved_in_bulk_to_another_provinces_agreement_is_repaired_by_its_provinces_hook(world):
    """The hook names the activity's own province (as the indicators' keepers read it): its rows under every
    agreement are recomputed, the new agreement's province's too (CI found the B row left behind)."""
    a = agreement(world.users["officer_a"], world.a, title="Thỏa thuận của tỉnh A", visibility="internal")
    other = agreement(world.users["officer_b"], world.b, title="Thỏa thuận của tỉnh B", visibility="internal")
    moved = activity(a, title="Hoạt động sẽ chuyển")
    Activity.objects.filter(pk=moved.pk).update(agreement=other)  # no signal
    assert record_counts.differences() != []
    hooks.refresh_summaries({world.a.pk})
    assert_current(world)


def test_the_check_command_names_a_difference_and_rebuild_repairs_it(world):
    RecordCount.objects.filter(kind="activity").update(records=999)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=out)
    assert "999" in out.getvalue()
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert_current(world)


@pytest.mark.parametrize("model", MODELS, ids=["commitments", "activities"])
def test_only_the_unfiltered_list_reads_the_kept_counts(world, client_for, monkeypatch, model):
    officer = world.users["officer_a"]
    total = model.objects.visible_to(officer).count()
    for query in ("", "?page=2", "?year=abc"):
        assert listed_total(client_for, officer, model, query) == total
    from ngoaivu.implementation import views
    view = views.CommitmentList if model is Commitment else views.ActivityList
    monkeypatch.setattr(view, "kept_counts", staticmethod(lambda: pytest.fail("kept counts read for a filter")))
    query = "?status=pending" if model is Commitment else "?kind=meeting"
    expected = model.objects.visible_to(officer).filter(**({"status": "pending"} if model is Commitment
                                                           else {"kind": "meeting"})).count()
    assert listed_total(client_for, officer, model, query) == expected


def test_activities_of_no_agreement_and_of_a_co_signatory_are_counted_for_everyone(world):
    """Keys with no agreement (province 0, visibility "") and an activity recorded by another province than
    its agreement's, before and after the agreement's visibility changes (from an outside review)."""
    Activity.objects.create(agreement=None, locality=world.b, kind="training", title="Không thuộc thỏa thuận",
                            occurred_on=TODAY)
    joint = agreement(world.users["officer_a"], world.a, title="Thỏa thuận Hàn Quốc", visibility="internal",
                      partners=[partner("Busan", "KR", "Busan")])
    activity(joint, locality=world.b, title="Tỉnh B ghi")
    assert_current(world)
    joint.visibility = "national"
    joint.save()
    assert_current(world)
