"""Demo register for the four demo provinces: agreements in every status, overdue opinions and MOFA
copies, Bắc Giang agreements now held by Bắc Ninh, historical rows only partly known. Built through the
actions, with dates relative to today, so deadlines look alive whenever the demo is started."""
import datetime

from django.db import transaction
from django.utils import timezone

from ngoaivu.agreements import actions
from ngoaivu.agreements.consultees import load_national_defaults
from ngoaivu.agreements.models import Agreement, ConsulteeRule
from ngoaivu.core.models import Locality, Sector, Unit, User
from ngoaivu.partners.models import Partner

PARTNERS = [
    # name as written, Vietnamese name, country, kind, parent
    ("广西壮族自治区", "Khu tự trị dân tộc Choang Quảng Tây", "CN", "local_gov", None),
    ("崇左市", "Thành phố Sùng Tả", "CN", "local_gov", "广西壮族自治区"),
    ("云南省", "Tỉnh Vân Nam", "CN", "local_gov", None),
    ("Gyeonggi-do", "Tỉnh Gyeonggi", "KR", "local_gov", None),
    ("Chungcheongbuk-do", "Tỉnh Chungcheong Bắc", "KR", "local_gov", None),
    ("Daegu Metropolitan City", "Thành phố Daegu", "KR", "local_gov", None),
    ("Busan Metropolitan City", "Thành phố Busan", "KR", "local_gov", None),
    ("Shizuoka Prefecture", "Tỉnh Shizuoka", "JP", "local_gov", None),
    ("Sakai City", "Thành phố Sakai", "JP", "local_gov", None),
    ("Osaka Prefecture", "Tỉnh Osaka", "JP", "local_gov", None),
    ("ແຂວງຈຳປາສັກ", "Tỉnh Chămpasắc", "LA", "local_gov", None),
    ("ແຂວງເຊກອງ", "Tỉnh Sê Kông", "LA", "local_gov", None),
    ("Korea International Cooperation Agency (KOICA)", "Cơ quan Hợp tác quốc tế Hàn Quốc", "KR", "gov_agency", None),
    ("Kyungpook National University", "Đại học Quốc gia Kyungpook", "KR", "university", None),
]

# (locality code, reference, title, partners, sectors, scenario, extra fields)
AGREEMENTS = [
    (20, "01/2026/BGN-UBND", "Bản ghi nhớ hợp tác giữa UBND tỉnh Lạng Sơn và Chính quyền tỉnh Gyeonggi",
     ["Gyeonggi-do"], ["economy-trade", "investment"], "proposed", {}),
    (20, "02/2026/KH-UBND", "Kế hoạch hợp tác năm 2026 giữa tỉnh Lạng Sơn và Khu tự trị dân tộc Choang Quảng Tây",
     ["广西壮族自治区"], ["border", "economy-trade"], "consulting_overdue", {}),
    (20, "15/2025/BB-UBND", "Biên bản hội đàm về quản lý cửa khẩu giữa tỉnh Lạng Sơn và thành phố Sùng Tả",
     ["崇左市"], ["border"], "in_force_overdue_copy", {"form": "bien_ban_thoa_thuan"}),
    (20, "07/2023/TT-UBND", "Thỏa thuận hợp tác nông nghiệp giữa tỉnh Lạng Sơn và tỉnh Vân Nam",
     ["云南省"], ["agriculture"], "suspended", {}),
    (20, "", "Biên bản cuộc họp Ủy ban công tác liên hợp giữa bốn tỉnh biên giới Việt Nam và Khu tự trị Quảng Tây",
     ["广西壮族自治区"], ["border"], "historical_joint", {}),
    (20, "", "Bản ghi nhớ hợp tác giữa Tỉnh ủy Lạng Sơn và Đảng ủy Khu tự trị Quảng Tây",
     ["广西壮族自治区"], ["people"], "historical_party", {}),
    (24, "03/2026/BGN-UBND", "Bản ghi nhớ hợp tác phát triển công nghiệp giữa tỉnh Bắc Ninh và tỉnh Chungcheong Bắc",
     ["Chungcheongbuk-do"], ["investment", "science-tech"], "awaiting_pm", {}),
    (24, "12/2025/TT-UBND", "Thỏa thuận hợp tác đào tạo nghề giữa tỉnh Bắc Ninh và KOICA",
     ["Korea International Cooperation Agency (KOICA)"], ["labour", "education"], "approved", {}),
    (24, "21/2019/TT-UBND", "Thỏa thuận hợp tác hữu nghị giữa tỉnh Bắc Giang và tỉnh Gyeonggi",
     ["Gyeonggi-do"], ["economy-trade"], "inherited_bac_giang", {}),
    (24, "", "Ý định thư hợp tác xúc tiến tiêu thụ vải thiều giữa UBND huyện Lục Ngạn và thành phố Sùng Tả",
     ["崇左市"], ["agriculture"], "inherited_district", {"form": "y_dinh_thu"}),
    (24, "09/2020/BGN-UBND", "Bản ghi nhớ hợp tác giữa tỉnh Bắc Ninh và tỉnh Shizuoka",
     ["Shizuoka Prefecture"], ["education"], "expired", {}),
    (48, "04/2026/BGN-UBND", "Bản ghi nhớ hợp tác giáo dục giữa thành phố Đà Nẵng và Đại học Quốc gia Kyungpook",
     ["Kyungpook National University"], ["education"], "consulting_overdue", {}),
    (48, "18/2025/TT-UBND", "Thỏa thuận hợp tác giữa thành phố Đà Nẵng và thành phố Daegu",
     # Published as open data (reports:open_data), with its signers, whom the public search does not read.
     ["Daegu Metropolitan City"], ["culture-tourism", "economy-trade"], "in_force_expiring",
     {"visibility": "public", "signer_vn": "Lê Văn An", "signer_foreign": "Kim Min-jun"}),
    (48, "05/2024/TT-UBND", "Thỏa thuận hợp tác giữa thành phố Đà Nẵng và tỉnh Sê Kông",
     ["ແຂວງເຊກອງ"], ["agriculture", "people"], "signed_not_yet_in_force", {}),
    (48, "11/2022/TT-UBND", "Thỏa thuận hợp tác giữa thành phố Đà Nẵng và thành phố Sakai",
     ["Sakai City"], ["environment"], "terminated", {}),
    (79, "06/2026/BGN-UBND", "Bản ghi nhớ hợp tác giữa Thành phố Hồ Chí Minh và tỉnh Osaka",
     ["Osaka Prefecture"], ["economy-trade"], "refused", {}),
    (79, "14/2025/TT-UBND", "Thỏa thuận hợp tác giữa Thành phố Hồ Chí Minh và thành phố Busan",
     ["Busan Metropolitan City"], ["infrastructure", "culture-tourism"], "in_force_reported", {"auto_renew": True,
                                                                                                "term_months": 60}),
    (79, "08/2024/TT-UBND", "Thỏa thuận hợp tác giữa Thành phố Hồ Chí Minh và tỉnh Chămpasắc",
     ["ແຂວງຈຳປາສັກ"], ["agriculture"], "withdrawn", {}),
]


