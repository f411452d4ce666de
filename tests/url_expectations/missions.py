"""Missions abroad: the centre reads the list and every mission's page; a mission's officers read their
own page ('my mission' takes them there); provinces and units read none."""
from tests.url_expectations import READ, Case, statuses


def populate(world):
    pass  # the world's mission (the embassy in Korea) is enough


MISSION = lambda w: {"pk": w.mission.pk}  # noqa: E731
CENTRE_READERS = dict(central=200, central_viewer=200)

CASES = {
    "partners:mission_list": Case(statuses(default=403, **CENTRE_READERS), writers=READ),
    "partners:mission_home": Case(statuses(default=403, central=302, central_viewer=302, mission_officer=302),
                                  writers=READ),
    "partners:mission_detail": Case(statuses(default=403, mission_officer=200, **CENTRE_READERS), kwargs=MISSION,
                                    writers=READ),
    "mission-list": Case(statuses(anonymous=401)),
    "mission-detail": Case(statuses(anonymous=401), kwargs=MISSION),
}
