"""The exchanges' step of `ngoaivu sweep`: delegations move approved → under way → returned and
conferences approved → held as their dates pass; each change is a status-change row with its reason."""
from django.utils.translation import gettext as _

from ngoaivu.core.sweep import StepReport
from ngoaivu.exchanges.actions import sweep


def sweep_step(run) -> StepReport:
    flips = sweep(today=run.today)
    return StepReport(flips, _("%(n)d đoàn, hội nghị đổi trạng thái") % {"n": flips})
