"""The per-country statement counts an agreement in force whose signing date nobody knows (an old register's
record) among that country's agreements in force of the current year, as the implementation national page's
table by country and the register do; never among the agreements signed."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ngoaivu.agreements.models import Agreement
from ngoaivu.implementation import queries
from ngoaivu.indicators import country_totals
from ngoaivu.indicators.partner_countries import by_country, by_province
from ngoaivu.indicators.periods import Period
from ngoaivu.partners.models import Partner

pytestmark = pytest.mark.django_db


def test_an_undated_agreement_in_force_counts_for_its_partners_country(world, client_for):
    khmer = Partner.objects.create(name="ខេត្តសៀមរាប", name_vi="Tỉnh Siem Reap", country="KH")
    dated = Agreement.objects.create(locality=world.a, title="Bản ghi nhớ với Siem Reap", form="ban_ghi_nho",
                                     status="in_force", signed_on=datetime.date(2024, 5, 2),
                                     in_force_on=datetime.date(2024, 5, 2))
    old = Agreement.objects.create(locality=world.a, title="Bản ghi nhớ với Siem Reap", form="ban_ghi_nho",
                                   status="in_force", historical=True, recorded_status="in_force", signed_on=None)
    for a in (dated, old):
        a.partners.add(khmer)
    year = timezone.localdate().year
    register = Agreement.objects.filter(status="in_force", partners__country="KH").distinct().count()
    assert register == 2
    assert next(r for r in queries.country_figures() if r["code"] == "KH")["in_force"] == register
    for kept in (True, False):
        assert by_country(Period.year(year), kept=kept)["KH"]["in_force"] == register, kept
        assert by_country(Period.year(year), kept=kept)["KH"].get("signed", 0) == 0, kept
        assert by_province("KH", Period.year(year), {}, kept=kept)[world.a.pk]["in_force"] == register, kept
        # The year before it was entered here: only the dated one.
        assert by_country(Period.year(year - 1), kept=kept)["KH"]["in_force"] == 1, kept
    page = client_for(world.users["central"]).get(reverse("indicators:country", args=["KH"]), {"period": str(year)})
    assert page.context["national"]["in_force"] == register
    assert country_totals.differences() == []
    old.delete()
    assert country_totals.differences() == []
    assert by_country(Period.year(year))["KH"]["in_force"] == 1
