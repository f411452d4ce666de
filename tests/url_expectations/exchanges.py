"""Delegations, conferences, calendar and figures: what each persona gets on each URL."""
import datetime

from tests.url_expectations import EVERYONE, READ, SIGNED_IN, Case, statuses

API_ANON = 401
# A's record: seen by its province, its units and the centre; changed only by A's officers and managers.
SEE_A = dict(officer_b=404, mission_officer=404)
EDIT_A = dict(central=403, central_viewer=403, unit_officer=403, viewer=403, officer_b=404, mission_officer=404)
EDITORS_A = ("manager_a", "officer_a")
PLANNERS_W = ("manager_a", "officer_a", "officer_b")
PLANNERS = dict(central=403, central_viewer=403, unit_officer=403, mission_officer=403, viewer=403)


def populate(world):
    from ngoaivu.exchanges import actions
    from tests.exchanges import factories
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    today = datetime.date.today()
    world.records["delegation_a"] = factories.approved_delegation(
        officer_a, world.a, start_date=today - datetime.timedelta(days=30), countries=("JP",))
    world.records["delegation_b"] = factories.delegation(officer_b, world.b, countries=("KR",),
                                                         title="Đoàn Đà Nẵng thăm Hàn Quốc",
                                                         start_date=today + datetime.timedelta(days=20))
    opening = today + datetime.timedelta(days=60)
    world.records["conference_a"] = factories.conference(officer_a, world.a, start_date=opening, end_date=opening)
    world.records["conference_b"] = factories.conference(officer_b, world.b, venue="Đà Nẵng", start_date=opening,
                                                         end_date=opening)
    world.records["consultation_a"] = actions.request_consultation(
        officer_a, world.conference_a, body="Bộ Ngoại giao", sent_on=today)
    world.records["feed_token_a"] = actions.create_feed_token(officer_a)


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


CASES = {
    "exchanges:delegation_list": Case(statuses()),
    "exchanges:delegation_export": Case(statuses(), writers=READ),
    "exchanges:delegation_create": Case(statuses(**PLANNERS), writers=PLANNERS_W),
    "exchanges:delegation_import": Case(statuses(**PLANNERS), writers=PLANNERS_W),
    "exchanges:delegation_import_template": Case(statuses(), writers=READ),
    "exchanges:delegation_detail": Case(statuses(**SEE_A), kwargs=_pk("delegation_a"), writers=READ),
    "exchanges:delegation_edit": Case(statuses(**EDIT_A), kwargs=_pk("delegation_a"), writers=EDITORS_A),
    "exchanges:delegation_approve": Case(statuses(**EDIT_A), kwargs=_pk("delegation_a"), writers=EDITORS_A),
    "exchanges:delegation_return": Case(statuses(**EDIT_A), kwargs=_pk("delegation_a"), writers=EDITORS_A),
    "exchanges:delegation_report": Case(statuses(**EDIT_A), kwargs=_pk("delegation_a"), writers=EDITORS_A),
    "exchanges:delegation_cancel": Case(statuses(**EDIT_A), kwargs=_pk("delegation_a"), writers=EDITORS_A),
    "exchanges:conference_list": Case(statuses()),
    "exchanges:conference_export": Case(statuses(), writers=READ),
    "exchanges:conference_create": Case(statuses(**PLANNERS), writers=PLANNERS_W),
    "exchanges:conference_detail": Case(statuses(**SEE_A), kwargs=_pk("conference_a"), writers=READ),
    "exchanges:conference_edit": Case(statuses(**EDIT_A), kwargs=_pk("conference_a"), writers=EDITORS_A),
    "exchanges:conference_dossier": Case(statuses(**EDIT_A), kwargs=_pk("conference_a"), writers=EDITORS_A),
    "exchanges:conference_consultation": Case(statuses(**EDIT_A), kwargs=_pk("conference_a"), writers=EDITORS_A),
    "exchanges:consultation_answer": Case(statuses(**EDIT_A), kwargs=_pk("consultation_a"), writers=EDITORS_A),
    "exchanges:conference_approve": Case(statuses(**EDIT_A), kwargs=_pk("conference_a"), writers=EDITORS_A),
    "exchanges:conference_report": Case(statuses(**EDIT_A), kwargs=_pk("conference_a"), writers=EDITORS_A),
    "exchanges:conference_cancel": Case(statuses(**EDIT_A), kwargs=_pk("conference_a"), writers=EDITORS_A),
    "exchanges:calendar": Case(statuses(), writers=READ),
    "exchanges:calendar_week": Case(statuses(), writers=READ),
    "exchanges:calendar_feed_settings": Case(statuses(), writers=READ),
    "exchanges:calendar_feed_create": Case(statuses(default=405), writers=SIGNED_IN),
    "exchanges:calendar_feed_revoke": Case(statuses(default=405), writers=SIGNED_IN),
    # Authenticated by the secret in the URL, not by a session: anyone holding it reads officer_a's calendar.
    "exchanges:calendar_feed": Case(statuses(anonymous=200), kwargs=lambda w: {"token": w.feed_token_a},
                                  writers=EVERYONE),  # it stamps the token's last use, whatever the method,
    # The centre gets the table of provinces; a province user is sent to their own page.
    "exchanges:figures": Case(statuses(default=302, central=200, central_viewer=200, mission_officer=403), writers=READ),
    "exchanges:figures_locality": Case(statuses(**SEE_A), kwargs=lambda w: {"pk": w.a.pk}, writers=READ),
    "exchanges:settings": Case(statuses(default=403, manager_a=200, officer_b=404, mission_officer=404),
                               kwargs=lambda w: {"pk": w.a.pk}, writers=("manager_a",)),
    "delegation-list": Case(statuses(anonymous=API_ANON), writers=PLANNERS_W),
    "delegation-detail": Case(statuses(anonymous=API_ANON, **SEE_A), kwargs=_pk("delegation_a"), writers=EDITORS_A, data={"purpose": "Sửa"}),
    "conference-list": Case(statuses(anonymous=API_ANON), writers=PLANNERS_W),
    "conference-detail": Case(statuses(anonymous=API_ANON, **SEE_A), kwargs=_pk("conference_a"), writers=EDITORS_A, data={"title": "Sửa"}),
}

# Steps over the API are POST only: DRF answers a GET with 405 before it looks the record up.
_STEP = Case(statuses(default=405, anonymous=API_ANON), kwargs=_pk("delegation_a"), writers=EDITORS_A, post=SEE_A)
_CONF_STEP = Case(statuses(default=405, anonymous=API_ANON), kwargs=_pk("conference_a"), writers=EDITORS_A,
                  post=SEE_A)
CASES.update({
    "delegation-approve": _STEP, "delegation-record-return": _STEP, "delegation-cancel": _STEP,
    "conference-dossier": _CONF_STEP, "conference-approve": _CONF_STEP,
})
