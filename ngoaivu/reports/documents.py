"""The five documents: what each says, in which order, with which tables. Each builder takes a draft and
the issuer settings and returns the .docx bytes and the annex sheets (the same tables, for Excel)."""
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone

from ngoaivu.core.exports import Sheet
from ngoaivu.core.numbers import vn_number
from ngoaivu.reports import registers as R
from ngoaivu.reports.choices import DocumentKind, Period
from ngoaivu.reports.dates import place_and_date, short_date
from ngoaivu.reports.engine import Header, Signature, Writer
from ngoaivu.reports.models import recipient_lines

SIGNED_HEADERS = ["STT", "Tên thỏa thuận", "Đối tác nước ngoài", "Hình thức", "Ngày ký", "Tình trạng"]
SIGNED_WIDTHS = [12, 46, 36, 20, 25, 26]
HEALTH_HEADERS = ["Tình hình triển khai", "Số thỏa thuận"]
DORMANT_HEADERS = ["STT", "Tên thỏa thuận", "Đối tác nước ngoài", "Hoạt động gần nhất", "Lý do"]
DORMANT_WIDTHS = [12, 47, 35, 25, 46]
OVERDUE_HEADERS = ["STT", "Thỏa thuận", "Cam kết", "Hạn", "Đơn vị thực hiện"]
OVERDUE_WIDTHS = [12, 44, 46, 25, 38]
DELEGATION_HEADERS = ["STT", "Tên đoàn", "Trưởng đoàn", "Số người", "Nước", "Thời gian"]
DELEGATION_WIDTHS = [12, 44, 38, 15, 22, 34]
CONFERENCE_HEADERS = ["STT", "Tên hội nghị, hội thảo", "Địa điểm", "Số đại biểu", "Đại biểu nước ngoài", "Ngày"]
CONFERENCE_WIDTHS = [12, 51, 35, 20, 24, 23]
INDICATOR_HEADERS = ["STT", "Chỉ số", "Đơn vị", "Giá trị", "Ghi chú"]
INDICATOR_WIDTHS = [12, 70, 22, 30, 31]


@dataclass
class Built:
    docx: bytes
    sheets: list = field(default_factory=list)


# The kinds the provincial People's Committee issues itself: the report to the Prime Minister on an agreement
# signed in its name (Law 70/2020 Arts. 18–19: "Ủy ban nhân dân cấp tỉnh báo cáo Thủ tướng Chính phủ"). The
# others go out under the foreign-affairs agency's name.
COMMITTEE_KINDS = {DocumentKind.PM_REPORT}


@dataclass
class Issuer:
    """Who a document goes out under, as the builders read it: the header's bodies, the number's symbol, the
    signature block, the place and the usual recipients. The agency's come from the settings as they are;
    the People's Committee's from the settings' `committee_*` details (see `committee_issuer`)."""

    locality: object
    parent_body: str
    issuing_body: str
    symbol: str
    place_name: str
    authority_line: str
    signer_title: str
    signer_name: str
    archive_line: str
    recipients: str = ""
    collective_line: str = ""

    def recipient_lines(self) -> list[str]:
        return recipient_lines(self.recipients)


def agency_issuer(settings) -> Issuer:
    """The foreign-affairs agency: "UBND TỈNH LẠNG SƠN" over "SỞ NGOẠI VỤ", "…/BC-SNgV", "KT. GIÁM ĐỐC"."""
    return Issuer(locality=settings.locality, parent_body=settings.parent_body, issuing_body=settings.issuing_body,
                  symbol=settings.symbol, place_name=settings.place_name, authority_line=settings.authority_line,
                  signer_title=settings.signer_title, signer_name=settings.signer_name,
                  archive_line=settings.archive_line, recipients=settings.recipients)


def committee_name(locality) -> str:
    """The provincial People's Committee's name as the header writes it: "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
    (broken before the province's name in the column). From the province's own name, as the agency's parent
    body is by default (a former province's is its own: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM")."""
    return f"Ủy ban nhân dân {locality.name}".upper()


