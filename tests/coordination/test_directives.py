"""Directives: per province read receipt (first opened, by whom) and acknowledgement, replies, reminders;
regions cover the 34 provinces; a province never sees another's copy or reply."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ngoaivu.coordination import directives
from ngoaivu.coordination.models import Directive, DirectiveRecipient, DirectiveReply
from ngoaivu.coordination.regions import REGIONS, localities_of
from ngoaivu.core.models import Locality

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _send(world, localities, subject="Hướng dẫn triển khai Nghị quyết 59"):
    return directives.send_directive(world.users["central"], number="15/BNG-NV", issued_on=TODAY, subject=subject,
                                     signer="Cục trưởng", localities=localities, body="Nội dung hướng dẫn.")


def test_every_current_province_is_in_exactly_one_region():
    current = list(Locality.objects.current())
    assert len(current) == 34
    counted = [l.pk for region in REGIONS for l in localities_of(region, current)]
    assert sorted(counted) == sorted(l.pk for l in current)


def test_read_receipt_and_acknowledgement_are_kept_per_province(world, client_for):
    directive = _send(world, [world.a, world.b])
    url = reverse("coordination:directive_detail", args=[directive.pk])
    client_for(world.users["central"]).get(url)
    assert not DirectiveRecipient.objects.filter(first_opened_at__isnull=False).exists()
    client_for(world.users["officer_a"]).get(url)
    client_for(world.users["manager_a"]).get(url)
    copy_a, copy_b = (DirectiveRecipient.objects.get(directive=directive, locality=l) for l in (world.a, world.b))
    assert copy_a.first_opened_by == world.users["officer_a"] and copy_b.first_opened_at is None
    assert client_for(world.users["manager_a"]).post(
        reverse("coordination:directive_acknowledge", args=[directive.pk])).status_code == 302
    copy_a.refresh_from_db()
    assert copy_a.acknowledged_by == world.users["manager_a"] and copy_a.acknowledged_at is not None
    assert directives.remind(world.users["central"], directive) == 1
    copy_a.refresh_from_db(), copy_b.refresh_from_db()
    assert (copy_a.reminders, copy_b.reminders) == (0, 1)
    page = client_for(world.users["central"]).get(url).content.decode()
    assert "Manager A" in page and "Officer A" in page
    with pytest.raises(PermissionDenied):
        directives.acknowledge(world.users["officer_b"], copy_a)


def test_a_province_never_sees_another_provinces_reply_nor_a_directive_not_sent_to_it(world, client_for):
    directive = _send(world, [world.a, world.b])
    copy_a = DirectiveRecipient.objects.get(directive=directive, locality=world.a)
    client_for(world.users["officer_a"]).post(reverse("coordination:directive_reply", args=[directive.pk]),
                                              {"text": "Lạng Sơn đã triển khai."})
    assert list(DirectiveReply.objects.filter(recipient__directive=directive).values_list("recipient", "text")) == [(copy_a.pk, "Lạng Sơn đã triển khai.")]
    url = reverse("coordination:directive_detail", args=[directive.pk])
    assert "Lạng Sơn đã triển khai." in client_for(world.users["central"]).get(url).content.decode()
    assert "Lạng Sơn đã triển khai." not in client_for(world.users["officer_b"]).get(url).content.decode()
    only_a = _send(world, [world.a], subject="Chỉ gửi Lạng Sơn")
    assert not Directive.objects.visible_to(world.users["officer_b"]).filter(pk=only_a.pk).exists()
    assert client_for(world.users["officer_b"]).get(
        reverse("coordination:directive_detail", args=[only_a.pk])).status_code == 404


def test_a_region_gets_the_directive_through_the_form(world, client_for):
    response = client_for(world.users["central"]).post(reverse("coordination:directive_create"), {
        "number": "20/BNG-NV", "issued_on": TODAY.strftime("%d/%m/%Y"), "subject": "Thông báo vùng",
        "signer": "Cục trưởng", "recipients": "region", "region": "central_highlands"})
    assert response.status_code == 302
    directive = Directive.objects.get(subject="Thông báo vùng")
    assert sorted(directive.recipients.values_list("locality__short_name", flat=True)) == sorted(
        REGIONS["central_highlands"][1])


def test_a_new_directive_is_in_the_provinces_attention_list_until_acknowledged(world):
    from ngoaivu.core.attention import attention
    directive = _send(world, [world.a])
    def titles(persona):
        sections = {s.key: s for s in attention(world.users[persona], TODAY)}
        return [i["title"] for i in sections["directives"].items] if "directives" in sections else []
    assert str(directive) in titles("officer_a")
    assert str(directive) not in titles("officer_b")
    directives.acknowledge(world.users["officer_a"], directive.recipients.get())
    assert str(directive) not in titles("officer_a")


@pytest.mark.parametrize("language,button,flash,todo", [
    ("en", "Remind 1 province that has not acknowledged",
     "Reminded 1 province or city that has not acknowledged.", "reminded 1 time"),
    ("vi", "Nhắc 1 tỉnh chưa xác nhận", "Đã nhắc 1 tỉnh, thành phố chưa xác nhận.", "đã được nhắc 1 lần"),
])
def test_one_province_reminded_reads_as_one_in_english(world, client_for, language, button, flash, todo, settings):
    """A directive sent to one province: the English page offered to "Remind 1 provinces", said "Reminded 1
    provinces and cities" and the province's to-do read "reminded 1 times"."""
    from django.utils import translation

    from ngoaivu.coordination.attention import attention
    directive = _send(world, [world.a])
    client = client_for(world.users["central"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("coordination:directive_detail", args=[directive.pk])
    assert button in client.get(url).content.decode()
    page = client.post(reverse("coordination:directive_remind", args=[directive.pk]), follow=True).content.decode()
    assert flash in page
    assert DirectiveRecipient.objects.get(directive=directive).reminders == 1
    with translation.override(language):
        section = {s.key: s for s in attention(world.users["officer_a"], TODAY)}["directives"]
        assert todo in str(section.items[0]["detail"])


@pytest.mark.parametrize("language,flash", [
    ("en", "The document was sent to 1 province or city."), ("vi", "Đã gửi văn bản đến 1 tỉnh, thành phố."),
])
def test_a_directive_sent_to_one_province_says_one_in_english(world, client_for, language, flash, settings):
    client = client_for(world.users["central"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("coordination:directive_create"), {
        "number": "31/BNG-NV", "issued_on": TODAY.strftime("%d/%m/%Y"), "subject": "Hướng dẫn đón đoàn",
        "signer": "Cục trưởng", "body": "Nội dung.", "recipients": "list", "localities": [str(world.a.pk)]},
        follow=True)
    assert list(DirectiveRecipient.objects.filter(directive__number="31/BNG-NV").values_list("locality", flat=True)) == [world.a.pk]
    assert flash in response.content.decode()
