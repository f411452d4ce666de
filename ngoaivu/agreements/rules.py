"""What makes an agreement's facts acceptable, in one place for the form, the import, the API and the
actions. Each message names the field and says what to do, in the words of the GOV.UK error pattern."""
import datetime

from django.utils.translation import gettext as _

from ngoaivu.agreements.choices import SIGNED_STATUSES, AgreementForm, DatePrecision
from ngoaivu.agreements.validators import treaty_name_in, treaty_name_message


def _period_end(day: datetime.date, precision: str) -> datetime.date:
    """Last day of a partly known date's period (31/12 for a year) — to compare without inventing."""
    if precision == DatePrecision.YEAR:
        return datetime.date(day.year, 12, 31)
    if precision == DatePrecision.MONTH:
        nxt = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return nxt - datetime.timedelta(days=1)
    return day


def agreement_errors(data: dict, today: datetime.date) -> dict[str, str]:
    """{field: message} for the facts in `data` (names of Agreement fields); empty when all is well."""
    errors = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = _("Nhập tên thỏa thuận")
    elif name := treaty_name_in(title):
        errors["title"] = treaty_name_message(name)
    form = data.get("form") or ""
    form_other = (data.get("form_other") or "").strip()
    if form not in ("", *AgreementForm.values):
        # The page, the API and the import offer the list; an action called from code (a script, a shell) did
        # not, and stored a form no page can show nor report count.
        errors["form"] = _("Chọn hình thức trong danh sách (“%(value)s” không phải hình thức của thỏa thuận)") % {
            "value": form}
    if form_other and (name := treaty_name_in(form_other)):
        errors["form_other"] = treaty_name_message(name)
    elif form == AgreementForm.OTHER and not form_other:
        errors["form_other"] = _("Nhập tên gọi khác của thỏa thuận")
    if data.get("title_en") and (name := treaty_name_in(data["title_en"])):
        errors["title_en"] = treaty_name_message(name)

    signed = data.get("signed_on")
    precision = data.get("signed_precision") or DatePrecision.DAY
    recorded_signing = data.get("signing_recorded_on")  # the day of its recorded "signed" step, if any
    if signed is None and recorded_signing is not None and not data.get("historical"):
        # The step set the date (record_event); emptied by an edit or an old export imported again, the
        # agreement read as a proposal while its timeline still said signed.
        errors["signed_on"] = _("Đã ghi nhận bước Ký kết ngày %(date)s: không xóa được ngày ký") % {
            "date": recorded_signing.strftime("%d/%m/%Y")}
    if signed is not None and signed > today:
        errors["signed_on"] = _("Ngày ký không được sau hôm nay (%(today)s)") % {"today": today.strftime("%d/%m/%Y")}
    signed_last = _period_end(signed, precision) if signed else None
    expires = data.get("expires_on")
    if expires is not None and signed is not None and expires <= signed_last:
        errors["expires_on"] = _("Ngày hết hạn phải sau ngày ký")
    in_force = data.get("in_force_on")
    if in_force is not None:
        if signed is None:
            errors["in_force_on"] = _("Nhập ngày ký trước khi nhập ngày có hiệu lực")
        elif in_force < signed:
            errors["in_force_on"] = _("Ngày có hiệu lực không được trước ngày ký")
        elif expires is not None and expires <= in_force:
            errors.setdefault("expires_on", _("Ngày hết hạn phải sau ngày có hiệu lực"))
    reported = data.get("reported_on")
    if reported is not None:
        if signed is None:
            errors["reported_on"] = _("Nhập ngày ký trước khi nhập ngày gửi báo cáo")
        elif reported < signed:
            errors["reported_on"] = _("Ngày gửi báo cáo không được trước ngày ký")
        elif reported > today:
            errors["reported_on"] = _("Ngày gửi báo cáo không được sau hôm nay")
    if data.get("auto_renew") and not (data.get("expires_on") or data.get("term_months")):
        errors["auto_renew"] = _("Nhập thời hạn hoặc ngày hết hạn để tính lần gia hạn tự động")

    recorded = data.get("recorded_status") or ""
    if data.get("historical"):
        if recorded and recorded not in SIGNED_STATUSES:
            errors["recorded_status"] = _("Hồ sơ lịch sử là thỏa thuận đã ký: chọn Đã ký, Đang có hiệu lực, Đã hết "
                                          "hiệu lực, Đã chấm dứt…")
        elif signed is None and not recorded:
            errors["recorded_status"] = _("Hồ sơ lịch sử không có ngày ký: chọn tình trạng theo hồ sơ (ví dụ Đã ký)")
    elif recorded:
        errors["recorded_status"] = _("Chỉ ghi tình trạng theo hồ sơ cho hồ sơ lịch sử; thỏa thuận theo dõi trên hệ "
                                      "thống có tình trạng tính từ các bước đã ghi nhận")
    if data.get("recorded_activity_on") and not data.get("historical"):
        errors["recorded_activity_on"] = _("Chỉ ghi hoạt động gần nhất theo hồ sơ cho hồ sơ lịch sử")
    elif data.get("recorded_activity_on") and data["recorded_activity_on"] > today:
        errors["recorded_activity_on"] = _("Ngày hoạt động gần nhất không được sau hôm nay")

    parent, relation = data.get("parent"), data.get("parent_relation")
    if parent is not None and not relation:
        errors["parent_relation"] = _("Chọn quan hệ với thỏa thuận gốc (sửa đổi, gia hạn hay thay thế)")
    if relation and parent is None:
        errors["parent"] = _("Chọn thỏa thuận gốc")
    if parent is not None and data.get("pk") and parent.pk == data["pk"]:
        errors["parent"] = _("Một thỏa thuận không thể là thỏa thuận gốc của chính nó")
    elif parent is not None and data.get("pk") and data["pk"] in _ancestors(parent):
        errors["parent"] = _("Thỏa thuận gốc đã chọn là bản sửa đổi, gia hạn hoặc thay thế của chính thỏa thuận này "
                             "(trực tiếp hoặc qua thỏa thuận khác); chọn thỏa thuận gốc khác")

    locality, signatory = data.get("locality"), data.get("signatory_locality")
    if locality is not None and signatory is not None and signatory.today.pk != locality.pk:
        errors["signatory_locality"] = _("Tỉnh khi ký phải là %(name)s hoặc một tỉnh cũ nay thuộc %(name)s") % {
            "name": locality.short_name}
    elif _signs_after_its_end(signatory, data, today):
        errors["signatory_locality"] = _(
            "Tỉnh khi ký: %(former)s đã hợp nhất vào %(today)s từ %(date)s; thỏa thuận ký từ ngày đó ghi "
            "tỉnh khi ký là %(today)s") % signatory.merger_facts()
    ended = [loc for loc in (data.get("co_signatories") or ()) if _signs_after_its_end(loc, data, today)]
    if ended:
        errors["co_signatories"] = _(
            "Tỉnh, thành phố cùng ký: %(former)s đã hợp nhất vào %(today)s từ %(date)s; thỏa thuận ký từ ngày đó "
            "ghi %(today)s") % ended[0].merger_facts()
    unit = data.get("signing_unit")
    if unit is not None and locality is not None and unit.locality_id not in {
            locality.pk, getattr(signatory, "pk", None)}:
        errors["signing_unit"] = _("Cơ quan ký kết phải thuộc %(name)s") % {"name": locality.short_name}
    return errors


