"""The to-do page as an officer reads it: the overdue deadlines first, then the coming ones (an expiry
notice), and a directive to acknowledge under its own title with its issue date, never among the coming
deadlines as "due" on the day it was issued."""
import datetime

import pytest
from playwright.sync_api import expect

from ngoaivu.coordination import directives
from ngoaivu.implementation import actions as implementation
from tests.agreements.factories import agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_to_do_page_lists_deadlines_by_urgency_and_a_directive_apart(world, page, live_server, login, shoot):
    officer = world.users["officer_a"]
    today = implementation.today()
    days = lambda n: today + datetime.timedelta(days=n)  # noqa: E731
    agreement(officer, world.a, title="Bản ghi nhớ với thành phố Suwon sắp hết hạn", signed_on=days(-700),
              reported_on=days(-690), expires_on=days(55), today=today)
    agreement(officer, world.a, title="Thỏa thuận với tỉnh Khammouane chưa gửi bản sao", signed_on=days(-40),
              today=today)
    directives.send_directive(world.users["central"], number="7408/BNG-NV", issued_on=datetime.date(2023, 4, 19),
                              subject="Về việc ngoại giao văn hóa", signer="Cục trưởng", localities=[world.a],
                              body="Nội dung hướng dẫn.")
    login(officer)
    page.goto(live_server.url + "/implementation/notifications/")
    expect(page.locator("h1")).to_have_text("Việc cần làm")
    overdue, coming = page.locator("#attention-overdue"), page.locator("#attention-due")
    expect(overdue).to_contain_text("Báo cáo Thủ tướng và gửi bản sao cho Bộ Ngoại giao — Thỏa thuận với tỉnh "
                                    "Khammouane chưa gửi bản sao")
    expect(coming).to_contain_text("Hết hạn — Bản ghi nhớ với thành phố Suwon sắp hết hạn (mốc báo trước 60 ngày)")
    expect(coming).to_contain_text(f"hạn {days(55):%d/%m/%Y}")
    expect(coming).not_to_contain_text("7408/BNG-NV")
    directive = page.locator('section[aria-labelledby="s-directives"]')
    expect(directive.locator("h2")).to_contain_text("Văn bản chỉ đạo chưa xác nhận")
    expect(directive).to_contain_text("7408/BNG-NV")
    expect(directive).to_contain_text("19/04/2023")
    expect(page.locator("main")).not_to_contain_text("hạn 19/04/2023")
    shoot("todo-01-deadlines-and-a-directive")
