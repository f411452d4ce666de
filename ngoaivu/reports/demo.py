"""Demo documents for the four demo provinces: each province's issuer settings (header, symbol, signer,
usual recipients) and a draft of every kind whose subject exists in its registers — the yearly agreements
report of last year, the six-monthly external-affairs report, the report to the Prime Minister on its latest
signed agreement, the letter asking opinions on an agreement under consultation and the results report of
a delegation back home — written through the actions and generated, so the documents page shows Word files
and their Excel annexes at once. Runs after every register's demo (its tables read them).

Idempotent: a province whose issuer settings exist is left alone (the settings and drafts are written in
one transaction). No PDF is made here: LibreOffice runs in the sweep, and the demo may lack it."""
import datetime

from django.db import transaction
from django.utils import timezone

from ngoaivu.core.models import Locality, User
from ngoaivu.reports import actions, documents
from ngoaivu.reports.choices import DocumentKind, Period
from ngoaivu.reports.models import IssuerSettings

# code → (account prefix, signer). The header's bodies and symbol come from the province's foreign-affairs
# agency in the reference data (a Sở Ngoại vụ, or the UBND's office where the Sở was merged into it).
PROVINCES = {20: ("langson", "Hoàng Văn Nam"), 24: ("bacninh", "Nguyễn Văn Phúc"),
             48: ("danang", "Lương Nguyễn Minh Triết"), 79: ("hcm", "Nguyễn Văn Được")}

# code → the Committee's signer of its report to the Prime Minister (a vice chair, "KT. CHỦ TỊCH"): invented names.
COMMITTEE_SIGNERS = {20: "Nguyễn Thị Hòa", 24: "Trần Văn Hải", 48: "Lê Minh Đức", 79: "Phạm Thu Trang"}

OPENING_YEARLY = ("Thực hiện Luật Thỏa thuận quốc tế năm 2020 và hướng dẫn của Bộ Ngoại giao, {body} báo cáo tình "
                  "hình ký kết và thực hiện thỏa thuận quốc tế của {province} năm {year} như sau.")
ASSESSMENT_YEARLY = ("Công tác ký kết thỏa thuận quốc tế được thực hiện đúng trình tự, thủ tục; các thỏa thuận đi vào "
                     "thực chất hơn. Tuy vậy, một số thỏa thuận ký rồi chưa có hoạt động triển khai, một số cam kết "
                     "chưa hoàn thành đúng hạn.")
PROPOSALS_YEARLY = ("Đề nghị Bộ Ngoại giao tiếp tục hướng dẫn, bồi dưỡng nghiệp vụ về thỏa thuận quốc tế cho cán bộ "
                    "làm công tác đối ngoại của địa phương.")
OPENING_AFFAIRS = ("Trong 6 tháng đầu năm {year}, công tác đối ngoại của {province} được triển khai toàn diện trên các "
                   "kênh đối ngoại Đảng, ngoại giao nhà nước và đối ngoại nhân dân.")
ASSESSMENT_DELEGATION = "Chuyến công tác hoàn thành đầy đủ chương trình đề ra, đúng thành phần và thời gian được phê duyệt."


def load_demo():
    today = timezone.localdate()
    for code, row in PROVINCES.items():
        locality = Locality.objects.current().filter(code=code).first()
        officer = User.objects.filter(username=f"{row[0]}.chuyenvien").first()
        if locality is None or officer is None or IssuerSettings.objects.filter(locality=locality).exists():
            continue
        with transaction.atomic():
            _province(officer, locality, row[1], today)


def _province(officer, locality, signer, today):
    defaults = actions.settings_for(locality)
    city = locality.name.lower().startswith("thành phố")
    recipients = ["Bộ Ngoại giao (Cục Ngoại vụ và Ngoại giao văn hóa)",
                  f"Thường trực {'Thành ủy' if city else 'Tỉnh ủy'}",
                  f"Thường trực HĐND, UBND {'thành phố' if city else 'tỉnh'}"]
    fields = {name: getattr(defaults, name) for name in actions.SETTINGS_FIELDS}
    fields.update(signer_name=signer, committee_signer_name=COMMITTEE_SIGNERS.get(locality.code, ""),
                  recipients="\n".join(recipients), archive_line="Lưu: VT, HTQT")
    settings = actions.save_settings(officer, locality, **fields)
    agency = locality.foreign_affairs_agency
    body = agency.name if agency else documents.body_in_sentence(settings)
    short = locality.short_name
    last_year = today.year - 1
    drafts = [actions.create_draft(
        officer, locality, DocumentKind.YEARLY_AGREEMENTS, year=last_year, issued_on=datetime.date(today.year, 1, 15),
        opening=OPENING_YEARLY.format(body=body, province=locality.name, year=last_year),
        assessment=ASSESSMENT_YEARLY, proposals=PROPOSALS_YEARLY)]
    first_half = today.year if today.month > 6 else last_year
    drafts.append(actions.create_draft(
        officer, locality, DocumentKind.EXTERNAL_AFFAIRS, year=first_half, period=Period.FIRST_HALF,
        issued_on=datetime.date(first_half, 6, 15), opening=OPENING_AFFAIRS.format(year=first_half, province=short)))
    from ngoaivu.agreements.models import Agreement
    own = Agreement.objects.filter(locality=locality)
    signed = own.filter(signed_on__isnull=False, signed_on__lte=today).order_by("-signed_on", "-pk").first()
    if signed is not None:
        drafts.append(actions.create_draft(officer, locality, DocumentKind.PM_REPORT, agreement=signed,
                                           issued_on=min(today, signed.signed_on + datetime.timedelta(days=10))))
    consulting = own.filter(status__in=["proposed", "consulting"]).order_by("-pk").first()
    if consulting is not None:
        drafts.append(actions.create_draft(officer, locality, DocumentKind.OPINION_REQUEST, agreement=consulting,
                                           issued_on=today))
    from ngoaivu.exchanges.choices import Direction
    from ngoaivu.exchanges.models import Delegation
    back = (Delegation.objects.filter(locality=locality, status__in=["returned", "reported"],
                                       direction=Direction.OUTBOUND)
            .order_by("-end_date", "-pk").first())
    if back is not None:
        drafts.append(actions.create_draft(officer, locality, DocumentKind.DELEGATION_RESULTS, delegation=back,
                                           issued_on=min(today, back.end_date + datetime.timedelta(days=7)),
                                           assessment=ASSESSMENT_DELEGATION))
    # The last one stays a draft without files: what an officer sees before pressing "Tạo tệp Word".
    for draft in drafts[:-1] if len(drafts) > 1 else drafts:
        actions.generate(officer, draft)


def _level(locality) -> str:
    """"Tỉnh" or "Thành phố" as the recipients write it ("Thường trực Tỉnh ủy", "Thường trực Thành ủy")."""
    return "Thành" if locality.name.lower().startswith("thành phố") else "Tỉnh"
