"""Open data: only agreements marked public, for everyone; CSV and JSON valid against the schema; the
Atom feed; a partner with public and internal agreements shows only the public ones."""
import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.partners.models import Partner
from ngoaivu.reports.opendata import SCHEMA_PATH

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def published(world):
    """Guangxi has a public agreement with A (month known), an internal one with A and a national one with
    B; Gyeonggi a public one with B (year known)."""
    gx = Partner.objects.create(name="Guangxi Zhuang Autonomous Region", name_vi="Khu tự trị Quảng Tây", country="CN")
    gg = Partner.objects.create(name="Gyeonggi-do", name_vi="Tỉnh Gyeonggi", country="KR")

    def make(locality, title, visibility, partner, **extra):
        a = Agreement.objects.create(locality=locality, title=title, form="ban_ghi_nho", visibility=visibility,
                                     status="in_force", **extra)
        a.partners.add(partner)
        a.save()  # the search text includes the partners
        return a

    return {
        "public_a": make(world.a, "Bản ghi nhớ hợp tác cửa khẩu Lạng Sơn – Quảng Tây", "public", gx,
                         signed_on=datetime.date(2025, 3, 1), signed_precision="month", summary="Cửa khẩu thông minh"),
        "internal_a": make(world.a, "Thỏa thuận nội bộ về tuần tra biên giới với Quảng Tây", "internal", gx,
                           signed_on=datetime.date(2025, 5, 2)),
        "national_b": make(world.b, "Thỏa thuận toàn quốc Đà Nẵng – Quảng Tây", "national", gx),
        "public_b": make(world.b, "Bản ghi nhớ Đà Nẵng – Gyeonggi về du lịch", "public", gg,
                         signed_on=datetime.date(2019, 1, 1), signed_precision="year"),
    }


def _public_ids():
    return set(Agreement.objects.filter(visibility="public").values_list("pk", flat=True))


def test_open_data_page_lists_only_public_agreements_without_sign_in(client, published):
    response = client.get(reverse("reports:open_data"))
    assert response.status_code == 200
    listed = set(response.context["page_obj"].paginator.object_list.values_list("pk", flat=True))
    assert listed == _public_ids() and published["public_a"].pk in listed and published["public_b"].pk in listed
    html = response.content.decode()
    assert "tuần tra biên giới" not in html and "toàn quốc Đà Nẵng" not in html


def test_filtering_by_a_partner_country_with_internal_agreements_shows_only_the_public_one(client, published):
    for query in ({"country": "CN"}, {"q": "quang tay"}, {"q": "tuan tra"}):
        response = client.get(reverse("reports:open_data"), query)
        listed = list(response.context["page_obj"].object_list)
        assert all(a.visibility == "public" for a in listed)
        assert published["internal_a"] not in listed and published["national_b"] not in listed
    assert list(client.get(reverse("reports:open_data"), {"country": "CN"}).context["page_obj"].object_list) == \
        [published["public_a"]]
    assert list(client.get(reverse("reports:open_data"), {"q": "tuan tra"}).context["page_obj"].object_list) == []
    data = client.get(reverse("reports:open_data_json"), {"country": "CN"}).json()
    assert [item["id"] for item in data["agreements"]] == [published["public_a"].pk]


def test_stable_page_of_a_public_agreement_and_404_for_any_other(client, published):
    assert client.get(reverse("reports:open_data_detail", args=[published["public_a"].pk])).status_code == 200
    for key in ("internal_a", "national_b"):
        assert client.get(reverse("reports:open_data_detail", args=[published[key].pk])).status_code == 404


def test_json_download_validates_against_the_schema_and_holds_only_public_agreements(client, published):
    data = client.get(reverse("reports:open_data_json")).json()
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert {item["id"] for item in data["agreements"]} == _public_ids()
    assert data["count"] == len(_public_ids())
    by_id = {item["id"]: item for item in data["agreements"]}
    a = by_id[published["public_a"].pk]
    assert a["province"] == {"code": "20", "name": published["public_a"].locality.name}
    assert a["signed"] == "2025-03" and a["countries"] == ["CN"]
    assert by_id[published["public_b"].pk]["signed"] == "2019"
    assert by_id[published["public_b"].pk]["province"]["code"] == "48"
    assert a["url"].endswith(reverse("reports:open_data_detail", args=[published["public_a"].pk]))


def test_a_record_that_breaks_the_schema_is_caught(client, published):
    """The schema is strict enough to fail: a day-less date written as 2025-3 or a country name."""
    data = client.get(reverse("reports:open_data_json")).json()
    data["agreements"][0]["signed"] = "2025-3"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    data["agreements"][0]["signed"] = "2025"
    data["agreements"][0]["countries"] = ["China"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_csv_download_rows_validate_and_hold_only_public_agreements(client, published):
    response = client.get(reverse("reports:open_data_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    row_schema = {**SCHEMA["$defs"]["csvRow"], "$defs": SCHEMA["$defs"]}
    for row in rows:
        jsonschema.validate(row, row_schema)
    assert {int(row["id"]) for row in rows} == _public_ids()
    row = next(r for r in rows if int(r["id"]) == published["public_a"].pk)
    assert (row["province_code"], row["signed"], row["countries"]) == ("20", "2025-03", "CN")


def test_atom_feed_lists_newly_published_agreements_only(client, published):
    response = client.get(reverse("reports:open_data_feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in ET.fromstring(response.content).findall("a:entry", ns)]
    assert set(titles) == set(Agreement.objects.filter(visibility="public").values_list("title", flat=True))
    # Marking the internal one public publishes it: it comes first in the feed.
    internal = published["internal_a"]
    internal.visibility = "public"
    internal.save()
    response = client.get(reverse("reports:open_data_feed"))
    entries = ET.fromstring(response.content).findall("a:entry", ns)
    assert entries[0].findtext("a:title", namespaces=ns) == internal.title


def test_the_search_finds_only_what_the_published_record_shows(client, published):
    """The signers' names (and where a record was inherited from) are not published; the search read them in
    the register's search text and so told who signed an agreement whose record does not say it."""
    public = published["public_b"]
    public.signer_vn, public.signer_foreign, public.inherited_from = "Trần Bí Mật", "Kim Ẩn Danh", "Tỉnh Cũ Xưa"
    public.save()
    partner = public.partners.get()
    partner.aliases.create(name="경기도청")
    public.save()
    assert Agreement.objects.filter(pk=public.pk, search_text__contains=" bi mat").exists()
    for hidden in ("bi mat", "an danh", "cu xua", "Trần Bí", "경기도청"):
        assert list(client.get(reverse("reports:open_data"), {"q": hidden}).context["page_obj"].object_list) == []
        assert client.get(reverse("reports:open_data_json"), {"q": hidden}).json()["agreements"] == []
        assert "Gyeonggi" not in client.get(reverse("reports:open_data_csv"), {"q": hidden}).content.decode()
    # What the record shows is still found: its title, the partner and its country, the Vietnamese side.
    for shown in ("gyeonggi du lich", "han quoc", "Tỉnh Gyeonggi", "da nang"):
        listed = list(client.get(reverse("reports:open_data"), {"q": shown}).context["page_obj"].object_list)
        assert public in listed, shown
    item = client.get(reverse("reports:open_data_json")).json()["agreements"]
    assert not any("Bí Mật" in json.dumps(i, ensure_ascii=False) for i in item)
