"""Small builders for implementation tests: agreements straight in the state a test needs."""
import datetime

from ngoaivu.implementation.health import add_months

TODAY = datetime.date(2026, 3, 16)


def agreement(locality, title="Bản ghi nhớ hợp tác với tỉnh Gyeonggi", signed_months_ago=8, status="in_force",
              country="KR", plan=True, **extra):
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.implementation.models import Plan
    from ngoaivu.partners.models import Partner
    signed = add_months(TODAY, -signed_months_ago)
    a = Agreement.objects.create(locality=locality, title=title, form="ban_ghi_nho", status=status,
                                 signed_on=signed, in_force_on=signed, **extra)
    partner, _ = Partner.objects.get_or_create(name=f"Partner {country}", country=country)
    a.partners.add(partner)
    if plan:
        for year in {signed.year, TODAY.year}:
            Plan.objects.create(agreement=a, year=year)
    return a
