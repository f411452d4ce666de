"""The initial catalogue: the entered indicators the conferences on local external affairs report, and the
computed ones read from the registers. Loaded by migration 0002 and again (idempotently) by the demo;
the centre then manages the catalogue on its page."""

# code, name, English name, unit, method, computation, aggregation, source, definition
CATALOGUE = [
    ("agreements_signed", "Số thỏa thuận quốc tế được ký", "International agreements signed",
     "count", "computed", "agreements_signed", "sum", "Sổ theo dõi thỏa thuận quốc tế",
     "Số thỏa thuận có ngày ký trong kỳ, mọi tình trạng."),
    ("agreements_in_force", "Số thỏa thuận đang có hiệu lực", "Agreements in force",
     "count", "computed", "agreements_in_force", "last", "Sổ theo dõi thỏa thuận quốc tế",
     "Thỏa thuận ký đến cuối kỳ và hiện đang có hiệu lực."),
    ("agreements_active_share", "Tỷ lệ thỏa thuận có hoạt động triển khai", "Share of agreements with activity",
     "percent", "computed", "agreements_active_share", "last", "Sổ theo dõi thỏa thuận, hoạt động triển khai",
     "Trong các thỏa thuận đang có hiệu lực, tỷ lệ có ít nhất một hoạt động ghi nhận trong kỳ."),
    ("agreements_dormant", "Số thỏa thuận không có hoạt động", "Dormant agreements",
     "count", "computed", "agreements_dormant", "last", "Sổ theo dõi thỏa thuận, hoạt động triển khai",
     "Thỏa thuận đang có hiệu lực nhưng không có hoạt động nào trong kỳ."),
    ("delegations_out", "Số đoàn ra", "Outgoing delegations", "count", "computed", "delegations_out", "sum",
     "Sổ theo dõi đoàn ra, đoàn vào", "Đoàn ra có ngày đi trong kỳ, trừ đoàn đã hủy."),
    ("delegations_in", "Số đoàn vào", "Incoming delegations", "count", "computed", "delegations_in", "sum",
     "Sổ theo dõi đoàn ra, đoàn vào", "Đoàn vào có ngày đến trong kỳ, trừ đoàn đã hủy."),
    ("conferences", "Số hội nghị, hội thảo quốc tế", "International conferences", "count", "computed",
     "conferences", "sum", "Sổ theo dõi hội nghị, hội thảo quốc tế",
     "Hội nghị, hội thảo quốc tế khai mạc trong kỳ, trừ hội nghị đã hủy."),
    ("activities", "Số hoạt động triển khai thỏa thuận", "Implementation activities", "count", "computed",
     "activities", "sum", "Sổ theo dõi triển khai", "Hoạt động có ngày diễn ra trong kỳ."),
    ("activity_investment_pledged", "Vốn đầu tư cam kết ghi nhận qua hoạt động", "Investment pledged (activities)",
     "usd", "computed", "investment_pledged", "sum", "Sổ theo dõi triển khai",
     "Tổng vốn đầu tư cam kết ghi trên các hoạt động trong kỳ."),
    ("activity_investment_disbursed", "Vốn đầu tư giải ngân ghi nhận qua hoạt động",
     "Investment disbursed (activities)", "usd", "computed", "investment_disbursed", "sum", "Sổ theo dõi triển khai",
     "Tổng vốn đầu tư giải ngân ghi trên các hoạt động trong kỳ."),
    ("activity_aid", "Viện trợ ghi nhận qua hoạt động", "Aid recorded on activities", "usd", "computed", "aid", "sum",
     "Sổ theo dõi triển khai", "Tổng viện trợ ghi trên các hoạt động trong kỳ."),
    ("agreements_reported", "Số thỏa thuận quốc tế được ký (theo báo cáo)", "International agreements signed (reported)",
     "count", "entered", "", "sum", "Báo cáo của địa phương; Bộ Ngoại giao tổng hợp",
     "Số thỏa thuận quốc tế cấp địa phương được ký trong kỳ theo báo cáo tổng kết (Hội nghị Ngoại vụ toàn quốc)."),
    ("fdi_registered", "Vốn FDI đăng ký", "FDI registered", "usd", "entered", "", "sum",
     "Cục Đầu tư nước ngoài; Sở Tài chính", "Tổng vốn đầu tư trực tiếp nước ngoài đăng ký cấp mới, tăng thêm và góp vốn."),
    ("fdi_disbursed", "Vốn FDI giải ngân", "FDI disbursed", "usd", "entered", "", "sum",
     "Cục Thống kê; Sở Tài chính", "Vốn đầu tư trực tiếp nước ngoài thực hiện trong kỳ."),
    ("oda", "Vốn ODA và vay ưu đãi giải ngân", "ODA disbursed", "usd", "entered", "", "sum", "Sở Tài chính",
     "Vốn ODA và vốn vay ưu đãi nước ngoài giải ngân trong kỳ."),
    ("ngo_aid", "Viện trợ phi chính phủ nước ngoài", "Foreign NGO aid", "usd", "entered", "", "sum",
     "Ủy ban Công tác về các tổ chức phi chính phủ nước ngoài", "Giá trị giải ngân viện trợ của các tổ chức phi chính phủ nước ngoài."),
    ("remittances", "Kiều hối", "Remittances", "usd", "entered", "", "sum", "Ngân hàng Nhà nước",
     "Lượng kiều hối chuyển về qua hệ thống ngân hàng và tổ chức kinh tế được phép."),
    ("ov_investment_projects", "Dự án đầu tư của người Việt Nam ở nước ngoài", "Overseas-Vietnamese investment projects",
     "count", "entered", "", "sum", "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
     "Số dự án còn hiệu lực do người Việt Nam ở nước ngoài đầu tư về nước."),
    ("ov_investment_value", "Vốn đầu tư của người Việt Nam ở nước ngoài", "Overseas-Vietnamese investment value",
     "usd", "entered", "", "sum", "Ủy ban Nhà nước về người Việt Nam ở nước ngoài",
     "Tổng vốn đăng ký của các dự án do người Việt Nam ở nước ngoài đầu tư về nước."),
    ("trade", "Kim ngạch xuất nhập khẩu", "Trade (exports and imports)", "usd", "entered", "", "sum",
     "Cục Hải quan; Sở Công Thương", "Tổng kim ngạch xuất khẩu và nhập khẩu hàng hóa."),
    ("foreign_visitors", "Khách quốc tế", "Foreign visitors", "persons", "entered", "", "sum",
     "Sở Văn hóa, Thể thao và Du lịch", "Lượt khách quốc tế đến địa phương."),
    ("citizens_protected", "Công dân được bảo hộ", "Citizens given consular protection", "persons", "entered", "",
     "sum", "Cục Lãnh sự", "Số công dân của địa phương được hỗ trợ, bảo hộ ở nước ngoài."),
    ("officials_trained", "Cán bộ được bồi dưỡng nghiệp vụ đối ngoại", "Officials trained in external affairs",
     "persons", "entered", "", "sum", "Sở Nội vụ; Học viện Ngoại giao",
     "Lượt cán bộ được đào tạo, bồi dưỡng kiến thức, kỹ năng đối ngoại."),
]

