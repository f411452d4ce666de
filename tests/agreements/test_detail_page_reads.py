"""The agreement page after its reads were folded (issue 9): co-signatories and follow-up agreements are
asked inside the agreement's own statement, the partners read once, the thread link trusts the page's
scope check. What the page shows must not change: these tests read the page after each kind of change."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db
D = datetime.date


def _page(client, a):
    response = client.get(reverse("agreements:agreement_detail", args=[a.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_co_signatories_show_when_there_are_some_and_follow_changes(world, client_for):
    officer = world.users["officer_a"]
    joint = agreement(officer, world.a, title="Biên bản hợp tác ba bên với Quảng Tây",
                      partners=[partner("Guangxi", "CN", "Khu tự trị Quảng Tây")])
    html = _page(client_for(officer), joint)
    assert "Cùng ký" not in html
    joint.co_signatories.add(world.b)
    html = _page(client_for(officer), joint)
    assert "Cùng ký" in html and str(world.b) in html
    # the co-signing province reads it too, with the same row
    assert str(world.b) in _page(client_for(world.users["officer_b"]), joint)
    joint.co_signatories.clear()
    assert "Cùng ký" not in _page(client_for(officer), joint)


def test_follow_up_agreements_are_listed_only_as_far_as_the_reader_sees_them(world, client_for):
    officer_a, officer_b = world.users["officer_a"], world.users["officer_b"]
    base = agreement(officer_a, world.a, title="Bản ghi nhớ gốc với Gyeonggi")
    heading = "Văn bản sửa đổi, gia hạn, thay thế"
    assert heading not in _page(client_for(officer_a), base)
    own = agreement(officer_a, world.a, title="Văn bản sửa đổi của tỉnh A")
    other = agreement(officer_b, world.b, title="Văn bản gia hạn của tỉnh B")
    Agreement.objects.filter(pk__in=[own.pk, other.pk]).update(parent=base, parent_relation="amendment")
    html = _page(client_for(officer_a), base)
    assert heading in html and own.title in html and other.title not in html
    html = _page(client_for(world.users["central"]), base)
    assert heading in html and own.title in html and other.title in html
    Agreement.objects.filter(pk=own.pk).update(parent=None)
    html = _page(client_for(officer_a), base)
    assert heading not in html and own.title not in html


def test_each_partner_is_listed_once_with_its_country_and_its_warning_shows(world, client_for):
    from ngoaivu.partners.models import PartnerWarning
    officer = world.users["officer_a"]
    p = partner("Busan Metropolitan City", "KR", "Thành phố Busan")
    a = agreement(officer, world.a, partners=[p])
    html = _page(client_for(officer), a)
    assert html.count(f'href="{p.get_absolute_url()}"') == 1 and "Hàn Quốc" in html
    assert "partner-warning" not in html
    PartnerWarning.objects.create(partner=p, category="dispute", severity="high", summary="Cảnh báo thử nghiệm",
                                  source_date=D(2026, 1, 5), issued_by=world.users["central"])
    html = _page(client_for(officer), a)
    assert "partner-warning" in html and "Cảnh báo thử nghiệm" in html


def test_the_thread_link_counts_comments_on_the_page(world, client_for):
    officer = world.users["officer_a"]
    a = agreement(officer, world.a)
    client = client_for(officer)
    thread = reverse("coordination:thread", args=["agreement", a.pk])
    assert f'href="{thread}"' in _page(client, a) and "Trao đổi về hồ sơ này" in _page(client, a)
    assert client.post(thread, {"text": "Đề nghị cho ý kiến."}).status_code == 302
    assert "Trao đổi (1 ý kiến)" in _page(client, a)


def test_two_agreements_read_in_turn_show_their_own_steps_and_status_changes(world, client_for):
    """The events and status changes are read by statements built once and run with each agreement's key: read
    in turn, each page shows its own, and a step recorded after the first visit shows on the next."""
    from ngoaivu.agreements.models import Event, StatusChange
    officer = world.users["officer_a"]
    client = client_for(officer)
    first = agreement(officer, world.a, title="Thỏa thuận với Gyeonggi")
    second = agreement(officer, world.a, title="Thỏa thuận với Osaka")
    Event.objects.create(agreement=first, kind="opinion_requested", date=D(2026, 1, 5),
                         note="Hỏi ý kiến Bộ Ngoại giao")
    StatusChange.objects.create(agreement=second, old_status="draft", new_status="in_force",
                                reason="Lý do của thỏa thuận hai")
    for _round in range(2):
        one, two = _page(client, first), _page(client, second)
        assert "Hỏi ý kiến Bộ Ngoại giao" in one and "Hỏi ý kiến Bộ Ngoại giao" not in two
        assert "Lý do của thỏa thuận hai" in two and "Lý do của thỏa thuận hai" not in one
    # Recorded out of step with its day (an earlier day, a later key): the page lists by day, then entry.
    Event.objects.create(agreement=second, kind="opinion_requested", date=D(2026, 2, 7), note="Ghi chú bước mới")
    Event.objects.create(agreement=second, kind="opinion_requested", date=D(2026, 1, 2), note="Ghi chú ngày trước")
    two = _page(client, second)
    assert "Ghi chú bước mới" in two and "Ghi chú bước mới" not in _page(client, first)
    assert two.index("Ghi chú ngày trước") < two.index("Ghi chú bước mới")


def test_the_sectors_show_in_their_order_and_follow_every_edit(world, client_for):
    """Read by a statement kept per process (core.generic.kept_related): none ("—"), several in the sectors'
    order (position, then name), one taken away, then none again, each after an edit through the action."""
    import re

    from ngoaivu.agreements import actions
    from ngoaivu.core.models import Sector
    officer = world.users["officer_a"]
    a = agreement(officer, world.a, title="Bản ghi nhớ về lĩnh vực")
    row = re.compile(r'Lĩnh vực</dt><dd class="summary-list__value">([^<]*)</dd>')
    assert row.search(_page(client_for(officer), a)).group(1) == "—"
    first, second = Sector.objects.order_by("position", "name")[:2]
    actions.update_agreement(officer, Agreement.objects.get(pk=a.pk), sectors=[second, first])
    assert row.search(_page(client_for(officer), a)).group(1) == f"{first}, {second}"
    actions.update_agreement(officer, Agreement.objects.get(pk=a.pk), sectors=[second])
    assert row.search(_page(client_for(world.users["central"]), a)).group(1) == str(second)
    actions.update_agreement(officer, Agreement.objects.get(pk=a.pk), sectors=[])
    assert row.search(_page(client_for(officer), a)).group(1) == "—"
