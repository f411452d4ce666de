"""One's own profile and the account page edit the same fields: a user's save from a profile page read before
their manager changed the account wrote back the job title the page still showed, and the manager's change was
gone without a word (the account page already refused the other way round). The profile now carries the
account's version (core.concurrency): the second save is refused, naming the manager's change, the typed
input kept; sent again, it is a deliberate change (review of 07/12/2026)."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.test_edit_round_trip import page_values

pytestmark = pytest.mark.django_db
CONFLICT = "Trong lúc bạn sửa"


def test_a_profile_saved_over_a_managers_change_is_refused_and_keeps_both(world, client_for):
    officer, manager = world.users["officer_a"], world.users["manager_a"]
    me, boss = client_for(officer), client_for(manager)
    profile = reverse("core:profile")
    my_form = me.get(profile).context["form"]
    account = reverse("core:user_detail", kwargs={"pk": officer.pk})
    theirs = {**page_values(boss.get(account).context["form"]), "job_title": "Phó Trưởng phòng Hợp tác quốc tế"}
    assert boss.post(account, theirs).status_code == 302

    response = me.post(profile, {**page_values(my_form), "full_name": "Nguyễn Văn Sửa Tên"})

    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page and str(manager) in page and "Phó Trưởng phòng Hợp tác quốc tế" in page
    assert response.context["form"]["full_name"].value() == "Nguyễn Văn Sửa Tên", "my input is kept"
    stored = get_user_model().objects.get(pk=officer.pk)
    assert (stored.full_name, stored.job_title) == (officer.full_name, "Phó Trưởng phòng Hợp tác quốc tế")

    # Saved again, having seen the manager's change and taken it: both are kept (sent as it was, the page's
    # values would be a deliberate overwrite).
    again = me.post(profile, {**page_values(response.context["form"]), "job_title": "Phó Trưởng phòng Hợp tác quốc tế"})
    assert again.status_code == 302
    stored = get_user_model().objects.get(pk=officer.pk)
    assert (stored.full_name, stored.job_title) == ("Nguyễn Văn Sửa Tên", "Phó Trưởng phòng Hợp tác quốc tế")
