"""Demo delegations and conferences for the four demo provinces, over three years, through the real
actions (so statuses, deadlines and their history are what the rules produce). Idempotent: a province that
already has delegations is left alone."""
import datetime

from django.db import transaction
from django.utils import timezone

from ngoaivu.core.models import Locality, User
from ngoaivu.exchanges import actions
from ngoaivu.exchanges.choices import Channel, DelegationLevel, Direction, ForeignLevel, OrganiserKind, Topic
from ngoaivu.exchanges.models import Delegation, ExchangeSettings

# code → (account prefix, leader, partner countries with a partner city, conference venue)
PROVINCES = {
    20: ("langson", "Hoàng Văn Nam", [("CN", "Nam Ninh"), ("CN", "Sùng Tả"), ("LA", "Viêng Chăn"), ("JP", "Shizuoka")],
         "Thành phố Lạng Sơn"),
    24: ("bacninh", "Nguyễn Văn Phúc", [("KR", "Gyeonggi"), ("JP", "Nagano"), ("CN", "Quảng Tây"), ("US", "Ohio")],
         "Thành phố Bắc Ninh"),
    48: ("danang", "Lương Nguyễn Minh Triết", [("JP", "Sakai"), ("KR", "Daegu"), ("FR", "Grenoble"), ("LA", "Savannakhet")],
         "Trung tâm Hội nghị Ariyana, Đà Nẵng"),
    79: ("hcm", "Nguyễn Văn Được", [("US", "San Francisco"), ("SG", "Singapore"), ("JP", "Osaka"), ("KR", "Busan")],
         "Trung tâm Hội chợ và Triển lãm Sài Gòn (SECC)"),
}
CHANNELS = [Channel.STATE, Channel.PARTY, Channel.PEOPLE]


def load_demo():
    today = timezone.localdate()
    for code, (prefix, leader, partners, venue) in PROVINCES.items():
        locality = Locality.objects.current().get(code=code)
        officer = User.objects.filter(username=f"{prefix}.chuyenvien").first()
        if officer is None or Delegation.objects.filter(locality=locality).exists():
            continue
        with transaction.atomic():
            if code == 48:  # Đà Nẵng's published caps (Công văn 101/UBND-SNV, 09/7/2025)
                ExchangeSettings.objects.update_or_create(locality=locality, defaults={
                    "max_trips_per_official": 2, "max_members_leader": 10, "max_members_deputy": 7,
                    "max_members_department": 5, "max_days": 15, "max_countries": 3, "max_days_per_country": 5,
                    "no_enterprise_funding": True, "basis": "Công văn 101/UBND-SNV ngày 09/7/2025"})
            _delegations(officer, locality, leader, partners, today)
            _conferences(officer, locality, venue, partners, today)


def _plan(officer, locality, *, direction, channel, level, title, head, head_title, country, city, start, days,
          members=6, contacts=()):
    return actions.plan_delegation(officer, data={
        "locality": locality, "direction": direction, "channel": channel, "level": level, "title": title,
        "head_name": head, "head_title": head_title, "member_count": members,
        "purpose": "Tăng cường quan hệ hợp tác, xúc tiến đầu tư, thương mại, du lịch và giao lưu nhân dân.",
        "programme": "Hội đàm với lãnh đạo chính quyền địa phương; làm việc với doanh nghiệp; thăm cộng đồng người Việt.",
        "start_date": start, "end_date": start + datetime.timedelta(days=days - 1)},
        stops=[{"country": country, "city": city, "days": days}], contacts=list(contacts))


