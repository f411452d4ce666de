"""Journey of an opportunity: Lạng Sơn posts "seeking a partner" (choosing the partner with the htmx
picker), Đà Nẵng registers interest, the centre connects them, Đà Nẵng links the agreement it led to; the
centre counts "1 cơ hội → 1 thỏa thuận". Each step is asserted in the page after a reload and in the
database."""
import datetime

import pytest
from playwright.sync_api import expect

from ngoaivu.core.models import Sector
from ngoaivu.partners.models_opportunities import Interest, Opportunity
from tests.agreements.factories import agreement, partner

NEXT_YEAR_END = f"31/12/{datetime.date.today().year + 1}"  # a deadline still ahead
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Lạng Sơn tìm đối tác logistics cửa khẩu"


def test_post_interest_connect_and_outcome(world, page, live_server, login, shoot):
    busan = partner("Busan Metropolitan City", "KR", name_vi="Thành phố Busan", kind="local_gov")
    mou = agreement(world.users["officer_b"], world.b, partners=[busan],
                    title="Bản ghi nhớ hợp tác logistics Đà Nẵng – Busan")
    logistics = Sector.objects.filter(is_active=True).order_by("pk").first()

    # 1. Lạng Sơn posts a "seeking a partner" listing, picking Busan by a few letters.
    login(world.users["officer_a"])
    page.goto(f"{live_server.url}/partners/opportunities/new/")
    page.get_by_label("Tỉnh tìm đối tác").check()
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label(logistics.name, exact=True).check()
    page.get_by_label("Nội dung cần tìm").fill("Đối tác vận hành kho ngoại quan")
    page.get_by_label("Hạn bày tỏ quan tâm").fill(NEXT_YEAR_END)
    page.get_by_label("Tìm đối tác trong danh mục").press_sequentially("busan")
    suggestion = page.locator(".partner-suggestions").get_by_label("Busan Metropolitan City")
    expect(suggestion).to_be_visible()
    suggestion.check()
    shoot("partners-opp-01-province-posts")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".banner--success")).to_contain_text("Đã đăng cơ hội hợp tác")
    opp = Opportunity.objects.get(title=TITLE)
    assert (opp.kind, opp.locality, opp.mission, opp.partner, opp.status) == (
        "province_seeks", world.a, None, busan, "open")
    assert [s.pk for s in opp.sectors.all()] == [logistics.pk]
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".summary-list")).to_contain_text("Busan Metropolitan City")
    expect(page.locator(".summary-list")).to_contain_text(NEXT_YEAR_END)
    expect(page.locator(".caption").first).to_contain_text("Lạng Sơn")

    # 2. Đà Nẵng registers interest, with a note.
    page.context.clear_cookies()
    login(world.users["officer_b"])
    page.goto(f"{live_server.url}{opp.get_absolute_url()}")
    page.get_by_label("Ghi chú (tỉnh có thể đáp ứng gì)").fill("Cảng Tiên Sa và kết nối với Busan")
    page.get_by_role("button", name="Bày tỏ quan tâm").click()
    expect(page.locator(".banner--success")).to_contain_text("Đã bày tỏ quan tâm")
    interest = Interest.objects.get(opportunity=opp)
    assert (interest.locality, interest.status, interest.note, interest.created_by) == (
        world.b, "expressed", "Cảng Tiên Sa và kết nối với Busan", world.users["officer_b"])
    page.reload()
    row = page.locator("#interests tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Đà Nẵng")
    expect(row).to_contain_text("Đã bày tỏ quan tâm")
    expect(page.get_by_role("button", name="Bày tỏ quan tâm")).to_have_count(0)  # once per province
    shoot("partners-opp-02-interest")

    # 3. The centre connects them.
    page.context.clear_cookies()
    login(world.users["central"])
    page.goto(f"{live_server.url}{opp.get_absolute_url()}")
    page.locator("#interests").get_by_role("button", name="Kết nối").click()
    expect(page.locator(".banner--success")).to_contain_text("Đã kết nối")
    interest.refresh_from_db()
    assert (interest.status, interest.connected_by) == ("connected", world.users["central"])
    page.reload()
    expect(page.locator("#interests tbody tr")).to_contain_text("Đã kết nối")
    expect(page.locator("#interests").get_by_role("button", name="Kết nối")).to_have_count(0)
    shoot("partners-opp-03-connected")

    # 4. Đà Nẵng records the agreement it led to.
    page.context.clear_cookies()
    login(world.users["officer_b"])
    page.goto(f"{live_server.url}{opp.get_absolute_url()}")
    page.locator("#interests").get_by_role("link", name="Ghi kết quả").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả của kết nối")
    page.get_by_label("Thỏa thuận").select_option(label=str(mou))
    shoot("partners-opp-04-outcome-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".banner--success")).to_contain_text("Đã ghi kết quả")
    interest.refresh_from_db()
    assert (interest.status, interest.agreement, interest.delegation) == ("outcome", mou, None)
    page.reload()
    row = page.locator("#interests tbody tr")
    expect(row).to_contain_text("Đã có kết quả")
    expect(row).to_contain_text(f"Thỏa thuận: {mou.title}")
    shoot("partners-opp-05-outcome")

    # 5. The centre counts the opportunities that became agreements.
    page.context.clear_cookies()
    login(world.users["central"])
    page.goto(f"{live_server.url}/partners/opportunities/")
    expect(page.locator("main")).to_contain_text("1 cơ hội → 1 thỏa thuận")
    shoot("partners-opp-06-centre-figure")
