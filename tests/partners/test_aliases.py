"""Identity without duplicates: aliases in other romanisations and scripts, identifiers, hierarchy, and
folded alias-aware matching — in the directory's search, the htmx suggestions, the forms and the import."""
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ngoaivu.agreements import imports
from ngoaivu.partners import actions
from ngoaivu.partners.models import Partner, PartnerAlias
from tests.agreements.factories import register_workbook

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def chungbuk(world):
    return actions.create_partner(world.users["officer_a"], name="Chungcheongbuk-do", name_vi="Tỉnh Chungcheong Bắc",
                                  country="KR", aliases=["Chungbuk", "충청북도", "chungbuk"])


@pytest.fixture
def guangxi(world):
    return actions.create_partner(world.users["central"], name="广西壮族自治区", name_vi="Quảng Tây", country="CN",
                                  kind="local_gov", aliases=["Guangxi", "广西"])


def test_aliases_are_stored_once_each_and_searched_folded(world, chungbuk, guangxi):
    assert sorted(PartnerAlias.objects.filter(partner=chungbuk).values_list("name", flat=True)) == ["Chungbuk", "충청북도"]
    assert list(Partner.objects.search("chungbuk")) == [chungbuk]
    assert list(Partner.objects.search("CHUNGBUK")) == [chungbuk]
    assert list(Partner.objects.search("충청")) == [chungbuk]
    assert list(Partner.objects.search("quang tay")) == [guangxi]
    assert list(Partner.objects.search("guangxi")) == [guangxi]
    assert list(Partner.objects.search("广西")) == [guangxi]


def test_the_directory_list_finds_a_partner_by_its_alias(world, chungbuk, client_for):
    html = client_for(world.users["officer_b"]).get(reverse("partners:partner_list") + "?q=chungbuk").content.decode()
    assert "Chungcheongbuk-do" in html and "충청북도" in html


def test_suggestions_come_from_the_first_keystroke_and_say_which_alias_matched(world, chungbuk, guangxi, client_for):
    client = client_for(world.users["officer_b"])
    url = reverse("partners:partner_suggest")
    first = client.get(url, {"name": "c"}, **HTMX).content.decode()
    assert "Chungcheongbuk-do" in first
    html = client.get(url, {"name": "chungb"}, **HTMX).content.decode()
    assert "Chungcheongbuk-do" in html and "Chungbuk" in html
    html = client.get(url, {"partner_q": "quang t", "pick": "partners"}, **HTMX).content.decode()
    assert f'name="partners" value="{guangxi.pk}"' in html
    assert "Chưa có đối tác nào khớp" in client.get(url, {"name": "zzzz"}, **HTMX).content.decode()
    # Without htmx: the directory searched for the same words.
    plain = client.get(url, {"name": "chungbuk"})
    assert plain.status_code == 302 and plain["Location"].endswith("?q=chungbuk")


def test_creating_a_partner_named_by_an_alias_offers_the_existing_one(world, guangxi, client_for):
    with pytest.raises(ValidationError, match="Đã có đối tác"):
        actions.create_partner(world.users["officer_b"], name="Guangxi", country="CN")
    response = client_for(world.users["officer_b"]).post(reverse("partners:partner_create"), {
        "name": "Guangxi Zhuang Autonomous Region", "aliases": "广西", "kind": "local_gov", "country": "CN"})
    assert response.status_code == 200 and "Có thể bạn đang tìm" in response.content.decode()
    assert Partner.objects.filter(country="CN").count() == 1


def test_the_agreement_form_selects_the_existing_partner_typed_by_its_alias(world, guangxi, client_for):
    client = client_for(world.users["officer_a"])
    page = client.get(reverse("agreements:agreement_create")).content.decode()
    assert 'hx-get="/partners/suggest/"' in page and "广西壮族自治区" not in page  # no list of every partner
    response = client.post(reverse("agreements:agreement_create"), {
        "locality": world.a.pk, "title": "Thỏa thuận hợp tác với Quảng Tây", "channel": "state",
        "visibility": "internal", "new_partner_name": "guangxi", "new_partner_country": "CN", "new_partner_kind": "local_gov"})
    html = response.content.decode()
    assert response.status_code == 200 and "Quảng Tây" in html
    assert f'name="partners" value="{guangxi.pk}"' in html
    assert Partner.objects.filter(country="CN").count() == 1