def committee_issuer(settings) -> Issuer:
    """The provincial People's Committee issuing in its own name (Decree 30/2020, Appendix I): its name alone
    on the header's left, no parent body; "…/BC-UBND"; "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ
    TỊCH". The place, the usual recipients and the archive line are the province's."""
    return Issuer(locality=settings.locality, parent_body="", issuing_body=committee_name(settings.locality),
                  symbol=settings.committee_symbol, place_name=settings.place_name,
                  collective_line=settings.committee_collective_line,
                  authority_line=settings.committee_authority_line, signer_title=settings.committee_signer_title,
                  signer_name=settings.committee_signer_name, archive_line=settings.archive_line,
                  recipients=settings.recipients)


def issuer_for(kind, settings) -> Issuer:
    return committee_issuer(settings) if kind in COMMITTEE_KINDS else agency_issuer(settings)


def _number(settings, draft, kind_symbol: str | None) -> str:
    number = draft.number or "\u00a0" * 6
    if "/" in number:  # typed whole, as printed on the document ("123/BC-SNgV"): its symbol is not added twice
        return f"Số: {number}"
    return f"Số: {number}/{kind_symbol}-{settings.symbol}" if kind_symbol else f"Số: {number}/{settings.symbol}"


def _start(settings, draft, kind_symbol, subject_line="", template=None) -> Writer:
    w = Writer(template)
    w.header(Header(parent_body=settings.parent_body, issuing_body=settings.issuing_body,
                    number_line=_number(settings, draft, kind_symbol),
                    place_date=place_and_date(settings.place_name, draft.issued_on), subject_line=subject_line))
    return w


def _base(line: str) -> str:
    return " ".join(line.split("(")[0].split()).casefold()


# Parentheses that say why a body receives the document ("(để báo cáo)", "(bản sao, để theo dõi)", "(b/c)"),
# not which part of it: the line is addressed to the body itself.
_PURPOSE = re.compile(r"^\s*(?:để\b|bản sao\b|thay\b|[a-zđ]{1,2}/[a-zđ]{1,2}\b)", re.IGNORECASE)


def _purpose_only(line: str) -> bool:
    return "(" in line and bool(_PURPOSE.match(line.split("(", 1)[1]))


def _recipients(lines) -> list[str]:
    """Each recipient once, in first-named order. A name alone and the same name with what the parentheses
    add are one recipient, kept with its fuller name ("Bộ Ngoại giao" and "Bộ Ngoại giao (Cục Ngoại vụ và
    Ngoại giao văn hóa)" were both listed); two different parentheses are two recipients ("Bộ Công an (Cục
    A02)", "Bộ Công an (Cục Quản lý xuất nhập cảnh)"). A body already listed with what it receives the
    document for ("Bộ Ngoại giao (bản sao, để theo dõi)", the document's own line) is not listed again with
    one of its parts from the province's usual recipients ("Bộ Ngoại giao (Cục Ngoại vụ …)"), nor the other
    way round: one body, sent one copy, named by the line listed first."""
    seen = []
    for line in lines:
        full, base = " ".join(line.split()).casefold(), _base(line)
        if any(" ".join(s.split()).casefold() == full for s in seen):
            continue
        if "(" in line and any("(" in s and _base(s) == base and (_purpose_only(s) or _purpose_only(line))
                               for s in seen):
            continue
        bare = [i for i, s in enumerate(seen) if "(" not in s and _base(s) == base]
        if "(" not in line:
            if not any(_base(s) == base for s in seen):
                seen.append(line)
        elif bare:
            seen[bare[0]] = line
        else:
            seen.append(line)
    return seen


def _finish(w: Writer, settings, draft, own_recipients: list[str]) -> bytes:
    seen = _recipients([*own_recipients, *draft.recipient_lines(), *settings.recipient_lines()])
    w.signature(Signature(collective=settings.collective_line, authority=settings.authority_line,
                          title=settings.signer_title,
                          name=settings.signer_name, recipients=seen, archive=settings.archive_line))
    return w.save()


ACRONYMS = {"UBND", "HĐND", "VP"}
# Names of bodies written with a capital inside another body's name (Decree 30/2020, Appendix II: "Văn phòng
# Ủy ban nhân dân tỉnh"): lowered with the rest, "Văn phòng ủy ban nhân dân tỉnh Bắc Ninh" opened the reports of
# the 15 provinces whose foreign-affairs agency is the People's Committee's office.
_BODY_NAMES = re.compile(r"\b(?:[uủ][yỷ] ban nhân dân|hội đồng nhân dân|đoàn đại biểu|quốc hội|ngoại vụ)\b")


