"""The coordination records keep history rows (django-simple-history), and their pages show them: who changed a
return's figures, a directive's text, the Ministry's draft opinion, and when, newest first, each field old → new,
in Vietnamese and in English. Only that record's history, on a page another province cannot open."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.coordination import directives, opinions
from ngoaivu.coordination.models import Directive
from tests.coordination.test_opinions import _request as _opinion_request
from tests.coordination.test_reports import _request

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _history(page) -> str:
    """The page's history section (its text between the heading and the section's end)."""
    html = page.content.decode()
    assert 'id="history-title"' in html, "no history section on the page"
    return html.split('id="history-title"')[1].split("</section>")[0]


def _items(section) -> list[str]:
    return section.split('<li class="timeline__item">')[1:]


def test_a_returns_figures_changed_on_its_page_are_in_its_history_with_who_and_old_and_new(world, client_for):
    report = _request(world, [world.a, world.b])
    ret, other = report.returns.get(locality=world.a), report.returns.get(locality=world.b)
    province = client_for(world.users["officer_a"])
    url = reverse("coordination:return_detail", args=[ret.pk])
    save = reverse("coordination:return_save", args=[ret.pk])
    assert province.post(save, {"trips": "3", "guests": "1.200"}).status_code == 302
    assert province.post(save, {"trips": "5", "guests": "1.200", "by_country__0__label": "Nhật Bản",
                                "by_country__0__value": "2"}).status_code == 302
    for persona in ("officer_a", "central"):
        items = _items(_history(client_for(world.users[persona]).get(url)))
        # Newest first: the second save, the first one (a draft begun), then the return as it was sent.
        assert len(items) == 3, items
        newest, first, created = items
        assert "Officer A" in newest and "<strong>Số đoàn (đoàn)</strong>: 3 → 5" in newest, newest
        assert "<strong>Theo quốc gia</strong>: — → Nhật Bản: 2" in newest, newest
        assert "Số khách" not in newest, "an unchanged figure is not listed"
        assert "<strong>Số đoàn (đoàn)</strong>: — → 3" in first and "<strong>Số khách (người)</strong>: — → 1.200" in first
        assert "<strong>Tình trạng</strong>: Chưa thực hiện → Đang soạn" in first, first
        assert "Theo quốc gia" not in first, "a table left empty did not change"
        assert "Tạo mới" in created and "Central" in created
        # Only the record's own columns: not the time of each save, not the other province's return.
        assert "cập nhật lúc" not in newest.lower() and "Đà Nẵng" not in "".join(items)
    assert client_for(world.users["officer_b"]).get(url).status_code == 404
    assert not _items(_history(client_for(world.users["officer_b"]).get(
        reverse("coordination:return_detail", args=[other.pk]))))[0].count("Số đoàn")


def test_a_returns_history_reads_in_english(world, client_for):
    ret = _request(world, [world.a]).returns.get()
    province = client_for(world.users["officer_a"])
    province.post(reverse("coordination:return_save", args=[ret.pk]), {"trips": "4"})
    page = province.get(reverse("coordination:return_detail", args=[ret.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Change history" in page.content.decode()
    newest = _items(_history(page))[0]
    assert '<p class="timeline__title">Changed</p>' in newest, newest
    assert "— → 4" in newest and "Tạo mới" not in newest


def test_a_directives_change_is_on_its_page_for_its_recipient_and_no_other_province_opens_it(world, client_for):
    directive = directives.send_directive(world.users["central"], number="15/BNG-NV", issued_on=TODAY,
                                          subject="Hướng dẫn triển khai Nghị quyết 59", signer="Nguyễn Văn A",
                                          localities=[world.a])
    # No page edits a directive once sent; a correction made otherwise (its action's save, the shell) has its
    # history row, and the page shows it.
    directive = Directive.objects.get(pk=directive.pk)
    directive.subject = "Hướng dẫn triển khai Nghị quyết 59-NQ/TW"
    directive._history_user = world.users["central_manager"]
    directive.save()
    url = reverse("coordination:directive_detail", args=[directive.pk])
    for persona in ("officer_a", "central"):
        items = _items(_history(client_for(world.users[persona]).get(url)))
        assert len(items) == 2, items
        assert "Central Manager" in items[0]
        assert ("<strong>Trích yếu</strong>: Hướng dẫn triển khai Nghị quyết 59 → Hướng dẫn triển khai Nghị quyết "
                "59-NQ/TW") in items[0], items[0]
        assert "search" not in items[0], "the folded search text is not the directive's fact"
        assert "Tạo mới" in items[1]
    assert client_for(world.users["officer_b"]).get(url).status_code == 404


def test_the_ministrys_draft_opinion_rewritten_shows_the_verdict_old_and_new(world, client_for):
    event = _opinion_request(world)
    central = world.users["central"]
    opinions.save_draft(central, event, verdict="agree", text="")
    opinions.save_draft(central, event, verdict="disagree", text="Trái với điều ước quốc tế.")
    items = _items(_history(client_for(central).get(reverse("coordination:opinion_detail", args=[event.pk]))))
    assert len(items) == 3, items  # drafted (made, then saved), drafted again
    assert "<strong>Ý kiến</strong>: Đồng ý → Không đồng ý" in items[0], items[0]
    assert "Trái với điều ước quốc tế." in items[0] and "cập nhật lúc" not in items[0].lower()


def test_the_request_page_shows_the_requests_own_history(world, client_for):
    report = _request(world, [world.a])
    items = _items(_history(client_for(world.users["central"]).get(
        reverse("coordination:request_detail", args=[report.pk]))))
    assert len(items) == 1 and "Tạo mới" in items[0]
