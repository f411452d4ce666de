"""A form with a file refused for another field: the browser cannot keep the file chosen, so the page says
at the file's field that it was not saved and must be chosen again, instead of showing it empty without a
word (the review of 03/12/2026). Done once for every form (core.forms.NamedErrorsBoundField)."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from ngoaivu.coordination import directives
from ngoaivu.coordination.models import Directive, DirectiveReply

pytestmark = pytest.mark.django_db
NOTICE = "Tệp đính kèm “huong-dan.pdf” chưa được lưu vì biểu mẫu có lỗi; vui lòng chọn lại tệp."


def _pdf():
    return SimpleUploadedFile("huong-dan.pdf", b"%PDF-1.4 huong dan", content_type="application/pdf")


def _directive(world):
    return {"number": "15/BNG-NV", "issued_on": "31/02/2026", "subject": "Hướng dẫn triển khai Nghị quyết 59",
            "body": "", "signer": "Cục trưởng", "recipients": "all", "attachment": _pdf()}


def test_the_directive_form_says_the_attachment_must_be_chosen_again(world, client_for):
    before = Directive.objects.count()
    response = client_for(world.users["central"]).post(reverse("coordination:directive_create"), _directive(world))
    assert response.status_code == 200
    form = response.context["form"]
    assert "issued_on" in form.errors and "attachment" not in form.errors
    assert list(form["attachment"].errors) == [NOTICE]
    with translation.override("en"):
        assert list(form["attachment"].errors) == [
            "Attachment “huong-dan.pdf” was not saved because the form has errors; please choose the file again."]
    page = response.content.decode()
    assert page.count(NOTICE.replace("“", "&ldquo;").replace("”", "&rdquo;")) + page.count(NOTICE) == 2, \
        "beside the field and in the error summary"
    assert Directive.objects.count() == before


def test_no_notice_without_a_file_or_when_the_file_is_its_own_error(world, client_for):
    client, before = client_for(world.users["central"]), Directive.objects.count()
    data = {**_directive(world)}
    del data["attachment"]
    response = client.post(reverse("coordination:directive_create"), data)
    assert not response.context["form"]["attachment"].errors
    data["attachment"] = SimpleUploadedFile("huong-dan.pdf", b"")   # an empty file: Django's own message
    response = client.post(reverse("coordination:directive_create"), data)
    assert "chọn lại tệp" not in " ".join(response.context["form"]["attachment"].errors)
    assert Directive.objects.count() == before


def test_a_reply_without_text_says_its_attachment_must_be_chosen_again(world, client_for):
    directive = directives.send_directive(world.users["central"], number="15/BNG-NV", issued_on=datetime.date.today(),
                                          subject="Hướng dẫn", signer="Cục trưởng", localities=[world.a])
    response = client_for(world.users["officer_a"]).post(reverse("coordination:directive_reply", args=[directive.pk]),
                                                         {"text": "", "attachment": _pdf()})
    assert response.status_code == 200
    assert list(response.context["reply_form"]["attachment"].errors) == [NOTICE]
    assert not DirectiveReply.objects.filter(recipient__directive=directive).exists()
