"""Every deadline reaches whoever must act (issue 14, item 8): expiry notices (90/60/30), the register's
legal deadlines, delegation result reports, conference dossiers and reports reach the one attention list
— the to-do page and the digest — overdue first and labelled overdue, then what is due soon."""
import datetime

import pytest
from django.core import mail
from django.urls import reverse

from ngoaivu.agreements import actions as register
from ngoaivu.core.attention import attention
from ngoaivu.implementation.queries import by_urgency
from tests.agreements.factories import agreement
from tests.exchanges import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadlines(world):
    officer = world.users["officer_a"]
    trip = factories.approved_delegation(officer, world.a, title="Đoàn thăm tỉnh Gyeonggi")
    day = trip.report_due + datetime.timedelta(days=5)          # the trip's report is 5 days late
    meeting = factories.conference(officer, world.a, title="Hội thảo thương mại biên giới",
                                   start_date=day + datetime.timedelta(days=40),
                                   end_date=day + datetime.timedelta(days=41))
    expiring = agreement(officer, world.a, title="Bản ghi nhớ với thành phố Suwon sắp hết hạn",
                         signed_on=day - datetime.timedelta(days=700), reported_on=day - datetime.timedelta(days=690),
                         expires_on=day + datetime.timedelta(days=55), today=day)
    draft = agreement(officer, world.a, title="Thỏa thuận với tỉnh Sê Kông chờ ý kiến",
                      today=day - datetime.timedelta(days=20))
    register.record_event(officer, draft, "opinion_requested", day - datetime.timedelta(days=20),
                          consultee="Bộ Ngoại giao", is_mofa=True, today=day - datetime.timedelta(days=20))
    register.refresh(draft, today=day)
    return {"day": day, "trip": trip, "meeting": meeting, "expiring": expiring, "draft": draft}


def test_every_deadline_type_reaches_the_list_overdue_first_and_labelled_overdue(world, deadlines):
    day = deadlines["day"]
    assert deadlines["meeting"].dossier_deadline == day + datetime.timedelta(days=10)
    grouped = by_urgency(attention(world.users["officer_a"], day))
    overdue = [item["title"] for item in grouped["overdue"]]
    due = [item["title"] for item in grouped["due"]]
    assert any("Hạn báo cáo kết quả đoàn: Đoàn thăm tỉnh Gyeonggi" in t for t in overdue)
    assert any("Ý kiến của Bộ Ngoại giao — Thỏa thuận với tỉnh Sê Kông" in t for t in overdue)
    assert any("Hạn nộp hồ sơ hội nghị" in t and "Hội thảo thương mại biên giới" in t for t in due)
    assert any("Bản ghi nhớ với thành phố Suwon sắp hết hạn (mốc báo trước 60 ngày)" in t for t in due)
    # Nothing overdue is listed as coming, and each list runs by date.
    assert all(item["overdue"] for item in grouped["overdue"])
    assert not any(item["overdue"] or item["date"] < day for item in grouped["due"])
    assert [i["date"] for i in grouped["overdue"]] == sorted(i["date"] for i in grouped["overdue"])
    assert [i["date"] for i in grouped["due"]] == sorted(i["date"] for i in grouped["due"])
    # Another province's officer is not told about them.
    other = by_urgency(attention(world.users["officer_b"], day))
    titles = [i["title"] for i in other["overdue"] + other["due"]]
    assert not any("Gyeonggi" in t or "Suwon" in t or "Sê Kông" in t for t in titles)


def test_the_digest_and_the_todo_page_show_overdue_before_due_soon(world, deadlines, client_for, monkeypatch):
    from ngoaivu.implementation import actions as implementation
    from ngoaivu.implementation.digest import send_digests
    day = deadlines["day"]
    send_digests(day, users=[world.users["officer_a"]])
    body = mail.outbox[0].body
    overdue_at, due_at = body.index("QUÁ HẠN"), body.index("SẮP ĐẾN HẠN")
    assert overdue_at < due_at
    assert overdue_at < body.index("[Quá hạn] Hạn báo cáo kết quả đoàn: Đoàn thăm tỉnh Gyeonggi") < due_at
    assert body.index("[Sắp đến hạn] Hết hạn — Bản ghi nhớ với thành phố Suwon") > due_at
    assert "Hạn nộp hồ sơ hội nghị" in body[due_at:]
    monkeypatch.setattr(implementation, "today", lambda: day)
    page = client_for(world.users["officer_a"]).get(reverse("implementation:notifications")).content.decode()
    overdue_at, due_at = page.index('id="attention-overdue"'), page.index('id="attention-due"')
    assert overdue_at < page.index("Đoàn thăm tỉnh Gyeonggi") < due_at
    assert page.index("Hết hạn — Bản ghi nhớ với thành phố Suwon") > due_at


