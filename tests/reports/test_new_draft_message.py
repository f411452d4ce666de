"""After creating a draft the banner said to press “Tạo tệp Word”, a button the draft page does not have (it
has “Lưu và tạo tệp Word”, and “Tạo lại tệp Word” once a file exists): the banner now names the button the
page shows (review of 04/12/2026)."""
import re

import pytest
from django.urls import reverse

from ngoaivu.reports.models import DocumentDraft

pytestmark = pytest.mark.django_db


def test_the_banner_after_creating_a_draft_names_a_button_of_the_page(world, client_for):
    client = client_for(world.users["officer_a"])
    before = DocumentDraft.objects.filter(locality=world.a, kind="external_affairs").count()
    response = client.post(reverse("reports:draft_create", args=[world.a.pk]), {
        "kind": "external_affairs", "year": "2025", "period": "year", "issued_on": "15/01/2026"}, follow=True)
    assert DocumentDraft.objects.filter(locality=world.a, kind="external_affairs").count() == before + 1
    html = response.content.decode()
    banner = str(list(response.context["messages"])[0])
    named = re.search(r"bấm “(.+?)”", banner).group(1)
    assert re.search(rf"<button[^>]*>{re.escape(named)}</button>", html), (named, banner)
