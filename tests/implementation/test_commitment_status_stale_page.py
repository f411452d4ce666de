"""A commitment's status buttons act on the commitment as its page showed it. A page read while it was
waived offered "Mở lại"; a colleague reopened and started it meanwhile, and the stale button put it back to
"chưa thực hiện", undoing their start without a word. The buttons carry the commitment's version
(core.concurrency): a stale one is refused with who changed what, nothing changed."""
import datetime
import re

import pytest
from django.urls import reverse

from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Commitment
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db


def test_a_stale_reopen_does_not_undo_a_colleagues_start(world, client_for):
    a = agreement(world.a, signed_months_ago=20)
    commitment = Commitment.objects.create(agreement=a, description="Tổ chức hội chợ", responsible_unit=world.unit_a,
                                           due_on=datetime.date.today() + datetime.timedelta(days=30))
    actions.set_commitment_status(world.users["manager_a"], commitment, "waived", "Đối tác rút")
    mine = client_for(world.users["officer_a"])
    page = mine.get(commitment.get_absolute_url()).content.decode()
    assert "Mở lại" in page                                                 # the page shows it waived
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    theirs, status_url = client_for(world.users["manager_a"]), reverse("implementation:commitment_status",
                                                                        args=[commitment.pk])
    theirs.post(status_url, {"status": "pending"})        # a colleague reopens…
    theirs.post(status_url, {"status": "in_progress"})    # …and starts it

    response = mine.post(reverse("implementation:commitment_status", args=[commitment.pk]),
                         {"status": "pending", "version": version}, follow=True)

    commitment.refresh_from_db()
    assert commitment.status == "in_progress", "their start is kept"
    text = response.content.decode()
    assert "Trong lúc bạn sửa" in text and str(world.users["manager_a"]) in text
    # From the page as it is now, the button acts.
    page = mine.get(commitment.get_absolute_url()).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    mine.post(reverse("implementation:commitment_status", args=[commitment.pk]), {"status": "waived", "version": version})
    commitment.refresh_from_db()
    assert commitment.status == "waived"