def test_a_delegation_report_filed_leaves_the_list(world, deadlines):
    from ngoaivu.exchanges import actions as exchanges
    day = deadlines["day"]
    trip = deadlines["trip"]
    exchanges.submit_report(world.users["officer_a"], trip, submitted_on=day, summary="Ký kết hai biên bản")
    titles = [i["title"] for i in by_urgency(attention(world.users["officer_a"], day))["overdue"]]
    assert not any("Đoàn thăm tỉnh Gyeonggi" in t for t in titles)


def test_overdue_plans_leave_room_for_the_coming_deadlines(world, deadlines):
    """Overdue plans (not made for years) and the coming expiry notices are listed apart: a province with
    many of the first must still be told of the second, which a cut shared by both once left out."""
    from ngoaivu.agreements.models import Agreement
    day = deadlines["day"]
    for n in range(4):  # old agreements in force without plans: their plans of this year and the next are overdue
        Agreement.objects.create(locality=world.a, title=f"Thỏa thuận cũ số {n}", form="ban_ghi_nho",
                                 status="in_force", signed_on=datetime.date(2015, 3, 1 + n))
    sections = {s.key: s for s in attention(world.users["officer_a"], day)}
    overdue, coming = sections["deadlines_overdue"], sections["deadlines_due"]
    assert overdue.total >= 4 and any("Thỏa thuận cũ số" in i["title"] for i in overdue.items)
    assert any("Bản ghi nhớ với thành phố Suwon sắp hết hạn" in i["title"] for i in coming.items)