def test_identifiers_hierarchy_and_aliases_are_edited_and_read_back(world, chungbuk, client_for):
    parent = actions.create_partner(world.users["officer_a"], name="Republic of Korea Ministry of Interior", country="KR",
                                    kind="gov_agency")
    response = client_for(world.users["officer_a"]).post(reverse("partners:partner_edit", args=[chungbuk.pk]), {
        "name": "Chungcheongbuk-do", "name_vi": "Tỉnh Chungcheong Bắc", "kind": "local_gov", "country": "KR",
        "parent": parent.pk, "website": "https://www.chungbuk.go.kr", "registration_number": "KR-43",
        "wikidata_id": "q41151", "aliases": "Chungbuk\nNorth Chungcheong", "notes": "",
        "_version": chungbuk.history.count()})
    assert response.status_code == 302, response.content.decode()[:3000]
    chungbuk.refresh_from_db()
    assert (chungbuk.parent, chungbuk.registration_number, chungbuk.wikidata_id) == (parent, "KR-43", "Q41151")
    assert sorted(chungbuk.alias_names) == ["Chungbuk", "North Chungcheong"]
    assert list(Partner.objects.search("north chungch")) == [chungbuk]
    assert not Partner.objects.search("충청북도").exists()
    with pytest.raises(ValidationError, match="Wikidata"):
        actions.update_partner(world.users["central"], chungbuk, wikidata_id="41151")
    with pytest.raises(ValidationError, match="cấp trên"):
        actions.update_partner(world.users["central"], parent, parent=chungbuk)


