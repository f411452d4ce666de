"""A directive's "Nơi nhận" table lists the provinces in Vietnamese alphabetical order, as every other list of
provinces does: it was ordered by the names' code points, which put Điện Biên after Tuyên Quang and Lào Cai
before Lạng Sơn, so the centre looking for a province's receipt did not find it where it expected."""
import datetime
import re

import pytest
from django.urls import reverse

from ngoaivu.coordination import directives
from ngoaivu.core.models import Locality

pytestmark = pytest.mark.django_db


def test_the_recipients_table_is_in_vietnamese_order(world, client_for):
    names = ["Tuyên Quang", "Điện Biên", "Lạng Sơn", "Lào Cai", "Cao Bằng", "Lai Châu"]
    localities = [Locality.objects.current().get(short_name=n) for n in names]
    directive = directives.send_directive(world.users["central"], number="31/BNG-NV", issued_on=datetime.date.today(),
                                          subject="Hướng dẫn đón đoàn", signer="Cục trưởng", localities=localities)
    html = client_for(world.users["central"]).get(
        reverse("coordination:directive_detail", args=[directive.pk])).content.decode()
    shown = [n for n in re.findall(r"<tr><td>([^<]+)</td>", html) if n in names]
    assert shown == ["Cao Bằng", "Điện Biên", "Lai Châu", "Lạng Sơn", "Lào Cai", "Tuyên Quang"]
