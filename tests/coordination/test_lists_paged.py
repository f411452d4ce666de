"""The coordination lists at volume (issue 9): the centre's requests, a province's returns and the
directives are paged in the database, their counts come in one query whatever the page holds, and nothing
falls off the end — an open return or an unread directive older than a page of newer ones is still first."""
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ngoaivu.coordination import actions, directives
from ngoaivu.coordination.choices import ReturnStatus as S
from ngoaivu.coordination.models import ReportReturn
from ngoaivu.coordination.views import PER_PAGE

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _requests(world, n, first_due=TODAY + datetime.timedelta(days=10)):
    made = []
    for i in range(n):
        due = first_due + datetime.timedelta(days=i)
        made.append(actions.create_request(world.users["central"], title=f"Báo cáo đợt {i + 1:03d}",
                                           data_from=TODAY - datetime.timedelta(days=90), data_to=TODAY,
                                           due_on=due, localities=[world.a, world.b]))
    return made


def _titles(html):
    return re.findall(r"Báo cáo đợt \d{3}", html)


def test_the_centres_list_pages_its_requests_with_each_requests_counts(world, client_for):
    made = _requests(world, PER_PAGE + 3)
    newest = made[-1]
    ReportReturn.objects.filter(request=newest, locality=world.a).update(status=S.SUBMITTED)
    client = client_for(world.users["central"])
    first = client.get(reverse("coordination:report_list")).content.decode()
    second = client.get(reverse("coordination:report_list") + "?page=2").content.decode()
    assert _titles(first)[0] == "Báo cáo đợt 028" and len(_titles(first)) == PER_PAGE
    assert _titles(second) == ["Báo cáo đợt 003", "Báo cáo đợt 002", "Báo cáo đợt 001"]
    assert 'aria-label="Trang 2"' in first
    # The newest request's row: one of 2 returns submitted, one not started — the cells follow the statuses.
    row = first[first.index("Báo cáo đợt 028"):first.index("</tr>", first.index("Báo cáo đợt 028"))]
    cells = re.findall(r'<td class="num">(\d+)</td>', row)
    expected = [ReportReturn.objects.filter(request=newest, status=value).count() for value in S.values]
    assert [int(c) for c in cells] == expected == [1, 0, 1, 0, 0]


