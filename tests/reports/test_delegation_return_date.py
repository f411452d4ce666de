"""The external-affairs report's "Thời gian" of a delegation ends on the day it came back, when recorded (as
the delegation's own results report says): a trip planned to 14/03 and back on 17/03 read "– 14/03/2025"."""
import datetime

import pytest

from ngoaivu.exchanges import actions as exchanges
from tests.exchanges.factories import approved_delegation
from tests.reports.helpers import outbound_rows

pytestmark = pytest.mark.django_db


def test_a_delegation_back_later_than_planned_is_reported_with_its_return_day(world):
    user = world.users["officer_a"]
    start = datetime.date(2025, 3, 9)
    delegation = approved_delegation(user, world.a, title="Đoàn về muộn", start_date=start)
    assert delegation.end_date == datetime.date(2025, 3, 14)
    exchanges.record_return(user, delegation, returned_on=datetime.date(2025, 3, 17))
    words, sheet = outbound_rows(user, world.a, 2025, "Đoàn về muộn")
    assert [row[5] for row in words] == ["09/03/2025 – 17/03/2025"]
    assert [row[5] for row in sheet] == ["09/03/2025 – 17/03/2025"]