def signing_recorded(pks) -> dict:
    """{agreement id: the day of its recorded "signed" step} of those of `pks` that have one (agreement_errors'
    `signing_recorded_on`: their signing date cannot be emptied)."""
    from ngoaivu.agreements.choices import EventKind
    from ngoaivu.agreements.models import Event
    return dict(Event.objects.filter(agreement_id__in=list(pks), kind=EventKind.SIGNED).order_by("date")
                .values_list("agreement_id", "date"))


def reference_taken(locality, reference, pk=None) -> str | None:
    """The refusal of a reference (số, ký hiệu) another agreement of the province holds, naming it; None when
    free. The form and the API say it on the reference field (the register's constraint, one reference per
    province, said it in English above the form, and the API named the columns)."""
    from ngoaivu.agreements.models import Agreement
    if not reference or locality is None:
        return None
    taken = (Agreement.objects.filter(locality=locality, reference=reference).exclude(pk=pk)
             .values_list("pk", flat=True).first())
    if taken is None:
        return None
    return _("Số, ký hiệu “%(ref)s” đã là của thỏa thuận mã hồ sơ %(id)s") % {"ref": reference, "id": taken}


def _ancestors(agreement, limit=100) -> set:
    """The keys of `agreement`'s parents, its parent's parent and so on (a chain of amendments, renewals and
    replacements): two agreements each the other's parent made a loop the record's page and the chain's
    readers never left. Bounded, in case a loop was stored before this rule."""
    from ngoaivu.agreements.models import Agreement
    seen, key = set(), agreement.parent_id
    while key is not None and key not in seen and len(seen) < limit:
        seen.add(key)
        key = Agreement.objects.filter(pk=key).values_list("parent_id", flat=True).first()
    return seen


def _signs_after_its_end(locality, data, today) -> bool:
    """Whether a former province (merged on 01/7/2025) would sign this agreement after its last day: what
    is signed since (or a draft registered now, to be signed later) is in its successor's name. A partly
    known date is its period's first day: "2025" may still be before the merger."""
    if locality is None or locality.is_current or locality.valid_until is None:
        return False
    signed = data.get("signed_on")
    if signed is not None:
        return signed > locality.valid_until
    return not data.get("pk") and not data.get("historical") and today > locality.valid_until