def test_the_centres_list_reads_the_counts_in_one_query_whatever_the_page_holds(world, client_for):
    client = client_for(world.users["central"])
    _requests(world, 2)
    client.get(reverse("coordination:report_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("coordination:report_list"))
    _requests(world, 20, first_due=TODAY + datetime.timedelta(days=40))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("coordination:report_list"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_provinces_open_return_comes_first_even_behind_a_page_of_newer_closed_ones(world, client_for):
    made = _requests(world, PER_PAGE + 5)
    oldest = made[0]
    # Every return of province A is accepted but the oldest request's, which is still open.
    ReportReturn.objects.filter(locality=world.a).exclude(request=oldest).update(status=S.ACCEPTED)
    page = client_for(world.users["officer_a"]).get(reverse("coordination:report_list")).content.decode()
    titles = _titles(page)
    assert titles[0] == "Báo cáo đợt 001", "the open return first"
    assert titles[1:4] == ["Báo cáo đợt 030", "Báo cáo đợt 029", "Báo cáo đợt 028"], "then the latest closed ones"
    assert len(titles) == PER_PAGE
    second = client_for(world.users["officer_a"]).get(reverse("coordination:report_list") + "?page=2").content.decode()
    assert len(_titles(second)) == 5 and "Báo cáo đợt 001" not in second
    assert "Tỉnh B" not in page and world.b.short_name not in page, "province A reads only its own returns"


def test_the_unread_filter_finds_a_directive_older_than_a_page_of_newer_read_ones(world, client_for):
    # Issued on the day of the world's own directive, which is thus the oldest of all (same day, sent
    # first) and the last of the list. Not on TODAY: it is read when the module is imported, the world's
    # day when the world is built; a run that crosses midnight (Asia/Ho_Chi_Minh: 17:00 UTC) between the
    # two made the world's directive a day newer, first on the page, and left room for 24 of these.
    day = world.directive_a.issued_on
    sent = [directives.send_directive(world.users["central"], number=f"{i}/BNG-NV", issued_on=day,
                                      subject=f"Hướng dẫn số {i:03d}", signer="Cục trưởng", localities=[world.a])
            for i in range(PER_PAGE + 5)]
    own = directives.own_copies(world.users["officer_a"])
    own.exclude(directive=sent[0]).update(first_opened_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
    client = client_for(world.users["officer_a"])
    unread = client.get(reverse("coordination:directive_list") + "?state=unread").content.decode()
    assert re.findall(r"Hướng dẫn số \d{3}", unread) == ["Hướng dẫn số 000"]
    everything = client.get(reverse("coordination:directive_list")).content.decode()
    assert len(re.findall(r"Hướng dẫn số \d{3}", everything)) == PER_PAGE
    assert "Hướng dẫn số 000" not in everything, "the oldest is on the second page of the whole list"
    second = client.get(reverse("coordination:directive_list") + "?page=2").content.decode()
    assert "Hướng dẫn số 000" in second and "Chưa xem" in second
    assert second.index("Hướng dẫn số 000") < second.index(world.directive_a.subject), "the world's is older still"


def test_the_list_shows_the_units_copy_before_the_provinces_as_the_directive_page_does(world):
    directive = directives.send_directive(world.users["central"], number="1/BNG-NV", issued_on=TODAY,
                                          subject="Hướng dẫn", signer="Cục trưởng", localities=[world.a])
    copy = directives.own_copy(world.users["officer_a"], directive)
    assert copy is not None and copy.locality_id == world.a.pk and copy.unit_id is None
    assert directives.own_copies_of(world.users["officer_a"], [directive.pk]) == {directive.pk: copy}
    assert directives.own_copies_of(world.users["officer_b"], [directive.pk]) == {}


def test_the_opinion_queue_reads_the_drafts_in_one_query_whatever_it_holds(world, client_for):
    from ngoaivu.agreements import actions as register
    from ngoaivu.coordination import opinions
    from ngoaivu.partners.models import Partner
    officer, client = world.users["officer_b"], client_for(world.users["central"])
    partner = Partner.objects.create(name="Busan", country="KR")

    def ask(n):
        for i in range(n):
            agreement = register.create_agreement(officer, locality=world.b, partners=[partner], form="ban_ghi_nho",
                                                  title=f"Bản ghi nhớ {i}")
            event = register.record_event(officer, agreement, "opinion_requested", TODAY, consultee="Bộ Ngoại giao",
                                          is_mofa=True)
            opinions.save_draft(world.users["central"], event, verdict="agree", text="")
    ask(1)
    client.get(reverse("coordination:opinion_queue"))
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("coordination:opinion_queue"))
    ask(4)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("coordination:opinion_queue"))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.content.decode().count("Bản ghi nhớ") >= 5


def test_the_opinion_queue_is_paged_with_its_count_and_every_request_is_reachable(world, client_for):
    """The queue showed the first 200 requests and said nothing of the others: they could not be reached."""
    from ngoaivu.agreements import actions as register
    from ngoaivu.partners.models import Partner
    officer, client = world.users["officer_b"], client_for(world.users["central"])
    partner = Partner.objects.create(name="Busan", country="KR")
    for i in range(PER_PAGE + 2):
        agreement = register.create_agreement(officer, locality=world.b, partners=[partner], form="ban_ghi_nho",
                                              title=f"Bản ghi nhớ số {i:03d}")
        register.record_event(officer, agreement, "opinion_requested", TODAY, consultee="Bộ Ngoại giao", is_mofa=True)
    url = reverse("coordination:opinion_queue")
    first, second = (client.get(url + query).content.decode() for query in ("", "?page=2"))
    on_first, on_second = (re.findall(r"Bản ghi nhớ số \d{3}", page) for page in (first, second))
    # (the world's own open request, due earlier, may come first on page 1)
    assert PER_PAGE - 1 <= len(on_first) <= PER_PAGE and on_second
    assert sorted(on_first + on_second) == [f"Bản ghi nhớ số {i:03d}" for i in range(PER_PAGE + 2)]
    from ngoaivu.coordination import opinions
    total = opinions.open_queue().count()  # these, and the world's own open requests if any
    assert f"{total} đề nghị" in first and 'aria-label="Trang 2"' in first


def test_an_officer_of_one_province_and_viewer_of_another_acknowledges_the_copy_they_act_on(world):
    """A user who is an officer in A and a viewer in B (two memberships): their copy of a directive sent to both
    was whichever came first, B's read-only one, and acknowledging it was refused (review of 04/12/2026)."""
    from ngoaivu.core.models import Membership
    from ngoaivu.core.models import User
    Membership.objects.create(user=world.users["officer_a"], kind="locality", locality=world.b, role="viewer")
    user = User.objects.get(pk=world.users["officer_a"].pk)  # its scope read afresh (cached on the object)
    directive = directives.send_directive(world.users["central"], number="2/BNG-NV", issued_on=TODAY,
                                          subject="Hướng dẫn hai tỉnh", signer="Cục trưởng", localities=[world.b, world.a])
    copy = directives.own_copy(user, directive)
    assert copy.locality_id == world.a.pk
    directives.acknowledge(user, copy)
    assert list(directive.recipients.filter(acknowledged_by=user).values_list("locality_id", flat=True)) == [world.a.pk]


def test_every_persona_pages_through_the_directives_it_reads(world, client_for, monkeypatch):
    """The list as it opens is counted and paged by statements kept per reader's scope (core.statements): each
    persona, one after another in one process, pages through exactly its own directives in the list's order,
    and a reader of none gets the empty list."""
    from ngoaivu.coordination import views_directives
    from ngoaivu.coordination.models import Directive
    monkeypatch.setattr(views_directives, "PER_PAGE", 2)
    for i in range(3):
        directives.send_directive(world.users["central"], number=f"{i}/BNG-NV", issued_on=TODAY,
                                  subject=f"Hướng dẫn số {i:03d}", signer="Cục trưởng",
                                  localities=[world.a] if i else [world.a, world.b])
    checked = set()
    for name, user in world.users.items():
        if user is None:
            continue
        expected = list(Directive.objects.visible_to(user).order_by("-issued_on", "-pk").values_list("pk", flat=True))
        client, seen = client_for(user), []
        for number in range(1, max(1, -(-len(expected) // 2)) + 1):
            response = client.get(reverse("coordination:directive_list") + f"?page={number}")
            assert response.status_code == 200, name
            seen += [row["directive"].pk for row in response.context["rows"]]
            assert response.context["page_obj"].paginator.count == len(expected), name
        assert seen == expected, name
        checked.add(len(expected))
        if name == "officer_a":  # a directive sent between two visits is first on the next one, counted
            sent = directives.send_directive(world.users["central"], number="9/BNG-NV", issued_on=TODAY,
                                             subject="Hướng dẫn mới", signer="Cục trưởng", localities=[world.a])
            again = client.get(reverse("coordination:directive_list"))
            assert again.context["rows"][0]["directive"].pk == sent.pk, name
            assert again.context["page_obj"].paginator.count == len(expected) + 1, name
            sent.delete()
    assert 0 in checked and max(checked) >= 4  # a reader of none; one of several pages
