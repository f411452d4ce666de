"""Open data: only agreements marked public, for everyone; CSV and JSON valid against the schema; the
Atom feed; a partner with public and internal agreements shows only the public ones."""
import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from django.db import DatabaseError, connection
from django.urls import reverse

from ngoaivu.agreements.models import Agreement
from ngoaivu.partners.models import Partner
from ngoaivu.reports import opendata
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


def _listed(response):
    """The agreements the open data's page lists, in its order (its page holds plain rows, reports.opendata)."""
    pks = [row.pk for row in response.context["page_obj"].object_list]
    found = Agreement.objects.in_bulk(pks)
    return [found[pk] for pk in pks]


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
        listed = _listed(response)
        assert all(a.visibility == "public" for a in listed)
        assert published["internal_a"] not in listed and published["national_b"] not in listed
    assert _listed(client.get(reverse("reports:open_data"), {"country": "CN"})) == \
        [published["public_a"]]
    assert _listed(client.get(reverse("reports:open_data"), {"q": "tuan tra"})) == []
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
        assert _listed(client.get(reverse("reports:open_data"), {"q": hidden})) == []
        assert client.get(reverse("reports:open_data_json"), {"q": hidden}).json()["agreements"] == []
        assert "Gyeonggi" not in client.get(reverse("reports:open_data_csv"), {"q": hidden}).content.decode()
    # What the record shows is still found: its title, the partner and its country, the Vietnamese side.
    for shown in ("gyeonggi du lich", "han quoc", "Tỉnh Gyeonggi", "da nang"):
        listed = _listed(client.get(reverse("reports:open_data"), {"q": shown}))
        assert public in listed, shown
    item = client.get(reverse("reports:open_data_json")).json()["agreements"]
    assert not any("Bí Mật" in json.dumps(i, ensure_ascii=False) for i in item)


def test_the_search_leaves_out_unpublished_words_in_sql_and_the_register_still_finds_them(client, published,
                                                                                      world, client_for,
                                                                                      django_assert_num_queries):
    """The open data tested each candidate in Python (its published text rebuilt, partners read): a common
    word over 10,000 public agreements with their signers recorded cost 3 s of CPU a request on a public page.
    The unpublished words now sit after core.text.PRIVATE_MARK and the search is one statement whatever it
    matches; the register (its own readers) still finds the signers."""
    public = published["public_b"]
    public.signer_vn = "Nguyễn Văn Bí Mật"
    public.save()
    # A word both published (the title) and unpublished (a signer's name) is found through the title.
    shared = published["public_a"]
    shared.signer_foreign = "Cửa Khẩu"
    shared.save()
    shared.refresh_from_db()
    assert shared.search_text == shared.built_search_text()
    assert shared.search_text.index(" cua khau") < shared.search_text.index("|") < shared.search_text.rindex(" cua khau")

    # The other form's name is published only under the form "other": typed and left under another form, the
    # page does not show it, and the search does not find it (the review).
    public.form_other = "Biên bản nội bộ"
    public.save()

    def listed(q):
        return set(_listed(client.get(reverse("reports:open_data"), {"q": q})))

    assert listed("noi bo") == set()
    public.form = "other"
    public.save()
    assert listed("noi bo") == {public}
    public.form = "ban_ghi_nho"
    public.save()

    assert listed("bi mat") == set()
    assert listed("nguyen van") == set()
    assert listed("cua khau") == {shared}
    assert public in listed("gyeonggi")
    officer = client_for(world.users["officer_b"])
    register = officer.get(reverse("agreements:agreement_list"), {"q": "bi mat"})
    assert [a.pk for a in register.context["page_obj"].object_list] == [public.pk]
    # The search is a filter on the statement: nothing is read to build it (the candidates used to be read and
    # tested one by one), whatever it matches.
    for n in range(30):
        extra = Agreement.objects.create(locality=world.a, title=f"Hợp tác số {n}", form="ban_ghi_nho",
                                         visibility="public", status="in_force", signer_vn=f"Người ký {n}")
        extra.partners.add(published["public_b"].partners.get())
        extra.save()
    with django_assert_num_queries(0):
        found = opendata.search(opendata.public_agreements(), "hop tac nguoi")
    assert list(found) == []
    assert len(opendata.search(opendata.public_agreements(), "hop tac")) == 31
    assert len(listed("hop tac")) == 25  # a page
    assert client.get(reverse("reports:open_data_json"), {"q": "nguoi ky"}).json()["agreements"] == []


