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
