"""Small builders for exchanges tests: a delegation or a conference through the real actions."""
import datetime

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.choices import Channel, DelegationLevel, Direction, ForeignLevel, OrganiserKind


def delegation(user, locality, *, countries=("JP",), members=(), contacts=(), **overrides):
    start = overrides.pop("start_date", datetime.date(2026, 3, 9))
    data = {"locality": locality, "direction": Direction.OUTBOUND, "channel": Channel.STATE,
            "level": DelegationLevel.LEADER, "title": "Đoàn công tác thăm Nhật Bản", "head_name": "Hoàng Văn Nam",
            "head_title": "Chủ tịch UBND tỉnh", "member_count": 6, "purpose": "Xúc tiến đầu tư",
            "start_date": start, "end_date": start + datetime.timedelta(days=5), **overrides}
    return actions.plan_delegation(
        user, data=data, stops=[{"country": c, "city": "", "days": None} for c in countries],
        members=[{"full_name": m} for m in members], contacts=list(contacts))


def approved_delegation(user, locality, **overrides):
    d = delegation(user, locality, **overrides)
    return actions.approve_delegation(user, d, authority="standing_committee", decision_number="123/QĐ-UBND",
                                      decision_date=min(d.start_date - datetime.timedelta(days=20),
                                                        datetime.date.today()))


def conference(user, locality, **overrides):
    data = {"locality": locality, "title": "Hội thảo hợp tác thương mại biên giới", "venue": "Thành phố Lạng Sơn",
            "start_date": datetime.date(2026, 6, 15), "end_date": datetime.date(2026, 6, 16),
            "participants_count": 120, "foreign_participants_count": 30,
            "highest_foreign_level": ForeignLevel.LOCAL_LEADER, "topics": [],
            # a new conference names its organiser (actions.conference_organiser): the body given, else a name
            **({"organiser_kind": OrganiserKind.PROVINCE_UNIT} if "organiser_unit" in overrides else
               {"organiser_kind": OrganiserKind.VIETNAMESE, "organiser_name": "UBND tỉnh"}), **overrides}
    return actions.plan_conference(user, data=data)
