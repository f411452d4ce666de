"""Every field's error is written beside the field, not only in the summary at the top of the page (GOV.UK:
the summary links to the field, and the field says what is wrong). The field template read an `errors` that
its context never held, so from the first day no form wrote a message beside any field: its group was not
marked, and the `aria-describedby` that Django puts on the control pointed at an id no element had."""
import re

import pytest
from django import forms
from django.urls import reverse

from ngoaivu.core.forms import FormRenderer


class _Form(forms.Form):
    default_renderer = FormRenderer()
    title = forms.CharField(label="Tên thỏa thuận")
    confirm = forms.BooleanField(label="Xác nhận")
    kind = forms.ChoiceField(label="Loại", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    country = forms.ChoiceField(label="Quốc gia", choices=[("", "—"), ("KR", "Hàn Quốc")])


def _group(html, name):
    """The form group holding the control named `name`."""
    groups = re.findall(r'<div class="form-group[^"]*">.*?\n</div>', html, re.S)
    [group] = [g for g in groups if f'name="{name}"' in g]
    return group


@pytest.mark.parametrize("name, message", [("title", "Nhập tên thỏa thuận"), ("confirm", "Chọn xác nhận"),
                                           ("kind", "Chọn loại"), ("country", "Chọn quốc gia")])
def test_each_kind_of_field_writes_its_error_beside_it(name, message):
    form = _Form(data={})
    assert not form.is_valid()
    group = _group(str(form), name)
    assert "form-group--error" in group
    assert re.search(rf'<p class="error-message" id="id_{name}_error">.*{message}</p>', group), group
    # The control's aria-describedby names the message's id, which is on the page.
    if name != "kind":  # a radio group is described on its fieldset
        assert f"id_{name}_error" in re.search(r'aria-describedby="([^"]*)"', group).group(1)


def test_a_field_without_error_is_not_marked():
    form = _Form(data={"title": "Bản ghi nhớ", "confirm": "on", "kind": "a", "country": "KR"})
    assert form.is_valid()
    assert "form-group--error" not in str(form) and "error-message" not in str(form)


@pytest.mark.django_db
def test_a_refused_agreement_form_says_so_beside_the_title(world, client_for):
    response = client_for(world.users["officer_a"]).post(reverse("agreements:agreement_create"), {"title": ""})
    assert response.status_code == 200
    html = response.content.decode()
    group = _group(html, "title")
    assert "form-group--error" in group and 'id="id_title_error"' in group
    assert response.context["form"].errors["title"][0] in group


def test_the_summary_lists_each_error_once_and_links_the_visible_fields():
    from django.template.loader import render_to_string

    class Versioned(_Form):
        version = forms.IntegerField(label="Phiên bản", widget=forms.HiddenInput, error_messages={"required": "Thiếu"})

    form = Versioned(data={"confirm": "on", "kind": "a", "country": "KR"})
    assert not form.is_valid()
    html = render_to_string("core/includes/error_summary.html", {"form": form})
    assert html.count("Nhập tên thỏa thuận") == 1 and '<a href="#id_title">' in html
    assert html.count("Thiếu") == 1 and "Phiên bản: Thiếu" in html and 'href="#id_version"' not in html
