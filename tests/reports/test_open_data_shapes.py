"""Open data with the agreements real registers hold: no dates at all, the same title twice (and once more
on an internal agreement), partners written in Chinese, Lao and Korean, XML's special characters, and a
former province (Bắc Giang, held by Bắc Ninh since 01/7/2025). The JSON validates against the schema and
the Atom feed has what RFC 4287 requires; every public agreement appears as it is, nothing else does."""
import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.models import Locality
from ngoaivu.partners.models import Partner
from ngoaivu.reports.opendata import SCHEMA_PATH

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
ATOM = "{http://www.w3.org/2005/Atom}"
SAME_TITLE = "Bản ghi nhớ hợp tác hữu nghị"


@pytest.fixture
def ugly(world):
    gx = Partner.objects.create(name="广西壮族自治区", name_vi="Khu tự trị dân tộc Choang Quảng Tây", country="CN")
    sk = Partner.objects.create(name="ແຂວງເຊກອງ", name_vi="Tỉnh Sê Kông", country="LA")
    gg = Partner.objects.create(name="경기도", name_vi="", country="KR")
    nameless = Partner.objects.create(name="Hiệp hội doanh nghiệp ASEAN", country="")
    bac_ninh = Locality.objects.current().get(code=24)
    bac_giang = Locality.objects.former().get(code=24)

    def make(locality, title, visibility, partners, **extra):
        a = Agreement.objects.create(locality=locality, title=title, form=extra.pop("form", "ban_ghi_nho"),
                                     visibility=visibility, status=extra.pop("status", "in_force"), **extra)
        a.partners.add(*partners)
        a.save()   # the search text includes the partners
        return a

    return {
        # Historical: nothing known of its dates, no reference, no form.
        "undated": make(world.a, "Thỏa thuận hợp tác biên giới (bản lưu trữ)", "public", [gx], form="",
                        status="signed"),
        "same_a": make(world.a, SAME_TITLE, "public", [sk], signed_on=datetime.date(2024, 1, 1),
                       signed_precision="year"),
        "same_b": make(world.b, SAME_TITLE, "public", [sk], signed_on=datetime.date(2024, 6, 3)),
        "same_internal": make(world.b, SAME_TITLE, "internal", [sk], signed_on=datetime.date(2024, 6, 4)),
        "scripts": make(world.b, "Bản ghi nhớ R&D <điện tử> giữa Đà Nẵng và 경기도", "public", [gg, gx, nameless],
                        title_en="MoU on R&D between Da Nang and Gyeonggi-do", summary="Hợp tác “R&D” — 연구 개발; 研究",
                        signed_on=datetime.date(2025, 12, 31)),
        "former": make(bac_ninh, "Thỏa thuận hợp tác hữu nghị giữa tỉnh Bắc Giang và tỉnh Gyeonggi", "public", [gg],
                       signatory_locality=bac_giang, signatory_name="UBND tỉnh Bắc Giang",
                       signed_on=datetime.date(2019, 11, 8)),
        "former_internal": make(bac_ninh, "Biên bản nội bộ của tỉnh Bắc Giang", "internal", [gg],
                                signatory_locality=bac_giang, signed_on=datetime.date(2020, 2, 1)),
        "national": make(world.a, "Thỏa thuận chỉ công bố trong nước với 广西", "national", [gx]),
    }


def _public_ids():
    return set(Agreement.objects.filter(visibility="public").values_list("pk", flat=True))


