"""A child agreement whose parent its editor can no longer read (another province made the parent internal):
the edit page offered an empty "Thỏa thuận gốc", so a save of the child, nothing changed, dropped its parent."""
import re

import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from tests.agreements.factories import agreement
from tests.test_edit_round_trip import page_values

pytestmark = pytest.mark.django_db


def test_saving_the_child_keeps_a_parent_its_editor_no_longer_reads(world, client_for):
    parent = agreement(world.users["officer_b"], world.b, title="Thỏa thuận gốc bí mật của Đà Nẵng",
                       visibility="national")
    child = agreement(world.users["officer_a"], world.a, title="Bản sửa đổi của Lạng Sơn", parent=parent,
                      parent_relation="amendment")
    Agreement.objects.filter(pk=parent.pk).update(visibility="internal")
    assert not Agreement.objects.visible_to(world.users["officer_a"]).filter(pk=parent.pk).exists()
    client = client_for(world.users["officer_a"])
    page = client.get(reverse("agreements:agreement_edit", args=[child.pk]))
    html = page.content.decode()
    selected = re.search(r'<select name="parent"[^>]*>.*?</select>', html, re.S).group(0)
    assert re.search(rf'<option value="{parent.pk}" selected>', selected)  # what the browser sends back
    assert "bí mật" not in html  # the title of a record the editor does not read stays unsaid
    data = {**page_values(page.context["form"]), "summary": "Đã sửa phần tóm tắt"}
    response = client.post(reverse("agreements:agreement_edit", args=[child.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    child.refresh_from_db()
    assert (child.parent_id, child.parent_relation, child.summary) == (parent.pk, "amendment", "Đã sửa phần tóm tắt")
    # Another parent can still be chosen, or none.
    other = agreement(world.users["officer_a"], world.a, title="Thỏa thuận gốc khác")
    data = page_values(client.get(reverse("agreements:agreement_edit", args=[child.pk])).context["form"])
    assert client.post(reverse("agreements:agreement_edit", args=[child.pk]),
                       {**data, "parent": other.pk}).status_code == 302
    child.refresh_from_db()
    assert child.parent_id == other.pk
