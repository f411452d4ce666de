"""Demo data of the opportunities (idempotent, after the partners hub's demo): the embassy in Korea and the
consulate general in Osaka post opportunities (Osaka and its officer created if missing); Lạng Sơn and
Đà Nẵng post "seeking a partner" listings; profiles for the four demo provinces."""
import datetime

from django.db import transaction

from ngoaivu.core.models import Locality, Mission, Sector, User
from ngoaivu.partners import opportunities as ops
from ngoaivu.partners.models_opportunities import Opportunity, ProvinceProfile

OSAKA = ("Tổng Lãnh sự quán Việt Nam tại Osaka", "JP", "Osaka")
PROFILES = {
    20: ("Cửa khẩu quốc tế Hữu Nghị, logistics biên giới, nông sản (hồi, quế, na)", ["border", "agriculture", "economy-trade"],
         ["CN", "LA"]),
    24: ("Khu công nghiệp điện tử, nguồn lao động kỹ thuật", ["investment", "science-tech", "labour"], ["KR", "JP"]),
    48: ("Du lịch biển, công nghệ thông tin, cảng biển, đào tạo", ["culture-tourism", "science-tech", "education",
                                                                    "investment"], ["KR", "JP", "US"]),
    79: ("Trung tâm tài chính, thương mại, y tế chất lượng cao", ["economy-trade", "health", "investment"],
         ["JP", "SG", "US"]),
}


def _sectors(codes):
    return list(Sector.objects.filter(code__in=codes))


@transaction.atomic
def load_demo_opportunities():
    from ngoaivu.core import actions as core_actions
    from ngoaivu.core.demo import DEMO_PASSWORD, DEMO_PROVINCES
    korea = User.objects.filter(username="dsq.hanquoc").first()
    danang = User.objects.filter(username="danang.chuyenvien").first()
    langson = User.objects.filter(username="langson.chuyenvien").first()
    if not (korea and danang and langson):
        return
    mission, _created = Mission.objects.get_or_create(name=OSAKA[0], defaults={"country": OSAKA[1], "city": OSAKA[2]})
    osaka = User.objects.filter(username="tlsq.osaka").first()
    if osaka is None:
        osaka = core_actions.create_user(username="tlsq.osaka", password=DEMO_PASSWORD, full_name="Đặng Thu Hằng",
                                         job_title="Lãnh sự", kind="mission", role="officer", mission=mission)
    for code, (strengths, sectors, countries) in PROFILES.items():
        locality = Locality.objects.current().get(code=code)
        if not ProvinceProfile.objects.filter(locality=locality).exists():
            user = User.objects.filter(username=f"{DEMO_PROVINCES[code]}.chuyenvien").first()
            if user is not None:
                ops.save_profile(user, locality, sectors=_sectors(sectors), strengths=strengths, priority_countries=countries)
    today = datetime.date.today()
    listings = [
        (korea, dict(kind="partner_seeks", title="Tỉnh Gyeongsangbuk-do tìm địa phương Việt Nam hợp tác nông nghiệp thông minh",
                     country="KR", sought="Địa phương có vùng trồng rau, quả quy mô lớn, sẵn sàng thí điểm nhà kính thông minh",
                     contact="Bí thư thứ nhất Ngô Minh Tuấn, ĐSQ tại Hàn Quốc", deadline=today + datetime.timedelta(days=60)),
         ["agriculture", "science-tech"]),
        (korea, dict(kind="partner_seeks", title="Thành phố Busan tìm đối tác kết nghĩa về du lịch biển và cảng biển",
                     country="KR", sought="Thành phố cảng, có chương trình xúc tiến du lịch biển",
                     contact="ĐSQ tại Hàn Quốc", deadline=today + datetime.timedelta(days=45)),
         ["culture-tourism", "infrastructure"]),
        (osaka, dict(kind="partner_seeks", title="Tỉnh Hyogo tìm tỉnh Việt Nam hợp tác đào tạo điều dưỡng",
                     country="JP", sought="Hợp tác đào tạo và tiếp nhận điều dưỡng viên, trao đổi giáo viên",
                     contact="Tổng Lãnh sự quán tại Osaka", deadline=today + datetime.timedelta(days=90)),
         ["health", "education", "labour"]),
        (langson, dict(kind="province_seeks", title="Lạng Sơn tìm đối tác phát triển logistics cửa khẩu",
                       preferred_countries=["CN", "KR"], offered="Quỹ đất 200 ha gần cửa khẩu Hữu Nghị",
                       sought="Nhà đầu tư, địa phương có kinh nghiệm trung tâm logistics biên giới",
                       contact="Sở Ngoại vụ Lạng Sơn"), ["border", "economy-trade"]),
        (danang, dict(kind="province_seeks", title="Đà Nẵng tìm thành phố kết nghĩa về đổi mới sáng tạo",
                      preferred_countries=["KR", "JP"], offered="Khu công viên phần mềm, nguồn nhân lực CNTT",
                      sought="Thành phố có hệ sinh thái khởi nghiệp, chương trình trao đổi doanh nghiệp",
                      contact="Sở Ngoại vụ Đà Nẵng"), ["science-tech", "education"]),
    ]
    for user, fields, sectors in listings:
        if not Opportunity.objects.filter(title=fields["title"]).exists():
            ops.post_opportunity(user, sectors=_sectors(sectors), **fields)
