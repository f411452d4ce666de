"""Figures typed the Vietnamese way on the activity and plan forms. The outside test typed "2500000,5" into
"Kim ngạch thương mại (USD)" in Chromium and got 25.000.005 saved: the field was `type=number`, which the
browser reads by its own locale. The fields are text boxes read by core.numbers, like every import."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.implementation.models import Activity, Plan
from tests.implementation.factories import agreement

pytestmark = pytest.mark.django_db


def _post(client, a, **figures):
    return client.post(reverse("implementation:activity_create_for", args=[a.pk]), {
        "kind": "meeting", "title": "Hội đàm xúc tiến thương mại",
        "occurred_on": datetime.date.today().strftime("%d/%m/%Y"), **figures})


def test_grouped_figures_are_saved_as_typed_and_shown_back_grouped(world, client_for):
    a = agreement(world.a, signed_months_ago=20)
    client = client_for(world.users["officer_a"])
    page = client.get(reverse("implementation:activity_create_for", args=[a.pk])).content.decode()
    assert 'type="number"' not in page
    response = _post(client, a, trade_value_usd="1.500.000", investment_pledged_usd="2 500 000", aid_usd="75.000,00",
                     people_trained="1.200")
    assert response.status_code == 302, response.context["form"].errors
    saved = Activity.objects.get(agreement=a)
    assert (saved.trade_value_usd, saved.investment_pledged_usd, saved.aid_usd, saved.people_trained) == \
        (1_500_000, 2_500_000, 75_000, 1_200)
    edit = client.get(reverse("implementation:activity_edit", args=[saved.pk])).content.decode()
    assert 'value="1500000"' in edit and 'value="1200"' in edit


@pytest.mark.parametrize("field, typed, message", [
    ("trade_value_usd", "2500000,5", "Kim ngạch thương mại (USD): chỉ nhập số nguyên, không có phần thập phân"),
    ("aid_usd", "hai triệu", "Viện trợ (USD): viết số như 1.250.000 hoặc 1.234,5"),
    ("people_trained", "12,5", "Số người được đào tạo: nhập một số nguyên, như 1.200"),
    ("trade_value_usd", "1" + "0" * 20, "Kim ngạch thương mại (USD): số quá lớn"),
    ("trade_value_usd", "2.500.000.5", "Kim ngạch thương mại (USD): viết số như 1.250.000 hoặc 1.234,5"),
])
def test_a_figure_that_is_not_one_is_refused_on_its_field_and_nothing_is_saved(world, client_for, field, typed,
                                                                                message):
    a = agreement(world.a, signed_months_ago=20)
    response = _post(client_for(world.users["officer_a"]), a, **{field: typed})
    assert response.status_code == 200
    errors = response.context["form"][field].errors
    assert errors and errors[0].startswith(message.split(":")[0]) and message.split(": ")[1] in errors[0], errors
    assert typed in response.content.decode()  # what was typed stays in the box
    assert not Activity.objects.filter(agreement=a).exists()


def test_a_plans_budget_in_dong_is_read_with_its_dots(world, client_for):
    a = agreement(world.a, signed_months_ago=20)
    client = client_for(world.users["officer_a"])
    year = datetime.date.today().year - 1  # the factory plans this year already
    response = client.post(reverse("implementation:plan_create", args=[a.pk]), {
        "year": str(year), "status": "draft", "budget_vnd": "1.250.000.000"})
    assert response.status_code == 302, response.context["form"].errors
    assert Plan.objects.get(agreement=a, year=year).budget_vnd == 1_250_000_000


def test_a_negative_budget_is_refused_on_its_field(world, client_for):
    a = agreement(world.a, signed_months_ago=20)
    year = datetime.date.today().year - 1
    response = client_for(world.users["officer_a"]).post(reverse("implementation:plan_create", args=[a.pk]), {
        "year": str(year), "status": "draft", "budget_vnd": "-1.000.000"})
    assert response.status_code == 200 and response.context["form"]["budget_vnd"].errors
    assert not Plan.objects.filter(agreement=a, year=year).exists()
