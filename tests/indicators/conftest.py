import datetime
from decimal import Decimal

import pytest

from ngoaivu.indicators.actions import Entry, save_observations
from ngoaivu.indicators.models import Indicator
from ngoaivu.indicators.periods import Period


@pytest.fixture
def ind(world):
    """Indicators by code (the catalogue is loaded by migration 0002; flushed tests load it again)."""
    from ngoaivu.indicators.catalogue import load_catalogue
    load_catalogue()
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def enter(world):
    def do(user, indicator, locality, period, value, **kw):
        return save_observations(world.users[user] if isinstance(user, str) else user,
                                 [Entry(indicator, locality, Period.parse(period),
                                        None if value is None else Decimal(str(value)), **kw)])
    return do


def d(text):
    return datetime.date(*map(int, text.split("-")))
