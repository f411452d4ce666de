"""Correcting a directive already sent (directives/<pk>/edit/): its facts, its file and its recipients, by
whoever may send it; a history row naming what changed; a colleague's save in between refused, not
overwritten; a recipient that has acknowledged or replied not removed; a former province not added."""
import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ngoaivu.coordination import directives
from ngoaivu.coordination.forms import UnitDirectiveForm
from ngoaivu.coordination.models import Directive, DirectiveRecipient
from ngoaivu.core.attention import attention
from ngoaivu.core.concurrency import version_of
from ngoaivu.core.models import Locality
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
ISSUED = TODAY - datetime.timedelta(days=3)


def _send(world, localities, **extra):
    return directives.send_directive(world.users["central"], number="15/BNG-NV", issued_on=ISSUED,
                                     subject="Hướng dẫn triển khai Nghị quyết 59", signer="Cục trưởng",
                                     body="Nội dung hướng dẫn.", localities=localities, **extra)


def _url(directive):
    return reverse("coordination:directive_edit", args=[directive.pk])


def _body(directive, chosen, **changes):
    """The edit form as it comes prefilled, with `changes`."""
    data = {"number": directive.number, "issued_on": directive.issued_on.strftime("%d/%m/%Y"),
            "subject": directive.subject, "body": directive.body, "signer": directive.signer,
            "recipients": "list", "localities": [l.pk for l in chosen]}
    data.update(changes)
    return data


def _version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def _state(directive):
    """The directive's facts, its recipients' rows and its history, as stored."""
    stored = Directive.objects.get(pk=directive.pk)
    return ({f: getattr(stored, f) for f in ("number", "issued_on", "subject", "body", "signer", "attachment")},
            sorted(directive.recipients.values_list("locality_id", "unit_id", "first_opened_at", "acknowledged_at",
                                                    "reminders")),
            stored.history.count())


def _todo(world, persona):
    sections = {s.key: s for s in attention(world.users[persona], TODAY)}
    return [i["url"] for i in sections["directives"].items] if "directives" in sections else []


def test_the_centre_corrects_a_directive_and_the_page_and_its_history_show_it(world, client_for):
    directive = _send(world, [world.a])
    client = client_for(world.users["central"])
    detail = client.get(directive.get_absolute_url()).content.decode()
    assert _url(directive) in detail  # the "Sửa" link
    form = client.get(_url(directive)).content.decode()
    # Prefilled with the directive as sent, the recipients ticked.
    assert 'value="Hướng dẫn triển khai Nghị quyết 59"' in form and ISSUED.strftime("%d/%m/%Y") in form
    assert re.search(rf'value="{world.a.pk}"[^>]*checked', form)
    new_day = ISSUED - datetime.timedelta(days=1)
    response = client.post(_url(directive), _body(directive, [world.a], subject="Hướng dẫn triển khai Nghị quyết 57",
                                                  issued_on=new_day.strftime("%d/%m/%Y"), version=_version(form)))
    assert response.status_code == 302 and response["Location"] == directive.get_absolute_url()
    stored = Directive.objects.get(pk=directive.pk)
    assert (stored.subject, stored.issued_on, stored.number, stored.body) == (
        "Hướng dẫn triển khai Nghị quyết 57", new_day, "15/BNG-NV", "Nội dung hướng dẫn.")
    latest = stored.history.order_by("-history_id").first()
    assert latest.history_type == "~" and latest.history_user == world.users["central"]
    assert latest.history_change_reason == "Sửa ngày ban hành; Sửa trích yếu; Các nơi nhận cần xác nhận lại"
    assert stored.history.count() == 2
    page = client.get(directive.get_absolute_url()).content.decode()
    assert "Hướng dẫn triển khai Nghị quyết 57" in page
    history = page[page.index('id="history-title"'):]
    assert "Sửa ngày ban hành; Sửa trích yếu" in history and "Nghị quyết 59 → " in history
    # The form again shows the new values, not the old.
    form = client.get(_url(directive)).content.decode()
    assert 'value="Hướng dẫn triển khai Nghị quyết 57"' in form and new_day.strftime("%d/%m/%Y") in form
    # Saved unchanged: no history row.
    client.post(_url(directive), _body(stored, [world.a], version=_version(form)))
    assert stored.history.count() == 2


