from ngoaivu.core.text import build_search_text, fold, search_q


def test_fold_removes_diacritics_and_case_and_stroke():
    assert fold("Đà Nẵng") == "da nang"
    assert fold("ĐẮK LẮK") == "dak lak"


def test_fold_treats_nfd_and_nfc_alike():
    import unicodedata
    assert fold(unicodedata.normalize("NFD", "Hòa Bình")) == fold("Hoà Bình") == "hoa binh"


def test_fold_turns_punctuation_into_single_spaces():
    assert fold("Bà Rịa - Vũng Tàu") == "ba ria vung tau"


def test_search_text_pads_words_for_prefix_matching():
    assert build_search_text(["Hà Nội", None, "Thủ đô"]) == " ha noi thu do "


def test_empty_term_gives_no_filter():
    assert search_q("  ") is None
