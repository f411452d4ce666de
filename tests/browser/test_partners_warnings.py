"""Journeys of the partners hub: a warning issued by the embassy in Korea shows as a banner on Đà Nẵng's
draft agreement and is acknowledged there; the partner form suggests an existing partner by its alias
from the first keystrokes (htmx)."""
import pytest
from playwright.sync_api import expect

from ngoaivu.partners import actions
from ngoaivu.partners.models import WarningAcknowledgement
from tests.agreements.factories import agreement, partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mission_warning_is_a_banner_on_a_province_draft_and_is_acknowledged(world, page, live_server, login, shoot):
    investor = partner("Daehan Solar Investment Co.", "KR", name_vi="Công ty Đầu tư Daehan Solar", kind="enterprise")
    draft = agreement(world.users["officer_b"], world.b, partners=[investor],
                      title="Bản ghi nhớ đầu tư nhà máy điện mặt trời Đà Nẵng")
    login(world.users["mission_officer"])
    page.goto(f"{live_server.url}{investor.get_absolute_url()}")
    page.get_by_role("link", name="Cảnh báo về đối tác này").click()
    page.get_by_label("Nhà đầu tư không đủ năng lực").check()
    page.get_by_label("Cao").check()
    page.get_by_label("Nội dung cảnh báo").fill("Không chứng minh được năng lực tài chính cho dự án 200 triệu USD")
    page.get_by_label("Nguồn thông tin").fill("Cơ quan Giám sát tài chính Hàn Quốc (FSS)")
    page.get_by_label("Ngày của nguồn").fill("15/01/2026")
    shoot("partners-warn-01-mission-issues")
    page.get_by_role("button", name="Phát cảnh báo").click()
    expect(page.locator(".banner--success")).to_contain_text("Đã cảnh báo về đối tác")

    page.context.clear_cookies()
    login(world.users["officer_b"])
    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    banner = page.locator(".partner-warning")
    expect(banner).to_contain_text("Không chứng minh được năng lực tài chính")
    expect(banner).to_contain_text("Thỏa thuận này chưa ký")
    shoot("partners-warn-02-banner-on-draft")
    banner.get_by_role("button", name="Xác nhận đã biết").click()
    expect(page.locator(".partner-warning .ack-done")).to_contain_text("đã xác nhận")
    shoot("partners-warn-03-acknowledged")
    ack = WarningAcknowledgement.objects.get()
    assert (ack.locality, ack.by) == (world.b, world.users["officer_b"])


def test_the_partner_form_suggests_an_existing_partner_by_its_alias(world, page, live_server, login, shoot):
    actions.create_partner(world.users["central"], name="广西壮族自治区", name_vi="Khu tự trị Quảng Tây", country="CN",
                           aliases=["Guangxi"])
    login(world.users["officer_a"])
    page.goto(f"{live_server.url}/partners/new/")
    page.get_by_label("Tên theo cách đối tác viết").press_sequentially("guangx")
    expect(page.locator("#partner-suggestions")).to_contain_text("Khu tự trị Quảng Tây")
    expect(page.locator("#partner-suggestions")).to_contain_text("Guangxi")
    shoot("partners-suggest-01-alias")
