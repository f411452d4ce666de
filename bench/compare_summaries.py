"""The pages that read the summary rows give byte for byte the HTML they gave when they aggregated the
register on every request: renders them both ways on a bench dataset and compares.

    compare_summaries.py DATABASE_URL
"""
import re
import sys

from _setup import setup

# The national page's queries before the summaries (git 41c38a6), aggregating the register itself.
OLD_PROVINCE_SQL = """
SELECT a.locality_id, COUNT(*),
       SUM(CASE WHEN a.health = 'active' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.health = 'at_risk' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.health = 'dormant' THEN 1 ELSE 0 END),
       COALESCE(SUM(a.overdue_commitments), 0)
FROM agreements_agreement a
WHERE a.status = 'in_force' GROUP BY a.locality_id
"""
OLD_COUNTRY_SQL = """
SELECT p.country, COUNT(*),
       SUM(CASE WHEN a.health = 'active' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.health = 'at_risk' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.health = 'dormant' THEN 1 ELSE 0 END),
       COALESCE(SUM(a.overdue_commitments), 0)
FROM agreements_agreement a
JOIN agreements_agreement_partners ap ON ap.agreement_id = a.id
JOIN partners_partner p ON p.id = ap.partner_id
WHERE a.status = 'in_force' AND p.country <> ''
  AND NOT EXISTS (SELECT 1 FROM agreements_agreement_partners ap2
                  JOIN partners_partner p2 ON p2.id = ap2.partner_id
                  WHERE ap2.agreement_id = a.id AND ap2.partner_id < ap.partner_id AND p2.country = p.country)
GROUP BY p.country
"""
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"')


def main():
    setup(sys.argv[1])
    from django.test import Client

    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core.models import User
    from ngoaivu.implementation import queries, summaries

    clients = {}
    for name in ("bench.centre", "bench.province"):
        clients[name] = Client()
        clients[name].force_login(User.objects.get(username=name))
    pages = [("bench.centre", "/implementation/national/"),
             ("bench.centre", "/implementation/national/?sort=name&csort=-dormant"),
             ("bench.centre", "/implementation/national/?sort=-overdue&csort=name"),
             ("bench.centre", "/"), ("bench.province", "/")]

    def render():
        return [CSRF.sub("", clients[user].get(path).content.decode()) for user, path in pages]

    assert summaries.differences() == [], "the summaries disagree with the register: run ngoaivu summaries --rebuild"
    new = render()
    saved = queries.PROVINCE_SQL, queries.COUNTRY_SQL, queries.summary_counts
    queries.PROVINCE_SQL, queries.COUNTRY_SQL = OLD_PROVINCE_SQL, OLD_COUNTRY_SQL
    queries.summary_counts = lambda ids: queries.health_counts(
        Agreement.objects.all() if ids is None else Agreement.objects.filter(locality__in=ids))
    try:
        old = render()
    finally:
        queries.PROVINCE_SQL, queries.COUNTRY_SQL, queries.summary_counts = saved
    same = 0
    for (user, path), a, b in zip(pages, new, old):
        if a == b:
            same += 1
            print(f"identical  {len(a):>7} bytes  {user} {path}")
        else:
            print(f"DIFFERENT  {user} {path}")
    print(f"{same}/{len(pages)} pages identical")
    sys.exit(0 if same == len(pages) else 1)


if __name__ == "__main__":
    main()
