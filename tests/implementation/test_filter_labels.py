"""The yes/no filters of the commitment and activity lists in the reader's language: the outside test read
"Chưa xác định / Có / Không" on the English page (the widget was made once, in Vietnamese), and took
"Chưa xác định" for a value."""
import pytest

pytestmark = pytest.mark.django_db


def _options(html, name):
    select = html.split(f'name="{name}"')[1].split("</select>")[0]
    return [part.split(">", 1)[1].split("<")[0] for part in select.split("<option")[1:]]


@pytest.mark.parametrize("path, name", [("/implementation/commitments/", "overdue"),
                                        ("/implementation/activities/", "without_agreement")])
def test_a_yes_no_filter_speaks_the_readers_language(world, client_for, path, name):
    client = client_for(world.users["officer_a"])
    assert _options(client.get(path).content.decode(), name) == ["Tất cả", "Có", "Không"]
    client.cookies["django_language"] = "en"
    assert _options(client.get(path).content.decode(), name) == ["All", "Yes", "No"]
    client.cookies["django_language"] = "vi"
    assert _options(client.get(path + f"?{name}=true").content.decode(), name) == ["Tất cả", "Có", "Không"]
