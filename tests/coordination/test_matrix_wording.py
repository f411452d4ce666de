"""A request sent to one province: the 33 others read "not asked of this province", not "Không gửi" (which the
outside test read as "did not send"), and the heading says how many were asked."""
import pytest
from django.urls import reverse

from tests.coordination.test_reports import _request

pytestmark = pytest.mark.django_db


def test_the_provinces_not_asked_are_not_said_to_have_failed_to_send(world, client_for):
    report = _request(world, [world.a])
    page = client_for(world.users["central"]).get(reverse("coordination:request_detail", args=[report.pk]))
    html = page.content.decode()
    assert "(yêu cầu 1 tỉnh, thành phố)" in html
    rows = html.split('id="matrix"')[1].split("</table>")[0]
    assert rows.count("Không yêu cầu tỉnh này") == 33 and "Không gửi" not in rows
