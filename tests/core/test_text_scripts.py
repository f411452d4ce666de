"""Search in every script: Korean, Chinese, Thai and Lao titles are found as typed, Vietnamese without
diacritics still works, and a query of only punctuation finds nothing instead of everything."""
import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.text import build_search_text, fold, search_q
from tests.agreements.factories import agreement, partner

KOREAN = "충청북도와의 우호협력 협약"
CHINESE = "崇左市合作备忘录"
THAI = "บันทึกความเข้าใจว่าด้วยความร่วมมือ"
LAO = "ບົດບັນທຶກຄວາມເຂົ້າໃຈ ແຂວງຫົວພັນ"


def test_fold_keeps_letters_of_other_scripts_with_their_marks():
    assert fold(KOREAN) == KOREAN
    assert fold(CHINESE) == CHINESE
    assert fold(THAI) == THAI
    assert fold(LAO) == LAO
    assert fold("東京都（日本）") == "東京都 日本"


def test_fold_still_strips_vietnamese_and_latin_diacritics():
    assert fold("Đà Nẵng") == "da nang"
    assert fold("Réunion, Genève") == "reunion geneve"
    assert fold("Thành phố Hồ Chí Minh – 崇左") == "thanh pho ho chi minh 崇左"


def test_search_text_keeps_a_mixed_title_whole():
    assert build_search_text(["MOU 崇左市", "Hà Giang"]) == " mou 崇左市 ha giang "


def test_a_query_of_only_punctuation_matches_nothing_rather_than_everything():
    assert search_q("?!…") is not None
    assert search_q("   ") is None


@pytest.fixture
def titled(world):
    officer = world.users["officer_a"]
    made = {}
    for key, title, country in (("ko", KOREAN, "KR"), ("zh", CHINESE, "CN"), ("th", THAI, "TH"),
                                ("lo", LAO, "LA"), ("vi", "Bản ghi nhớ với Đà Nẵng", "KR")):
        made[key] = agreement(officer, world.a, title=title,
                              partners=[partner(name=f"Partner {key}", country=country, name_vi="")])
    return made




def found(term, titled):
    """Titles among the test's agreements (the world has others) that the search finds."""
    mine = Agreement.objects.filter(pk__in=[a.pk for a in titled.values()])
    return set(mine.search(term).values_list("title", flat=True))


@pytest.mark.parametrize("term, title", [
    ("협약", KOREAN), ("충청북도", KOREAN), ("우호", KOREAN), ("崇左", CHINESE), ("备忘录", CHINESE),
    ("ความร่วมมือ", THAI), ("บันทึก", THAI), ("ຫົວພັນ", LAO), ("ບົດບັນທຶກ", LAO),
    ("da nang", "Bản ghi nhớ với Đà Nẵng"),
])
@pytest.mark.django_db
def test_a_title_in_any_script_is_found_by_a_word_typed_as_is(titled, term, title):
    assert found(term, titled) == {title}


@pytest.mark.django_db
def test_latin_words_still_match_by_word_prefix_only(titled):
    assert found("nang", titled) == {"Bản ghi nhớ với Đà Nẵng"}
    assert found("ang", titled) == set()


@pytest.mark.django_db
def test_register_page_with_a_korean_query_lists_only_the_korean_agreement(titled, world, client_for):
    page = client_for(world.users["officer_a"]).get(reverse("agreements:agreement_list"), {"q": "협약"})
    assert page.status_code == 200
    shown = {row.pk for row in page.context["page_obj"].object_list}  # the list's rows are values (row_columns)
    assert titled["ko"].pk in shown
    assert titled["zh"].pk not in shown
    assert all("협약" in a.title for a in page.context["page_obj"].object_list)


@pytest.mark.django_db
def test_api_with_a_chinese_query_returns_only_the_chinese_agreement(titled, world, client_for):
    reply = client_for(world.users["officer_a"]).get("/api/agreements/", {"q": "崇左"})
    assert reply.status_code == 200
    assert [row["id"] for row in reply.json()["results"]] == [titled["zh"].pk]  # not every record


@pytest.mark.django_db
def test_a_punctuation_query_on_the_register_says_no_results(titled, world, client_for):
    page = client_for(world.users["officer_a"]).get(reverse("agreements:agreement_list"), {"q": "?!"})
    assert list(page.context["page_obj"].object_list) == []
    assert "Không có thỏa thuận nào khớp bộ lọc" in page.content.decode()
    reply = client_for(world.users["officer_a"]).get("/api/agreements/", {"q": "—"})
    assert reply.json()["results"] == []


@pytest.mark.django_db
def test_the_migrations_recompute_search_text_folded_before_scripts_were_kept(titled):
    """Rows saved before this change hold " " where a Korean or Chinese title was; the data migrations
    recompute them so they are found without being saved again."""
    import importlib

    from django.apps import apps

    from ngoaivu.partners.models import Partner
    Agreement.objects.filter(pk=titled["ko"].pk).update(search_text=" ")
    Partner.objects.filter(name="Partner zh").update(search_text=" partner zh ", name_key="")
    for module in ("ngoaivu.partners.migrations.0002_refold_search_text",
                   "ngoaivu.agreements.migrations.0007_refold_search_text",
                   "ngoaivu.exchanges.migrations.0003_refold_search_text",
                   "ngoaivu.implementation.migrations.0006_refold_search_text"):
        importlib.import_module(module).refold(apps, None)
    assert found("협약", titled) == {KOREAN}
    zh = Partner.objects.get(name="Partner zh")
    assert zh.name_key == "partner zh" and "trung quoc" in zh.search_text