def _partners():
    by_name = {}
    for name, name_vi, country, kind, parent in PARTNERS:
        partner = Partner.objects.filter(name=name, country=country).first()
        if partner is None:
            partner = Partner.objects.create(name=name, name_vi=name_vi, country=country, kind=kind,
                                             parent=by_name.get(parent))
        by_name[name] = partner
    return by_name


def _run(user, agreement, steps, today):
    for kind, days_ago, extra in steps:
        if kind == "answer":
            request = agreement.events.filter(kind="opinion_requested", consultee=extra.pop("to")).first()
            extra = {**extra, "request": request}
            kind = "opinion_received"
        actions.record_event(user, agreement, kind, today - datetime.timedelta(days=days_ago), today=today, **extra)


MOFA = {"consultee": "Bộ Ngoại giao", "is_mofa": True}


def _steps(scenario, sct):
    ask = [("opinion_requested", 40, dict(MOFA)), ("opinion_requested", 40, {"consultee": sct})]
    agree = [("answer", 33, {"to": "Bộ Ngoại giao", "opinion": "agree", "note": "Công văn số 1234/BNG-NV"}),
             ("answer", 32, {"to": sct, "opinion": "agree"})]
    signed = [*ask, *agree, ("approved", 30, {}), ("signed", 28, {"place": "trụ sở UBND tỉnh"})]
    return {
        "proposed": [],
        "consulting_overdue": [("opinion_requested", 25, dict(MOFA)), ("opinion_requested", 25, {"consultee": sct}),
                               ("answer", 20, {"to": sct, "opinion": "agree"})],
        "awaiting_pm": [*ask, ("answer", 35, {"to": "Bộ Ngoại giao", "opinion": "agree"}),
                        ("answer", 34, {"to": sct, "opinion": "disagree", "note": "Chưa đánh giá đủ năng lực triển khai"}),
                        ("referred_to_pm", 20, {})],
        "refused": [*ask, ("answer", 35, {"to": "Bộ Ngoại giao", "opinion": "disagree"}),
                    ("answer", 34, {"to": sct, "opinion": "agree"}), ("referred_to_pm", 30, {}), ("pm_refusal", 22, {})],
        "approved": [*ask, *agree, ("approved", 5, {})],
        "in_force_overdue_copy": signed,
        "in_force_reported": [*signed, ("reported", 20, {})],
        "in_force_expiring": [*signed, ("reported", 18, {})],
        "signed_not_yet_in_force": [*signed, ("reported", 20, {})],
        "suspended": [*signed, ("reported", 20, {}), ("suspended", 10, {"note": "Phía bạn đề nghị tạm dừng"})],
        "terminated": [*signed, ("reported", 20, {}), ("terminated", 3, {"note": "Hai bên thỏa thuận chấm dứt"})],
        "withdrawn": [*signed, ("reported", 20, {}), ("withdrawn", 2, {})],
    }.get(scenario, [])


