"""The row a real province register holds, all its ugly shapes at once: a former province's name, a date
known only to the month written `2015-05`, a partner typed under another romanisation of an existing one,
and a university that is not a local government."""
import datetime

import pytest

from ngoaivu.agreements import imports
from ngoaivu.agreements.choices import AgreementStatus, DatePrecision
from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Locality
from ngoaivu.partners import actions as partner_actions
from ngoaivu.partners.models import Partner
from tests.agreements.factories import register_workbook
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 2, 2)


def test_a_former_name_a_month_date_an_alias_and_a_university_land_right(world):
    guangxi = partner_actions.create_partner(world.users["central"], name="广西壮族自治区", name_vi="Quảng Tây",
                                             country="CN", kind="local_gov", aliases=["Guangxi", "广西"])
    row = {"title": "Bản ghi nhớ hợp tác giáo dục", "locality": "Thừa Thiên Huế", "signed": "2015-05",
           "status": "Đã ký", "partners": "Guangxi; Guangxi University", "countries": "CN; CN",
           "partners_vi": "; Trường Đại học Quảng Tây",
           "partner_kinds": "; Trường đại học, viện nghiên cứu"}
    out = register_workbook([row])
    hue = Locality.objects.current().get(short_name="Huế")
    officer = make_user("hue_officer", "locality", "officer", locality=hue)
    result = imports.check_file(out, officer, today=TODAY)
    assert result.ok, result.errors
    imports.commit(result, officer, today=TODAY)

    agreement = Agreement.objects.get(title="Bản ghi nhớ hợp tác giáo dục")
    assert agreement.locality == hue
    assert (agreement.signed_on, agreement.signed_precision) == (datetime.date(2015, 5, 1), DatePrecision.MONTH)
    assert agreement.status != AgreementStatus.PROPOSED
    assert Partner.objects.filter(country="CN").count() == 2   # no second "Guangxi" beside Quảng Tây
    university = Partner.objects.get(name="Guangxi University")
    assert (university.kind, university.name_vi) == ("university", "Trường Đại học Quảng Tây")
    assert set(agreement.partners.all()) == {guangxi, university}
