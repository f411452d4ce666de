"""A province may not name its agreement "hiệp định", "công ước", "hiệp ước" or "định ước" (Law 70/2020,
Art. 6): the check reads the words as a person sees them, whatever characters were typed between them."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from ngoaivu.agreements.rules import agreement_errors

TODAY = datetime.date(2026, 3, 1)
BYPASSES = {
    "no-break space": "Hiệp\u00a0định hợp tác kinh tế",
    "narrow no-break space": "Hiệp\u202fđịnh hợp tác",
    "zero-width space as the break": "Hiệp\u200bđịnh hợp tác",
    "zero-width space inside a word": "Hi\u200bệp định hợp tác",
    "zero-width joiner": "Công\u200d ước về du lịch",
    "soft hyphen": "Hiệp ư\u00adớc hữu nghị",
    "double space": "Hiệp  định thương mại",
    "tab": "Hiệp\tđịnh thương mại",
    "hyphen": "Hiệp-định thương mại",
    "en dash": "Công–ước hợp tác",
    "partial diacritics": "Hiệp dinh hợp tác",
    "partial diacritics, the other word": "Hiep định hợp tác",
    "no diacritics, capitals": "HIEP DINH HOP TAC",
    "decomposed (NFD) diacritics": "Hie\u0323\u0302p đi\u0323nh",
}


@pytest.mark.parametrize("title", BYPASSES.values(), ids=BYPASSES.keys())
def test_a_treaty_name_is_refused_however_it_is_typed(title):
    assert "title" in agreement_errors({"title": title}, TODAY)


@pytest.mark.parametrize("field", ["title_en", "form_other"])
def test_the_other_name_fields_are_checked_the_same_way(field):
    errors = agreement_errors({"title": "Bản ghi nhớ", field: "Hiệp\u00a0định", "form": "other"}, TODAY)
    assert field in errors


@pytest.mark.parametrize("title", ["Bản ghi nhớ hợp tác", "Kế hoạch thực hiện quy định ước tính chi phí",
                                   "Thỏa thuận về Hiệp hội doanh nghiệp", "Hợp đồng hiệp thương định kỳ"])
def test_ordinary_titles_pass(title):
    assert "title" not in agreement_errors({"title": title}, TODAY)


@pytest.mark.django_db
def test_the_register_stores_nothing_under_a_disguised_treaty_name(world):
    from ngoaivu.agreements import actions
    from ngoaivu.agreements.models import Agreement
    before = Agreement.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.create_agreement(world.users["officer_a"], locality=world.a, partners=[world.partner_kr],
                                 title="Hiệp\u200bđịnh hợp tác")
    assert "title" in error.value.message_dict
    assert Agreement.objects.count() == before
