import datetime
from decimal import Decimal

import pytest

from ngoaivu.indicators.actions import Entry, save_observations
from ngoaivu.indicators.periods import Period


@pytest.fixture
def enter(world):
    def do(user, indicator, locality, period, value, **kw):
        return save_observations(world.users[user] if isinstance(user, str) else user,
                                 [Entry(indicator, locality, Period.parse(period),
                                        None if value is None else Decimal(str(value)), **kw)])
    return do


def d(text):
    return datetime.date(*map(int, text.split("-")))
