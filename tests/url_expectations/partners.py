"""The partner directory is shared: everyone signed in reads it; province officers, missions and the
central officers add to it."""
from tests.url_expectations import Case, statuses

API_ANON = 401
NOT_EDITORS = dict(central_viewer=403, unit_officer=403, viewer=403)

CASES = {
    "partners:partner_list": Case(statuses()),
    "partners:partner_create": Case(statuses(**NOT_EDITORS)),
    "partners:partner_detail": Case(statuses(), kwargs=lambda w: {"pk": w.partner_kr.pk}),
    "partners:partner_edit": Case(statuses(**NOT_EDITORS), kwargs=lambda w: {"pk": w.partner_kr.pk}),
    "partner-list": Case(statuses(anonymous=API_ANON)),
    "partner-detail": Case(statuses(anonymous=API_ANON), kwargs=lambda w: {"pk": w.partner_kr.pk}),
}
