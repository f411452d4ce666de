"""Second review of the indicators: periods, figures and targets that bad input or history would break."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ngoaivu.indicators.models import Observation
from ngoaivu.indicators.periods import Period


@pytest.mark.parametrize("text", ["0000-H1", "0000-Q3", "1500-Q2", "2200-H2"])
def test_a_half_or_quarter_of_an_impossible_year_is_refused_like_a_year(text):
    # "0000" is four digits: the pattern took it and datetime.date(0, …) raised ValueError (a 500);
    # "1500-Q2" went through although "1500" alone is refused (years from 1990).
    with pytest.raises(ValidationError):
        Period.parse(text)


def test_an_impossible_quarter_is_a_message_not_a_500(db, world, ind, client_for):
    client = client_for(world.users["officer_a"])
    page = client.get(f"/indicators/entry/?locality={world.a.pk}&period=0000-Q1")
    assert page.status_code == 200 and page.context["period_error"]
    assert client.get("/indicators/compare/?a=0000-H1&b=2025").status_code == 200
    api = client.get("/api/indicator-values/?indicator=trade&period=0000-Q1")
    assert api.status_code == 400 and "period" in api.json()["errors"]
    client.post(f"/indicators/entry/?locality={world.a.pk}&period=1500-Q2", {"value_trade": "5"})
    assert not Observation.objects.filter(indicator__code="trade").exists()


def test_a_share_above_100_percent_is_refused_as_a_yearly_step_and_as_an_entered_figure(db, world, ind, client_for):
    # The target's own value was refused above 100 % ("Tỷ lệ không quá 100 %"), its yearly steps and the
    # grid's figures of a share were not: 150 % was saved and drawn on the roadmap.
    from ngoaivu.indicators.actions import save_indicator
    from ngoaivu.indicators.models import Target
    central = world.users["central"]
    client = client_for(central)
    share = ind["agreements_active_share"]
    page = client.post("/indicators/targets/new/", {"indicator": share.pk, "locality": "", "first_year": 2026,
                                                   "last_year": 2030, "value": "80", "step_2026": "150"})
    assert page.status_code == 200 and "step_2026" in page.context["form"].errors
    assert not Target.objects.filter(indicator=share).exists()
    entered = save_indicator(central, code="ty_le_dung_han", name="Tỷ lệ hồ sơ đúng hạn", unit="percent",
                             method="entered", aggregation="last")
    url = "/indicators/entry/?locality=national&period=2025"
    page = client.post(url, {"value_ty_le_dung_han": "150"})
    assert page.status_code == 200 and "value_ty_le_dung_han" in page.context["form"].errors
    assert not Observation.objects.filter(indicator=entered).exists()
    assert client.post(url, {"value_ty_le_dung_han": "99,5"}).status_code == 302
    assert Observation.objects.get(indicator=entered).value == Decimal("99.5")
    from tests.indicators.test_import import _xlsx
    page = client.post("/indicators/import/", {"file": _xlsx([["ty_le_dung_han", "Toàn quốc", "2024", 150, "", ""]])})
    assert "Dòng 2, cột “Giá trị”: Tỷ lệ không quá 100 %." in page.content.decode()
    assert 'name="token"' not in page.content.decode()


def test_a_targets_yearly_steps_keep_their_history(db, world, ind):
    # The steps were deleted and created again on every save, without history: the milestone a province
    # had set before (200 trips in 2026) was gone, the target's own history showing no change at all.
    from ngoaivu.indicators.actions import save_target
    from ngoaivu.indicators.models import TargetStep
    user = world.users["officer_a"]
    target = save_target(user, None, steps={2026: Decimal(200), 2027: Decimal(250)}, indicator=ind["delegations_out"],
                         locality=world.a, first_year=2026, last_year=2030, value=Decimal(1000))
    step_2027 = TargetStep.objects.get(target=target, year=2027)
    save_target(user, target, steps={2026: Decimal(300), 2027: Decimal(250)})
    kept = TargetStep.history.filter(target_id=target.pk, year=2026).order_by("history_id")
    assert [row.value for row in kept] == [Decimal(200), Decimal(300)]
    assert TargetStep.objects.get(target=target, year=2027).pk == step_2027.pk  # untouched, not recreated
    assert TargetStep.history.filter(target_id=target.pk, year=2027).count() == 1
    save_target(user, target, steps={2027: Decimal(250)})  # the 2026 milestone removed: its deletion is kept
    assert TargetStep.history.filter(target_id=target.pk, year=2026).order_by("-history_id").first().history_type == "-"


def test_a_figure_for_a_former_province_in_a_period_after_it_was_merged_is_refused(db, world, ind, client_for):
    # "Quảng Nam, 2026" was saved as a figure of the former province (merged into Đà Nẵng on 01/7/2025):
    # added to Đà Nẵng's 2026 total, yet on no grid Đà Nẵng's officers open, so nobody could see or correct it.
    from tests.indicators.test_import import _xlsx
    client = client_for(world.users["officer_b"])
    rows = [["foreign_visitors", "Quảng Nam", "2026", 500, "", ""],
            ["foreign_visitors", "Quảng Nam", "2025-H2", 400, "", ""],
            ["foreign_visitors", "Quảng Nam", "2024", 300, "", ""]]
    page = client.post("/indicators/import/", {"file": _xlsx(rows)}).content.decode()
    assert "Dòng 2, cột “Kỳ”" in page and "Dòng 3, cột “Kỳ”" in page
    assert "Dòng 4, cột" not in page  # 2024: Quảng Nam's own figure, counted for Đà Nẵng
    assert 'name="token"' not in page
    assert not Observation.objects.filter(indicator__code="foreign_visitors").exists()


def test_an_imported_note_or_source_too_long_is_named_not_cut(db, world, ind, client_for):
    # The grid refuses a note over 500 characters; the import cut it (and a source over 200) silently.
    from tests.indicators.test_import import _xlsx
    client = client_for(world.users["officer_a"])
    rows = [["foreign_visitors", "Lạng Sơn", "2025", 1000, "S" * 201, ""],
            ["remittances", "Lạng Sơn", "2025", 5, "", "N" * 501]]
    page = client.post("/indicators/import/", {"file": _xlsx(rows)}).content.decode()
    assert "Dòng 2, cột “Nguồn”" in page and "Dòng 3, cột “Ghi chú”" in page
    assert 'name="token"' not in page