def test_the_migration_writes_what_a_save_writes(published):
    """Rows written before the mark are recomputed by the migration as a save would write them. A text without
    the mark (an older worker's, during an upgrade) is not searched by the public at all: it fails closed."""
    import importlib

    from django.apps import apps

    from ngoaivu.core.text import build_search_text, search_q
    public = published["public_b"]
    public.partners.get().aliases.create(name="경기도청")
    public.signer_vn = "Trần Bí Mật"
    public.save()
    expected = Agreement.objects.get(pk=public.pk).search_text
    assert "|" in expected
    Agreement.objects.filter(pk=public.pk).update(search_text=build_search_text(
        [public.title, "Trần Bí Mật", "경기도청", "Gyeonggi-do"]))
    assert Agreement.objects.filter(search_q("bi mat"), pk=public.pk).exists()
    assert not Agreement.objects.filter(search_q("gyeonggi", published=True), pk=public.pk).exists()  # no mark
    importlib.import_module("ngoaivu.agreements.migrations.0022_private_search_text").refold(apps, None)
    assert Agreement.objects.get(pk=public.pk).search_text == expected
    assert not Agreement.objects.filter(search_q("bi mat", published=True), pk=public.pk).exists()
    assert not Agreement.objects.filter(search_q("경기도청", published=True), pk=public.pk).exists()
    assert Agreement.objects.filter(search_q("gyeonggi", published=True), pk=public.pk).exists()
    assert Agreement.objects.filter(search_q("경기도청"), pk=public.pk).exists()


def test_the_downloads_read_partners_and_sectors_as_rows_and_write_what_each_record_writes(client, published, world,
                                                                                         monkeypatch):
    """The downloads prefetched every public agreement's partners and sectors as model instances (5 s of CPU for
    10,000 agreements on a page anyone may ask for). records() reads them as rows, a chunk at a time; what it
    writes is what record() writes for each agreement, in the list's order, across chunks."""
    from ngoaivu.core.models import Sector
    first = Sector.objects.create(code="od-tm", name="Thương mại", position=2)
    second = Sector.objects.create(code="od-dl", name="Du lịch", position=1)
    public = published["public_a"]
    public.sectors.add(first, second)
    public.partners.add(Partner.objects.create(name="Aaa Chamber", country="JP"),
                        Partner.objects.create(name="Zzz Office", name_vi="Văn phòng Zzz", country="CN"))
    for n in range(5):
        extra = Agreement.objects.create(locality=world.b, title=f"Công khai {n}", form="ban_ghi_nho",
                                         visibility="public", status="in_force")
        extra.partners.add(published["public_b"].partners.get())
    monkeypatch.setattr(opendata, "CHUNK", 2)
    ordered = opendata.public_agreements().order_by("-signed_on", "-pk")
    expected = [opendata.record(a, "http://x") for a in ordered]
    assert list(opendata.records(ordered, "http://x")) == expected
    item = next(i for i in expected if i["id"] == public.pk)
    assert item["sectors"] == ["Du lịch", "Thương mại"]
    assert [p["name"] for p in item["partners"]] == ["Aaa Chamber", "Guangxi Zhuang Autonomous Region", "Zzz Office"]
    assert item["countries"] == ["JP", "CN"]
    body = client.get(reverse("reports:open_data_json")).json()
    assert body["agreements"] == [opendata.record(a, "http://testserver") for a in ordered]
    rows = list(csv.reader(io.StringIO(client.get(reverse("reports:open_data_csv")).content.decode("utf-8-sig"))))
    assert [int(r[0]) for r in rows[1:]] == [a.pk for a in ordered]


@pytest.mark.django_db(transaction=True)  # the download's own transaction ends, and with it the lock
def test_a_download_asked_while_another_is_written_is_told_to_come_back_and_the_lock_is_let_go(client, published,
                                                                                               monkeypatch):
    """Anyone may ask for the full downloads (half a second of CPU each at 10,000 public agreements): two at once
    held both workers. While one is written another is answered at once, 503 with Retry-After and a page saying
    so; once it is done, or has failed (a database error that aborts the transaction too), the next one is
    served."""
    from tests.core.held_lock import HeldLock
    urls = [reverse("reports:open_data_csv"),
            reverse("reports:open_data_json") + "?province=" + str(published["public_a"].locality_id)]
    with HeldLock("open-data-download"):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 503
            assert response["Retry-After"] == "5"
            page = response.content.decode()
            assert "Vui lòng thử lại sau 5 giây" in page and 'href="/reports/open-data/"' in page
        # The list and a record's page are not downloads: served.
        assert client.get(reverse("reports:open_data")).status_code == 200
    csv_rows = list(csv.reader(io.StringIO(client.get(urls[0]).content.decode("utf-8-sig"))))
    assert {int(r[0]) for r in csv_rows[1:]} == _public_ids()
    of_a = set(Agreement.objects.filter(visibility="public", locality=published["public_a"].locality_id)
               .values_list("pk", flat=True))
    assert {i["id"] for i in client.get(urls[1]).json()["agreements"]} == of_a and published["public_a"].pk in of_a
    with HeldLock("open-data-download"):  # each download let the lock go
        pass

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    def failing_statement(*args, **kwargs):  # on PostgreSQL it aborts the transaction the lock was taken in
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_here")
        yield from ()
    for failure, error in ((broken, RuntimeError), (failing_statement, DatabaseError)):
        monkeypatch.setattr(opendata, "records", failure)
        with pytest.raises(error):
            client.get(urls[0])
        with HeldLock("open-data-download"):  # a failed one too
            pass
