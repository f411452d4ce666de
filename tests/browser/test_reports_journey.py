"""Lạng Sơn writes the narrative of its yearly agreements report, generates the Word file (made by the
background worker, as in production), asks for the PDF (made by the sweep, as in production) and downloads
it; the public open-data page lists only the public agreements and its JSON validates against the schema."""
import io
import json

import jsonschema
import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from ngoaivu.agreements.models import Agreement
from ngoaivu.core import jobs, sweep
from ngoaivu.reports import pdf
from ngoaivu.reports.models import DocumentDraft
from ngoaivu.reports.opendata import SCHEMA_PATH
from tests.reports.helpers import make_registers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not pdf.available(), reason="LibreOffice is installed by scripts/test")]


def test_lang_son_writes_generates_and_downloads_its_yearly_report(world, page, live_server, login, shoot):
    made = make_registers(world)
    login(world.users["officer_a"])
    page.goto(live_server.url + "/reports/")
    expect(page.get_by_role("heading", name="Văn bản, báo cáo — Tỉnh Lạng Sơn")).to_be_visible()
    page.get_by_label("Loại văn bản").select_option("yearly_agreements")
    page.get_by_label("Năm báo cáo").fill("2026")
    page.get_by_label("Ngày văn bản").fill("05/02/2027")
    page.get_by_role("button", name="Tạo dự thảo").click()
    expect(page.locator(".banner")).to_contain_text("Đã tạo dự thảo")

    page.get_by_label("Số văn bản").fill("12")
    page.get_by_label("Phần mở đầu, căn cứ").fill("Năm 2026, tỉnh Lạng Sơn tiếp tục mở rộng hợp tác với Quảng Tây.")
    page.get_by_label("Đánh giá, nhận xét").fill("Một số thỏa thuận chưa được triển khai do thiếu kinh phí.")
    page.get_by_label("Kiến nghị, đề xuất").fill("Đề nghị Bộ Ngoại giao hỗ trợ tập huấn.")
    draft_url = page.url
    page.get_by_role("button", name="Lưu và tạo tệp Word").click()
    # A yearly report reads the year's registers: its Word file is made by the background worker, whose
    # job page follows it; the narrative is saved at once.
    expect(page.locator(".banner")).to_contain_text("Đã lưu nội dung dự thảo")
    status = page.get_by_test_id("job-status")
    expect(status).to_have_attribute("data-state", "pending")
    draft = DocumentDraft.objects.get(pk=int(draft_url.rstrip("/").rsplit("/", 1)[-1]))
    assert draft.opening.startswith("Năm 2026, tỉnh Lạng Sơn") and draft.number == "12" and not draft.docx
    assert jobs.run_pending() == 1   # the worker; the job's page asks again by itself
    expect(status).to_have_attribute("data-state", "done", timeout=10_000)
    expect(status).to_contain_text("Đã tạo tệp Word từ số liệu hiện có")
    shoot("reports-00-word-made-in-background")
    page.get_by_role("link", name="Mở kết quả").click()
    expect(page.locator("#download-docx")).to_be_visible()
    assert page.url == draft_url
    draft.refresh_from_db()
    assert draft.docx and draft.generated_at

    page.get_by_role("button", name="Tạo bản PDF").click()
    expect(page.locator("#pdf-job")).to_contain_text("Đang chờ chuyển")
    shoot("reports-01-draft-pdf-pending")
    sweep.run(only="reports")      # cron's sweep, run here
    page.reload()
    expect(page.locator("#pdf-job")).to_contain_text("Đã có bản PDF")
    with page.expect_download() as info:
        page.locator("#download-pdf").click()
    content = open(info.value.path(), "rb").read()
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    assert "Số: 12/BC-SNgV" in text and "ngày 05 tháng 02 năm 2027" in text
    assert "Năm 2026, tỉnh Lạng Sơn tiếp tục mở rộng hợp tác với Quảng Tây." in text
    shoot("reports-02-draft-with-files")
    # The history lists the narrative's edits.
    expect(page.locator("#history-title")).to_be_visible()
    assert DocumentDraft.objects.get(pk=draft.pk).history.count() == 2
    assert made["dormant"].visibility == "internal"


def test_public_open_data_page_lists_only_public_agreements_and_its_json_validates(world, page, live_server, shoot):
    made = make_registers(world)
    Agreement.objects.filter(pk=made["active"].pk).update(visibility="public", published_at=timezone.now())
    page.goto(live_server.url + "/reports/open-data/")      # no sign-in
    table = page.locator("#open-data-table")
    expect(table).to_contain_text(made["active"].title)
    expect(page.locator("#result-count")).to_contain_text(
        f"{Agreement.objects.filter(visibility='public').count()} thỏa thuận")
    for internal in ("signed", "dormant", "risky"):
        expect(table).not_to_contain_text(made[internal].title)
    shoot("reports-03-open-data")
    response = page.request.get(live_server.url + "/reports/open-data/agreements.json")
    data = response.json()
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert {item["id"] for item in data["agreements"]} == \
        set(Agreement.objects.filter(visibility="public").values_list("pk", flat=True))
    page.get_by_role("link", name=made["active"].title).click()
    expect(page.get_by_role("heading", name=made["active"].title)).to_be_visible()