def test_the_overdue_commitments_are_the_first_of_those_each_reader_answers_for(world):
    """The attention list's overdue commitments are read as the home panel reads them (walked in due order),
    and are the earliest-due of the open, past-due commitments the reader answers for — their unit's, their
    province's, the country's — whoever reads."""
    from ngoaivu.implementation.choices import OPEN_STATUSES
    from ngoaivu.implementation.models import Commitment
    from ngoaivu.implementation.queries import commitments_in_scope
    day = datetime.date(2026, 11, 30)
    for n in range(14):  # the same due date thrice (ties go by key), A's unit's and B's among them
        record = world.impl_agreement_a if n % 3 else world.impl_agreement_b
        Commitment.objects.create(agreement=record, description=f"Cam kết trễ số {n:02d}",
                                  due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=7 * (n // 3)),
                                  responsible_unit=world.unit_a if n % 2 and record == world.impl_agreement_a else None)
    seen = 0
    for name in ("officer_a", "manager_a", "unit_officer", "central", "officer_b", "viewer"):
        user = world.users[name]
        expected = (commitments_in_scope(user).filter(status__in=OPEN_STATUSES, due_on__lt=day)
                    .order_by("due_on", "pk"))
        section = next((s for s in attention(user, day) if s.key == "overdue"), None)
        items = [i["url"] for i in section.items] if section else []
        assert items == [c.get_absolute_url() for c in expected[:10]], name
        assert (section.total if section else 0) == expected.count(), name
        seen += len(items)
    assert seen > 20


def test_register_deadlines_past_due_leave_room_for_the_coming_ones(world, deadlines, monkeypatch):
    """The register's agreements past due are read up to a bound (DEADLINE_READ), the first by their stored
    deadline; its coming deadlines are read apart, so a province with more agreements past due than that
    (copies to the Ministry never sent, for years) is still told of the expiries that come — also of one
    whose own agreement is past due and lies beyond the bound."""
    from ngoaivu.implementation import queries
    day, officer = deadlines["day"], world.users["officer_a"]
    for n in range(4):  # signed, the copy to the Ministry never sent: overdue from the first day past the report's
        agreement(officer, world.a, title=f"Thỏa thuận chưa gửi bản sao số {n}",
                  signed_on=day - datetime.timedelta(days=300 - n), today=day)
    both = agreement(officer, world.a, title="Thỏa thuận chưa gửi bản sao, sắp hết hạn",
                     signed_on=day - datetime.timedelta(days=150), expires_on=day + datetime.timedelta(days=20),
                     today=day)
    assert both.next_due_on < day  # its copy is past due: it sorts after the four, beyond a read of three
    monkeypatch.setattr(queries, "DEADLINE_READ", 3)
    sections = {s.key: s for s in attention(officer, day)}
    overdue, coming = sections["deadlines_overdue"], sections["deadlines_due"]
    assert [i["title"] for i in overdue.items if i["title"].startswith("Báo cáo Thủ tướng")] == [
        f"Báo cáo Thủ tướng và gửi bản sao cho Bộ Ngoại giao — Thỏa thuận chưa gửi bản sao số {n}" for n in range(3)]
    titles = [i["title"] for i in coming.items]
    assert "Hết hạn — Thỏa thuận chưa gửi bản sao, sắp hết hạn (mốc báo trước 30 ngày)" in titles
    assert "Hết hạn — Bản ghi nhớ với thành phố Suwon sắp hết hạn (mốc báo trước 60 ngày)" in titles
    assert not any(i["overdue"] or i["date"] < day for i in coming.items)
    # Another province's officer reads its own register only, past due or coming.
    other = [i["title"] for s in attention(world.users["officer_b"], day) for i in s.items]
    assert other and not any("chưa gửi bản sao" in t or "Suwon" in t for t in other)


def test_the_split_read_lists_what_one_read_of_every_agreement_listed_for_every_persona(world):
    """overdue_and_coming (the stored next deadline for the overdue ones, the window's candidates for the
    coming ones) against register_deadlines unbounded (every agreement with a stored deadline, then split),
    on the shapes that make each deadline: renewals rolled forward by the term and ahead, a term without an
    expiry, a historical record, the copy to the Ministry due soon, today and a day late, an unsigned draft
    with an expiry, an opinion awaited, another province's national agreement."""
    from ngoaivu.agreements.choices import EventKind as E
    from ngoaivu.implementation.queries import is_unit_user, overdue_and_coming, register_deadlines
    a, b = world.a, world.b
    officer, officer_b = world.users["officer_a"], world.users["officer_b"]
    day = datetime.date(2026, 2, 20)
    D, days = datetime.date, lambda n: day + datetime.timedelta(days=n)  # noqa: E731
    agreement(officer, a, title="Tự gia hạn theo thời hạn", signed_on=D(2023, 3, 10), in_force_on=D(2023, 3, 10),
              expires_on=D(2024, 3, 10), term_months=12, auto_renew=True, notice_days=10, reported_on=D(2023, 3, 12),
              today=day)
    agreement(officer, a, title="Tự gia hạn sắp tới", signed_on=D(2023, 5, 1), in_force_on=D(2023, 5, 1),
              expires_on=D(2026, 5, 1), auto_renew=True, notice_days=60, reported_on=D(2023, 5, 3), today=day)
    agreement(officer, a, title="Chỉ có thời hạn", signed_on=D(2024, 1, 5), in_force_on=D(2024, 1, 5), term_months=36,
              reported_on=D(2024, 1, 8), today=day)
    agreement(officer, a, historical=True, title="Hồ sơ cũ sắp hết hạn", signed_on=D(2022, 3, 1),
              expires_on=days(55), today=day)
    for title, signed in (("Bản sao sắp đến hạn", days(-10)), ("Bản sao đến hạn hôm nay", days(-15)),
                          ("Bản sao trễ một ngày", days(-16))):
        agreement(officer, a, title=title, signed_on=signed, today=day)
    agreement(officer, a, title="Dự thảo có ngày hết hạn", expires_on=days(20), today=day)
    asked = agreement(officer, a, title="Dự thảo chờ ý kiến", today=days(-3))
    register.record_event(officer, asked, E.OPINION_REQUESTED, days(-3), consultee="Bộ Tư pháp", today=days(-3))
    national = agreement(officer_b, b, title="Thỏa thuận toàn quốc của tỉnh B", signed_on=D(2023, 6, 1),
                         in_force_on=D(2023, 6, 1), expires_on=days(40), reported_on=D(2023, 6, 3), today=day)
    register.update_agreement(officer_b, national, visibility="national", today=day)
    shown = set()
    for name in ("officer_a", "manager_a", "viewer", "unit_officer", "central", "central_viewer", "officer_b",
                 "mission_officer"):
        user = world.users[name]
        late, coming = overdue_and_coming(user, day, days=30, limit=10**6)
        # A unit's people answer for their commitments, not for the register's deadlines (next_deadlines).
        rows = [] if is_unit_user(user) else register_deadlines(user, day, 30, 10**6)[0]
        key = lambda r: (r["date"], r["title"], r["url"], r["kind"])  # noqa: E731
        assert sorted(map(key, (r for r in late if r.get("kind") != "plan"))) == \
            sorted(key(r) for r in rows if r["overdue"]), name
        assert sorted(map(key, (r for r in coming if r.get("kind") != "plan"))) == \
            sorted(key(r) for r in rows if not r["overdue"]), name
        shown |= {r["title"].split(" — ", 1)[-1] for r in late + coming if "title" in r}
    # Each shape gave the deadline it makes to someone (or none, as it should).
    for title in ("Tự gia hạn theo thời hạn", "Tự gia hạn sắp tới", "Hồ sơ cũ sắp hết hạn (mốc báo trước 60 ngày)",
                  "Bản sao sắp đến hạn", "Bản sao đến hạn hôm nay", "Bản sao trễ một ngày", "Dự thảo chờ ý kiến",
                  "Thỏa thuận toàn quốc của tỉnh B (mốc báo trước 60 ngày)"):
        assert any(t.startswith(title) for t in shown), title
    assert not any(t.startswith(("Chỉ có thời hạn", "Dự thảo có ngày hết hạn")) for t in shown)


def test_a_date_that_is_not_a_due_date_is_never_listed_as_coming(world, deadlines, client_for, monkeypatch):
    """A directive issued in 2023 and not yet acknowledged is a task without a due date: the to-do page and
    the digest list it under its own title with its issue date, not among the coming deadlines as "due
    19/04/2023", where it came first, before the real ones."""
    from ngoaivu.coordination import directives
    from ngoaivu.implementation import actions as implementation
    from ngoaivu.implementation.digest import send_digests
    day = deadlines["day"]
    directive = directives.send_directive(world.users["central"], number="7408/BNG-NV", issued_on=datetime.date(2023, 4, 19),
                                          subject="Về việc ngoại giao văn hóa", signer="Cục trưởng",
                                          localities=[world.a], body="Nội dung hướng dẫn.")
    grouped = by_urgency(attention(world.users["officer_a"], day))
    assert not any(item["url"] == directive.get_absolute_url() for item in grouped["overdue"] + grouped["due"])
    other = {s.key: s for s in grouped["other"]}
    assert [i["detail"] for i in other["directives"].items if i["url"] == directive.get_absolute_url()] == ["19/04/2023"]
    # The coming deadlines are still there, and only deadlines are.
    assert any("Hạn nộp hồ sơ hội nghị" in i["title"] for i in grouped["due"])
    monkeypatch.setattr(implementation, "today", lambda: day)
    page = client_for(world.users["officer_a"]).get(reverse("implementation:notifications")).content.decode()
    due_at, other_at = page.index('id="attention-due"'), page.index('id="s-directives"')
    assert page.index(str(directive)) > other_at > due_at
    assert "hạn 19/04/2023" not in page and "7408/BNG-NV" in page[other_at:]
    send_digests(day, users=[world.users["officer_a"]])
    body = mail.outbox[-1].body
    assert body.index("7408/BNG-NV") > body.index("Văn bản chỉ đạo chưa xác nhận") > body.index("SẮP ĐẾN HẠN")
    assert "hạn 19/04/2023" not in body


# The sections whose items are deadlines (each with its due date and whether it is overdue); every other
# section is news or a task without a due date.
DEADLINE_SECTIONS = {"overdue", "due_soon", "deadlines_overdue", "deadlines_due", "exchanges_overdue", "exchanges_due",
                     "report_returned_overdue", "report_returned", "report_overdue", "report_due",
                     "ministry_opinions_overdue", "ministry_opinions"}


@pytest.mark.parametrize("persona", ["officer_a", "manager_a", "unit_officer", "central", "central_manager", "viewer",
                                     "mission_officer", "officer_b"])
def test_every_section_says_whether_it_holds_deadlines_and_holds_one_kind(world, deadlines, persona):
    """What each app gives the list, whoever reads: a section of deadlines has a due date and an overdue flag on
    every item, all overdue or none; no other section is taken for one (its dates are not due dates)."""
    from ngoaivu.implementation.models import Commitment
    day = deadlines["day"]
    for description, due in (("Cam kết đã trễ", day - datetime.timedelta(days=3)),
                             ("Cam kết sắp đến hạn", day + datetime.timedelta(days=3))):
        Commitment.objects.create(agreement=world.impl_agreement_a, description=description, due_on=due)
    seen = set()
    for s in attention(world.users[persona], deadlines["day"]):
        assert s.deadlines == (s.key in DEADLINE_SECTIONS), s.key
        if s.deadlines:
            assert all(isinstance(i["date"], datetime.date) for i in s.items), s.key
            assert len({bool(i["overdue"]) for i in s.items}) == 1, s.key
        seen.add(s.key)
    if persona == "officer_a":
        assert {"overdue", "due_soon", "exchanges_overdue", "exchanges_due", "deadlines_overdue", "deadlines_due",
                "directives"} <= seen, seen