def body_in_sentence(settings) -> str:
    """The issuing body as written inside a sentence: "Sở Ngoại vụ tỉnh Lạng Sơn", not the header's capitals
    nor str.title()'s "Sở Ngoại Vụ Tỉnh Lạng Sơn". Only the first word, the province's name, the names of
    bodies within it ("Ngoại vụ", "Ủy ban nhân dân", "Hội đồng nhân dân", "Quốc hội") and acronyms keep
    capitals, as Decree 30/2020 writes names of bodies."""
    words = [w if w.upper() in ACRONYMS else w.lower() for w in settings.issuing_body.split()]
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    short = settings.locality.short_name
    text = text.replace(short.lower(), short)
    return _BODY_NAMES.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:], text)


def province_in_sentence(locality) -> str:
    """A province's full name inside a sentence: its kind in lower case ("tỉnh Lạng Sơn", "thành phố Đà
    Nẵng"), as Decree 30/2020 writes administrative units, not the register's "Tỉnh Lạng Sơn"."""
    name = locality.name
    return name[:1].lower() + name[1:]


def _agreement_name(agreement) -> str:
    form = agreement.form_display or "Thỏa thuận"
    title = agreement.title
    return title if title.lower().startswith(form.lower()) else f"{form} {title}"


def _co_signed(count: int) -> str:
    """"2 thỏa thuận đồng ký kết …", said beside a count of agreements signed when some of them another
    province holds (this one co-signed them): the holder's report counts them too, and whoever adds up the
    provinces' reports can count each agreement once."""
    return f"{vn_number(count)} thỏa thuận đồng ký kết với tỉnh, thành phố khác, do tỉnh, thành phố đó theo dõi"


def opinion_request(draft, settings, template=None) -> Built:
    """Công văn xin ý kiến (Law 70/2020 Arts. 18–19): to the bodies on the agreement's consultee list."""
    from ngoaivu.agreements.consultees import checklist
    a = draft.agreement
    _level, items, _own = checklist(a)
    consultees = [item.rule.consultee for item in items] or ["Bộ Ngoại giao"]
    w = _start(settings, draft, None, subject_line=f"V/v xin ý kiến đối với dự thảo {_agreement_name(a)}",
               template=template)
    w.addressee(consultees)
    name = _agreement_name(a)
    # A title that names its parties ("… giữa tỉnh Lạng Sơn và Khu tự trị Quảng Tây") is not followed by a
    # second "giữa … và …" ("dự thảo Kế hoạch … giữa tỉnh Lạng Sơn và X giữa Ủy ban nhân dân … và X").
    parties = "" if " giữa " in f" {name.casefold()} " else f" giữa {a.signatory_display} và {R.partners_text(a)}"
    w.text(draft.opening or (
        f"Thực hiện Luật Thỏa thuận quốc tế năm 2020, {body_in_sentence(settings)} trân trọng đề nghị "
        f"Quý cơ quan cho ý kiến đối với dự thảo {name}{parties}."))
    if a.summary:
        w.heading("Nội dung chính của dự thảo:")
        w.text(a.summary)
    w.text(draft.assessment)
    w.text(draft.proposals or "Ý kiến của Quý cơ quan xin gửi về trước thời hạn theo quy định. Trân trọng cảm ơn.")
    return Built(_finish(w, settings, draft, ["Như trên"]))


