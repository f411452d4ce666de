"""Directives from a province to its own units: the province's manager sends them; each unit's officers see,
open (read receipt), acknowledge and reply to their unit's copy; the province sees every unit's status and
reminds; other provinces and the units of other provinces see nothing."""
import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ngoaivu.coordination import directives
from ngoaivu.coordination.models import Directive, DirectiveRecipient, DirectiveReply
from ngoaivu.core.attention import attention
from ngoaivu.core.models import Unit
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def units(world):
    """A's Sở Công Thương (the world's unit officer) and a second body of A with its own officer; a unit of B."""
    other = Unit.objects.filter(locality=world.a, kind="department").exclude(pk=world.unit_a.pk).order_by("pk").first()
    unit_b = Unit.objects.filter(locality=world.b, kind="department").order_by("pk").first()
    world.users["unit_officer_2"] = make_user("unit_officer_2", "unit", "officer", unit=other)
    world.users["unit_officer_b"] = make_user("unit_officer_b", "unit", "officer", unit=unit_b)
    return world.unit_a, other, unit_b


def _todo(world, persona):
    """The directive URLs in the persona's to-do list."""
    sections = {s.key: s for s in attention(world.users[persona], TODAY)}
    return [i["url"] for i in sections["directives"].items] if "directives" in sections else []


def _send_by_page(world, client_for, units_chosen):
    client = client_for(world.users["manager_a"])
    assert client.get(reverse("coordination:directive_create")).status_code == 200
    response = client.post(reverse("coordination:directive_create"), {
        "number": "25/UBND-NV", "issued_on": TODAY.strftime("%d/%m/%Y"), "subject": "Triển khai đón đoàn Gyeonggi",
        "signer": "Chủ tịch UBND tỉnh", "body": "Các sở chuẩn bị nội dung làm việc.", "recipients": "list",
        "units": [str(u.pk) for u in units_chosen], "attachment": SimpleUploadedFile("Kế hoạch.pdf", b"%PDF-1.4 plan")})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return Directive.objects.get(number="25/UBND-NV")


