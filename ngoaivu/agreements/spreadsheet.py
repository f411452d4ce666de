"""The register's columns in Excel, shared by the template, the export and the import, so what is
exported can be imported back unchanged."""
from ngoaivu.core.text import fold

# (key, Vietnamese header, hint shown in the template's second sheet)
COLUMNS = [
    # The record's own number: a re-import matches a row to an agreement by it (or by the reference
    # number) and by nothing else, so agreements sharing a generic title never collapse onto one.
    ("id", "Mã hồ sơ", "Do hệ thống cấp, có trong tệp xuất; giữ nguyên khi sửa, để trống với thỏa thuận mới"),
    ("reference", "Số, ký hiệu", "Dòng không có mã hồ sơ mà có số này thì cập nhật thỏa thuận cùng số; để trống nếu văn bản không có số"),
    ("title", "Tên thỏa thuận", "Bắt buộc; không dùng tên hiệp định, công ước, hiệp ước, định ước"),
    ("title_en", "Tên tiếng Anh", ""),
    ("form", "Hình thức", "Thỏa thuận, Bản ghi nhớ, Ý định thư… hoặc để trống nếu văn bản không ghi"),
    ("locality", "Tỉnh, thành phố quản lý", "Tỉnh hiện hành; để trống = tỉnh của bạn; tên tỉnh cũ sẽ chuyển sang tỉnh kế thừa"),
    ("signatory_locality", "Tỉnh khi ký", "Tỉnh đứng tên khi ký, kể cả tỉnh cũ, ví dụ Bắc Giang"),
    ("signatory_name", "Bên Việt Nam (tên khi ký)", "Ví dụ: UBND tỉnh Bắc Giang; Tỉnh ủy Lạng Sơn"),
    ("signing_unit", "Cơ quan ký kết", "Tên cơ quan trong danh mục, ví dụ Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("co_signatories", "Tỉnh, thành phố cùng ký", "Nhiều tỉnh cách nhau bằng dấu ;"),
    ("inherited_from", "Kế thừa từ", "Ví dụ: UBND huyện Lục Ngạn (Nghị định 177/2025)"),
    ("partners", "Đối tác nước ngoài", "Tên theo cách đối tác viết; nhiều đối tác cách nhau bằng dấu ;"),
    ("countries", "Quốc gia", "Tên nước hoặc mã ISO; một nước cho mỗi đối tác, cách nhau bằng dấu ;"),
    ("partners_vi", "Tên tiếng Việt của đối tác", "Theo thứ tự cột đối tác, cách nhau bằng dấu ;; dùng khi tạo đối tác mới"),
    ("partner_kinds", "Loại đối tác", "Chính quyền địa phương nước ngoài (mặc định), Doanh nghiệp, Trường đại học, viện nghiên cứu…; theo thứ tự cột đối tác"),
    ("sectors", "Lĩnh vực", "Nhiều lĩnh vực cách nhau bằng dấu ;"),
    ("channel", "Kênh", "Ngoại giao Nhà nước (mặc định), Đối ngoại Đảng, Đối ngoại nhân dân"),
    ("summary", "Nội dung chính", ""),
    ("languages", "Ngôn ngữ văn bản", ""),
    ("signer_vn", "Người ký phía Việt Nam", ""),
    ("signer_foreign", "Người ký phía nước ngoài", ""),
    ("signed", "Ngày ký", "dd/mm/yyyy, hoặc mm/yyyy, hoặc yyyy nếu chỉ biết năm"),
    ("signed_place", "Nơi ký", ""),
    ("in_force_on", "Ngày có hiệu lực", "dd/mm/yyyy; để trống nếu có hiệu lực từ khi ký"),
    ("effective_on_signing", "Có hiệu lực từ khi ký", "Có / Không"),
    ("reported_on", "Ngày báo cáo TTg, gửi bản sao BNG", "dd/mm/yyyy"),
    ("term_months", "Thời hạn (tháng)", "Số nguyên"),
    ("expires_on", "Ngày hết hạn", "dd/mm/yyyy"),
    ("auto_renew", "Tự động gia hạn", "Có / Không"),
    ("notice_days", "Báo trước (ngày)", "Số nguyên"),
    ("visibility", "Phạm vi xem", "Nội bộ (mặc định), Toàn quốc, Công khai"),
    ("historical", "Hồ sơ lịch sử", "Có / Không; để trống: dòng đã ký (có ngày ký, hoặc tình trạng Đã ký, Đang có hiệu lực…) "
     "là hồ sơ lịch sử — không tính thời hạn pháp lý, không kiểm tra các bước trước khi ký"),
    ("recorded_activity_on", "Hoạt động gần nhất", "Với hồ sơ lịch sử: ngày hoạt động triển khai gần nhất đã biết "
     "(dd/mm/yyyy, mm/yyyy hoặc yyyy); tình hình triển khai tính từ ngày này và ngày nhập"),
    ("status", "Tình trạng", "Đã ký, Đang có hiệu lực, Đã hết hiệu lực, Đã chấm dứt… hoặc Đang đề xuất. Dòng đã ký mà "
     "không rõ ngày: ghi Đã ký. Thỏa thuận theo dõi trên hệ thống: tình trạng tính từ các bước đã ghi nhận"),
]
HEADERS = {key: header for key, header, _hint in COLUMNS}
KEY_BY_HEADER = {fold(header): key for key, header, _hint in COLUMNS}
SEPARATOR = ";"
YES = {"co", "x", "yes", "true", "1", "dung"}
NO = {"khong", "no", "false", "0", "sai", ""}
