"""Conversations on records: visible only to who can see the record; mentions reach only people who can."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.coordination import actions, threads
from ngoaivu.coordination.models import Comment
from ngoaivu.core.attention import attention

pytestmark = pytest.mark.django_db


def test_a_thread_on_a_return_is_read_by_its_province_and_the_centre_only(world, client_for):
    report = actions.create_request(world.users["central"], title="Báo cáo", data_from=datetime.date(2026, 1, 1),
                                    data_to=datetime.date(2026, 6, 30), due_on=datetime.date(2026, 7, 5),
                                    localities=[world.a, world.b])
    ret_a = report.returns.get(locality=world.a)
    url = reverse("coordination:thread", args=["report_return", ret_a.pk])
    response = client_for(world.users["central"]).post(url, {"text": "Đề nghị @officer_a và @officer_b bổ sung."})
    assert response.status_code == 302
    comment = Comment.objects.get(record_kind="report_return", record_id=ret_a.pk)
    assert list(comment.mentions.values_list("username", flat=True)) == ["officer_a"], \
        "a mention of someone who cannot see the record reaches nobody"
    assert "bổ sung" in client_for(world.users["officer_a"]).get(url).content.decode()
    assert client_for(world.users["officer_b"]).get(url).status_code == 404
    assert client_for(world.users["officer_b"]).post(url, {"text": "x"}).status_code == 404
    assert Comment.objects.filter(record_kind="report_return", record_id=ret_a.pk).count() == 1
    today = datetime.date.today()
    mentions = {s.key: s for s in attention(world.users["officer_a"], today)}["mentions"]
    assert [i["url"] for i in mentions.items] == [url]
    assert "mentions" not in {s.key for s in attention(world.users["officer_b"], today)}


def test_a_thread_on_an_opportunity_is_linked_from_its_page_and_read_by_whoever_reads_the_listing(world, client_for):
    from ngoaivu.partners import opportunities as ops
    listing = ops.post_opportunity(world.users["officer_a"], kind="province_seeks", title="Lạng Sơn tìm đối tác kho vận",
                                   sought="Kho lạnh")
    url = reverse("coordination:thread", args=["opportunity", listing.pk])
    page = client_for(world.users["officer_b"]).get(reverse("partners:opportunity_detail", args=[listing.pk]))
    assert f'href="{url}"' in page.content.decode()
    response = client_for(world.users["officer_b"]).post(url, {"text": "Đà Nẵng có kho lạnh ở cảng, @officer_a xem giúp."})
    assert response.status_code == 302
    comment = Comment.objects.get(record_kind="opportunity", record_id=listing.pk)
    assert (comment.by, list(comment.mentions.all())) == (world.users["officer_b"], [world.users["officer_a"]])
    assert "kho lạnh ở cảng" in client_for(world.users["officer_a"]).get(url).content.decode()
    assert client_for(None).get(url).status_code in (302, 404)


def test_an_unknown_record_kind_is_not_found(world, client_for):
    assert client_for(world.users["central"]).get(
        reverse("coordination:thread", args=["user", world.users["central"].pk])).status_code == 404
    with pytest.raises(Exception):
        threads.record_or_404(world.users["central"], "core.User", 1)


@pytest.mark.parametrize("kind,record,page", [("agreement", "agreement_a", "agreements:agreement_detail"),
                                              ("delegation", "delegation_a", "exchanges:delegation_detail"),
                                              ("conference", "conference_a", "exchanges:conference_detail")])
def test_the_record_pages_link_to_their_thread_for_whoever_sees_the_record(world, client_for, kind, record, page):
    from django.template import Context, Template
    from django.test import RequestFactory
    obj = getattr(world, record)
    thread_url = reverse("coordination:thread", args=[kind, obj.pk])
    officer = client_for(world.users["officer_a"])
    html = officer.get(reverse(page, args=[obj.pk])).content.decode()
    assert f'href="{thread_url}"' in html and "Trao đổi về hồ sơ này" in html
    assert officer.post(thread_url, {"text": "Đề nghị trung ương cho ý kiến."}).status_code == 302
    assert Comment.objects.filter(record_kind=kind, record_id=obj.pk).count() == 1
    html = client_for(world.users["central_viewer"]).get(reverse(page, args=[obj.pk])).content.decode()
    assert f'href="{thread_url}"' in html and "Trao đổi (1 ý kiến)" in html
    # Someone who cannot see the record gets no link (rendered directly: the page itself is 404 to them).
    request = RequestFactory().get("/")
    request.user = world.users["officer_b"]
    rendered = Template('{% load coordination_tags %}{% thread_link kind obj %}').render(
        Context({"request": request, "kind": kind, "obj": obj}))
    assert thread_url not in rendered and rendered.strip() == ""


def test_a_comment_carries_an_attachment_downloaded_by_whoever_reads_the_record_only(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    ret = world.report_return_a
    url = reverse("coordination:thread", args=["report_return", ret.pk])
    officer = client_for(world.users["officer_a"])
    response = officer.post(url, {"text": "Số liệu đính kèm", "attachment": SimpleUploadedFile(
        "Số liệu 6 tháng.xlsx", b"not a spreadsheet")})
    assert response.status_code == 200 and "Tệp đính kèm: nội dung tệp không khớp với đuôi .xlsx" in \
        response.content.decode()
    assert not Comment.objects.filter(text="Số liệu đính kèm").exists()

    assert officer.post(url, {"text": "Số liệu đính kèm", "attachment": SimpleUploadedFile(
        "Số liệu 6 tháng.pdf", b"%PDF-1.4 figures")}).status_code == 302
    comment = Comment.objects.get(text="Số liệu đính kèm")
    assert (comment.by, comment.record_kind, comment.record_id) == (world.users["officer_a"], "report_return", ret.pk)
    assert comment.attachment.display_name == "Số liệu 6 tháng.pdf"
    link = comment.attachment.download_url
    page = client_for(world.users["central"]).get(url).content.decode()
    assert f'href="{link}"' in page and "Số liệu 6 tháng.pdf" in page
    for persona in ("central", "central_viewer", "manager_a", "officer_a", "unit_officer", "viewer"):
        download = client_for(world.users[persona]).get(link)
        assert download.status_code == 200, persona
        assert b"".join(download.streaming_content) == b"%PDF-1.4 figures"
    for persona in ("officer_b", "mission_officer"):
        assert client_for(world.users[persona]).get(link).status_code == 404, persona
    assert client_for(None).get(link).status_code == 302
    # The comment is read exactly when its record is.
    assert set(Comment.objects.visible_to(world.users["officer_b"]).values_list("pk", flat=True)).isdisjoint(
        {comment.pk, world.comment_a.pk})
    assert {comment.pk, world.comment_a.pk} <= set(
        Comment.objects.visible_to(world.users["viewer"]).values_list("pk", flat=True))


def test_a_comment_may_be_a_file_alone_but_not_empty(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    url = reverse("coordination:thread", args=["report_return", world.report_return_a.pk])
    officer = client_for(world.users["officer_a"])
    before = Comment.objects.count()
    assert officer.post(url, {"text": "  "}).status_code == 200
    assert Comment.objects.count() == before
    assert officer.post(url, {"attachment": SimpleUploadedFile("Biên bản.pdf", b"%PDF-1.4 x")}).status_code == 302
    assert Comment.objects.latest("pk").attachment.display_name == "Biên bản.pdf"


def test_a_comment_whose_author_was_deleted_still_shows_with_the_thread(world, client_for):
    """Comment.by is SET_NULL when an account is deleted: the page read `by.username` through a filter
    argument, which fails on None (VariableDoesNotExist, a 500 for the whole thread)."""
    from tests.conftest import make_user
    report = actions.create_request(world.users["central"], title="Báo cáo", data_from=datetime.date(2026, 1, 1),
                                    data_to=datetime.date(2026, 6, 30), due_on=datetime.date(2026, 7, 5),
                                    localities=[world.a])
    ret_a = report.returns.get(locality=world.a)
    url = reverse("coordination:thread", args=["report_return", ret_a.pk])
    leaver = make_user("nghi_viec", "locality", "officer", locality=world.a)
    assert client_for(leaver).post(url, {"text": "Ý kiến trước khi nghỉ."}).status_code == 302
    type(leaver).objects.filter(pk=leaver.pk).delete()
    assert Comment.objects.get(record_id=ret_a.pk).by is None
    page = client_for(world.users["officer_a"]).get(url)
    assert page.status_code == 200
    assert "Ý kiến trước khi nghỉ." in page.content.decode() and "(tài khoản đã xóa)" in page.content.decode()


def test_a_mention_leaves_the_attention_list_and_digest_once_its_reader_no_longer_sees_the_record(world):
    """An officer moved from A to B (a manager changes the account's scope) no longer reads A's return: its
    comments, which quote the text, must not keep reaching them in the to-do list and the daily e-mail."""
    from ngoaivu.core import actions as core_actions
    from ngoaivu.core.models import User
    report = actions.create_request(world.users["central"], title="Báo cáo", data_from=datetime.date(2026, 1, 1),
                                    data_to=datetime.date(2026, 6, 30), due_on=datetime.date(2026, 7, 5),
                                    localities=[world.a])
    ret_a = report.returns.get(locality=world.a)
    threads.add_comment(world.users["central"], "report_return", ret_a, "Số liệu mật của Lạng Sơn, @officer_a xem.")
    today = datetime.date.today()
    assert "mentions" in {s.key for s in attention(User.objects.get(username="officer_a"), today)}
    membership = world.users["officer_a"].memberships.get()
    core_actions.change_membership(world.users["central_manager"], membership, kind="locality", role="officer",
                                   locality=world.b)
    moved = User.objects.get(username="officer_a")
    sections = {s.key: s for s in attention(moved, today)}
    assert "mentions" not in sections or not sections["mentions"].items
