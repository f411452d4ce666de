"""The register list's unfiltered total comes from counts kept per province and visibility
(agreements.visible_counts) through the scoping mechanism (ScopedQuerySet.visible_count). After each kind
of change, the kept rows equal their recomputation, `ngoaivu summaries --check` agrees, and every user's
total equals the count of what `visible_to` gives them — which the list page shows."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from ngoaivu.agreements import actions, visible_counts
from ngoaivu.agreements.models import Agreement, CountryVisibleCount, VisibleCount
from ngoaivu.agreements.sweep import refresh_register
from ngoaivu.agreements.views import AgreementListView
from ngoaivu.core import summaries as hooks
from ngoaivu.core.generic import FilteredListView, SearchPaginator
from ngoaivu.core.models import Locality, Membership, User
from tests.agreements.factories import agreement, partner, register_workbook

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)


def assert_current(world, *more_users):
    assert visible_counts.differences() == []
    call_command("summaries", "--check", stdout=io.StringIO())
    for name, user in [*world.users.items(), *((u.username, u) for u in more_users)]:
        expected = Agreement.objects.visible_to(user).count()
        assert Agreement.objects.visible_count(user, visible_counts.stored()) == expected, name
        # As the list reads it: a mission's country from the counts kept per country.
        assert Agreement.objects.visible_count(user, visible_counts.stored(), visible_counts.of_country) \
            == expected, name


def listed_total(client_for, user, query=""):
    return client_for(user).get(reverse("agreements:agreement_list") + query).context["paginator"].count


def test_the_world_as_built_is_counted(world):
    assert VisibleCount.objects.exists()
    assert_current(world)


def test_a_created_and_a_deleted_agreement(world):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Thỏa thuận mới đăng ký")
    assert_current(world)
    a.delete()
    assert_current(world)


def test_a_change_of_visibility_moves_the_agreement_into_every_province_total(world, client_for):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    a = agreement(officer_a, world.a, title="Thỏa thuận sẽ công bố")
    before = listed_total(client_for, officer_b)
    actions.update_agreement(officer_a, a, visibility="national", today=TODAY)
    assert listed_total(client_for, officer_b) == before + 1
    assert_current(world)
    actions.update_agreement(officer_a, a, visibility="internal", today=TODAY)
    assert listed_total(client_for, officer_b) == before
    assert_current(world)


def test_a_change_of_status_moves_no_count(world):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, signed_on=datetime.date(2024, 1, 5), in_force_on=datetime.date(2024, 1, 5),
                  reported_on=datetime.date(2024, 1, 10), expires_on=datetime.date(2025, 1, 1))
    refresh_register(TODAY)  # the sweep finds it expired
    assert Agreement.objects.get(pk=a.pk).status == "expired"
    assert_current(world)
    actions.record_event(officer, Agreement.objects.get(pk=a.pk), "terminated", TODAY, today=TODAY)
    assert_current(world)


def test_a_co_signatory_added_or_removed_reads_the_agreement(world, client_for):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    joint = agreement(officer_a, world.a, partners=[partner("Guangxi", "CN", "Khu tự trị Quảng Tây")])
    before = listed_total(client_for, officer_b)
    actions.update_agreement(officer_a, joint, co_signatories=[world.b], today=TODAY)
    assert listed_total(client_for, officer_b) == before + 1
    assert_current(world)
    joint.co_signatories.clear()
    assert listed_total(client_for, officer_b) == before
    assert_current(world)


def test_a_former_province_merged_into_another_and_agreements_moved_between_provinces(world, client_for):
    """A co-signing former province counts for its successor; an agreement moved to another province
    (as a merger's records are) leaves one province's total for the other's."""
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    joint = agreement(officer_a, world.a, partners=[partner("Guangxi", "CN", "Khu tự trị Quảng Tây")])
    former = Locality.objects.by_legacy_code(49)  # Quảng Nam, now part of Đà Nẵng (world.b)
    joint.co_signatories.add(former)
    assert_current(world)
    former.successor = world.a
    former.save()
    assert_current(world)
    before_a, before_b = listed_total(client_for, officer_a), listed_total(client_for, officer_b)
    moved = agreement(officer_a, world.a, title="Thỏa thuận chuyển về tỉnh khác")
    moved.locality = world.b
    moved.save()
    assert (listed_total(client_for, officer_a), listed_total(client_for, officer_b)) == (before_a, before_b + 1)
    assert_current(world)


def test_an_import_of_new_agreements_and_a_bulk_update(world):
    from ngoaivu.agreements import imports
    officer = world.users["officer_a"]
    result = imports.check_file(register_workbook([{"title": "Thỏa thuận nhập từ tệp", "partners": "Thành phố Lyon",
                                            "countries": "FR", "signed": "01/03/2025"}]), officer, today=TODAY)
    assert result.ok, result.errors
    imports.commit(result, officer, today=TODAY)
    assert Agreement.objects.filter(title="Thỏa thuận nhập từ tệp").exists()
    assert_current(world)
    imported = Agreement.objects.get(title="Thỏa thuận nhập từ tệp")
    actions.update_agreements(officer, [{"agreement": imported, "fields": {"visibility": "public"}}], today=TODAY)
    assert Agreement.objects.get(pk=imported.pk).visibility == "public"
    assert_current(world)


def test_a_bulk_write_without_signals_is_current_after_the_hook(world):
    agreement(world.users["officer_a"], world.a)
    Agreement.objects.filter(locality=world.a).update(visibility="public", published_at=timezone.now())
    assert visible_counts.differences() != []  # what a bulk write without the hook would leave
    hooks.refresh_summaries({world.a.pk})
    assert_current(world)


def test_the_check_command_names_a_difference_and_rebuild_repairs_it(world):
    agreement(world.users["officer_a"], world.a)
    VisibleCount.objects.filter(locality=world.a.pk).update(agreements=999)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("summaries", "--check", stdout=out)
    assert "999" in out.getvalue()
    call_command("summaries", "--rebuild", stdout=io.StringIO())
    assert_current(world)


def test_only_the_unfiltered_list_reads_the_kept_counts(world, client_for, monkeypatch):
    officer = world.users["officer_a"]
    agreement(officer, world.a, title="Thỏa thuận về giáo dục")
    agreement(officer, world.a, title="Thỏa thuận về y tế")
    total = Agreement.objects.visible_to(officer).count()
    # The list reads them through its own attribute (bound when the class was made, so patched there).
    reads = []
    monkeypatch.setattr(AgreementListView, "kept_counts", staticmethod(lambda: reads.append(1) or visible_counts.stored()))
    for query in ("", "?sort=title", "?page=2", "?year=abc", "?status="):
        before = len(reads)
        assert listed_total(client_for, officer, query) == total
        assert len(reads) > before, query  # (twice for a page that does not exist: the list shows page 1)
    # A filter in use: counted by the database, never from the kept rows.
    monkeypatch.setattr(AgreementListView, "kept_counts", staticmethod(lambda: pytest.fail("kept counts read for a filter")))
    assert listed_total(client_for, officer, "?status=proposed") == \
        Agreement.objects.visible_to(officer).filter(status="proposed").count()
    # A search reads them only to size the keys it reads (core.generic.SearchPaginator): wrong by any amount,
    # its count is still exact.
    monkeypatch.setattr(SearchPaginator, "limit", 1)
    monkeypatch.setattr(FilteredListView, "SIZE_SECONDS", -1)  # read on every search
    monkeypatch.setattr(FilteredListView, "_sizes", {})
    searched = Agreement.objects.visible_to(officer).filter(search_text__contains=" thoa thuan").count()
    assert searched >= 2
    real = visible_counts.stored()
    for kept in ({}, real, {key: n * 100 for key, n in real.items()}):
        reads.clear()
        monkeypatch.setattr(AgreementListView, "kept_counts", staticmethod(lambda kept=kept: reads.append(1) or kept))
        assert listed_total(client_for, officer, "?q=giao+duc") == 1
        assert listed_total(client_for, officer, "?q=thoa+thuan") == searched
        assert len(reads) == 2


def test_a_provinces_search_is_counted_by_its_keys_and_with_its_co_signed_agreements(world, client_for, monkeypatch):
    """A province's search reads as many keys as the province's list holds by its kept counts, and counts by
    them; those counts leave out the agreements it reads as a co-signatory (`kept_only`), so a search matching
    more than they hold reads one key beyond them and is counted by the database: both exact."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    for n in range(3):
        agreement(officer_b, world.b, title=f"Thỏa thuận hợp tác riêng {n}")
    for n in range(4):
        joint = agreement(officer_a, world.a, title=f"Thỏa thuận hợp tác chung {n}")
        actions.update_agreement(officer_a, joint, co_signatories=[world.b], today=TODAY)
    mine = Agreement.objects.visible_to(officer_b)
    kept = Agreement.objects.visible_count(officer_b, visible_counts.stored(), visible_counts.of_country,
                                           kept_only=True)
    assert kept == mine.count() - 4  # the co-signed agreements are the ones the kept counts do not hold
    monkeypatch.setattr(SearchPaginator, "limit", 1)
    monkeypatch.setattr(FilteredListView, "_sizes", {})  # none kept from another test's data
    seen = set()
    for query, words in (("?q=hop+tac", (" hop", " tac")), ("?q=rieng", (" rieng",))):
        matching = mine
        for word in words:
            matching = matching.filter(search_text__contains=word)
        expected = matching.count()
        with CaptureQueriesContext(connection) as captured:
            response = client_for(officer_b).get(reverse("agreements:agreement_list") + query)
        assert response.context["paginator"].count == expected
        counted = any("COUNT(" in q["sql"] and "search_text" in q["sql"] for q in captured.captured_queries)
        assert counted == (expected > kept), (query, expected, kept)
        seen.add(counted)
    # "hop tac" matches the three of the province's own and the four co-signed (more than the kept counts
    # hold): the database's COUNT; "rieng" only the province's three: its keys.
    assert seen == {True, False}


def test_a_user_of_a_province_and_a_mission_counts_each_record_once(world):
    # The "rest" arms (a mission's countries, co-signatories) and the exclusion of the province's own rows meet.
    officer_b = world.users["officer_b"]
    agreement(officer_b, world.b, title="Thỏa thuận nội bộ với Busan", partners=[partner("Busan", "KR", "Busan")])
    cosigned = agreement(officer_b, world.b, title="Thỏa thuận đồng ký với Lyon", partners=[partner("Lyon", "FR", "Lyon")])
    cosigned.co_signatories.add(world.a)
    user = world.users["officer_a"]
    Membership.objects.create(user=user, kind="mission", mission=world.records["mission"], role="officer")
    user = User.objects.get(pk=user.pk)
    assert Agreement.objects.visible_count(user, visible_counts.stored()) == Agreement.objects.visible_to(user).count()
    assert_current(world)


def test_a_save_naming_other_fields_moves_no_count_and_one_naming_visibility_does(world):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Thỏa thuận về du lịch")
    before = visible_counts.stored()
    a.visibility, a.title = "public", "Thỏa thuận về du lịch (sửa)"
    a.save(update_fields=["title"])  # the visibility in memory is not written: nothing moves
    assert Agreement.objects.get(pk=a.pk).visibility != "public"
    assert visible_counts.stored() == before
    assert_current(world)
    a.save(update_fields=["visibility"])
    assert Agreement.objects.get(pk=a.pk).visibility == "public"
    assert visible_counts.stored() != before
    assert_current(world)


def test_the_kept_total_refuses_a_filtered_queryset(world):
    with pytest.raises(ValueError):
        Agreement.objects.filter(status="draft").visible_count(world.users["officer_a"], visible_counts.stored())


# --- the counts per partner country: a mission's total ------------------------------------------------

def korea_total(world, client_for):
    return listed_total(client_for, world.users["mission_officer"])


def test_a_mission_total_follows_partners_added_and_removed_from_either_side(world, client_for):
    officer = world.users["officer_a"]
    before = korea_total(world, client_for)
    busan, seoul = partner("Busan", "KR", "Thành phố Busan"), partner("Seoul", "KR", "Thủ đô Seoul")
    lyon = partner("Lyon", "FR", "Thành phố Lyon")
    a = agreement(officer, world.a, title="Thỏa thuận nội bộ với Lyon", partners=[lyon], visibility="internal")
    assert korea_total(world, client_for) == before
    a.partners.add(busan, seoul)  # two Korean partners: one Korean agreement
    assert korea_total(world, client_for) == before + 1
    assert CountryVisibleCount.objects.filter(locality=world.a.pk, country="KR", visibility="internal") \
        .values_list("agreements", flat=True).get() >= 1
    assert_current(world)
    a.partners.remove(busan)
    assert korea_total(world, client_for) == before + 1
    a.partners.remove(seoul)
    assert korea_total(world, client_for) == before
    assert_current(world)
    busan.agreements.add(a)  # from the partner's side
    assert korea_total(world, client_for) == before + 1
    assert_current(world)
    busan.agreements.clear()
    assert korea_total(world, client_for) == before
    assert_current(world)
    a.partners.set([seoul, lyon])
    assert korea_total(world, client_for) == before + 1
    a.partners.clear()
    assert korea_total(world, client_for) == before
    assert_current(world)


def test_a_partner_country_changed_or_deleted_moves_its_agreements(world, client_for):
    officer = world.users["officer_a"]
    before = korea_total(world, client_for)
    mislabelled = partner("Jeju Island", "JP", "Đảo Jeju")
    agreement(officer, world.a, title="Thỏa thuận nội bộ với Jeju", partners=[mislabelled], visibility="internal")
    assert korea_total(world, client_for) == before
    mislabelled.country = "KR"
    mislabelled.save()
    assert korea_total(world, client_for) == before + 1
    assert_current(world)
    mislabelled.name = "Jeju Special Self-Governing Province"
    mislabelled.save()  # no new country: nothing moves
    assert korea_total(world, client_for) == before + 1
    mislabelled.delete()
    assert korea_total(world, client_for) == before
    assert_current(world)


def test_a_merge_of_partners_of_two_countries_moves_the_agreements(world, client_for):
    from ngoaivu.partners import merging
    officer = world.users["officer_a"]
    before = korea_total(world, client_for)
    wrong = partner("Daegu (nhập sai nước)", "JP", "Thành phố Daegu")
    right = partner("Daegu", "KR", "Thành phố Daegu")
    agreement(officer, world.a, title="Thỏa thuận nội bộ với Daegu", partners=[wrong], visibility="internal")
    merging.merge_partners(world.users["central_manager"], right, wrong, across_countries=True)
    assert korea_total(world, client_for) == before + 1
    assert_current(world)


def test_a_mission_of_two_countries_counts_an_agreement_with_both_once(world):
    from ngoaivu.core.models import Mission
    officer = world.users["officer_a"]
    agreement(officer, world.a, title="Thỏa thuận ba bên Hàn Quốc – Nhật Bản", visibility="internal",
              partners=[partner("Busan", "KR", "Thành phố Busan"), partner("Fukuoka", "JP", "Tỉnh Fukuoka")])
    mission = Mission.objects.create(name="Đại sứ quán kiêm nhiệm Hàn Quốc và Nhật Bản", country="KR",
                                     accredited_countries=["JP"])
    user = User.objects.create_user("mission_two", password="x" * 12)
    Membership.objects.create(user=user, kind="mission", mission=mission, role="officer")
    assert_current(world, User.objects.get(pk=user.pk))


def test_a_partners_change_locks_its_agreements_before_reading_their_share(world):
    """PostgreSQL: an activity written under one of the partner's agreements while its country changes waits
    for the change (its insert's key-share lock meets this lock), so it is counted once, under one country.
    SQLite writes one transaction at a time."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite serialises writers")
    jeju = partner("Jeju Island", "JP", "Đảo Jeju")
    agreement(world.users["officer_a"], world.a, title="Thỏa thuận với Jeju", partners=[jeju])
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        jeju.country = "KR"
        jeju.save()
    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and "agreements_agreement" in q["sql"]]
    assert locks, "the partner's agreements were read without a lock"
    assert_current(world)
