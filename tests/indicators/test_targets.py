"""Targets: progress and the derived status with its reason."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ngoaivu.indicators.actions import save_target
from ngoaivu.indicators.models import Target
from ngoaivu.indicators.progress import progress


def _target(world, ind, user="officer_a", steps=None, **kw):
    fields = dict(indicator=ind["foreign_visitors"], locality=world.a, first_year=2021, last_year=2025,
                  value=Decimal(500))
    fields.update(kw)
    return save_target(world.users[user], None, steps=steps, **fields)


def test_no_data_then_on_track_then_behind_then_achieved(db, world, ind, enter):
    target = _target(world, ind)  # 500 over five years: 100 a year expected without steps
    assert progress(target).status == "no_data"
    enter("officer_a", ind["foreign_visitors"], world.a, "2021", 120)
    enter("officer_a", ind["foreign_visitors"], world.a, "2022", 90)
    p = progress(target)
    assert (p.status, p.reached, p.expected, p.through_year) == ("on_track", Decimal(210), Decimal(200), 2022)
    assert "210" in p.reason and "2022" in p.reason and "200" in p.reason
    enter("officer_a", ind["foreign_visitors"], world.a, "2023", 50)
    p = progress(target)
    assert (p.status, p.reached, p.expected) == ("behind", Decimal(260), Decimal(300))
    assert p.reason.startswith("Từ 2021 đến 2023 mới đạt 260")
    enter("officer_a", ind["foreign_visitors"], world.a, "2024", 300)
    assert progress(target).status == "achieved"


def test_yearly_steps_set_what_is_expected(db, world, ind, enter):
    target = _target(world, ind, steps={2021: Decimal(50), 2022: Decimal(200)})
    enter("officer_a", ind["foreign_visitors"], world.a, "2021", 60)
    assert (progress(target).status, progress(target).expected) == ("on_track", Decimal(50))
    enter("officer_a", ind["foreign_visitors"], world.a, "2022", 100)
    p = progress(target)
    assert (p.status, p.expected) == ("behind", Decimal(250))
    assert sorted(target.steps.values_list("year", "value")) == [(2021, Decimal(50)), (2022, Decimal(200))]


def test_lower_is_better(db, world, ind, enter):
    ind["foreign_visitors"].higher_is_better = False
    ind["foreign_visitors"].save()
    target = _target(world, ind, value=Decimal(100))
    enter("officer_a", ind["foreign_visitors"], world.a, "2021", 10)
    assert progress(Target.objects.get(pk=target.pk)).status == "on_track"
    enter("officer_a", ind["foreign_visitors"], world.a, "2022", 80)
    assert progress(Target.objects.get(pk=target.pk)).status == "behind"


def test_a_province_sets_only_its_own_targets(db, world, ind):
    with pytest.raises(PermissionDenied):
        _target(world, ind, locality=world.b)
    with pytest.raises(PermissionDenied):
        _target(world, ind, user="viewer")
    with pytest.raises(PermissionDenied):
        _target(world, ind, locality=None)
    before = Target.objects.count()
    _target(world, ind, user="central", locality=None)  # a national target: the centre's
    assert Target.objects.count() == before + 1


def test_target_form_saves_steps_and_the_province_page_shows_the_status(db, world, ind, enter, client_for):
    client = client_for(world.users["officer_a"])
    data = {"indicator": ind["foreign_visitors"].pk, "locality": world.a.pk, "first_year": 2026, "last_year": 2030,
            "value": "1000", "basis": "Nghị quyết", "step_2026": "150", "step_2027": "1.200"}
    response = client.post("/indicators/targets/new/", data)
    assert response.status_code == 302
    target = Target.objects.get(first_year=2026, locality=world.a, indicator=ind["foreign_visitors"])
    assert target.value == Decimal(1000)
    assert list(target.steps.values_list("year", "value")) == [(2026, Decimal(150)), (2027, Decimal(1200))]
    enter("officer_a", ind["foreign_visitors"], world.a, "2026", 100)
    page = client.get(f"/indicators/province/{world.a.pk}/").content.decode()
    assert "Chậm tiến độ" in page and "mới đạt 100" in page
    bad = client.post("/indicators/targets/new/", {**data, "first_year": 2030, "last_year": 2026})
    assert bad.status_code == 200 and "Năm cuối không được trước năm đầu" in bad.content.decode()


def test_a_second_identical_post_adds_no_second_target(db, world, ind, client_for):
    """A double click on "Lưu" sent the form twice and the roadmap listed the same target twice."""
    client = client_for(world.users["officer_a"])
    data = {"indicator": ind["foreign_visitors"].pk, "locality": world.a.pk, "first_year": 2026, "last_year": 2030,
            "value": "1000", "basis": "Nghị quyết"}
    assert client.post("/indicators/targets/new/", data).status_code == 302
    again = client.post("/indicators/targets/new/", {**data, "value": "1200"})
    page = again.content.decode()
    assert again.status_code == 200 and "Lỗi: " in page
    assert "Đã có mục tiêu của chỉ số" in page and "từ năm 2026 đến năm 2030" in page
    kept = Target.objects.filter(indicator=ind["foreign_visitors"], locality=world.a, first_year=2026, last_year=2030)
    assert [t.value for t in kept] == [Decimal(1000)]
    # Another span, another province, or the nation stay separate targets.
    assert client.post("/indicators/targets/new/", {**data, "first_year": 2031, "last_year": 2035}).status_code == 302
    central = client_for(world.users["central"])
    assert central.post("/indicators/targets/new/", {**data, "locality": ""}).status_code == 302
    again = central.post("/indicators/targets/new/", {**data, "locality": ""})
    assert again.status_code == 200 and "Đã có mục tiêu" in again.content.decode()
    assert Target.objects.filter(indicator=ind["foreign_visitors"], locality=None, first_year=2026).count() == 1
    assert Target.objects.filter(indicator=ind["foreign_visitors"]).count() == 3


def test_targets_of_one_span_on_different_bases_are_both_saved_by_the_form(db, world, ind, client_for):
    """A province's Party congress resolution and its People's Committee's 5-year plan set different targets
    for the same indicator and span; the second was refused as a duplicate of the first."""
    client = client_for(world.users["officer_a"])
    data = {"indicator": ind["foreign_visitors"].pk, "locality": world.a.pk, "first_year": 2026, "last_year": 2030,
            "value": "1000", "basis": "Nghị quyết Đại hội Đảng bộ tỉnh"}
    assert client.post("/indicators/targets/new/", data).status_code == 302
    plan = {**data, "value": "1200", "basis": "Kế hoạch phát triển KT-XH 5 năm của UBND tỉnh"}
    assert client.post("/indicators/targets/new/", plan).status_code == 302
    # A double click on the second still makes one.
    again = client.post("/indicators/targets/new/", plan)
    page = again.content.decode()
    assert again.status_code == 200 and "Đã có mục tiêu của chỉ số" in page
    assert "theo căn cứ “Kế hoạch phát triển KT-XH 5 năm của UBND tỉnh”" in page
    kept = Target.objects.filter(indicator=ind["foreign_visitors"], locality=world.a, first_year=2026, last_year=2030)
    assert sorted(kept.values_list("basis", "value")) == [
        ("Kế hoạch phát triển KT-XH 5 năm của UBND tỉnh", Decimal(1200)),
        ("Nghị quyết Đại hội Đảng bộ tỉnh", Decimal(1000))]
    # Without a basis too: one, and the message says it has none.
    assert client.post("/indicators/targets/new/", {**data, "basis": ""}).status_code == 302
    again = client.post("/indicators/targets/new/", {**data, "basis": ""})
    assert again.status_code == 200 and "không ghi căn cứ" in again.content.decode()
    assert kept.count() == 3


def test_the_action_and_the_database_refuse_a_duplicate_target(db, world, ind):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction
    first = _target(world, ind)
    with pytest.raises(ValidationError) as error:
        _target(world, ind, value=Decimal(700))
    assert "Đã có mục tiêu" in str(error.value.message_dict["indicator"])
    assert "không ghi căn cứ" in str(error.value.message_dict["indicator"])
    # The same span on another basis (the Party congress resolution beside the 5-year plan) is another target.
    plan = _target(world, ind, value=Decimal(700), basis="Kế hoạch 5 năm")
    with pytest.raises(ValidationError) as error:
        _target(world, ind, value=Decimal(800), basis="Kế hoạch 5 năm")
    assert "theo căn cứ “Kế hoạch 5 năm”" in str(error.value.message_dict["indicator"])
    # Moving the plan's target onto the first one's basis is refused too.
    with pytest.raises(ValidationError):
        save_target(world.users["officer_a"], Target.objects.get(pk=plan.pk), basis="")
    plan.delete()
    # Editing the target itself is no duplicate.
    assert save_target(world.users["officer_a"], first, value=Decimal(600)).value == Decimal(600)
    # Two requests that both passed the check before either saved: the database keeps one.
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=first.indicator, locality=first.locality, first_year=2021, last_year=2025,
                              value=Decimal(1))
    Target.objects.create(indicator=first.indicator, locality=None, first_year=2021, last_year=2025, value=Decimal(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=first.indicator, locality=None, first_year=2021, last_year=2025,
                              value=Decimal(2))
    assert Target.objects.filter(indicator=first.indicator).count() == 2
    # ... per basis: another basis is let through by the database as well.
    other_basis = Target.objects.create(indicator=first.indicator, locality=first.locality, first_year=2021,
                                        last_year=2025, value=Decimal(1), basis="Kế hoạch 5 năm")
    national_plan = Target.objects.create(indicator=first.indicator, locality=None, first_year=2021, last_year=2025,
                                          value=Decimal(1), basis="Kế hoạch 5 năm")
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=first.indicator, locality=None, first_year=2021, last_year=2025,
                              value=Decimal(2), basis="Kế hoạch 5 năm")
    other_basis.delete()
    national_plan.delete()
    # The second of two requests that both passed the check is answered in words, not with a server error.
    from unittest import mock
    with mock.patch("ngoaivu.indicators.actions.duplicate_target_message", side_effect=[None, "Đã có mục tiêu"]):
        with pytest.raises(ValidationError) as error:
            _target(world, ind, value=Decimal(700))
    assert error.value.message_dict == {"indicator": ["Đã có mục tiêu"]}
    assert Target.objects.filter(indicator=first.indicator).count() == 2


def test_the_migration_removes_double_click_copies_and_keeps_differing_ones_to_be_reviewed(db, world, ind):
    """The migration stopped a deploy on two differing targets of one span; it removes only exact copies, keeps
    targets of different bases as they are, and marks a differing one of the same basis to be looked at."""
    import importlib

    from django.apps import apps
    from django.db import connection
    remove_copies = importlib.import_module("ngoaivu.indicators.migrations.0015_remove_duplicate_targets").remove_copies
    Target.objects.all().delete()
    fields = dict(indicator=ind["foreign_visitors"], locality=world.a, first_year=2021, last_year=2025, value=Decimal(5),
                  basis="Nghị quyết Đại hội")
    with connection.cursor() as cursor:  # a database from before the constraints (rolled back with the test)
        cursor.execute("DROP INDEX target_unique_span")
        cursor.execute("DROP INDEX target_unique_national_span")
    first, copy, other, steps_copy = (Target.objects.create(**fields) for _ in range(4))
    other.steps.create(year=2021, value=Decimal(1))
    steps_copy.steps.create(year=2021, value=Decimal(1))  # a double click on the differing one
    plan = Target.objects.create(**{**fields, "basis": "Kế hoạch 5 năm của UBND tỉnh", "value": Decimal(7)})
    dearer = Target.objects.create(**{**fields, "value": Decimal(9)})
    national = Target.objects.create(**{**fields, "locality": None})
    national_copy = Target.objects.create(**{**fields, "locality": None})
    long = Target.objects.create(**{**fields, "locality": None, "basis": "x" * 300})
    long_other = Target.objects.create(**{**fields, "locality": None, "basis": "x" * 300, "value": Decimal(6)})
    remove_copies(apps, None)  # no error: a deploy goes on
    left = dict(Target.objects.values_list("pk", "basis"))
    assert sorted(left) == sorted([first.pk, other.pk, plan.pk, dearer.pk, national.pk, long.pk, long_other.pk])
    assert left[first.pk] == left[national.pk] == "Nghị quyết Đại hội"
    assert left[plan.pk] == "Kế hoạch 5 năm của UBND tỉnh"  # another basis: untouched
    assert left[other.pk] == "Nghị quyết Đại hội (trùng #%s, cần xem lại)" % other.pk
    assert left[dearer.pk] == "Nghị quyết Đại hội (trùng #%s, cần xem lại)" % dearer.pk
    assert Target.objects.get(pk=dearer.pk).value == Decimal(9)
    assert list(Target.objects.get(pk=other.pk).steps.values_list("year", "value")) == [(2021, Decimal(1))]
    assert left[long.pk] == "x" * 300
    assert len(left[long_other.pk]) == 300 and left[long_other.pk].endswith("(trùng #%s, cần xem lại)" % long_other.pk)
    assert not Target.objects.filter(pk__in=[copy.pk, steps_copy.pk, national_copy.pk]).exists()
    # The constraints can be built on what is left.
    keys = list(Target.objects.values_list("indicator", "locality", "first_year", "last_year", "basis"))
    assert len(keys) == len(set(keys))
    editor = connection.schema_editor()  # for its SQL only (SQLite refuses one inside the test's transaction)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # the deletes' pending checks first, as between 0015 and 0016
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for constraint in Target._meta.constraints:
            if constraint.name in ("target_unique_span", "target_unique_national_span"):
                cursor.execute(str(constraint.create_sql(Target, editor)))


def test_the_target_forms_province_help_says_what_an_empty_choice_means_for_the_user(db, world, ind, client_for):
    """A province's officer read "Để trống: mục tiêu toàn quốc" under the province, though they may set no
    national target and the form offers no empty choice to them: the help says whose targets they set."""
    import html
    officer = client_for(world.users["officer_a"])
    page = html.unescape(officer.get("/indicators/targets/new/").content.decode())
    assert "Để trống" not in page and f"Mục tiêu của {world.a}" in page
    data = {"indicator": ind["foreign_visitors"].pk, "first_year": 2026, "last_year": 2030, "value": "1000",
            "basis": "Nghị quyết"}
    mine = Target.objects.filter(indicator=ind["foreign_visitors"], first_year=2026, last_year=2030)
    assert not mine.exists()
    refused = officer.post("/indicators/targets/new/", {**data, "locality": ""})
    assert refused.status_code == 200 and not mine.exists()
    assert officer.post("/indicators/targets/new/", {**data, "locality": world.a.pk}).status_code == 302
    assert [t.locality for t in mine.all()] == [world.a]
    central = client_for(world.users["central"])
    page = html.unescape(central.get("/indicators/targets/new/").content.decode())
    assert "Để trống: mục tiêu toàn quốc" in page
    assert central.post("/indicators/targets/new/", {**data, "locality": ""}).status_code == 302
    assert sorted(mine.all().values_list("locality", flat=True), key=str) == sorted([None, world.a.pk], key=str)