def _demo_consultees():
    """Lạng Sơn publishes its own lists for its Sở and its border communes (named bodies, not categories)."""
    load_national_defaults()
    langson = Locality.objects.current().get(code=20)
    if ConsulteeRule.objects.filter(locality=langson).exists():
        return
    agency = Unit.objects.filter(locality=langson, is_foreign_affairs_agency=True).first()
    basis = "Quy chế quản lý hoạt động đối ngoại trên địa bàn tỉnh Lạng Sơn (dữ liệu minh họa)"
    rows = [("department", agency.name if agency else "Sở Ngoại vụ tỉnh Lạng Sơn", False, "always"),
            ("department", "Sở Tư pháp tỉnh Lạng Sơn", False, "always"),
            ("department", "Công an tỉnh Lạng Sơn", False, "security"),
            ("department", "Bộ Chỉ huy Quân sự tỉnh Lạng Sơn", False, "defence"),
            ("department", "Bộ Ngoại giao", True, "sensitive"),
            ("commune", "Công an tỉnh Lạng Sơn", False, "always"),
            ("commune", "Bộ Chỉ huy Quân sự tỉnh Lạng Sơn", False, "always"),
            ("commune", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn", False, "always"),
            ("commune", "Sở, ngành liên quan trực tiếp", False, "always")]
    ConsulteeRule.objects.bulk_create([
        ConsulteeRule(locality=langson, level=level, consultee=name, is_mofa=mofa, condition=condition, position=i,
                      basis=basis) for i, (level, name, mofa, condition) in enumerate(rows)])


@transaction.atomic
def load_demo_agreements():
    _demo_consultees()
    today = timezone.localdate()
    partners = _partners()
    sectors = {s.code: s for s in Sector.objects.all()}
    bac_giang = Locality.objects.former().filter(short_name="Bắc Giang").first()
    for code, reference, title, names, sector_codes, scenario, extra in AGREEMENTS:
        locality = Locality.objects.current().get(code=code)
        if Agreement.objects.filter(locality=locality, title=title).exists():
            continue
        prefix = {20: "langson", 24: "bacninh", 48: "danang", 79: "hcm"}[code]
        user = User.objects.get(username=f"{prefix}.chuyenvien")
        pc = Unit.objects.filter(locality=locality, kind="pc").first()
        fields = {"reference": reference, "title": title, "form": extra.get("form", "thoa_thuan" if "Thỏa thuận" in title
                  else "ban_ghi_nho" if "Bản ghi nhớ" in title else "ke_hoach" if "Kế hoạch" in title else ""),
                  "signing_unit": pc, "summary": f"Hợp tác trong các lĩnh vực: "
                  f"{', '.join(sectors[c].name.lower() for c in sector_codes)}.",
                  "languages": "Tiếng Việt, tiếng nước đối tác", "visibility": "national" if code == 79 else "internal",
                  **{k: v for k, v in extra.items() if k != "form"}}
        kwargs = {"partners": [partners[n] for n in names], "sectors": [sectors[c] for c in sector_codes]}
        if scenario == "historical_joint":
            fields.update(form="", signed_on=datetime.date(2009, 1, 1), signed_precision="year", signing_unit=None,
                          signatory_name="UBND các tỉnh Lạng Sơn, Cao Bằng, Quảng Ninh, Hà Giang",
                          signed_place="Nam Ninh", visibility="national")
            kwargs["co_signatories"] = list(Locality.objects.filter(short_name__in=["Cao Bằng", "Quảng Ninh", "Tuyên Quang"],
                                                                    valid_until__isnull=True))
        elif scenario == "historical_party":
            fields.update(channel="party", signed_on=datetime.date(2016, 10, 1), signed_precision="month",
                          signing_unit=Unit.objects.filter(locality=locality, kind="party").first())
        elif scenario == "inherited_bac_giang":
            fields.update(signatory_locality=bac_giang, signatory_name="UBND tỉnh Bắc Giang",
                          signed_on=datetime.date(2019, 11, 8), reported_on=datetime.date(2019, 11, 20),
                          expires_on=datetime.date(2029, 11, 8), term_months=120, signed_place="Suwon")
        elif scenario == "inherited_district":
            fields.update(signatory_locality=bac_giang, signatory_name="UBND huyện Lục Ngạn, tỉnh Bắc Giang",
                          inherited_from="UBND huyện Lục Ngạn (Nghị định 177/2025/NĐ-CP)", signing_unit=None,
                          signed_on=datetime.date(2018, 6, 1), signed_precision="month")
        elif scenario == "expired":
            fields.update(signed_on=datetime.date(2020, 9, 15), reported_on=datetime.date(2020, 9, 25),
                          expires_on=today - datetime.timedelta(days=40), term_months=60)
        created = actions.create_agreement(user, locality=locality, today=today,
                                           proposed_on=today - datetime.timedelta(days=60), **kwargs, **fields)
        sct = "Sở Công Thương"
        _run(user, created, _steps(scenario, sct), today)
        created.refresh_from_db()
        if scenario == "signed_not_yet_in_force":
            actions.update_agreement(user, created, effective_on_signing=False,
                                     in_force_on=today + datetime.timedelta(days=20), today=today)
        if scenario == "in_force_expiring":
            actions.update_agreement(user, created, expires_on=today + datetime.timedelta(days=50), today=today)
