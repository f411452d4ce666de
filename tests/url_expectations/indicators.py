"""Indicators: statistics pages (national, province, map, comparison, catalogue) are read by everyone
signed in; figures and targets are entered by a province's officers for their province and by the centre
for all and for the nation; the catalogue is the centre's. The records behind (observations, targets)
are scoped: another province's target answers 404."""
from tests.url_expectations import Case, statuses

API_ANON = 401
ENTERERS = ("central", "manager_a", "officer_a", "officer_b")
NOT_ENTERERS = dict(central_viewer=403, unit_officer=403, mission_officer=403, viewer=403)
CENTRE_ONLY = dict(central_viewer=403, manager_a=403, officer_a=403, officer_b=403, unit_officer=403,
                   mission_officer=403, viewer=403)
# A's target: read by A's people and the centre, edited by A's officers and the centre.
TARGET_A = dict(officer_b=404, mission_officer=404, central_viewer=403, unit_officer=403, viewer=403)
# A's observation through the API: read by A's people (unit included) and the centre.
OBS_A = dict(officer_b=404, mission_officer=404)


def populate(world):
    from decimal import Decimal

    from ngoaivu.indicators.actions import Entry, save_observations, save_target
    from ngoaivu.indicators.catalogue import load_catalogue
    from ngoaivu.indicators.models import Indicator
    from ngoaivu.indicators.periods import Period
    load_catalogue()
    fdi = Indicator.objects.get(code="fdi_registered")
    officer_a = world.users["officer_a"]
    save_observations(officer_a, [Entry(fdi, world.a, Period.year(2024), Decimal(100))])
    world.records["observation_a"] = fdi.observations.get(locality=world.a)
    world.records["target_a"] = save_target(officer_a, None, steps={2026: Decimal(10)}, indicator=fdi,
                                            locality=world.a, first_year=2026, last_year=2030, value=Decimal(80))


TARGET = lambda w: {"pk": w.target_a.pk}  # noqa: E731
INDICATOR = {"code": "fdi_registered"}
NEW_TARGET = lambda w: {"indicator": w.target_a.indicator_id, "locality": w.a.pk, "first_year": 2026,  # noqa: E731
                        "last_year": 2030, "value": "500", "step_2026": "90"}

CASES = {
    "indicators:national": Case(statuses()),
    "indicators:province": Case(statuses(), kwargs=lambda w: {"pk": w.b.pk}),
    "indicators:map": Case(statuses()),
    "indicators:compare": Case(statuses(), query="?a=2017-2018&b=2019-2021"),
    "indicators:countries": Case(statuses(), query="?period=2024"),
    "indicators:country": Case(statuses(), kwargs={"code": "KR"}, query="?period=2020-2030"),
    "indicators:catalogue": Case(statuses()),
    "indicators:indicator_detail": Case(statuses(), kwargs=INDICATOR),
    "indicators:indicator_create": Case(statuses(**CENTRE_ONLY), writers=("central",),
                                        data={"code": "new_one", "name": "Chỉ số mới", "unit": "count",
                                              "method": "entered", "aggregation": "sum", "position": 1}),
    "indicators:indicator_edit": Case(statuses(**CENTRE_ONLY), kwargs=INDICATOR, writers=("central",),
                                      data={"code": "fdi_registered", "name": "Vốn FDI", "unit": "usd",
                                            "method": "entered", "aggregation": "sum", "position": 1}),
    "indicators:entry": Case(statuses(**NOT_ENTERERS), writers=ENTERERS, data={"value_remittances": "5"}),
    "indicators:import": Case(statuses(**NOT_ENTERERS), writers=ENTERERS),
    "indicators:import_confirm": Case(statuses(default=405), writers=ENTERERS, data={"token": "bad"}),
    "indicators:import_template": Case(statuses()),
    "indicators:target_list": Case(statuses()),
    "indicators:target_create": Case(statuses(**NOT_ENTERERS), writers=ENTERERS, data=NEW_TARGET),
    "indicators:target_edit": Case(statuses(**TARGET_A), kwargs=TARGET, writers=("central", "manager_a", "officer_a"),
                                   data=NEW_TARGET),
    "indicator-list": Case(statuses(anonymous=API_ANON)),
    "indicator-detail": Case(statuses(anonymous=API_ANON), kwargs=lambda w: {"pk": w.target_a.indicator_id}),
    "indicator-observation-list": Case(statuses(anonymous=API_ANON)),
    "indicator-observation-detail": Case(statuses(anonymous=API_ANON, **OBS_A), kwargs=lambda w: {"pk": w.observation_a.pk}),
    "indicator-target-list": Case(statuses(anonymous=API_ANON)),
    "indicator-target-detail": Case(statuses(anonymous=API_ANON, **OBS_A), kwargs=TARGET),
    "indicator-value-list": Case(statuses(anonymous=API_ANON), query="?indicator=fdi_registered&period=2024"),
}
