"""A dormant agreement comes back to life: the province officer finds it on the home page, records an
activity with evidence, sees it active with both changes in its history; the centre sees the figures move."""
import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def dormant_count(page, province):
    return page.locator(f"tr[data-province='{province}'] td[data-col='dormant']").inner_text().strip()


def test_officer_revives_a_dormant_agreement_and_the_centre_sees_it(world, page, live_server, login, shoot, tmp_path):
    from ngoaivu.implementation import actions
    from tests.implementation.factories import agreement
    a = agreement(world.a, title="Bản ghi nhớ hợp tác với tỉnh Gyeonggi (Hàn Quốc)", signed_months_ago=16)
    actions.sweep()
    a.refresh_from_db()
    assert a.health == "dormant"

    login(world.users["central"])
    page.goto(f"{live_server.url}/implementation/national/")
    before = int(dormant_count(page, "Lạng Sơn"))
    assert before >= 1
    shoot("implementation-01-national-before")
    page.context.clear_cookies()

    login(world.users["officer_a"])
    panel = page.locator("[data-testid='dormant-list']")
    assert "Bản ghi nhớ hợp tác với tỉnh Gyeonggi" in panel.inner_text()
    assert "chưa có hoạt động nào từ khi ký" in panel.inner_text()
    shoot("implementation-02-home-dormant")
    panel.get_by_role("link", name="Bản ghi nhớ hợp tác với tỉnh Gyeonggi (Hàn Quốc)").click()
    assert page.get_by_role("heading", level=1).inner_text() == a.title
    assert "Ký rồi để đấy" in page.locator("main").inner_text()
    shoot("implementation-03-agreement-dormant")

    page.get_by_role("link", name="Ghi nhận hoạt động").click()
    page.get_by_role("button", name="Lưu hoạt động").click()  # empty form: errors explained
    assert "Nhập tên hoạt động" in page.locator(".error-summary").inner_text()
    shoot("implementation-04-activity-errors")
    page.get_by_label("Loại hoạt động").select_option("meeting")
    page.get_by_label("Tên hoạt động").fill("Hội đàm trực tuyến với Sở Hợp tác quốc tế tỉnh Gyeonggi")
    page.get_by_label("Ngày diễn ra").fill(datetime.date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Thành phần tham gia").fill("Sở Ngoại vụ Lạng Sơn; Sở Hợp tác quốc tế Gyeonggi")
    evidence = tmp_path / "bien-ban-hoi-dam.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% minutes of the meeting\n")
    page.locator("#id_evidence").set_input_files(str(evidence))
    shoot("implementation-05-activity-form")
    page.get_by_role("button", name="Lưu hoạt động").click()
    assert "Đã ghi nhận hoạt động" in page.locator(".banner--success").inner_text()
    assert "Đang triển khai" in page.locator(".banner--success").inner_text()
    assert "bien-ban-hoi-dam.pdf" in page.locator("[data-testid='evidence']").inner_text()
    shoot("implementation-06-activity-recorded")

    page.get_by_role("link", name=a.title).first.click()
    assert "Đang triển khai" in page.locator("main p").first.inner_text()
    timeline = page.locator("[data-testid='health-timeline']").inner_text()
    assert "Ký rồi để đấy" in timeline and "Đang triển khai" in timeline
    assert "khi ghi nhận hoạt động" in timeline and "đánh giá định kỳ" in timeline
    shoot("implementation-07-agreement-active")
    page.context.clear_cookies()

    login(world.users["central"])
    page.goto(f"{live_server.url}/implementation/national/")
    assert int(dormant_count(page, "Lạng Sơn")) == before - 1
    shoot("implementation-08-national-after")
