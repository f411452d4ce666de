"""Country names as the Foreign Ministry writes them: none of the package catalogue's machine-translation
howlers reach a page, a list or an export."""
import re

import pytest
from django.utils import translation

from ngoaivu.core.countries import country_choices, country_name


@pytest.mark.parametrize("code, vietnamese", [
    ("SZ", "Eswatini"), ("RE", "Réunion"), ("LY", "Li-bi"), ("PS", "Palestine"), ("LC", "Xanh Lu-xi-a"),
    ("MF", "Saint Martin (thuộc Pháp)"), ("CX", "Đảo Christmas"), ("CD", "Cộng hòa Dân chủ Công-gô"),
    ("GE", "Gru-di-a"), ("KR", "Hàn Quốc"),
])
def test_vietnamese_names_are_the_ministrys(code, vietnamese):
    with translation.override("vi"):
        assert country_name(code) == vietnamese


def test_no_machine_translation_howler_is_left_in_the_vietnamese_list():
    with translation.override("vi"):
        names = [name for _code, name in country_choices()]
    howlers = re.compile(r"^Tiếng |^Thánh |Đoàn tụ|Lybia|, Bang$|phần tiếng|Giáng Sinh|\(Liên bang\)|\(Cộng hòa")
    assert [n for n in names if howlers.search(n)] == []
    assert len(names) == len(set(names)), "two countries share a name"


def test_english_names_are_plain():
    with translation.override("en"):
        assert country_name("NR") == "Nauru"
        assert country_name("BS") == "Bahamas"
        assert country_name("SZ") == "Eswatini"
        assert country_name("LY") == "Libya"