def pm_report(draft, settings, template=None) -> Built:
    """Báo cáo Thủ tướng, bản sao gửi Bộ Ngoại giao, within 15 days of signing (Law 70/2020 Art. 24)."""
    a = draft.agreement
    w = _start(settings, draft, "BC", template=template)
    w.title("BÁO CÁO", f"Về việc ký kết {_agreement_name(a)}")
    w.addressee(["Thủ tướng Chính phủ"])
    w.text(draft.opening or (f"Thực hiện Luật Thỏa thuận quốc tế năm 2020, {body_in_sentence(settings)} "
                             f"báo cáo việc ký kết thỏa thuận quốc tế như sau:"))
    rows = [
        ["Tên thỏa thuận", a.title], ["Bên Việt Nam", a.signatory_display], ["Bên nước ngoài", R.partners_text(a)],
        ["Ngày ký", a.signed_display], ["Nơi ký", a.signed_place], ["Người ký phía Việt Nam", a.signer_vn],
        ["Người ký phía nước ngoài", a.signer_foreign],
        ["Hiệu lực", "Từ ngày ký" if a.effective_on_signing else short_date(a.in_force_on)],
        ["Thời hạn", f"{a.term_months} tháng" if a.term_months else "Không xác định"],
        ["Nội dung chính", a.summary],
    ]
    w.table(["Nội dung", "Thông tin"], rows, [55, 110])
    w.text(draft.assessment)
    w.text(draft.proposals)
    return Built(_finish(w, settings, draft, ["Thủ tướng Chính phủ (để báo cáo)",
                                              "Bộ Ngoại giao (bản sao, để theo dõi)"]))


def yearly_agreements(draft, settings, template=None) -> Built:
    """The province's yearly report on the conclusion and implementation of international agreements."""
    loc, year = draft.locality, draft.year
    start, end = R.period_bounds(year)
    # As of the year's end, or today while the year runs: a report written in June listed every commitment
    # due by 31 December (not yet late) as overdue "đến ngày 31/12", and a past year's report counted the
    # agreements in force on the day it was made (one ended since was missing, one signed since counted).
    # Of a past year, every table as it stood on 31 December: the statuses of the signed agreements, the
    # commitments overdue then (one met in January was missing). The document's own date stays its issue day.
    as_of = min(end, timezone.localdate())
    ended = as_of < timezone.localdate()
    # Table 1 lists what the province concluded, the agreements it co-signed with the province that holds
    # them included (marked); tables 2 to 4 (implementation) are the holder's: it implements the agreement.
    past = R.in_force_on(loc, as_of) if ended else None
    signed, health = R.signed_rows(loc, start, end, on_day=as_of if ended else None), R.in_force_by_health(loc, past)
    dormant, overdue = R.dormant_rows(loc, past), R.overdue_rows(loc, as_of, past=ended)
    co_signed = R.co_signed_count(loc, start, end)
    w = _start(settings, draft, "BC", template=template)
    w.title("BÁO CÁO", f"Tình hình ký kết và thực hiện thỏa thuận quốc tế năm {year}")
    w.addressee(["Bộ Ngoại giao"])
    w.heading("I. TÌNH HÌNH CHUNG")
    w.text(draft.opening)
    w.heading(f"II. KÝ KẾT THỎA THUẬN QUỐC TẾ NĂM {year}")
    w.text(f"Trong năm {year}, {province_in_sentence(loc)} đã ký kết {vn_number(len(signed))} thỏa thuận quốc tế "
           f"(Bảng 1){', trong đó ' + _co_signed(co_signed) if co_signed else ''}.")
    w.heading("Bảng 1. Thỏa thuận quốc tế ký kết trong năm")
    w.table(SIGNED_HEADERS, signed, SIGNED_WIDTHS)
    w.heading("III. TÌNH HÌNH THỰC HIỆN")
    w.heading(f"Bảng 2. Thỏa thuận có hiệu lực tại ngày {short_date(as_of)} theo tình hình triển khai")
    w.table(HEALTH_HEADERS, health, [110, 55])
    w.heading(f"Bảng 3. Thỏa thuận ký rồi để đấy tại ngày {short_date(as_of)} và lý do")
    w.table(DORMANT_HEADERS, dormant, DORMANT_WIDTHS)
    w.heading(f"Bảng 4. Cam kết quá hạn đến ngày {short_date(as_of)}")
    w.table(OVERDUE_HEADERS, overdue, OVERDUE_WIDTHS)
    w.heading("IV. ĐÁNH GIÁ")
    w.text(draft.assessment)
    w.heading("V. KIẾN NGHỊ, ĐỀ XUẤT")
    w.text(draft.proposals)
    sheets = [Sheet("Ký kết trong năm", SIGNED_HEADERS, signed), Sheet("Theo tình hình", HEALTH_HEADERS, health),
              Sheet("Ký rồi để đấy", DORMANT_HEADERS, dormant), Sheet("Cam kết quá hạn", OVERDUE_HEADERS, overdue)]
    return Built(_finish(w, settings, draft, ["Bộ Ngoại giao (Cục Ngoại vụ và Ngoại giao văn hóa)"]), sheets)


