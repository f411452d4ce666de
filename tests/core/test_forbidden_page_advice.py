"""The "no permission" page tells a mission's or the centre's officer whom to ask: it told everyone to ask "the
province's external affairs manager", who manages no embassy's and no Ministry account (core.accounts: the
centre's managers do); a province's officer is still sent to their province's manager."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROVINCE = "hãy đề nghị quản lý cơ quan ngoại vụ của tỉnh cấp quyền"
CENTRE = "hãy đề nghị cán bộ quản lý tài khoản ở trung ương cấp quyền"


@pytest.mark.parametrize("persona, url, advice, wrong", [
    ("mission_officer", lambda w: reverse("coordination:opinion_queue"), CENTRE, PROVINCE),
    ("central_viewer", lambda w: reverse("coordination:request_create"), CENTRE, PROVINCE),
    ("officer_a", lambda w: reverse("partners:profile_edit", args=[w.b.pk]), PROVINCE, CENTRE),
])
def test_the_advice_names_who_manages_the_account(world, client_for, persona, url, advice, wrong):
    page = client_for(world.users[persona]).get(url(world))
    html = page.content.decode()
    assert page.status_code == 403
    assert advice in html and wrong not in html
