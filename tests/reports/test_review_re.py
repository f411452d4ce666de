"""Second review of the documents and the open data: files read back and compared with the registers."""
import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ngoaivu.implementation.models import Commitment
from ngoaivu.reports import actions
from tests.reports.helpers import body_text, make_registers, read_docx, table_rows

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _generate(world, user="officer_a", **fields):
    user = world.users[user]
    draft = actions.create_draft(user, world.a, **fields)
    draft = actions.generate(user, draft)
    with draft.docx.open("rb") as handle:
        return draft, read_docx(handle.read())


def test_the_yearly_report_written_during_the_year_lists_as_overdue_only_what_is_past_due(world):
    made = make_registers(world)
    Commitment.objects.create(agreement=made["active"], description="Hội thảo chung cuối năm",
                              due_on=datetime.date(2026, 11, 20), status="pending")
    # Written in June 2026 for 2026 (a report asked for mid-year): the commitment due in November is not late.
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, 0, tzinfo=VN), tick=False):
        draft, document = _generate(world, kind="yearly_agreements", year=2026,
                                    issued_on=datetime.date(2026, 6, 15))
    overdue = table_rows(document.tables[4])
    assert "Hội thảo chung cuối năm" not in [row[2] for row in overdue[1:]]
    assert "Tổ chức hội chợ du lịch chung" in [row[2] for row in overdue[1:]]  # due 01/5/2026, still open
    assert "Bảng 4. Cam kết quá hạn đến ngày 15/06/2026" in body_text(document)
    from openpyxl import load_workbook
    with draft.xlsx.open("rb") as handle:
        sheet = load_workbook(handle)["Cam kết quá hạn"]
    assert "Hội thảo chung cuối năm" not in [row[2].value for row in sheet.iter_rows(min_row=2)]


def test_text_pasted_from_word_with_its_line_breaks_is_written_not_a_500(world, client_for):
    # Shift+Enter in Word is a vertical tab (\x0b) when pasted; python-docx refused the whole document
    # ("All strings must be XML compatible"), so "Lưu và tạo tệp Word" answered 500 after saving the text.
    from ngoaivu.agreements.models import Agreement
    agreement = Agreement.objects.create(locality=world.a, title="Bản ghi nhớ hợp tác\x0bvề nông nghiệp",
                                         form="ban_ghi_nho", status="proposed",
                                         summary="Trao đổi giống cây trồng\x0bĐào tạo kỹ thuật\x1f")
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, kind="pm_report", agreement=agreement,
                                 issued_on=datetime.date(2026, 3, 2))
    page = client_for(user).get(f"/reports/drafts/{draft.pk}/")
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(issued_on="02/03/2026", opening="Căn cứ Luật Thỏa thuận quốc tế năm 2020;\x0bCăn cứ\x0cquy chế",
                generate="1")
    answer = client_for(user).post(f"/reports/drafts/{draft.pk}/", data)
    assert answer.status_code == 302
    draft.refresh_from_db()
    with draft.docx.open("rb") as handle:
        document = read_docx(handle.read())
    text = "\n".join(body_text(document))
    assert "Căn cứ Luật Thỏa thuận quốc tế năm 2020;" in text and "quy chế" in text
    cells = [row for table in document.tables for row in table_rows(table)]
    assert ["Tên thỏa thuận", "Bản ghi nhớ hợp tác\nvề nông nghiệp"] in cells
    assert ["Nội dung chính", "Trao đổi giống cây trồng\nĐào tạo kỹ thuật"] in cells


def test_the_api_answers_another_provinces_internal_agreement_as_a_missing_one(world):
    # "Choose an agreement of Lạng Sơn" for B's internal agreement, "object does not exist" for a missing id:
    # the answer told A's officer which ids B's register holds. Both now answer as a missing id.
    from rest_framework.test import APIClient

    from ngoaivu.agreements.models import Agreement
    from ngoaivu.exchanges.models import Delegation
    hidden = Agreement.objects.create(locality=world.b, title="Thỏa thuận nội bộ của Đà Nẵng", form="ban_ghi_nho",
                                      status="proposed", visibility="internal")
    assert not Agreement.objects.visible_to(world.users["officer_a"]).filter(pk=hidden.pk).exists()
    client = APIClient()
    client.force_authenticate(world.users["officer_a"])

    def errors(**subject):
        response = client.post("/api/reports/drafts/", {"locality": world.a.pk, "issued_on": "2027-02-05", **subject},
                               format="json")
        assert response.status_code == 400
        return response.json()["errors"]

    missing = max(Agreement.objects.values_list("pk", flat=True)) + 1000
    assert errors(kind="pm_report", agreement=hidden.pk) == \
        {"agreement": [m.replace(str(missing), str(hidden.pk)) for m in errors(kind="pm_report", agreement=missing)["agreement"]]}
    delegation_b = Delegation.objects.filter(locality=world.b).first()
    if delegation_b is not None and not Delegation.objects.visible_to(world.users["officer_a"]).filter(pk=delegation_b.pk).exists():
        far = max(Delegation.objects.values_list("pk", flat=True)) + 1000
        assert errors(kind="delegation_results", delegation=delegation_b.pk) == \
            {"delegation": [m.replace(str(far), str(delegation_b.pk))
                            for m in errors(kind="delegation_results", delegation=far)["delegation"]]}