def external_affairs(draft, settings, template=None) -> Built:
    """The six-monthly or yearly report on external affairs: delegations, conferences, agreements, and the
    indicator figures the province entered for the period."""
    from ngoaivu.exchanges.choices import Direction
    loc, year = draft.locality, draft.year
    start, end = R.period_bounds(year, draft.period)
    label = "6 tháng đầu năm" if draft.period == Period.FIRST_HALF else "năm"
    # What was done, up to today while the period runs: a report written on 3 December counted among the
    # year's delegations two trips leaving later that month.
    as_of = min(end, timezone.localdate())
    out = R.delegation_rows(loc, start, as_of, Direction.OUTBOUND)
    inbound = R.delegation_rows(loc, start, as_of, Direction.INBOUND)
    conferences = R.conference_rows(loc, start, as_of)
    # A half counts only the agreements whose month is known: one known only by its year is in the year,
    # in no half (it was counted in the first half, being stored on 1 January); it is listed apart.
    half = draft.period == Period.FIRST_HALF
    # A period gone by: the signed agreements' statuses as they stood on its last day, not today's.
    on_day = as_of if as_of < timezone.localdate() else None
    signed = R.signed_rows(loc, start, as_of, month_known=half, on_day=on_day)
    co_signed = R.co_signed_count(loc, start, as_of, month_known=half)
    year_end = R.period_bounds(year)[1]  # those of unknown month: as they stood at the year's end (or today)
    year_only = (R.year_only_rows(loc, year, on_day=year_end if year_end < timezone.localdate() else None)
                 if half and as_of >= start else [])
    indicators, indicator_figures = R.indicator_rows(loc, start, end)
    w = _start(settings, draft, "BC", template=template)
    w.title("BÁO CÁO", f"Tình hình thực hiện công tác đối ngoại {label} {year}")
    w.addressee(["Bộ Ngoại giao"])
    w.heading("I. TÌNH HÌNH CHUNG")
    w.text(draft.opening)
    if as_of < start:
        w.text("Kỳ báo cáo chưa bắt đầu: chưa có số liệu.")
    elif as_of < end:
        w.text(f"Số liệu tính đến ngày {short_date(as_of)}.")
    # Counts as the tables write them ("1.500"), not "1500".
    w.heading(f"1. Đoàn ra: {vn_number(len(out))} đoàn")
    w.table(DELEGATION_HEADERS, out, DELEGATION_WIDTHS)
    w.heading(f"2. Đoàn vào: {vn_number(len(inbound))} đoàn")
    w.table(DELEGATION_HEADERS, inbound, DELEGATION_WIDTHS)
    w.heading(f"3. Hội nghị, hội thảo quốc tế: {vn_number(len(conferences))}")
    w.table(CONFERENCE_HEADERS, conferences, CONFERENCE_WIDTHS)
    w.heading(f"4. Thỏa thuận quốc tế ký kết: {vn_number(len(signed))}")
    if co_signed:
        w.text(f"Trong đó, {_co_signed(co_signed)}.")
    w.table(SIGNED_HEADERS, signed, SIGNED_WIDTHS)
    if year_only:
        w.text(f"Ngoài ra, {vn_number(len(year_only))} thỏa thuận quốc tế ký trong năm {year} chỉ biết năm ký, "
               f"không rõ tháng: chưa tính vào số liệu {label}, sẽ tính vào số liệu cả năm {year}.")
        w.table(SIGNED_HEADERS, year_only, SIGNED_WIDTHS)
    w.heading("5. Chỉ số đối ngoại")
    if indicators:
        w.table(INDICATOR_HEADERS, indicators, INDICATOR_WIDTHS)
    else:
        w.text("Chưa nhập số liệu chỉ số nào cho kỳ báo cáo.")
    w.heading("II. ĐÁNH GIÁ")
    w.text(draft.assessment)
    w.heading("III. KIẾN NGHỊ, ĐỀ XUẤT")
    w.text(draft.proposals)
    sheets = [Sheet("Đoàn ra", DELEGATION_HEADERS, out), Sheet("Đoàn vào", DELEGATION_HEADERS, inbound),
              Sheet("Hội nghị, hội thảo", CONFERENCE_HEADERS, conferences), Sheet("Thỏa thuận", SIGNED_HEADERS, signed),
              Sheet("Chỉ số", INDICATOR_HEADERS, indicator_figures)]
    if year_only:
        sheets.insert(4, Sheet("Không rõ tháng ký", SIGNED_HEADERS, year_only))
    return Built(_finish(w, settings, draft, ["Bộ Ngoại giao"]), sheets)


