"""The delegation and conference pages ask inside the statement that reads the record what they used to
ask apart (issue 9, ninth session): whether the reader may edit it, its comment count, whether a report
names agreements. The answers are the same as asking apart, for every persona."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ngoaivu.coordination.threads import add_comment
from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import Conference
from tests.agreements.factories import agreement
from tests.exchanges import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_the_conference_page_shows_edit_buttons_and_comments_as_asked_apart(world, client_for):
    conf = factories.conference(world.users["officer_a"], world.a)
    add_comment(world.users["officer_a"], "conference", conf, "Đề nghị bổ sung danh sách đại biểu")
    url = reverse("exchanges:conference_detail", args=[conf.pk])
    edit = reverse("exchanges:conference_edit", args=[conf.pk])
    thread = reverse("coordination:thread", args=["conference", conf.pk])
    for name, user in world.users.items():
        if user is None:
            continue
        response = client_for(user).get(url)
        if not Conference.objects.visible_to(user).filter(pk=conf.pk).exists():
            assert response.status_code == 404, name
            continue
        html = response.content.decode()
        assert (edit in html) == Conference.objects.editable_by(user).filter(pk=conf.pk).exists(), name
        assert thread in html, name
    html = client_for(world.users["officer_a"]).get(url).content.decode()
    assert "Trao đổi (1 ý kiến)" in html.split(thread, 1)[1][:200]


def test_a_delegation_report_naming_agreements_links_them_and_one_naming_none_asks_nothing_more(world, client_for):
    officer = world.users["officer_a"]
    signed = agreement(officer, world.a, title="Bản ghi nhớ ký trong chuyến đi")
    with_agreements, without = (factories.approved_delegation(officer, world.a, start_date=TODAY - datetime.timedelta(days=10))
                                for _ in range(2))
    for d, agreements in ((with_agreements, [signed]), (without, [])):
        actions.record_return(officer, d, returned_on=TODAY - datetime.timedelta(days=4))
        actions.submit_report(officer, d, submitted_on=TODAY, summary="Đã làm việc", agreements=agreements)
    client = client_for(officer)
    html = client.get(reverse("exchanges:delegation_detail", args=[with_agreements.pk])).content.decode()
    assert f'<a href="{signed.get_absolute_url()}">Bản ghi nhớ ký trong chuyến đi</a>' in html
    url = reverse("exchanges:delegation_detail", args=[without.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as asked:
        html = client.get(url).content.decode()
    assert "Bản ghi nhớ ký trong chuyến đi" not in html and "Không có" in html
    assert not [q for q in asked.captured_queries if "delegationreport_agreements" in q["sql"]
                and "EXISTS" not in q["sql"]]


@pytest.mark.parametrize("kind", ["delegation", "conference"])
def test_the_pages_timeline_shows_each_status_change_as_it_happens(world, client_for, kind):
    """The status changes of the page's timeline are read by a statement kept per process (kept_related): a
    cancellation recorded after a first visit is on the next one, with its reason and who made it."""
    officer = world.users["officer_a"]
    if kind == "delegation":
        record = factories.delegation(officer, world.a)
        url, cancel = reverse("exchanges:delegation_detail", args=[record.pk]), actions.cancel_delegation
    else:
        record = factories.conference(officer, world.a)
        url, cancel = reverse("exchanges:conference_detail", args=[record.pk]), actions.cancel_conference
    client = client_for(officer)
    before = client.get(url).content.decode()
    assert "Trạng thái: " in before and "Đối tác đề nghị hoãn sang năm sau" not in before
    cancel(officer, record, cancelled_on=TODAY, reason="Đối tác đề nghị hoãn sang năm sau")
    after = client.get(url).content.decode()
    changes = record.status_changes.order_by("-created_at")
    assert after.count("Trạng thái: ") == before.count("Trạng thái: ") + 1 == changes.count()
    assert f"Trạng thái: {changes[0].labels()[1]}" in after and "Đối tác đề nghị hoãn sang năm sau" in after