def test_a_pdf_converted_while_the_word_file_was_made_again_is_not_kept_as_the_new_ones(world, monkeypatch):
    # LibreOffice takes seconds; an officer who pressed "Tạo tệp Word" meanwhile got a new Word file whose
    # PDF (generate drops it: "it would no longer say the same") came back from the old one.
    from ngoaivu.reports import pdf
    from ngoaivu.reports.models import DocumentDraft, PdfJob
    user = world.users["officer_a"]
    draft = actions.create_draft(user, world.a, kind="yearly_agreements", year=2026,
                                 issued_on=datetime.date(2026, 3, 2), opening="Bản cũ")
    draft = actions.generate(user, draft)
    job = PdfJob.objects.create(draft=draft, requested_by=user)

    def slow_convert(content, name="van-ban.docx"):
        changed = actions.update_draft(user, DocumentDraft.objects.get(pk=draft.pk), opening="Bản mới")
        actions.generate(user, changed)   # a colleague's new Word file while LibreOffice works
        return b"%PDF-1.4 old", 1.0

    monkeypatch.setattr(pdf, "convert", slow_convert)
    actions.run_pdf_jobs()
    draft.refresh_from_db()
    job.refresh_from_db()
    with draft.docx.open("rb") as handle:
        assert "Bản mới" in body_text(read_docx(handle.read()))
    assert not draft.pdf   # no PDF of the old text beside the new Word file
    assert job.state != "done"
    assert PdfJob.objects.filter(draft=draft, state="pending").exists()  # converted again at the next run


def test_a_draft_about_an_agreement_moved_to_another_province_follows_it(world):
    # An agreement entered under the wrong province is moved (its activities follow it): its Prime Minister
    # report stayed the old province's, whose officers kept generating it from what is now another province's
    # internal record, while the province that holds it neither saw nor could write it.
    from ngoaivu.agreements import actions as agreement_actions
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.reports.models import DocumentDraft
    from tests.conftest import make_user
    admin = make_user("review_re_admin", "centre", "officer")
    admin.is_superuser = True
    admin.save()
    a = Agreement.objects.create(locality=world.a, signatory_locality=world.a, title="Thỏa thuận nhập nhầm tỉnh",
                                 form="ban_ghi_nho", status="proposed", visibility="internal",
                                 summary="Nội dung nội bộ")
    draft = actions.create_draft(world.users["officer_a"], world.a, kind="pm_report", agreement=a,
                                 issued_on=datetime.date(2026, 3, 2))
    actions.generate(world.users["officer_a"], draft)
    agreement_actions.update_agreement(admin, Agreement.objects.get(pk=a.pk), locality=world.b,
                                       signatory_locality=world.b)
    draft.refresh_from_db()
    assert draft.locality == world.b
    assert not DocumentDraft.objects.visible_to(world.users["officer_a"]).filter(pk=draft.pk).exists()
    assert DocumentDraft.objects.visible_to(world.users["officer_b"]).filter(pk=draft.pk).exists()
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        actions.generate(world.users["officer_a"], draft)
    actions.update_draft(world.users["officer_b"], draft, assessment="Đà Nẵng viết tiếp")
    generated = actions.generate(world.users["officer_b"], draft)
    with generated.docx.open("rb") as handle:
        assert "Đà Nẵng viết tiếp" in body_text(read_docx(handle.read()))


def test_counts_in_the_reports_sentences_are_written_with_the_thousands_dot(world, monkeypatch):
    # The tables wrote 1.500 (Vietnamese), the sentences above them "Đoàn ra: 1500 đoàn".
    from ngoaivu.reports import registers
    many = [[i, f"Đoàn {i}", "Trưởng đoàn, Giám đốc", 3, "Hàn Quốc", "01/03/2026 – 05/03/2026"] for i in range(1, 1501)]
    monkeypatch.setattr(registers, "delegation_rows", lambda *args: many)
    monkeypatch.setattr(registers, "signed_rows", lambda *args, **kwargs: [[i, "Tên", "Đối tác", "Bản ghi nhớ", "2026", "x"]
                                                                 for i in range(1, 1201)])
    _draft, document = _generate(world, kind="external_affairs", year=2026, period="year",
                                 issued_on=datetime.date(2026, 3, 2))
    text = body_text(document)
    assert "1. Đoàn ra: 1.500 đoàn" in text and "4. Thỏa thuận quốc tế ký kết: 1.200" in text
    _draft, document = _generate(world, kind="yearly_agreements", year=2026, issued_on=datetime.date(2026, 3, 2))
    assert any(line.endswith("đã ký kết 1.200 thỏa thuận quốc tế (Bảng 1).") for line in body_text(document))


