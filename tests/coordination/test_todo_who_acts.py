"""The to-do list (/implementation/notifications/) lists a report request or a directive for the people who
can act on it: the province's officers and managers answer its return and acknowledge its copy. A read-only
account of the province and an officer of one of its units (Sở Công Thương) cannot (both are refused), so
neither is told to: they found "Yêu cầu báo cáo sắp đến hạn" and "Văn bản chỉ đạo chưa xác nhận" there and
every button refused them."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.coordination import directives
from ngoaivu.coordination.models import DirectiveRecipient
from tests.coordination.test_reports import _request

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_only_those_who_can_answer_or_acknowledge_get_the_provinces_report_and_directive_to_do(world, client_for):
    report = _request(world, [world.a], title="Báo cáo công tác đối ngoại quý IV",
                      due_on=TODAY + datetime.timedelta(days=2))
    ret = report.returns.get()
    directive = directives.send_directive(world.users["central"], number="41/BNG-NV", issued_on=TODAY,
                                          subject="Hướng dẫn đón đoàn cấp cao", signer="Cục trưởng",
                                          localities=[world.a])
    todo = reverse("implementation:notifications")
    ret_url, directive_url = ret.get_absolute_url(), directive.get_absolute_url()
    for persona in ("officer_a", "manager_a"):
        page = client_for(world.users[persona]).get(todo).content.decode()
        assert ret_url in page and directive_url in page, persona
    for persona in ("viewer", "unit_officer"):
        client = client_for(world.users[persona])
        # They read both, and may act on neither ...
        assert client.get(ret_url).status_code == 200 and client.get(directive_url).status_code == 200
        assert client.post(reverse("coordination:return_save", args=[ret.pk]), {"submit": "1"}).status_code == 403
        assert client.post(reverse("coordination:directive_acknowledge", args=[directive.pk])).status_code == 403
        # ... so neither is on their list.
        page = client.get(todo).content.decode()
        assert ret_url not in page and directive_url not in page, persona
    ret.refresh_from_db()
    assert ret.status == "not_started"
    assert DirectiveRecipient.objects.get(directive=directive).acknowledged_at is None
