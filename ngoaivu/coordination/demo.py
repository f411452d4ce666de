"""Demo: a six-monthly structured report request with Lạng Sơn's return accepted, Đà Nẵng's sent back with a
comment and Bắc Ninh's overdue. Idempotent."""
import datetime

from ngoaivu.coordination import actions
from ngoaivu.coordination.choices import RequestKind
from ngoaivu.coordination.models import ReportRequest, ReportReturn
from ngoaivu.coordination.prefill import source_field
from ngoaivu.core.models import Locality, User

DEMO_TITLE = "Báo cáo công tác đối ngoại 6 tháng đầu năm (thử nghiệm)"


def load_demo():
    if ReportRequest.objects.filter(title=DEMO_TITLE).exists():
        return
    centre = User.objects.filter(memberships__kind="centre", memberships__role__in=("officer", "manager")).first()
    if centre is None:
        return
    today = actions.today()
    start = datetime.date(today.year - 1, 12, 15)
    report = actions.create_request(
        centre, title=DEMO_TITLE, number="123/BNG-NV", kind=RequestKind.STRUCTURED, body="Đề nghị các tỉnh báo cáo.",
        data_from=start, data_to=start + datetime.timedelta(days=181), due_on=today - datetime.timedelta(days=2),
        localities=list(Locality.objects.current()),
        fields=[source_field(k) for k in ("agreements_signed", "delegations_out", "delegations_in", "dormant",
                                          "delegations_in_by_country")])
    returns = {r.locality.codename: r for r in ReportReturn.objects.filter(request=report).select_related("locality")}
    for codename, accept, reason in (("lang-son", True, ""), ("da-nang", False, "Đề nghị bổ sung số đoàn vào.")):
        ret = next((r for c, r in returns.items() if codename in c), None)
        if ret is None:
            continue
        officer = User.objects.filter(memberships__locality=ret.locality, memberships__role__in=("officer", "manager")).first()
        if officer is None:
            continue
        actions.save_return(officer, ret, values=ret.values, text="Số liệu đã kiểm tra.", submit=True)
        actions.review_return(centre, ret, accept=accept, reason=reason)
