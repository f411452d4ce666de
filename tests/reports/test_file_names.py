"""The Word file's name tells the document apart and is Vietnamese like the document: the six-monthly and the
yearly external-affairs reports of one year were both "bao-cao-cong-tac-doi-ngoai-6-thang-nam-…-2026.docx",
and generated from the English interface the name was English ("external-affairs-report-…")."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.core.jobs import run_pending
from ngoaivu.reports import actions
from ngoaivu.reports.models import DocumentDraft

pytestmark = pytest.mark.django_db


def test_the_half_year_and_the_year_reports_have_their_own_vietnamese_file_names(world, client_for):
    user = world.users["officer_a"]
    client = client_for(user)
    names = {}
    for period in ("h1", "year"):
        draft = actions.create_draft(user, world.a, issued_on=datetime.date(2026, 7, 5), kind="external_affairs",
                                     year=2026, period=period)
        response = client.post(reverse("reports:draft_generate", args=[draft.pk]) + "?lang=en",
                               HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 302 and run_pending() == 1   # made by the background worker
        draft = DocumentDraft.objects.get(pk=draft.pk)
        names[period] = (draft.docx.display_name, draft.xlsx.display_name)
    assert names["h1"][0].startswith("bao-cao-cong-tac-doi-ngoai-6-thang-dau-nam-"), names
    assert names["year"][0].startswith("bao-cao-cong-tac-doi-ngoai-nam-"), names
    assert names["h1"][0] != names["year"][0] and names["h1"][1] != names["year"][1]
    assert all(name.endswith(("-2026.docx", "-2026-phu-luc.xlsx")) for pair in names.values() for name in pair)
