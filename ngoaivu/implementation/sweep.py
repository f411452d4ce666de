"""The implementation step of `ngoaivu sweep`: every agreement's health, last activity and commitment
figures, each change of health stored with its reason (actions.refresh does the bulk reads and writes).
It also carries out a re-evaluation asked for by a change of the health rules (core.sweep.request_step)."""
from django.utils.translation import gettext as _

from ngoaivu.core.sweep import StepReport
from ngoaivu.implementation import actions

STEP = "health"


def sweep_step(run) -> StepReport:
    result = actions.refresh(None, on_day=run.today, trigger="sweep",
                             progress=lambda r, total: run.progress(r.checked, total))
    return StepReport(result.changed, _("đã đánh giá %(n)d thỏa thuận: %(c)d thay đổi tình hình, %(u)d bản ghi "
                                        "cập nhật") % {"n": result.checked, "c": result.changed, "u": result.updated})
