"""Demo data of the partners hub (idempotent, run by `ngoaivu demo` after the register's): other names of
partners, one Korean province entered twice more by two provinces (for the centre's duplicate list), and a
warning by the embassy in Korea on an investor that a Đà Nẵng draft agreement names."""
import datetime

from django.db import transaction

from ngoaivu.core.models import Locality, User
from ngoaivu.partners import actions, alerts
from ngoaivu.partners.models import Partner, PartnerWarning

ALIASES = {("Chungcheongbuk-do", "KR"): ["Chungbuk", "충청북도"],
           ("广西壮族自治区", "CN"): ["Guangxi", "Quảng Tây", "广西"]}
INVESTOR = "Hanbit Solar Power Co., Ltd."


@transaction.atomic
def load_demo_partners():
    centre = User.objects.filter(username="tw.chuyenvien").first()
    mission = User.objects.filter(username="dsq.hanquoc").first()
    danang = User.objects.filter(username="danang.chuyenvien").first()
    langson = User.objects.filter(username="langson.chuyenvien").first()
    if not (centre and mission and danang and langson):
        return
    for (name, country), aliases in ALIASES.items():
        partner = Partner.objects.current().filter(name=name, country=country).first()
        if partner is not None and not partner.aliases.exists():
            actions.set_aliases(partner, aliases)
    # The same province as two provinces typed it before the directory suggested the existing one.
    for user, name, name_vi in ((danang, "Chungcheongbuk Province", ""), (langson, "Chungcheongbuk", "Tỉnh Chungcheongbuk")):
        if not Partner.objects.filter(name=name, country="KR").exists():
            actions.create_partner(user, name=name, name_vi=name_vi, country="KR", allow_duplicate=True)
    investor = Partner.objects.filter(name=INVESTOR, country="KR").first()
    if investor is None:
        investor = actions.create_partner(danang, name=INVESTOR, name_vi="Công ty Điện mặt trời Hanbit", country="KR",
                                          kind="enterprise", registration_number="220-81-45678")
    from ngoaivu.agreements import actions as agreement_actions
    from ngoaivu.agreements.models import Agreement
    title = "Bản ghi nhớ đầu tư nhà máy điện mặt trời giữa thành phố Đà Nẵng và Hanbit Solar Power"
    if not Agreement.objects.filter(title=title).exists():
        agreement_actions.create_agreement(danang, locality=Locality.objects.current().get(code=48), partners=[investor],
                                           title=title, form="ban_ghi_nho")
    if not PartnerWarning.objects.filter(partner=investor).exists():
        alerts.issue_warning(mission, investor, category="no_capacity", severity="high",
                             summary="Nhà đầu tư chưa chứng minh được năng lực tài chính cho dự án 150 triệu USD",
                             details="Vốn điều lệ 2 tỷ won; hai dự án tại Hàn Quốc bị đình chỉ năm 2025.",
                             source="Dữ liệu đăng ký doanh nghiệp Hàn Quốc (DART)",
                             source_date=datetime.date(2026, 1, 15))