def test_json_keeps_every_shape_and_validates(client, ugly):
    response = client.get(reverse("reports:open_data_json"))
    raw = response.content.decode("utf-8")
    assert "广西壮族自治区" in raw and "ແຂວງເຊກອງ" in raw and "경기도" in raw   # UTF-8, not \\u escapes
    data = json.loads(raw)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    by_id = {item["id"]: item for item in data["agreements"]}
    assert set(by_id) == _public_ids()
    for key in ("same_internal", "former_internal", "national"):
        assert ugly[key].pk not in by_id
    undated = by_id[ugly["undated"].pk]
    assert (undated["signed"], undated["in_force"], undated["expires"], undated["form"], undated["reference"]) == \
        (None, None, None, None, "")
    same = [item for item in data["agreements"] if item["title"] == SAME_TITLE]
    assert sorted((i["province"]["code"], i["signed"]) for i in same) == [("20", "2024"), ("48", "2024-06-03")]
    assert len({i["url"] for i in same}) == 2
    scripts = by_id[ugly["scripts"].pk]
    assert scripts["title"] == "Bản ghi nhớ R&D <điện tử> giữa Đà Nẵng và 경기도"
    assert [p["name"] for p in scripts["partners"]] == [p.name for p in ugly["scripts"].partners.all()]
    assert sorted(scripts["countries"]) == ["CN", "KR"]   # the partner without a country adds none
    assert {"name": "Hiệp hội doanh nghiệp ASEAN", "name_vi": "", "country": None} in scripts["partners"]
    former = by_id[ugly["former"].pk]
    # Held by Bắc Ninh today (its code, 24, and name); signed by Bắc Giang, as it signed.
    assert former["province"] == {"code": "24", "name": Locality.objects.current().get(code=24).name}
    assert former["signatory"] == "UBND tỉnh Bắc Giang"


def test_csv_reads_back_the_same_text(client, ugly):
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("reports:open_data_csv")).content.decode("utf-8-sig"))))
    row_schema = {**SCHEMA["$defs"]["csvRow"], "$defs": SCHEMA["$defs"]}
    for row in rows:
        jsonschema.validate(row, row_schema)
    by_id = {int(r["id"]): r for r in rows}
    assert set(by_id) == _public_ids()
    assert (by_id[ugly["undated"].pk]["signed"], by_id[ugly["undated"].pk]["in_force"]) == ("", "")
    scripts = by_id[ugly["scripts"].pk]
    assert scripts["summary"] == "Hợp tác “R&D” — 연구 개발; 研究"
    assert "Khu tự trị dân tộc Choang Quảng Tây" in scripts["partners"] and "경기도" in scripts["partners"]
    assert by_id[ugly["former"].pk]["signatory"] == "UBND tỉnh Bắc Giang"


def test_pages_filters_and_search_find_each_shape_and_nothing_internal(client, ugly):
    page = lambda **query: set(client.get(reverse("reports:open_data"), query).context["page_obj"]  # noqa: E731
                               .paginator.object_list.values_list("pk", flat=True))
    assert page() == _public_ids()
    assert page(q="huu nghi") == {ugly["same_a"].pk, ugly["same_b"].pk, ugly["former"].pk}
    assert page(q="bac giang") == {ugly["former"].pk}
    assert page(province=Locality.objects.current().get(code=24).pk) == {ugly["former"].pk}
    assert page(country="KR") == {ugly["scripts"].pk, ugly["former"].pk}
    assert page(q="广西") == {ugly["undated"].pk, ugly["scripts"].pk}
    for key in ("undated", "scripts", "former", "same_b"):
        response = client.get(reverse("reports:open_data_detail", args=[ugly[key].pk]))
        assert response.status_code == 200
        assert ugly[key].title in response.content.decode() or "&lt;điện tử&gt;" in response.content.decode()
    for key in ("same_internal", "former_internal", "national"):
        assert client.get(reverse("reports:open_data_detail", args=[ugly[key].pk])).status_code == 404


def test_atom_feed_is_well_formed_and_complete(client, ugly):
    response = client.get(reverse("reports:open_data_feed"))
    feed = ET.fromstring(response.content)   # raises on anything not well-formed (the "<", "&" in a title)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None and feed.findtext(f"{ATOM}{required}").strip()
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids)) == len(_public_ids())
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}").strip()
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    titles = sorted(e.findtext(f"{ATOM}title") for e in entries)
    assert titles == sorted(Agreement.objects.filter(visibility="public").values_list("title", flat=True))
    assert titles.count(SAME_TITLE) == 2
    assert "Bản ghi nhớ R&D <điện tử> giữa Đà Nẵng và 경기도" in titles
    assert not any("nội bộ" in t or "chỉ công bố trong nước" in t for t in titles)