def test_the_edit_page_and_the_history_reason_read_in_english(world, client_for, settings):
    directive = _send(world, [world.a])
    directives.update_directive(world.users["central"], directive, number="16/BNG-NV", issued_on=ISSUED,
                                subject=directive.subject, signer="Cục trưởng", body=directive.body,
                                localities=[world.a, world.b])
    client = client_for(world.users["central"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = client.get(_url(directive)).content.decode()
    assert "Edit directive" in form and "Save changes" in form
    text = client.get(directive.get_absolute_url()).content.decode()
    assert ">Edit</a>" in text
    history = text[text.index('id="history-title"'):]
    with translation.override("en"):
        number = gettext("số, ký hiệu")  # the catalogues' English for the field's name
    assert f"Changed — Edited {number}; Edited recipients: added {world.b.short_name}" in history, history[:600]


def test_a_stale_form_is_refused_and_keeps_the_colleagues_save(world, client_for):
    directive = _send(world, [world.a])
    mine, colleague = client_for(world.users["central"]), client_for(world.users["central_manager"])
    read = _version(mine.get(_url(directive)).content.decode())
    theirs = _version(colleague.get(_url(directive)).content.decode())
    assert colleague.post(_url(directive), _body(directive, [world.a], signer="Phó Cục trưởng",
                                                 version=theirs)).status_code == 302
    before = _state(directive)
    response = mine.post(_url(directive), _body(directive, [world.a, world.b], subject="Sửa của tôi", version=read))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trong lúc bạn sửa" in page and "Phó Cục trưởng" in page
    assert 'value="Sửa của tôi"' in page  # the input typed is kept
    assert _state(directive) == before  # nothing of the stale save: subject, recipient B, history
    stored = Directive.objects.get(pk=directive.pk)
    assert (stored.subject, stored.signer) == ("Hướng dẫn triển khai Nghị quyết 59", "Phó Cục trưởng")
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert _version(page) == str(version_of(stored))
    assert mine.post(_url(directive), _body(stored, [world.a], subject="Sửa của tôi",
                                            version=_version(page))).status_code == 302
    assert Directive.objects.get(pk=directive.pk).subject == "Sửa của tôi"


def test_an_added_province_gets_its_copy_and_one_not_answered_is_removed(world, client_for):
    third = Locality.objects.current().exclude(pk__in=[world.a.pk, world.b.pk]).order_by("sort_key").first()
    directive = _send(world, [world.a, world.b])
    directives.mark_opened(world.users["officer_a"], directive.recipients.get(locality=world.a))
    directives.remind(world.users["central"], directive)
    copy_a = DirectiveRecipient.objects.get(directive=directive, locality=world.a)
    assert _todo(world, "officer_b") == [directive.get_absolute_url()]
    client = client_for(world.users["central"])
    form = client.get(_url(directive)).content.decode()
    response = client.post(_url(directive), _body(directive, [world.a, third], version=_version(form)))
    assert response.status_code == 302
    rows = {r.locality_id: r for r in directive.recipients.all()}
    assert set(rows) == {world.a.pk, third.pk}
    # A's copy is the same row, its receipt and reminders kept; the new one starts as at sending.
    kept = rows[world.a.pk]
    assert (kept.pk, kept.first_opened_at, kept.reminders) == (copy_a.pk, copy_a.first_opened_at, 1)
    new = rows[third.pk]
    assert (new.unit_id, new.first_opened_at, new.acknowledged_at, new.reminders) == (None, None, None, 0)
    assert _todo(world, "officer_b") == []  # B's copy is gone, and so is its to-do
    assert Directive.objects.visible_to(world.users["officer_b"]).filter(pk=directive.pk).exists() is False
    reason = directive.history.order_by("-history_id").first().history_change_reason
    assert reason == f"Sửa nơi nhận: thêm {third.short_name}, bỏ {world.b.short_name}"
    page = client.get(directive.get_absolute_url()).content.decode()
    assert reason in page
    recipients = page[page.index('id="recipients"'):page.index("</table>", page.index('id="recipients"'))]
    assert third.short_name in recipients and world.b.short_name not in recipients


@pytest.mark.parametrize("answer", ["acknowledge", "reply"])
def test_a_province_that_acknowledged_or_replied_is_not_removed(world, client_for, answer):
    directive = _send(world, [world.a, world.b])
    copy_a = directive.recipients.get(locality=world.a)
    if answer == "acknowledge":
        directives.acknowledge(world.users["officer_a"], copy_a)
    else:
        directives.reply(world.users["officer_a"], copy_a, text="Đã triển khai")
    before = _state(directive)
    client = client_for(world.users["central"])
    form = client.get(_url(directive)).content.decode()
    response = client.post(_url(directive), _body(directive, [world.b], subject="Trích yếu mới",
                                                  version=_version(form)))
    assert response.status_code == 200
    page = response.content.decode()
    assert (f"Tỉnh, thành phố nhận: không bỏ được {world.a.short_name} vì đã xác nhận hoặc trả lời văn bản."
            in page)
    assert _state(directive) == before  # neither the subject nor the recipients changed
    assert copy_a.replies.count() == (1 if answer == "reply" else 0)


def test_a_former_province_is_refused_as_at_sending_and_one_already_sent_to_is_kept(world, client_for):
    quang_nam = Locality.objects.by_legacy_code(49)
    directive = _send(world, [world.a])
    before = _state(directive)
    client = client_for(world.users["central"])
    response = client.post(_url(directive), _body(directive, [world.a, quang_nam], subject="Trích yếu mới"))
    assert response.status_code == 200
    assert "Tỉnh, thành phố nhận: Quảng Nam đã hợp nhất vào Đà Nẵng từ 01/07/2025; chọn Đà Nẵng" in \
        response.content.decode()
    assert _state(directive) == before
    # The action refuses it too (an API or a script, not the form).
    with pytest.raises(Exception) as refused:
        directives.update_directive(world.users["central"], directive, number=directive.number,
                                    issued_on=ISSUED, subject="x", signer="y", localities=[world.a, quang_nam])
    assert "Quảng Nam đã hợp nhất vào Đà Nẵng" in str(refused.value)
    assert _state(directive) == before
    # A directive sent to Quảng Nam before the merger: correcting its subject keeps that copy.
    old = _send(world, [world.a])
    DirectiveRecipient.objects.create(directive=old, locality=quang_nam)
    form = client.get(_url(old)).content.decode()
    assert re.search(rf'value="{quang_nam.pk}"[^>]*checked', form)
    assert client.post(_url(old), _body(old, [world.a, quang_nam], subject="Trích yếu đã sửa",
                                        version=_version(form))).status_code == 302
    assert set(old.recipients.values_list("locality_id", flat=True)) == {world.a.pk, quang_nam.pk}
    assert Directive.objects.get(pk=old.pk).subject == "Trích yếu đã sửa"


def test_bad_input_names_the_field_and_keeps_the_directive(world, client_for):
    directive = _send(world, [world.a])
    before = _state(directive)
    client = client_for(world.users["central"])
    for changes, message in [
        ({"subject": ""}, "Nhập trích yếu"),
        ({"issued_on": "31/02/2026"}, "Ngày ban hành:"),
        ({"number": "x" * 61}, "Số, ký hiệu:"),
        ({"localities": []}, "Tỉnh, thành phố nhận: chọn ít nhất một."),
        ({"recipients": "region", "region": ""}, "Vùng: chọn một vùng."),
        ({"localities": [2_000_000_000]}, "Tỉnh, thành phố nhận:"),
        ({"attachment": SimpleUploadedFile("virus.exe", b"MZ")}, "Tệp đính kèm: tệp “virus.exe” không được nhận"),
    ]:
        response = client.post(_url(directive), _body(directive, [world.a], **changes))
        assert response.status_code == 200, changes
        assert message in response.content.decode(), changes
        assert _state(directive) == before, changes


def test_the_file_is_replaced_or_removed(world, client_for):
    directive = _send(world, [world.a], attachment=SimpleUploadedFile("Hướng dẫn.pdf", b"%PDF-1.4 one"))
    client = client_for(world.users["central"])
    form = client.get(_url(directive)).content.decode()
    assert "Hướng dẫn.pdf" in form and 'name="remove_attachment"' in form
    assert client.post(_url(directive), _body(directive, [world.a], attachment=SimpleUploadedFile(
        "Hướng dẫn sửa.pdf", b"%PDF-1.4 two"), version=_version(form))).status_code == 302
    stored = Directive.objects.get(pk=directive.pk)
    assert stored.attachment.display_name == "Hướng dẫn sửa.pdf" and stored.attachment.read() == b"%PDF-1.4 two"
    assert stored.history.order_by("-history_id").first().history_change_reason == "Sửa tệp đính kèm; Các nơi nhận cần xác nhận lại"
    form = client.get(_url(directive)).content.decode()
    refused = client.post(_url(directive), _body(stored, [world.a], remove_attachment="on", version=_version(form),
                                                 attachment=SimpleUploadedFile("Khác.pdf", b"%PDF-1.4 three")))
    assert refused.status_code == 200 and "không chọn cả hai" in refused.content.decode()
    assert client.post(_url(directive), _body(stored, [world.a], remove_attachment="on",
                                              version=_version(form))).status_code == 302
    assert not Directive.objects.get(pk=directive.pk).attachment


# Who may correct the centre's directive to A: the centre's officers and manager; the centre's viewer, A's
# users and units read it (403); B and the mission do not read it (404).
CENTRE_DIRECTIVE = {"anonymous": 302, "central": 200, "central_manager": 200, "central_viewer": 403,
                    "manager_a": 403, "officer_a": 403, "officer_b": 404, "unit_officer": 403,
                    "mission_officer": 404, "viewer": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_reads_and_writes_the_centres_directive_as_allowed(world, client_for, persona):
    directive = _send(world, [world.a])
    client = client_for(world.users[persona])
    expected = CENTRE_DIRECTIVE[persona]
    assert client.get(_url(directive)).status_code == expected
    link = _url(directive) in client.get(directive.get_absolute_url()).content.decode()
    assert link is (expected == 200)
    before = _state(directive)
    response = client.post(_url(directive), _body(directive, [world.a, world.b], subject="Sửa bởi " + persona))
    if expected == 200:
        assert response.status_code == 302
        assert Directive.objects.get(pk=directive.pk).subject == "Sửa bởi " + persona
        assert directive.recipients.count() == 2
    else:
        assert response.status_code == expected
        assert _state(directive) == before


@pytest.fixture
def unit_directive(world):
    """A's directive to two of its units (its manager's)."""
    units = list(UnitDirectiveForm.province_units(world.a)[:3])
    assert world.unit_a in UnitDirectiveForm.province_units(world.a)
    chosen = [world.unit_a, next(u for u in units if u != world.unit_a)]
    directive = directives.send_directive(world.users["manager_a"], number="05/UBND-NV", issued_on=ISSUED,
                                          subject="Triển khai kế hoạch đối ngoại", signer="Chủ tịch", units=chosen)
    return directive, chosen, next(u for u in units if u not in chosen)


# A's directive to its units: its manager corrects it; A's officer edits A's records but does not send to its
# units (403); the centre reads it and did not send it (403); B and the mission do not read it (404).
UNIT_DIRECTIVE = {"anonymous": 302, "central": 403, "central_manager": 403, "central_viewer": 403,
                  "manager_a": 200, "officer_a": 403, "officer_b": 404, "unit_officer": 403,
                  "mission_officer": 404, "viewer": 403}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_reads_and_writes_a_provinces_directive_to_its_units_as_allowed(
        world, client_for, unit_directive, persona):
    directive, chosen, _other = unit_directive
    client = client_for(world.users[persona])
    expected = UNIT_DIRECTIVE[persona]
    assert client.get(_url(directive)).status_code == expected
    before = _state(directive)
    response = client.post(_url(directive), {
        "number": "05/UBND-NV", "issued_on": ISSUED.strftime("%d/%m/%Y"), "subject": "Sửa bởi " + persona,
        "signer": "Chủ tịch", "recipients": "list", "units": [u.pk for u in chosen]})
    if expected == 200:
        assert response.status_code == 302
        assert Directive.objects.get(pk=directive.pk).subject == "Sửa bởi " + persona
    else:
        assert response.status_code == expected
        assert _state(directive) == before


def test_the_province_changes_the_units_its_directive_goes_to(world, client_for, unit_directive):
    directive, (soct, second), third = unit_directive
    directives.acknowledge(world.users["unit_officer"], directive.recipients.get(unit=soct))
    client = client_for(world.users["manager_a"])
    form = client.get(_url(directive)).content.decode()
    data = {"number": "05/UBND-NV", "issued_on": ISSUED.strftime("%d/%m/%Y"), "subject": directive.subject,
            "signer": "Chủ tịch", "recipients": "list", "version": _version(form)}
    before = _state(directive)
    refused = client.post(_url(directive), {**data, "units": [second.pk, third.pk]})
    assert refused.status_code == 200
    assert f"Cơ quan, đơn vị nhận: không bỏ được {soct.name} vì đã xác nhận hoặc trả lời văn bản." in \
        refused.content.decode()
    assert _state(directive) == before
    assert client.post(_url(directive), {**data, "units": [soct.pk, third.pk]}).status_code == 302
    rows = {r.unit_id: r for r in directive.recipients.all()}
    assert set(rows) == {soct.pk, third.pk}
    assert rows[soct.pk].acknowledged_at is not None and rows[third.pk].acknowledged_at is None
    assert {r.locality_id for r in rows.values()} == {world.a.pk}
    assert directive.history.order_by("-history_id").first().history_change_reason == \
        f"Sửa nơi nhận: thêm {third.name}, bỏ {second.name}"


def test_a_change_of_the_text_asks_every_recipient_to_acknowledge_again_and_keeps_their_replies(world, client_for):
    """Their receipt was of a text they no longer have: the copies go back to their to-do lists, the replies
    stay; a change of the recipients alone leaves the others' receipts as they were."""
    directive = _send(world, [world.a, world.b])
    copy_a, copy_b = directive.recipients.get(locality=world.a), directive.recipients.get(locality=world.b)
    directives.mark_opened(world.users["officer_a"], copy_a)
    directives.acknowledge(world.users["officer_a"], copy_a)
    directives.reply(world.users["officer_a"], copy_a, text="Đã triển khai theo nội dung gốc")
    directives.acknowledge(world.users["officer_b"], copy_b)
    assert directive.get_absolute_url() not in _todo(world, "officer_a")
    third = Locality.objects.current().exclude(pk__in=[world.a.pk, world.b.pk]).first()
    # The recipients alone: the receipts stay.
    directives.update_directive(world.users["central"], directive, number=directive.number, issued_on=ISSUED,
                                subject=directive.subject, signer=directive.signer, body=directive.body,
                                localities=[world.a, world.b, third])
    assert set(directive.recipients.filter(acknowledged_at__isnull=False).values_list("locality_id", flat=True)) == {
        world.a.pk, world.b.pk}
    # The text: every receipt is asked again, the reply kept.
    client = client_for(world.users["central"])
    form = client.get(_url(directive)).content.decode()
    assert 'data-testid="edit-rule"' in form and "phải đọc và xác nhận lại" in form
    response = client.post(_url(directive), _body(directive, [world.a, world.b, third],
                                                  body="Nội dung hướng dẫn, đã sửa điểm 2.", version=_version(form)))
    assert response.status_code == 302
    rows = list(directive.recipients.values_list("acknowledged_at", "acknowledged_by", "first_opened_at"))
    assert len(rows) == 3 and set(rows) == {(None, None, None)}
    copy_a.refresh_from_db()
    assert list(copy_a.replies.values_list("text", flat=True)) == ["Đã triển khai theo nội dung gốc"]
    assert directive.get_absolute_url() in _todo(world, "officer_a")
    assert directive.history.order_by("-history_id").first().history_change_reason.endswith(
        "; Các nơi nhận cần xác nhận lại")
    page = client_for(world.users["officer_a"]).get(directive.get_absolute_url()).content.decode()
    assert "Đã triển khai theo nội dung gốc" in page and "Nội dung hướng dẫn, đã sửa điểm 2." in page


def test_an_acknowledgement_of_a_copy_removed_meanwhile_is_refused_in_words(world, client_for):
    directive = _send(world, [world.a, world.b])
    officer = client_for(world.users["officer_a"])
    officer.get(directive.get_absolute_url())  # the officer has the page open
    copy_a = directive.recipients.get(locality=world.a)
    directives.update_directive(world.users["central"], directive, number=directive.number, issued_on=ISSUED,
                                subject=directive.subject, signer=directive.signer, body=directive.body,
                                localities=[world.b])
    with pytest.raises(Exception) as refused:
        directives.acknowledge(world.users["officer_a"], copy_a)
    assert "không còn gửi đến" in str(refused.value)
    assert not DirectiveRecipient.objects.filter(pk=copy_a.pk).exists()
    with pytest.raises(Exception):
        directives.reply(world.users["officer_a"], copy_a, text="Trả lời muộn")
    assert not directive.recipients.filter(replies__isnull=False).exists()