def _delegations(officer, locality, leader, partners, today):
    province = locality.short_name
    for years_back in (2, 1, 0):
        year = today.year - years_back
        for i, (country, city) in enumerate(partners):
            channel = CHANNELS[(i + years_back) % 3]
            start = datetime.date(year, 2 + i * 2, 8 + i)
            if years_back == 0 and start > today - datetime.timedelta(days=40):
                start = today - datetime.timedelta(days=40 + 10 * i)
            outbound = (i + years_back) % 2 == 0
            d = _plan(officer, locality, direction=Direction.OUTBOUND if outbound else Direction.INBOUND,
                      channel=channel, level=DelegationLevel.LEADER if i == 0 else DelegationLevel.DEPARTMENT,
                      title=(f"Đoàn {province} thăm và làm việc tại {city}" if outbound
                             else f"Đoàn {city} thăm và làm việc tại {province}"),
                      head=leader if i == 0 else "Phạm Thu Trang",
                      head_title="Chủ tịch UBND tỉnh" if i == 0 else "Giám đốc Sở Ngoại vụ",
                      country=country, city=city, start=start, days=4 + i, members=8 if i == 0 else 5,
                      contacts=[{"channel": channel, "counterpart": f"Chính quyền {city}"}])
            actions.approve_delegation(officer, d, authority="standing_committee" if i == 0 else "pc_chair",
                                       decision_number=f"{100 + i}/QĐ-UBND", decision_date=start - datetime.timedelta(days=20))
            # The latest trips of this year are left without a report: they show up as overdue.
            if years_back or i >= 2:
                back = d.end_date
                actions.record_return(officer, d, returned_on=back)
                actions.submit_report(officer, d, submitted_on=min(back + datetime.timedelta(days=10), today),
                                      summary=f"Đoàn đã làm việc với {city}, thống nhất các nội dung hợp tác.",
                                      results="Trao đổi đoàn hằng năm; xúc tiến đầu tư vào khu công nghiệp.")
    # Coming up: one approved, one proposed, one cancelled.
    country, city = partners[0]
    soon = _plan(officer, locality, direction=Direction.OUTBOUND, channel=Channel.STATE, level=DelegationLevel.DEPUTY,
                 title=f"Đoàn {province} dự Diễn đàn hợp tác địa phương tại {city}", head="Vũ Đức Anh",
                 head_title="Phó Chủ tịch UBND tỉnh", country=country, city=city,
                 start=today + datetime.timedelta(days=25), days=5)
    actions.approve_delegation(officer, soon, authority="pc_chair", decision_number="250/QĐ-UBND",
                               decision_date=today)
    _plan(officer, locality, direction=Direction.INBOUND, channel=Channel.PEOPLE, level=DelegationLevel.OTHER,
          title=f"Đoàn thanh niên {partners[1][1]} giao lưu tại {province}", head="Kim Min-jun",
          head_title="Trưởng đoàn", country=partners[1][0], city=partners[1][1],
          start=today + datetime.timedelta(days=45), days=3, members=20)
    cancelled = _plan(officer, locality, direction=Direction.OUTBOUND, channel=Channel.PARTY,
                      level=DelegationLevel.LEADER, title=f"Đoàn Tỉnh ủy {province} thăm {partners[2][1]}",
                      head=leader, head_title="Bí thư Tỉnh ủy", country=partners[2][0], city=partners[2][1],
                      start=today + datetime.timedelta(days=60), days=4)
    actions.cancel_delegation(officer, cancelled, cancelled_on=today, reason="Phía bạn đề nghị lùi thời gian")


def _conferences(officer, locality, venue, partners, today):
    from ngoaivu.partners.models import Partner

    def of_country(code):
        # Partners the register's demo entered for this country: the conference names them, so the mission
        # covering the country sees it on its page.
        return list(Partner.objects.current().filter(country=code).order_by("pk")[:2])

    def plan(title, start, level, topics, participants=150, foreign=30, partners=()):
        return actions.plan_conference(officer, data={"partners": partners,
            "locality": locality, "title": title, "venue": venue, "start_date": start,
            "end_date": start + datetime.timedelta(days=1), "organiser_kind": OrganiserKind.VIETNAMESE,
            "organiser_name": f"UBND {locality.short_name}", "participants_count": participants,
            "foreign_participants_count": foreign, "highest_foreign_level": level, "topics": topics,
            "content": "Chia sẻ kinh nghiệm, kết nối doanh nghiệp, thúc đẩy hợp tác địa phương."})

    city = partners[0][1]
    for years_back in (2, 1):
        start = datetime.date(today.year - years_back, 10, 15)
        c = plan(f"Hội nghị xúc tiến đầu tư {locality.short_name} – {city} {start.year}", start,
                 ForeignLevel.LOCAL_LEADER, [], partners=of_country(partners[0][0]))
        actions.submit_dossier(officer, c, submitted_on=c.dossier_deadline - datetime.timedelta(days=3))
        actions.approve_conference(officer, c, decision_number=f"{start.year}/QĐ-UBND",
                                   decision_date=c.dossier_deadline + datetime.timedelta(days=10))
        actions.submit_conference_report(officer, c, submitted_on=c.end_date + datetime.timedelta(days=7),
                                         text="Hội nghị diễn ra thành công, ký 5 biên bản ghi nhớ đầu tư.")
    # Prime-Minister level (a minister attends), held recently, report overdue.
    held = plan(f"Diễn đàn hợp tác kinh tế vùng biên – {locality.short_name}", today - datetime.timedelta(days=40),
                ForeignLevel.MINISTER, [])
    actions.submit_dossier(officer, held, submitted_on=held.dossier_deadline - datetime.timedelta(days=1))
    actions.approve_conference(officer, held, decision_number="1234/TTg-QHQT",
                               decision_date=held.dossier_deadline + datetime.timedelta(days=20))
    # Coming up: a sensitive topic (PM, dossier late) and an ordinary one (Chair).
    plan(f"Hội thảo quốc tế về quản lý biên giới và an ninh khu vực tại {locality.short_name}",
         today + datetime.timedelta(days=35), ForeignLevel.OTHER, [Topic.SECURITY, Topic.SOVEREIGNTY])
    upcoming = plan(f"Tọa đàm giao lưu văn hóa {locality.short_name} – {city}", today + datetime.timedelta(days=70),
                    ForeignLevel.LOCAL_LEADER, [], participants=60, foreign=12, partners=of_country(partners[0][0]))
    actions.request_consultation(officer, upcoming, body="Bộ Ngoại giao", sent_on=today)
