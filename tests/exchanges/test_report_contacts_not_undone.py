"""The report on a delegation's results records the contacts the trip made, which are the delegation's own
(its page and its edit form show them). A colleague's edit form opened before the report was sent saved the
contacts it had read back over the report's, without a word: the report changed the delegation's status
with update() and wrote no history row, so the form's version was still current. The report now writes one
(core.concurrency): the stale edit is refused, naming who sent the report, the input kept."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.models import Delegation
from tests.exchanges import factories
from tests.test_edit_round_trip import ROUND_TRIPS, formset_values, page_values

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_an_edit_form_read_before_the_report_does_not_undo_its_contacts(world, client_for):
    officer = world.users["officer_a"]
    d = factories.approved_delegation(officer, world.a, start_date=TODAY - datetime.timedelta(days=20),
                                      contacts=[{"channel": "state", "counterpart": "Chính quyền tỉnh Shizuoka"}])
    actions.record_return(officer, d, returned_on=TODAY - datetime.timedelta(days=14))
    edit = reverse("exchanges:delegation_edit", args=[d.pk])
    mine = client_for(officer)
    form = mine.get(edit).context["form"]                        # I open the edit form…
    report = reverse("exchanges:delegation_report", args=[d.pk])
    theirs = client_for(world.users["manager_a"])                # …a colleague sends the report meanwhile
    sent = theirs.post(report, {**page_values(theirs.get(report).context["form"]),
                                "agreements": [], "submitted_on": f"{TODAY:%d/%m/%Y}", "summary": "Đoàn đã làm việc với tỉnh Shizuoka",
                                "contacts_state": "Chính quyền tỉnh Shizuoka\nSở Công thương tỉnh Shizuoka"})
    assert sent.status_code == 302, sent.context["form"].errors

    response = mine.post(edit, {**page_values(form), **formset_values(form, ROUND_TRIPS["exchanges:delegation_edit"]),
                                "title": "Đoàn công tác thăm Shizuoka"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Trong lúc bạn sửa" in page and str(world.users["manager_a"]) in page and "Nộp báo cáo kết quả" in page
    assert response.context["form"]["title"].value() == "Đoàn công tác thăm Shizuoka"
    stored = Delegation.objects.get(pk=d.pk)
    assert sorted(stored.contacts.values_list("counterpart", flat=True)) == [
        "Chính quyền tỉnh Shizuoka", "Sở Công thương tỉnh Shizuoka"], "the report's contacts are kept"
    assert stored.title != "Đoàn công tác thăm Shizuoka"