def test_a_former_provinces_agreement_without_a_signatory_name_is_signed_by_that_province(client, world):
    """A 2019 agreement of Bắc Giang (held by Bắc Ninh since 01/7/2025) with no signatory typed: published as
    signed by Bắc Giang, as it signed (it read Bắc Ninh), and held by Bắc Ninh; in the JSON and the CSV."""
    bac_giang = Locality.objects.get(code=24, successor__isnull=False)
    bac_ninh = bac_giang.today
    made = Agreement.objects.create(locality=bac_ninh, signatory_locality=bac_giang, visibility="public",
                                    title="Bản ghi nhớ hợp tác nông nghiệp Bắc Giang – Jeollanam-do",
                                    form="ban_ghi_nho", status="in_force", signed_on=datetime.date(2019, 5, 3))
    made.partners.add(Partner.objects.create(name="Jeollanam-do", country="KR", locality=bac_ninh))
    body = json.loads(client.get(reverse("reports:open_data_json")).content)
    [item] = [i for i in body["agreements"] if i["id"] == made.pk]
    assert (item["signatory"], item["province"]["name"]) == (bac_giang.name, bac_ninh.name)
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("reports:open_data_csv")).content.decode("utf-8-sig"))))
    assert [r["signatory"] for r in rows if r["id"] == str(made.pk)] == [bac_giang.name]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_downloads_plain_rows_write_what_each_agreements_record_writes(client, ugly, world, language):
    """The downloads read the agreements as plain rows (records(): models were half of a download's CPU), with
    the model's own form, status and signatory wording: for every shape (a signing department, the other form
    typed, a former province as signatory, dates known by year, none at all) in either language, each row writes
    what record() writes from the model, and the files hold it."""
    from django.utils import translation

    from ngoaivu.core.models import Unit
    from ngoaivu.reports import opendata
    unit = Unit.objects.create(locality=world.a, name="Sở Ngoại vụ tỉnh A", kind="department")
    departmental = Agreement.objects.create(locality=world.a, signing_unit=unit, title="Thỏa thuận cấp sở",
                                            form="other", form_other="Biên bản hội đàm", visibility="public",
                                            status="expired", signed_on=datetime.date(2018, 3, 1),
                                            signed_precision="month", expires_on=datetime.date(2023, 3, 1))
    stray = Agreement.objects.create(locality=world.b, title="Hình thức khác để lại", form="ban_ghi_nho",
                                     form_other="không công bố", visibility="public", status="draft")
    ordered = opendata.public_agreements().order_by("-signed_on", "-pk")
    with translation.override(language):
        expected = [opendata.record(a, "http://testserver") for a in ordered]
        assert list(opendata.records(ordered, "http://testserver")) == expected
    by_id = {item["id"]: item for item in expected}
    assert by_id[departmental.pk]["signatory"] == "Sở Ngoại vụ tỉnh A"
    assert by_id[departmental.pk]["form_label"] == "Biên bản hội đàm"
    assert by_id[departmental.pk]["signed"] == "2018-03"
    assert by_id[stray.pk]["form_label"] != "không công bố"
    assert by_id[ugly["former"].pk]["signatory"] == "UBND tỉnh Bắc Giang"
    assert by_id[ugly["undated"].pk]["signed"] is None
    status = {"vi": "Đã hết hiệu lực", "en": "Expired"}[language]
    assert by_id[departmental.pk]["status_label"].lower() == status.lower()
    with translation.override(language):  # the request's language would stay active for the next tests
        body = json.loads(client.get(reverse("reports:open_data_json"), HTTP_ACCEPT_LANGUAGE=language).content)
    assert [i["id"] for i in body["agreements"]] == [a.pk for a in ordered]
