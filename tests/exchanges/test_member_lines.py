"""The members and contacts boxes of a delegation's form show the recorded rows one a line and read them back
as they were: a title or a body with ";" or "|" (typed through the API) is not split into other columns,
and a line break inside a name is not read as a second person, on a save that did not touch the list."""
import pytest
from django.urls import reverse

from ngoaivu.exchanges import actions
from ngoaivu.exchanges.forms import format_members, parse_members
from ngoaivu.exchanges.models import Delegation
from tests.exchanges import factories

pytestmark = pytest.mark.django_db

MEMBERS = [
    {"full_name": "Nguyễn Văn An", "title": "Giám đốc; kiêm Trưởng ban", "organisation": "Sở Ngoại vụ | Phòng Lãnh sự"},
    {"full_name": "Lê Thị\nHoa", "title": "", "organisation": "Sở Công Thương"},
    {"full_name": 'Trần "Bình"', "title": "Chuyên viên", "organisation": ""},
    {"full_name": "Phạm Minh", "title": '"Cố vấn"; đặc biệt', "organisation": "\tUBND tỉnh"},
]


def _members(d):
    return [(m.full_name, m.title, m.organisation) for m in Delegation.objects.get(pk=d.pk).members.order_by("position")]


def test_members_text_reads_back_what_it_shows():
    class Row:
        def __init__(self, m):
            self.full_name, self.title, self.organisation = m["full_name"], m["title"], m["organisation"]
    back = parse_members(format_members([Row(m) for m in MEMBERS]))
    assert [(m["full_name"], m["title"], m["organisation"]) for m in back] == [
        ("Nguyễn Văn An", "Giám đốc; kiêm Trưởng ban", "Sở Ngoại vụ | Phòng Lãnh sự"),
        ("Lê Thị Hoa", "", "Sở Công Thương"),
        ('Trần "Bình"', "Chuyên viên", ""),
        ("Phạm Minh", '"Cố vấn"; đặc biệt', "UBND tỉnh")]
    # Lines typed as before read as before.
    assert parse_members("Hoàng Nam | Phó Giám đốc\tSở Y tế\nĐỗ Hà;;Sở Tư pháp") == [
        {"full_name": "Hoàng Nam", "title": "Phó Giám đốc", "organisation": "Sở Y tế"},
        {"full_name": "Đỗ Hà", "title": "", "organisation": "Sở Tư pháp"}]


def test_saving_the_edit_page_keeps_members_and_contacts_typed_through_the_api(world, client_for):
    officer = world.users["officer_a"]
    d = factories.delegation(officer, world.a, member_count=9)
    actions.update_delegation(officer, d, data={}, members=MEMBERS,
                              contacts=[{"channel": "state", "counterpart": "Bộ Ngoại giao Nhật Bản\n(Vụ Đông Nam Á)"}])
    client = client_for(officer)
    form = client.get(reverse("exchanges:delegation_edit", args=[d.pk])).context["form"]
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    post["title"] = "Đoàn công tác thăm Nhật Bản (sửa tên)"
    rows = form.stops_formset
    post.update({f"stops-{key}": rows.management_form[key].value() for key in ("TOTAL_FORMS", "INITIAL_FORMS")})
    for i, row in enumerate(rows.forms):
        for col in row.fields:
            post[f"stops-{i}-{col}"] = row[col].value() or ""
    post = {k: v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for k, v in post.items()}
    response = client.post(reverse("exchanges:delegation_edit", args=[d.pk]), post)
    assert response.status_code == 302, response.context["form"].errors
    assert Delegation.objects.get(pk=d.pk).title == "Đoàn công tác thăm Nhật Bản (sửa tên)"
    assert _members(d) == [
        ("Nguyễn Văn An", "Giám đốc; kiêm Trưởng ban", "Sở Ngoại vụ | Phòng Lãnh sự"),
        ("Lê Thị Hoa", "", "Sở Công Thương"),
        ('Trần "Bình"', "Chuyên viên", ""),
        ("Phạm Minh", '"Cố vấn"; đặc biệt', "UBND tỉnh")]
    assert list(Delegation.objects.get(pk=d.pk).contacts.values_list("counterpart", flat=True)) == [
        "Bộ Ngoại giao Nhật Bản (Vụ Đông Nam Á)"]