def test_the_api_reads_and_writes_aliases(world, chungbuk, client_for):
    client = client_for(world.users["officer_a"])
    body = client.get(f"/api/partners/{chungbuk.pk}/").json()
    assert sorted(body["aliases"]) == ["Chungbuk", "충청북도"]
    created = client.post("/api/partners/", {"name": "Gangwon-do", "country": "KR", "kind": "local_gov",
                                             "aliases": ["Kangwon", "강원도"]}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert sorted(Partner.objects.get(name="Gangwon-do").alias_names) == ["Kangwon", "강원도"]
    assert [p["name"] for p in client.get("/api/partners/?q=kangwon").json()["results"]] == ["Gangwon-do"]


def _import(user, rows):
    out = register_workbook(rows)
    result = imports.check_file(out, user, today=datetime.date(2026, 2, 2))
    assert result.ok, result.errors
    return imports.commit(result, user, today=datetime.date(2026, 2, 2))


def test_the_import_finds_a_partner_by_its_alias_and_gives_new_ones_their_vietnamese_name_and_kind(world, guangxi):
    officer = world.users["officer_a"]
    _import(officer, [
        {"title": "Biên bản hợp tác với Quảng Tây", "partners": "Guangxi", "countries": "Trung Quốc"},
        {"title": "Bản ghi nhớ với Đại học Chungbuk", "partners": "Chungbuk National University; Cheongju City",
         "countries": "KR", "partners_vi": "Trường Đại học Quốc gia Chungbuk; Thành phố Cheongju",
         "partner_kinds": "Trường đại học, viện nghiên cứu; Chính quyền địa phương nước ngoài"},
    ])
    assert Partner.objects.filter(country="CN").count() == 1
    from ngoaivu.agreements.models import Agreement
    assert list(Agreement.objects.get(title="Biên bản hợp tác với Quảng Tây").partners.all()) == [guangxi]
    university = Partner.objects.get(name="Chungbuk National University")
    assert (university.name_vi, university.kind) == ("Trường Đại học Quốc gia Chungbuk", "university")
    city = Partner.objects.get(name="Cheongju City")
    assert (city.name_vi, city.kind) == ("Thành phố Cheongju", "local_gov")
    assert list(Partner.objects.search("dai hoc quoc gia chungbuk")) == [university]


def test_an_unknown_partner_kind_is_an_error_naming_the_column(world):
    out = register_workbook([{"title": "X", "partners": "Busan", "countries": "KR", "partner_kinds": "Hành tinh"}])
    result = imports.check_file(out, world.users["officer_a"], today=datetime.date(2026, 2, 2))
    assert not result.ok
    assert any("Loại đối tác" in str(e) and "Hành tinh" in str(e) for e in result.errors)


def test_the_directory_export_holds_the_other_names_and_identifiers(world, chungbuk, client_for):
    from openpyxl import load_workbook
    actions.update_partner(world.users["central"], chungbuk, wikidata_id="Q41151")
    response = client_for(world.users["officer_b"]).get(reverse("partners:partner_export") + "?q=chungbuk")
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert rows[0][:3] == ["Tên theo cách đối tác viết", "Tên tiếng Việt", "Tên khác"]
    assert len(rows) == 2 and rows[1][0] == "Chungcheongbuk-do"
    assert rows[1][2] == "Chungbuk; 충청북도" and rows[1][8] == "Q41151"


def test_the_api_does_not_place_a_partner_under_a_merged_one(world, chungbuk, client_for):
    """A merged duplicate is hidden everywhere (its subsidiaries moved to the partner kept): the page's
    "Trực thuộc" never offers it, and the API refused it neither on a change nor on a new partner."""
    merged = world.merge.duplicate
    client = client_for(world.users["officer_a"])
    response = client.patch(f"/api/partners/{chungbuk.pk}/", {"parent": merged.pk}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["parent"]
    chungbuk.refresh_from_db()
    assert chungbuk.parent_id is None
    response = client.post("/api/partners/", {"name": "Seogwipo", "country": "KR", "kind": "local_gov",
                                              "parent": merged.pk}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["parent"]
    assert not Partner.objects.filter(name="Seogwipo").exists()
    # The partner kept is offered as ever.
    response = client.patch(f"/api/partners/{chungbuk.pk}/", {"parent": world.merge.survivor.pk},
                            content_type="application/json")
    assert response.status_code == 200, response.content
    chungbuk.refresh_from_db()
    assert chungbuk.parent_id == world.merge.survivor.pk


def test_a_change_of_other_names_is_written_in_the_partners_history(world, chungbuk, client_for):
    """Other names are how a partner is found: who removed "Chungbuk" and added "North Chungcheong" shows in
    the history, not an edit that lists no change."""
    client = client_for(world.users["officer_a"])
    form = client.get(reverse("partners:partner_edit", args=[chungbuk.pk])).context["form"]
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    post["aliases"] = "충청북도\nNorth Chungcheong"
    assert client.post(reverse("partners:partner_edit", args=[chungbuk.pk]), post).status_code == 302
    assert sorted(Partner.objects.get(pk=chungbuk.pk).alias_names) == ["North Chungcheong", "충청북도"]
    page = client.get(chungbuk.get_absolute_url())
    entry = page.context["history"][0]
    assert entry["who"] == str(world.users["officer_a"])  # the name the page shows
    shown = " ".join(f"{c['field']}: {c['old']} → {c['new']}" for c in entry["changes"]) + " " + entry["reason"]
    assert "Chungbuk" in shown and "North Chungcheong" in shown, entry
    html = page.content.decode()
    assert "North Chungcheong" in html[html.index('id="history-title"'):]
    # A save that leaves the other names as they were says nothing about them.
    form = client.get(reverse("partners:partner_edit", args=[chungbuk.pk])).context["form"]
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    post["notes"] = "Kết nghĩa từ 2010"
    assert client.post(reverse("partners:partner_edit", args=[chungbuk.pk]), post).status_code == 302
    entry = client.get(chungbuk.get_absolute_url()).context["history"][0]
    assert "North Chungcheong" not in str(entry["changes"]) + entry["reason"]


def test_a_long_change_of_other_names_is_kept_whole_in_the_partners_history(world, chungbuk, client_for):
    """A partner's history reason was cut at 100 characters (simple-history's default column), so whoever
    read "Tên khác: Chungbuk, 충청북도 → …" lost the end of the new names without being told."""
    names = ["North Chungcheong Province", "Chungcheongbuk-do Provincial Government", "충청북도청",
             "Chungcheong-bukdo", "Tỉnh Bắc Chungcheong"]
    client = client_for(world.users["central"])
    form = client.get(reverse("partners:partner_edit", args=[chungbuk.pk])).context["form"]
    post = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    post["aliases"] = "\n".join(names)
    assert client.post(reverse("partners:partner_edit", args=[chungbuk.pk]), post).status_code == 302
    stored = Partner.objects.get(pk=chungbuk.pk).history.order_by("-history_id").first().history_change_reason
    assert len(stored) > 100 and stored.endswith("Tỉnh Bắc Chungcheong"), stored
    entry = client.get(chungbuk.get_absolute_url()).context["history"][0]
    assert all(name in entry["reason"] for name in names), entry["reason"]


def test_reversing_the_longer_history_reasons_refuses_while_a_long_one_is_there(world, chungbuk):
    """Reversing partners 0007 shortens the column to 100 characters, which PostgreSQL does by cutting every
    longer reason silently: the reverse step refuses while one is there, and passes once none is."""
    import importlib

    from django.apps import apps
    from django.db.migrations.exceptions import IrreversibleError
    step = importlib.import_module("ngoaivu.partners.migrations.0007_partner_history_reason_whole")
    history = Partner.history.model
    history.objects.filter(id=chungbuk.pk).update(history_change_reason="x" * 100)
    step.refuse_long_reasons(apps, None)  # 100 characters fit: nothing refused
    row = history.objects.filter(id=chungbuk.pk).first()
    history.objects.filter(pk=row.pk).update(history_change_reason="y" * 101)
    with pytest.raises(IrreversibleError, match="1 partner history reasons"):
        step.refuse_long_reasons(apps, None)
    assert history.objects.get(pk=row.pk).history_change_reason == "y" * 101
