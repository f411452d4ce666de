"""An agreement's form (Bản ghi nhớ, Thỏa thuận…) is one of the list, whoever writes it: the page, the API and
the import offer the list; the actions, called from code (a script, a shell), refuse anything else with the
field named, and nothing is written."""
import pytest
from django.core.exceptions import ValidationError

from ngoaivu.agreements import actions
from ngoaivu.agreements.models import Agreement

pytestmark = pytest.mark.django_db


def test_creating_an_agreement_with_a_form_not_in_the_list_is_refused_naming_the_field(world):
    officer = world.users["officer_a"]
    count, history = Agreement.objects.count(), Agreement.history.count()
    with pytest.raises(ValidationError) as refused:
        actions.create_agreement(officer, locality=world.a, partners=[world.partner_kr], form="hiep_dinh",
                                 title="Bản ghi nhớ với hình thức lạ")
    assert refused.value.message_dict["form"] == [
        "Chọn hình thức trong danh sách (“hiep_dinh” không phải hình thức của thỏa thuận)"]
    assert Agreement.objects.count() == count and Agreement.history.count() == history
    assert not Agreement.objects.filter(title="Bản ghi nhớ với hình thức lạ").exists()


def test_an_edit_to_a_form_not_in_the_list_is_refused_and_the_stored_form_kept(world):
    officer = world.users["officer_a"]
    agreement = actions.create_agreement(officer, locality=world.a, partners=[world.partner_kr], form="ban_ghi_nho",
                                         title="Bản ghi nhớ sẽ sửa hình thức")
    with pytest.raises(ValidationError) as refused:
        actions.update_agreement(officer, agreement, form="Bản ghi nhớ")  # the label, not the value
    assert "hình thức" in refused.value.message_dict["form"][0]
    assert Agreement.objects.get(pk=agreement.pk).form == "ban_ghi_nho"


@pytest.mark.parametrize("form", ["", "ban_ghi_nho", "other"])
def test_a_form_of_the_list_or_none_is_accepted(world, form):
    created = actions.create_agreement(world.users["officer_a"], locality=world.a, partners=[world.partner_kr],
                                       form=form, form_other="Chương trình khung" if form == "other" else "",
                                       title=f"Thỏa thuận hình thức {form or 'trống'}")
    assert Agreement.objects.get(pk=created.pk).form == form
