"""Renders the partner, delegation and conference pages of a bench database to files, for comparing two
versions of the code byte for byte (issue 9, ninth session): ~50 partners (many ties, none, non-Latin
names, warnings, aliases, merged), 15 delegations, 15 conferences, as bench.province, bench.centre and
bench.mission, in Vietnamese and English. CSRF tokens are masked.

    cd <tree A> && .venv/bin/python <this tree>/bench/dump_detail_pages.py DATABASE_URL /tmp/A
    cd <tree B> && .venv/bin/python <this tree>/bench/dump_detail_pages.py DATABASE_URL /tmp/B
    diff -r /tmp/A /tmp/B

The code rendered is the code of the directory it is run from (its bench/_setup.py and ngoaivu/)."""
import sys, os, re
sys.path.insert(0, os.getcwd())
from bench._setup import setup
setup(sys.argv[1])
out = sys.argv[2]; os.makedirs(out, exist_ok=True)
from django.test import Client
from django.db.models import Count
from ngoaivu.core.models import User
from ngoaivu.partners.models import Partner
from ngoaivu.exchanges.models import Delegation, Conference
from ngoaivu.agreements.models import Agreement
prov = User.objects.get(username="bench.province")
loc = prov.memberships.first().locality
ids = set()
sample = Agreement.objects.filter(status="in_force", locality=loc).order_by("-pk").values_list("pk", flat=True).first()
ids |= set(Partner.objects.filter(agreements__pk=sample).values_list("pk", flat=True))
ids |= set(Partner.objects.annotate(n=Count("agreements")).order_by("-n", "pk").values_list("pk", flat=True)[:8])
ids |= set(Partner.objects.filter(agreements__locality=loc).order_by("pk").values_list("pk", flat=True).distinct()[:8])
ids |= set(Partner.objects.filter(delegations__isnull=False).order_by("pk").values_list("pk", flat=True).distinct()[:6])
ids |= set(Partner.objects.filter(conferences__isnull=False).order_by("pk").values_list("pk", flat=True).distinct()[:6])
ids |= set(Partner.objects.filter(delegations__locality=loc).order_by("-pk").values_list("pk", flat=True).distinct()[:6])
ids |= set(Partner.objects.filter(agreements__isnull=True, delegations__isnull=True).order_by("pk").values_list("pk", flat=True)[:5])
ids |= set(Partner.objects.filter(name__regex=r"[^\x00-\x7F]").exclude(name_vi="").order_by("pk").values_list("pk", flat=True)[:6])
ids |= set(Partner.objects.filter(warnings__isnull=False).values_list("pk", flat=True)[:4])
ids |= set(Partner.objects.filter(aliases__isnull=False).values_list("pk", flat=True)[:3])
ids |= set(Partner.objects.filter(merged_into__isnull=False).values_list("pk", flat=True)[:2])
top = Partner.objects.order_by("-pk").values_list("pk", flat=True).first()
ids |= set(Partner.objects.filter(pk__in=range(7, top, max(1, top // 25))).values_list("pk", flat=True))
dels = list(Delegation.objects.filter(locality=loc).order_by("-start_date", "-pk").values_list("pk", flat=True)[:10])
dels += list(Delegation.objects.order_by("pk").values_list("pk", flat=True)[:5])
confs = list(Conference.objects.filter(locality=loc).order_by("-start_date", "-pk").values_list("pk", flat=True)[:10])
confs += list(Conference.objects.order_by("pk").values_list("pk", flat=True)[:5])
clients = {}
for u in ("bench.province", "bench.centre", "bench.mission"):
    c = Client(); c.force_login(User.objects.get(username=u)); clients[u] = c
csrf = re.compile(r'(csrfmiddlewaretoken" value=|csrf-token" content=|"X-CSRFToken": )"[^"]*"')
paths = [f"/partners/{p}/" for p in sorted(ids)] + [f"/exchanges/delegations/{d}/" for d in dels] + [f"/exchanges/conferences/{c}/" for c in confs]
n = 0
for u, c in clients.items():
    for lang in ("vi", "en"):
        for path in paths:
            r = c.get(path, HTTP_ACCEPT_LANGUAGE=lang)
            body = r.content.decode() if r.status_code == 200 else f"{r.status_code} {r.get('Location')}"
            body = csrf.sub(r"\1CSRF", body)
            name = f"{u}_{lang}_{path.strip('/').replace('/', '_')}.html"
            open(os.path.join(out, name), "w").write(body); n += 1
print(n, "pages;", len(ids), "partners")