_DECISION_WORDS = re.compile(r"^\s*(?:quyết\s+định\s*)?(?:số)?[\s:.]*", re.IGNORECASE)


def _decision(number: str) -> str:
    """The decision that sent a delegation, as a sentence names it: "Quyết định số 123/QĐ-UBND" ("Thực hiện
    123/QĐ-UBND" named a number, not a decision), whether the number was typed with its name or not."""
    number = _DECISION_WORDS.sub("", unicodedata.normalize("NFC", number or "")).strip()
    return f"Quyết định số {number}" if number else "quyết định cử đoàn"


def delegation_results(draft, settings, template=None) -> Built:
    """The report on a delegation's results, to the body that approved it."""
    from ngoaivu.core.countries import country_name
    d = draft.delegation
    members = [[i, m.full_name, m.title, m.organisation] for i, m in enumerate(d.members.order_by("position", "pk"), 1)]
    stops = [[i, country_name(s.country), s.city, s.days] for i, s in enumerate(d.stops.order_by("position", "pk"), 1)]
    report = getattr(d, "report", None)  # RelatedObjectDoesNotExist is an AttributeError
    w = _start(settings, draft, "BC", template=template)
    w.title("BÁO CÁO", f"Kết quả chuyến công tác: {d.title}")
    w.addressee([d.approval_authority_display or f"Ủy ban nhân dân {province_in_sentence(draft.locality)}"])
    w.text(draft.opening or (f"Thực hiện {_decision(d.decision_number)}"
                             f"{' ngày ' + short_date(d.decision_date) if d.decision_date else ''}, đoàn do "
                             f"{d.head_name}, {d.head_title} làm trưởng đoàn đã thực hiện chuyến công tác từ ngày "
                             f"{short_date(d.start_date)} đến ngày {short_date(d.return_date)}."))
    w.heading("1. Thành phần đoàn")
    w.table(["STT", "Họ và tên", "Chức vụ", "Cơ quan"], members, [12, 50, 50, 53])
    w.heading("2. Lịch trình")
    w.table(["STT", "Nước", "Địa phương", "Số ngày"], stops, [12, 60, 63, 30])
    w.heading("3. Kết quả")
    w.text(d.purpose)
    if report is not None:
        w.text(report.summary)
        w.text(report.results)
        agreements = list(report.agreements.all())
        if agreements:
            w.text("Thỏa thuận đã ký: " + "; ".join(a.title for a in agreements) + ".")
    w.heading("4. Đánh giá")
    w.text(draft.assessment)
    w.heading("5. Kiến nghị, đề xuất")
    w.text(draft.proposals)
    sheets = [Sheet("Thành phần đoàn", ["STT", "Họ và tên", "Chức vụ", "Cơ quan"], members),
              Sheet("Lịch trình", ["STT", "Nước", "Địa phương", "Số ngày"], stops)]
    return Built(_finish(w, settings, draft, ["Như trên"]), sheets)


BUILDERS = {
    DocumentKind.OPINION_REQUEST: opinion_request,
    DocumentKind.PM_REPORT: pm_report,
    DocumentKind.YEARLY_AGREEMENTS: yearly_agreements,
    DocumentKind.EXTERNAL_AFFAIRS: external_affairs,
    DocumentKind.DELEGATION_RESULTS: delegation_results,
}


def build(draft, settings, template: bytes | None = None) -> Built:
    """The draft's document, issued by the body its kind goes out under (`issuer_for`)."""
    return BUILDERS[draft.kind](draft, issuer_for(draft.kind, settings), template)
