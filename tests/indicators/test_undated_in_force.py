"""An agreement in force whose signing date nobody knows (an old register's record, entered as in force) is
in force today like any other: the national page's "agreements in force" of the current year counts it, as
the register, the implementation national page and the yearly report do; a year before it was entered here
does not (nobody knows it was signed by then)."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ngoaivu.agreements.models import Agreement
from ngoaivu.implementation import queries
from ngoaivu.indicators import in_force
from ngoaivu.indicators.computed import _read
from ngoaivu.indicators.periods import Period
from ngoaivu.partners.models import Partner
from ngoaivu.reports import registers as R

pytestmark = pytest.mark.django_db


def test_an_undated_agreement_in_force_counts_in_force_this_year(world, ind, client_for):
    partner = Partner.objects.create(name="경기도", name_vi="Tỉnh Gyeonggi", country="KR")
    old = Agreement.objects.create(locality=world.a, title="Thỏa thuận hữu nghị (hồ sơ cũ)", form="thoa_thuan",
                                   status="in_force", historical=True, recorded_status="in_force", signed_on=None)
    old.partners.add(partner)
    this_year = timezone.localdate().year
    register = Agreement.objects.filter(locality=world.a, status="in_force").count()
    assert R.in_force_by_health(world.a)[-1] == ["Tổng số", register]
    assert next(r for r in queries.province_figures() if r["locality"].pk == world.a.pk)["in_force"] == register
    for period in (Period.year(this_year), Period.years(this_year - 2, this_year)):
        assert _read("in_force", period)["in_force"][world.a.pk] == Decimal(register), period
        assert _read("in_force", period, kept=False)["in_force"][world.a.pk] == Decimal(register), period
    # A year before it was entered here: not known to be signed by then.
    before = Period.year(this_year - 1)
    dated = Agreement.objects.filter(locality=world.a, status="in_force", signed_on__year__lte=this_year - 1).count()
    assert _read("in_force", before)["in_force"].get(world.a.pk, 0) == Decimal(dated)
    assert _read("in_force", before, kept=False)["in_force"].get(world.a.pk, 0) == Decimal(dated)
    page = client_for(world.users["central"]).get(reverse("indicators:province", args=[world.a.pk]),
                                                  {"period": str(this_year)})
    assert [r["value"] for r in page.context["rows"] if r["indicator"].code == "agreements_in_force"] == [register]
    assert in_force.differences() == []
    call_command("summaries", "--check", stdout=io.StringIO())
    old.delete()
    assert in_force.differences() == []
    assert _read("in_force", Period.year(this_year))["in_force"][world.a.pk] == Decimal(register - 1)
