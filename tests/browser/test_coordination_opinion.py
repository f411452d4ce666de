"""Đà Nẵng asks the Foreign Ministry's opinion on a draft agreement; a central officer drafts the opinion in
the Ministry's queue, a central manager approves and issues it with the signed copy; Đà Nẵng's agreement
shows the "opinion received" event on its timeline at once."""
import datetime

import pytest
from playwright.sync_api import expect

from ngoaivu.agreements import actions as register
from ngoaivu.agreements.models import Event
from ngoaivu.coordination.models import MinistryOpinion
from ngoaivu.partners.models import Partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Bản ghi nhớ hợp tác Đà Nẵng – Busan về du lịch"


def _as(page, login, user):
    page.context.clear_cookies()
    login(user)


def test_the_ministry_opinion_is_drafted_approved_issued_and_shown_on_the_provinces_timeline(
        world, page, live_server, login, shoot, tmp_path):
    today = datetime.date.today()
    officer_b = world.users["officer_b"]
    partner = Partner.objects.create(name="Busan", country="KR")
    agreement = register.create_agreement(officer_b, locality=world.b, partners=[partner], form="ban_ghi_nho",
                                          title=TITLE)
    event = register.record_event(officer_b, agreement, "opinion_requested", today, consultee="Bộ Ngoại giao",
                                  is_mofa=True)

    login(world.users["central"])
    page.goto(live_server.url + "/coordination/opinions/")
    expect(page.get_by_text(TITLE)).to_be_visible()
    shoot("coordination-opinion-01-queue")
    page.goto(live_server.url + f"/coordination/opinions/{event.pk}/")
    page.locator("select[name=verdict]").select_option("agree_comments")
    page.locator("textarea[name=text]").fill("Đề nghị bổ sung điều khoản chấm dứt thỏa thuận.")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo ý kiến, chờ lãnh đạo phê duyệt.")).to_be_visible()
    shoot("coordination-opinion-02-draft-saved")
    opinion = MinistryOpinion.objects.get(request_event=event)
    assert (opinion.status, opinion.verdict, opinion.drafted_by) == ("draft", "agree_comments", world.users["central"])

    _as(page, login, world.users["central_manager"])
    page.goto(live_server.url + f"/coordination/opinions/{event.pk}/")
    page.locator("input[name=issued_on]").fill(today.strftime("%d/%m/%Y"))
    signed = tmp_path / "y-kien-bng.pdf"
    signed.write_bytes(b"%PDF-1.4 signed opinion\n%%EOF\n")
    page.locator("input[name=signed_file]").set_input_files(str(signed))
    page.get_by_role("button", name="Phê duyệt và ban hành").click()
    expect(page.get_by_text("Đã ban hành ý kiến; tỉnh nhận được ngay trên hồ sơ thỏa thuận.")).to_be_visible()
    shoot("coordination-opinion-03-issued")
    opinion.refresh_from_db()
    answer = Event.objects.get(request=event)
    assert (opinion.status, opinion.deadline_met, opinion.approved_by, opinion.answer) == (
        "issued", True, world.users["central_manager"], answer)
    assert (answer.kind, answer.opinion, answer.date) == ("opinion_received", "commented", today)

    _as(page, login, officer_b)
    page.goto(live_server.url + f"/agreements/{agreement.pk}/")
    expect(page.locator("body")).to_contain_text("Ý kiến của Bộ Ngoại giao ban hành trên hệ thống")
    expect(page.locator("body")).to_contain_text("Đề nghị bổ sung điều khoản chấm dứt thỏa thuận.")
    expect(page.locator("body")).to_contain_text("Đồng ý, có ý kiến")
    shoot("coordination-opinion-04-province-timeline")
