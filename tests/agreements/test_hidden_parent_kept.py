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


def test_the_api_full_update_keeps_a_parent_its_editor_no_longer_reads(world, client_for):
    """The API's parent accepted only agreements the editor reads: a PUT sending back what the GET gave,
    the parent unchanged, was refused on `parent` once the parent's province had made it internal."""
    parent = agreement(world.users["officer_b"], world.b, title="Thỏa thuận gốc bí mật của Đà Nẵng",
                       visibility="national")
    child = agreement(world.users["officer_a"], world.a, title="Bản sửa đổi của Lạng Sơn", parent=parent,
                      parent_relation="amendment")
    Agreement.objects.filter(pk=parent.pk).update(visibility="internal")
    client = client_for(world.users["officer_a"])
    url = f"/api/agreements/{child.pk}/"
    body = {**client.get(url).json(), "summary": "Đã sửa qua API"}
    assert body["parent"] == parent.pk
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    child.refresh_from_db()
    assert (child.parent_id, child.parent_relation, child.summary) == (parent.pk, "amendment", "Đã sửa qua API")
    # Another unreadable agreement is still refused as a new parent, as an id that does not exist, in words
    # that name the field; and nothing is written.
    hidden = agreement(world.users["officer_b"], world.b, title="Thỏa thuận khác của Đà Nẵng", visibility="internal")
    response = client.put(url, {**body, "parent": hidden.pk, "summary": "Không được lưu"},
                          content_type="application/json")
    assert response.status_code == 400, response.content
    (message,) = response.json()["errors"]["parent"]
    assert message.startswith("Thỏa thuận gốc") and str(hidden.pk) in message
    missing = client.put(url, {**body, "parent": 99999999}, content_type="application/json").json()
    assert missing["errors"]["parent"] == [message.replace(str(hidden.pk), "99999999")]
    child.refresh_from_db()
    assert (child.parent_id, child.summary) == (parent.pk, "Đã sửa qua API")
    # A readable agreement, or none, can still be chosen.
    other = agreement(world.users["officer_a"], world.a, title="Thỏa thuận gốc khác")
    assert client.put(url, {**body, "parent": other.pk}, content_type="application/json").status_code == 200
    child.refresh_from_db()
    assert child.parent_id == other.pk