def test_a_province_named_inside_a_sentence_has_its_kind_in_lower_case(world):
    # Decree 30/2020 (Appendix II) writes the kind of an administrative unit in lower case inside a name:
    # "Ủy ban nhân dân tỉnh Lạng Sơn", "... năm 2026, tỉnh Lạng Sơn đã ký kết"; the documents copied the
    # register's "Tỉnh Lạng Sơn" mid-sentence.
    from ngoaivu.exchanges.models import Delegation
    assert world.a.name.startswith("Tỉnh ")
    _draft, document = _generate(world, kind="yearly_agreements", year=2026, issued_on=datetime.date(2026, 3, 2))
    assert any(line.startswith("Trong năm 2026, tỉnh Lạng Sơn đã ký kết") for line in body_text(document))
    delegation = Delegation.objects.filter(locality=world.a).first()
    Delegation.objects.filter(pk=delegation.pk).update(approval_authority="", approval_authority_note="")
    _draft, document = _generate(world, kind="delegation_results", delegation=delegation,
                                 issued_on=datetime.date(2026, 3, 2))
    assert "Kính gửi: Ủy ban nhân dân tỉnh Lạng Sơn." in body_text(document)


def test_the_to_do_list_names_only_drafts_the_user_still_reads(world, monkeypatch):
    # "Whoever wrote the draft or asked for the PDF" was told whatever happened to the draft since: once it
    # belonged to another province (its agreement moved), the old province's officer still read its title —
    # another province's internal agreement — in the to-do list, linking to a page answering 404.
    from ngoaivu.agreements import actions as agreement_actions
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.core.attention import attention
    from ngoaivu.reports import pdf
    from ngoaivu.reports.models import PdfJob
    from tests.conftest import make_user
    admin = make_user("review_re_admin2", "centre", "officer")
    admin.is_superuser = True
    admin.save()
    user = world.users["officer_a"]
    moved = Agreement.objects.create(locality=world.a, signatory_locality=world.a, title="Thỏa thuận bí mật nhập nhầm",
                                     form="ban_ghi_nho", status="proposed", visibility="internal")
    waiting = actions.create_draft(user, world.a, kind="pm_report", agreement=moved, issued_on=datetime.date(2026, 3, 2))
    other = Agreement.objects.create(locality=world.a, signatory_locality=world.a, title="Thỏa thuận thứ hai nhập nhầm",
                                     form="ban_ghi_nho", status="proposed", visibility="internal")
    done = actions.generate(user, actions.create_draft(user, world.a, kind="opinion_request", agreement=other,
                                                        issued_on=datetime.date(2026, 3, 2)))
    PdfJob.objects.create(draft=done, requested_by=user)
    monkeypatch.setattr(pdf, "convert", lambda content, name="": (b"%PDF-1.4", 1.0))
    actions.run_pdf_jobs()
    for agreement in (moved, other):
        agreement_actions.update_agreement(admin, Agreement.objects.get(pk=agreement.pk), locality=world.b,
                                           signatory_locality=world.b)
    mine = [item for s in attention(user, datetime.date(2026, 3, 3)) if s.key.startswith("reports_") for item in s.items]
    assert not [item for item in mine if item["url"] in (waiting.get_absolute_url(), done.get_absolute_url())]
    theirs = [item["url"] for s in attention(world.users["officer_b"], datetime.date(2026, 3, 3)) for item in s.items]
    assert waiting.get_absolute_url() in theirs and done.get_absolute_url() in theirs


def test_a_document_generated_from_the_english_interface_is_written_in_vietnamese(world, client_for):
    # An officer using the English interface got "Active", "In force", "Memorandum of understanding" in the
    # tables of a Decree 30 document addressed to the Foreign Ministry.
    from django.utils import translation
    made = make_registers(world)
    with translation.override("en"):
        draft, document = _generate(world, kind="yearly_agreements", year=2026, issued_on=datetime.date(2027, 2, 5))
    health = table_rows(document.tables[2])
    assert [row[0] for row in health[1:]] == ["Không áp dụng", "Đang triển khai", "Có nguy cơ", "Ký rồi để đấy", "Tổng số"]
    signed = table_rows(document.tables[1])
    assert [made["active"].title, "Đang có hiệu lực"] == [signed[1][1], signed[1][5]]
    from openpyxl import load_workbook
    with draft.xlsx.open("rb") as handle:
        sheet = load_workbook(handle)["Theo tình hình"]
    assert sheet.cell(row=3, column=1).value == "Đang triển khai"
