"""Demo: a six-monthly structured report request with Lạng Sơn's return accepted, Đà Nẵng's sent back with a
comment and Bắc Ninh's overdue (not started, past the deadline); an opinion request from Đà Nẵng to the
Foreign Ministry waiting in the centre's queue. Idempotent."""
import datetime

from ngoaivu.coordination import actions
from ngoaivu.coordination.choices import RequestKind
from ngoaivu.coordination.models import ReportRequest
from ngoaivu.coordination.prefill import source_field
from ngoaivu.core.models import Locality, User

DEMO_TITLE = "Báo cáo công tác đối ngoại 6 tháng đầu năm"
OPINION_TITLE = "Bản ghi nhớ hợp tác giữa thành phố Đà Nẵng và thành phố Busan (dự thảo)"
LANG_SON, DA_NANG, BAC_NINH = 20, 48, 24


def _officer(locality):
    return User.objects.filter(memberships__locality=locality, memberships__role="officer").order_by("pk").first()


def load_demo():
    centre = User.objects.filter(memberships__kind="centre", memberships__role="officer").order_by("pk").first()
    if centre is None:
        return
    current = {l.code: l for l in Locality.objects.current()}
    if not ReportRequest.objects.filter(title=DEMO_TITLE).exists():
        _reports(centre, current)
    if DA_NANG in current:
        _opinion_request(current[DA_NANG])
    _directive(centre, current)


DIRECTIVE_SUBJECT = "Hướng dẫn triển khai công tác đối ngoại địa phương năm tới"


def _directive(centre, current):
    """A directive to every province: Lạng Sơn has read and acknowledged it, Đà Nẵng has only read it."""
    from ngoaivu.coordination import directives
    from ngoaivu.coordination.models import Directive
    if Directive.objects.filter(subject=DIRECTIVE_SUBJECT).exists():
        return
    directive = directives.send_directive(
        centre, number="2150/BNG-NV", issued_on=actions.today(), subject=DIRECTIVE_SUBJECT, signer="Cục trưởng",
        body="Đề nghị các tỉnh, thành phố xây dựng kế hoạch đối ngoại năm tới và gửi về trước ngày 15/12.",
        localities=list(current.values()))
    for code, acknowledge in ((LANG_SON, True), (DA_NANG, False)):
        locality = current.get(code)
        officer = locality and _officer(locality)
        if officer is None:
            continue
        copy = directive.recipients.get(locality=locality)
        directives.mark_opened(officer, copy)
        if acknowledge:
            directives.acknowledge(officer, copy)


def _reports(centre, current):
    today = actions.today()
    start = datetime.date(today.year - 1, 12, 15)
    report = actions.create_request(
        centre, title=DEMO_TITLE, number="123/BNG-NV", kind=RequestKind.STRUCTURED,
        body="Đề nghị các tỉnh, thành phố kiểm tra số liệu điền sẵn, bổ sung đánh giá và gửi trước hạn.",
        data_from=start, data_to=datetime.date(today.year, 6, 14), due_on=today - datetime.timedelta(days=2),
        localities=list(current.values()),
        fields=[*(source_field(k) for k in ("agreements_signed", "delegations_out", "delegations_in", "dormant",
                                            "delegations_in_by_country")),
                {"key": "summary", "label": "Đánh giá chung", "type": "text", "unit": "", "source": ""}])
    for code, accept, reason in ((LANG_SON, True, ""), (DA_NANG, False, "Đề nghị bổ sung số đoàn vào theo quốc gia.")):
        locality = current.get(code)
        officer = locality and _officer(locality)
        if officer is None:
            continue
        ret = report.returns.get(locality=locality)
        actions.mark_opened(officer, ret)
        actions.save_return(officer, ret, values={**ret.values, "summary": "Số liệu đã kiểm tra."}, submit=True)
        actions.review_return(centre, ret, accept=accept, reason=reason)
    # Bắc Ninh: not started, the deadline passed — overdue in the matrix.


def _opinion_request(locality):
    from ngoaivu.agreements import actions as register
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.partners.models import Partner
    officer = _officer(locality)
    if officer is None or Agreement.objects.filter(title=OPINION_TITLE).exists():
        return
    partner, _ = Partner.objects.get_or_create(name="Busan Metropolitan City", defaults={"country": "KR",
                                                                                         "name_vi": "Thành phố Busan"})
    agreement = register.create_agreement(officer, locality=locality, partners=[partner], form="ban_ghi_nho",
                                          title=OPINION_TITLE)
    register.record_event(officer, agreement, "opinion_requested", actions.today() - datetime.timedelta(days=2),
                          consultee="Bộ Ngoại giao", is_mofa=True, note="Gửi kèm dự thảo và đánh giá năng lực.")
