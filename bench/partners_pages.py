"""The partner page and a mission's page at national scale (issue 10).

    partners_pages.py DATABASE_URL [REPEAT]

On a database built by bench/generate.py (50,000 agreements, 3,000 partners in 20 countries), adds once
what the generator leaves out and these pages read: 20,000 delegations (a stop and a partner each, the
countries weighted as the partners') and 5,000 conferences with one or two partners, the embassy in Korea
(the largest country: ~18 % of the partners) and an officer of it. Then times, CPU per request (this
process + the PostgreSQL backend) and queries per request, like measure_pages.py:
- the partner page of the partner with the most agreements, read by the centre, by a province and by the
  mission (its country is Korea's, so it reads every tie);
- the mission page of the embassy in Korea, read by its officer and by the centre.
Prints one JSON line."""
import datetime
import json
import random
import sys

from _setup import setup
from measure_pages import timed


def seed():
    from ngoaivu.core import actions as core_actions
    from ngoaivu.core.models import Locality, Mission, User
    from ngoaivu.exchanges.models import Conference, Delegation, DelegationStop
    from ngoaivu.partners.models import Partner

    mission, _ = Mission.objects.get_or_create(name="Đại sứ quán Việt Nam tại Hàn Quốc",
                                               defaults={"country": "KR", "city": "Seoul"})
    if not User.objects.filter(username="bench.mission").exists():
        core_actions.create_user(username="bench.mission", full_name="Bench mission", password="bench-Password-2026",
                                 kind="mission", role="officer", mission=mission)
    if Delegation.objects.count() >= 20_000 and Conference.objects.count() >= 5_000:
        return mission
    rng = random.Random(10)
    today = datetime.date.today()
    localities = list(Locality.objects.current().values_list("pk", flat=True))
    partners = list(Partner.objects.values_list("pk", "country"))
    trips, stops, links = [], [], []
    for i in range(20_000):
        start = today + datetime.timedelta(days=rng.randint(-3000, 200))
        trips.append(Delegation(locality_id=rng.choice(localities), direction=rng.choice(["out", "in"]),
                                channel="state", level="department", title=f"Đoàn công tác {i}",
                                head_name="Nguyễn Văn A", head_title="Giám đốc Sở", member_count=5,
                                purpose="Hợp tác", start_date=start, end_date=start + datetime.timedelta(days=5),
                                status="proposed" if start > today else "reported"))
    Delegation.objects.bulk_create(trips, batch_size=5000)
    through = Delegation.partners.through
    for trip in trips:
        pk, country = rng.choice(partners)
        stops.append(DelegationStop(delegation=trip, country=country, partner_id=pk, days=5))
        links.append(through(delegation_id=trip.pk, partner_id=pk))
    DelegationStop.objects.bulk_create(stops, batch_size=5000)
    through.objects.bulk_create(links, batch_size=5000)
    confs = []
    for i in range(5_000):
        start = today + datetime.timedelta(days=rng.randint(-3000, 200))
        confs.append(Conference(locality_id=rng.choice(localities), title=f"Hội thảo quốc tế {i}", venue="Tỉnh",
                                start_date=start, end_date=start + datetime.timedelta(days=1), participants_count=100,
                                foreign_participants_count=20, organiser_kind="foreign", organiser_name="Đối tác",
                                status="planned" if start > today else "reported"))
    Conference.objects.bulk_create(confs, batch_size=5000)
    through = Conference.partners.through
    links = [through(conference_id=conf.pk, partner_id=pk) for conf in confs
             for pk in {rng.choice(partners)[0] for _ in range(rng.randint(1, 2))}]
    through.objects.bulk_create(links, batch_size=5000)
    return mission


def main():
    url, repeat = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
    setup(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.db.models import Count
    from django.test import Client

    from ngoaivu.core.models import User
    from ngoaivu.partners.models import Partner

    mission = seed()
    partner = (Partner.objects.filter(country="KR").annotate(n=Count("agreements")).order_by("-n", "pk")
               .values_list("pk", flat=True).first())
    clients = {}
    for name in ("bench.centre", "bench.province", "bench.mission"):
        clients[name] = Client()
        clients[name].force_login(User.objects.get(username=name))

    def get(client, path, **headers):
        def run():
            response = client.get(path, **headers)
            assert response.status_code == 200, (path, response.status_code)
        return run

    pages = {
        "partner page (largest Korean partner), centre": get(clients["bench.centre"], f"/partners/{partner}/"),
        "partner page, province (HCMC)": get(clients["bench.province"], f"/partners/{partner}/"),
        "partner page, mission in Korea": get(clients["bench.mission"], f"/partners/{partner}/"),
        "mission page (Korea), its officer": get(clients["bench.mission"], f"/partners/missions/{mission.pk}/"),
        "mission page (Korea), centre": get(clients["bench.centre"], f"/partners/missions/{mission.pk}/"),
        # the picker's search as a province types ("from the first keystroke"), and the directory's search
        "partner search as you type 'chung', province": get(clients["bench.province"],
                                                                  "/partners/suggest/?q=chung&pick=partners&single=1",
                                                                  HTTP_HX_REQUEST="true"),
        "partner directory search 'han quoc', province": get(clients["bench.province"], "/partners/?q=han+quoc"),
    }
    results = {}
    for name, run in pages.items():
        results[name] = timed(run, repeat, connection)
        with CaptureQueriesContext(connection) as queries:  # one more request, its queries counted
            run()
        results[name]["queries"] = len(queries.captured_queries)
    counts = {"agreements of the partner": Partner.objects.get(pk=partner).agreements.count()}
    print(json.dumps({"results": results, "data": counts}))


if __name__ == "__main__":
    main()
