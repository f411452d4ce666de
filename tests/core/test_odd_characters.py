"""Odd characters in an address: a NUL answers 400 everywhere (PostgreSQL raises on it, SQLite did not), before a
view that reads its own query parameters can pass it to the database — the fuzzer found one such view."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/api/indicator-values/?period=&indicator=_1%F1%86%82%B4%00%C2%AB&locality=-1497",
    "/api/agreements/?search=a%00b",
    "/api/agreements/?x%00=1",
])
def test_the_api_refuses_a_nul_with_a_json_400_naming_the_parameter(world, client_for, url):
    response = client_for(world.users["central"]).get(url)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    body = response.json()
    assert "NUL" in body["detail"] and body["errors"]


@pytest.mark.parametrize("url", ["/agreements/?q=%00", "/partners/?q=x%00", "/indicators/?period=2025%00"])
def test_a_page_refuses_a_nul_with_a_vietnamese_400_page(world, client_for, url):
    response = client_for(world.users["officer_a"]).get(url)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_the_same_search_without_the_nul_is_answered(world, client_for):
    client = client_for(world.users["officer_a"])
    assert client.get("/agreements/?q=ab").status_code == 200
    assert client.get("/api/indicator-values/?period=2025&indicator=nothing").status_code == 400  # no such code


def test_a_superscript_digit_is_not_taken_for_an_id(world, client_for):
    """"²".isdigit() is true in Python and int("²") raises: id parameters are checked with isdecimal()."""
    client = client_for(world.users["central"])
    response = client.get("/api/opportunity-interests/?opportunity=%C2%B2")
    assert response.status_code == 200 and response.json()["results"] == []


def test_every_api_operation_documents_the_400_of_a_bad_address():
    """The middleware answers before any view, so every operation, reads too, may answer 400 (schemathesis
    fails an undocumented status)."""
    from drf_spectacular.generators import SchemaGenerator
    schema = SchemaGenerator().get_schema(request=None, public=True)
    missing = [(path, method) for path, operations in schema["paths"].items()
               for method, operation in operations.items() if "400" not in operation["responses"]]
    assert schema["paths"] and not missing