def test_a_province_manager_sends_to_its_units_who_open_acknowledge_and_reply(world, client_for, units):
    soct, other, unit_b = units
    directive = _send_by_page(world, client_for, [soct, other])
    assert (directive.sender_locality, directive.created_by, directive.attachment.display_name) == (
        world.a, world.users["manager_a"], "Kế hoạch.pdf")
    assert sorted(directive.recipients.values_list("locality_id", "unit_id")) == sorted(
        [(world.a.pk, soct.pk), (world.a.pk, other.pk)])
    url = reverse("coordination:directive_detail", args=[directive.pk])

    # Only a province's manager sends to units; a unit of another province cannot be chosen.
    assert client_for(world.users["officer_a"]).get(reverse("coordination:directive_create")).status_code == 403
    with pytest.raises(Exception):
        directives.send_directive(world.users["manager_a"], number="26/UBND", issued_on=TODAY, subject="x", signer="y",
                                  units=[unit_b])
    assert not Directive.objects.filter(number="26/UBND").exists()

    # Another province and its units see nothing: not in the list, 404 on the page and the API.
    for persona in ("officer_b", "unit_officer_b", "mission_officer"):
        client = client_for(world.users[persona])
        assert "Triển khai đón đoàn Gyeonggi" not in client.get(reverse("coordination:directive_list")).content.decode()
        assert client.get(url).status_code == 404, persona
        assert client.get(reverse("coordination-directive-detail", args=[directive.pk])).status_code == 404
    assert not Directive.objects.visible_to(world.users["officer_b"]).filter(pk=directive.pk).exists()

    # The unit's officer sees it to do, opens it (its unit's read receipt), acknowledges and replies.
    unit_officer = client_for(world.users["unit_officer"])
    assert url in _todo(world, "unit_officer")
    page = unit_officer.get(url).content.decode()
    assert "Xác nhận đã tiếp nhận" in page
    copy, other_copy = (DirectiveRecipient.objects.get(directive=directive, unit=u) for u in (soct, other))
    assert copy.first_opened_by == world.users["unit_officer"] and other_copy.first_opened_at is None
    assert unit_officer.post(reverse("coordination:directive_acknowledge", args=[directive.pk])).status_code == 302
    assert unit_officer.post(reverse("coordination:directive_reply", args=[directive.pk]),
                             {"text": "Sở Công Thương đã chuẩn bị."}).status_code == 302
    copy.refresh_from_db()
    other_copy.refresh_from_db()
    assert copy.acknowledged_by == world.users["unit_officer"] and other_copy.acknowledged_at is None
    assert list(DirectiveReply.objects.filter(recipient__directive=directive).values_list(
        "recipient__unit_id", "text", "by")) == [(soct.pk, "Sở Công Thương đã chuẩn bị.", world.users["unit_officer"].pk)]
    assert url not in _todo(world, "unit_officer")
    assert url in _todo(world, "unit_officer_2")

    # The second unit acknowledges its own copy through the API.
    api = client_for(world.users["unit_officer_2"])
    assert api.post(reverse("coordination-directive-acknowledge", args=[directive.pk])).status_code == 200
    assert api.post(reverse("coordination-directive-replies", args=[directive.pk]),
                    {"text": "Đã nhận"}).status_code == 201
    other_copy.refresh_from_db()
    assert other_copy.acknowledged_by == world.users["unit_officer_2"]
    # Within the province, the units' replies are read as the province's records.
    listed = api.get(reverse("coordination-directive-replies", args=[directive.pk])).json()["results"]
    assert [(r["unit"], r["text"]) for r in listed] == [(soct.pk, "Sở Công Thương đã chuẩn bị."), (other.pk, "Đã nhận")]

    # The province (sender) sees each unit's status and both replies; it has no copy of its own to acknowledge.
    manager = client_for(world.users["manager_a"])
    sent = manager.get(url).content.decode()
    assert soct.name in sent and other.name in sent and "Sở Công Thương đã chuẩn bị." in sent
    assert "Xác nhận đã tiếp nhận" not in sent
    assert url not in _todo(world, "manager_a"), "the units' copies are not the province's to do"
    assert manager.post(reverse("coordination:directive_acknowledge", args=[directive.pk])).status_code == 403
    assert not DirectiveRecipient.objects.filter(directive=directive, acknowledged_by=world.users["manager_a"]).exists()


def test_the_province_reminds_the_units_that_have_not_acknowledged(world, client_for, units):
    soct, other, _unit_b = units
    directive = directives.send_directive(world.users["manager_a"], number="30/UBND", issued_on=TODAY,
                                          subject="Báo cáo đoàn ra", signer="Chủ tịch", units=[soct, other])
    directives.acknowledge(world.users["unit_officer"], directives.own_copy(world.users["unit_officer"], directive))
    assert client_for(world.users["officer_b"]).post(
        reverse("coordination:directive_remind", args=[directive.pk])).status_code == 404
    reminded = client_for(world.users["officer_a"]).post(
        reverse("coordination:directive_remind", args=[directive.pk]), follow=True)
    assert "Đã nhắc 1 đơn vị chưa xác nhận." in reminded.content.decode()
    assert dict(directive.recipients.values_list("unit_id", "reminders")) == {soct.pk: 0, other.pk: 1}
    todo = {s.key: s for s in attention(world.users["unit_officer_2"], TODAY)}["directives"]
    assert "đã được nhắc 1 lần" in todo.items[0]["detail"]
    # A unit cannot acknowledge or reply for another unit: its own copy is the only one it answers.
    assert directives.own_copy(world.users["unit_officer"], directive).unit == soct
    payload = json.dumps({})
    assert client_for(world.users["viewer"]).post(reverse("coordination-directive-acknowledge", args=[directive.pk]),
                                                  payload, content_type="application/json").status_code == 403
    assert DirectiveRecipient.objects.get(directive=directive, unit=other).acknowledged_at is None