FIELDS = ("code", "name", "name_en", "unit", "method", "computation", "aggregation", "source", "definition")

# The definitions in English, shown on the English pages as the names are (Indicator.definition_en). Kept
# apart from CATALOGUE, whose rows migration 0002 loads into a model that has no English definition yet.
DEFINITIONS_EN = {
    "agreements_signed": "Agreements whose signing date falls in the period, whatever their status.",
    "agreements_in_force": "Agreements signed by the end of the period and in force today.",
    "agreements_active_share": "Among the agreements in force, the share with at least one activity recorded in "
                               "the period.",
    "agreements_dormant": "Agreements in force with no activity recorded in the period.",
    "delegations_out": "Outgoing delegations leaving in the period, cancelled ones excluded.",
    "delegations_in": "Incoming delegations arriving in the period, cancelled ones excluded.",
    "conferences": "International conferences opening in the period, cancelled ones excluded.",
    "activities": "Activities taking place in the period.",
    "activity_investment_pledged": "Total investment pledged recorded on the activities of the period.",
    "activity_investment_disbursed": "Total investment disbursed recorded on the activities of the period.",
    "activity_aid": "Total aid recorded on the activities of the period.",
    "agreements_reported": "Local-level international agreements signed in the period according to the review "
                           "reports (National Conference on External Affairs).",
    "fdi_registered": "Total foreign direct investment registered: new projects, capital increases and capital "
                      "contributions.",
    "fdi_disbursed": "Foreign direct investment disbursed in the period.",
    "oda": "ODA and foreign concessional loans disbursed in the period.",
    "ngo_aid": "Aid disbursed by foreign non-governmental organisations.",
    "remittances": "Remittances received through banks and licensed economic organisations.",
    "ov_investment_projects": "Projects still in force invested in Vietnam by overseas Vietnamese.",
    "ov_investment_value": "Total registered capital of the projects invested in Vietnam by overseas Vietnamese.",
    "trade": "Total value of goods exported and imported.",
    "foreign_visitors": "Arrivals of international visitors in the province.",
    "citizens_protected": "Citizens of the province assisted or given consular protection abroad.",
    "officials_trained": "Officials trained in external-affairs knowledge and skills (attendances).",
}


def load_catalogue(Indicator=None):
    """Adds the indicators missing from the catalogue; an indicator the centre changed is left alone."""
    if Indicator is None:
        from ngoaivu.indicators.models import Indicator
    existing = set(Indicator.objects.values_list("code", flat=True))
    english = any(f.name == "definition_en" for f in Indicator._meta.get_fields())
    for position, row in enumerate(CATALOGUE, 1):
        values = dict(zip(FIELDS, row))
        if english:
            values["definition_en"] = DEFINITIONS_EN.get(values["code"], "")
        if values["code"] not in existing:
            Indicator.objects.create(position=position * 10, **values)
