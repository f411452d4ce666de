"""A province's reports list the agreements it concluded, those it co-signed with the province that holds them
included: Lạng Sơn holds the joint committee's minutes with Guangxi that Cao Bằng co-signed, and Cao Bằng's
yearly report left them out (it read only the agreements Cao Bằng holds). A co-signed row says who keeps it,
counts in the report's total once, and the holder's report still lists it once, unmarked; a former province's
co-signature (Hà Giang, merged into Tuyên Quang in 2025) is in its successor's report. Implementation (tables
2 to 4) and the national figures stay the holder's: each agreement counted once."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ngoaivu.core.jobs import run_pending
from ngoaivu.core.models import Locality
from ngoaivu.indicators.choices import Computation
from ngoaivu.indicators.computed import raw_by_locality
from ngoaivu.indicators.periods import Period
from ngoaivu.reports import registers as R
from ngoaivu.reports.models import DocumentDraft
from tests.agreements.factories import agreement, partner
from tests.conftest import make_user
from tests.reports.helpers import body_text, read_docx, table_rows

pytestmark = pytest.mark.django_db
YEAR = 2025  # a former province signs only before its merger on 01/07/2025
D = datetime.date
JOINT = "Biên bản thỏa thuận tại Hội nghị Ủy ban công tác liên hợp Lạng Sơn, Cao Bằng – Quảng Tây năm 2025"
FORMER = "Thỏa thuận hợp tác quản lý cửa khẩu Lạng Sơn, Hà Giang – Vân Nam"
OWN = "Bản ghi nhớ hợp tác thương mại biên giới Cao Bằng – Quảng Tây"


@pytest.fixture
def joint(world):
    """A (Lạng Sơn) holds two agreements of 2025 signed jointly, one with B (Cao Bằng), one with Hà Giang
    (former, now part of C, Tuyên Quang); B holds one of its own, wrongly also listed as co-signed by B."""
    cao_bang = Locality.objects.current().get(short_name="Cao Bằng")
    tuyen_quang = Locality.objects.current().get(short_name="Tuyên Quang")
    ha_giang = Locality.objects.former().get(short_name="Hà Giang")
    assert ha_giang.successor_id == tuyen_quang.pk
    guangxi = partner(name="Guangxi", country="CN", name_vi="Khu tự trị Quảng Tây")
    yunnan = partner(name="Yunnan", country="CN", name_vi="Tỉnh Vân Nam")
    officer_a = world.users["officer_a"]
    officer_b = make_user("officer_cao_bang", "locality", "officer", locality=cao_bang)
    officer_c = make_user("officer_tuyen_quang", "locality", "officer", locality=tuyen_quang)
    today = D(2026, 1, 10)
    held = agreement(officer_a, world.a, title=JOINT, form="bien_ban_thoa_thuan", partners=[guangxi], co_signatories=[cao_bang],
                     signed_on=D(YEAR, 3, 12), effective_on_signing=True, today=today)
    former = agreement(officer_a, world.a, title=FORMER, form="thoa_thuan", partners=[yunnan],
                       co_signatories=[ha_giang], signed_on=D(YEAR, 5, 20), effective_on_signing=True, today=today)
    own = agreement(officer_b, cao_bang, title=OWN, partners=[guangxi], signed_on=D(YEAR, 2, 1),
                    effective_on_signing=True, today=today)
    own.co_signatories.add(cao_bang)  # should not happen; listed once all the same
    return {"b": cao_bang, "c": tuyen_quang, "officer_b": officer_b, "officer_c": officer_c, "held": held,
            "former": former, "own": own}


def _download(client, draft, field):
    response = client.get(getattr(draft, field).download_url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _report(client, locality, kind="yearly_agreements"):
    """The report of YEAR made as a user does: the new-draft form, then "Tạo lại tệp Word"; its Word file and
    Excel annex downloaded from the draft's page."""
    response = client.post(reverse("reports:draft_create", args=[locality.pk]), {
        "kind": kind, "year": str(YEAR), "period": "year", "issued_on": "15/01/2026"})
    assert response.status_code == 302, response.content[:2000]
    draft = DocumentDraft.objects.filter(locality=locality, kind=kind).latest("pk")
    response = client.post(reverse("reports:draft_generate", args=[draft.pk]))
    assert response.status_code == 302 and response.url.startswith("/jobs/")   # made by the background worker
    assert run_pending() == 1
    draft.refresh_from_db()
    document = read_docx(_download(client, draft, "docx"))
    annex = load_workbook(io.BytesIO(_download(client, draft, "xlsx")))
    return document, annex


def _signed_table(document) -> list[list[str]]:
    """The rows of Bảng 1 (after the header's table, the first table whose header is Decree 30's signed list)."""
    [table] = [t for t in document.tables if table_rows(t)[0][:3] == ["STT", "Tên thỏa thuận", "Đối tác nước ngoài"]
               and table_rows(t)[0][-1] == "Tình trạng"]
    return table_rows(table)[1:]


def test_a_co_signing_provinces_yearly_report_lists_what_it_co_signed_marked_and_counted(world, joint, client_for):
    document, annex = _report(client_for(joint["officer_b"]), joint["b"])
    rows = _signed_table(document)
    # Its own (once, though also listed as co-signed by itself), then Lạng Sơn's joint minutes, marked.
    assert [row[1] for row in rows] == [OWN, JOINT]
    assert [row[0] for row in rows] == ["1", "2"]
    assert rows[0][2] == "Khu tự trị Quảng Tây (Trung Quốc)"
    assert rows[1][2] == "Khu tự trị Quảng Tây (Trung Quốc)\nĐồng ký kết; do Lạng Sơn theo dõi"
    assert rows[1][3:] == ["Biên bản thỏa thuận", "12/03/2025", "Đang có hiệu lực"]
    text = body_text(document)
    assert ("Trong năm 2025, tỉnh Cao Bằng đã ký kết 2 thỏa thuận quốc tế (Bảng 1), trong đó 1 thỏa thuận đồng "
            "ký kết với tỉnh, thành phố khác, do tỉnh, thành phố đó theo dõi.") in text
    # Implementation is the holder's: Cao Bằng's table 2 counts only its own agreement in force.
    health = table_rows(document.tables[2])
    assert health[-1] == ["Tổng số", "1"]
    # The annex: the same rows, the mark in the partners' cell, the total its row count.
    sheet = [r for r in annex["Ký kết trong năm"].iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[1], r[2]) for r in sheet] == [
        (1, OWN, "Khu tự trị Quảng Tây (Trung Quốc)"),
        (2, JOINT, "Khu tự trị Quảng Tây (Trung Quốc)\nĐồng ký kết; do Lạng Sơn theo dõi")]
    assert [r[1] for r in annex["Theo tình hình"].iter_rows(min_row=2, values_only=True)][-1] == 1


def test_the_holders_report_lists_the_joint_agreements_once_and_unmarked(world, joint, client_for):
    document, annex = _report(client_for(world.users["officer_a"]), world.a)
    rows = _signed_table(document)
    for title in (JOINT, FORMER):
        [row] = [row for row in rows if row[1] == title]
        assert "Đồng ký kết" not in row[2]
    assert not any("Đồng ký kết" in row[2] for row in rows)
    assert f"đã ký kết {len(rows)} thỏa thuận quốc tế (Bảng 1)." in " ".join(body_text(document))
    sheet = [r for r in annex["Ký kết trong năm"].iter_rows(min_row=2, values_only=True)]
    assert [r[1] for r in sheet].count(JOINT) == 1 and [r[1] for r in sheet].count(FORMER) == 1
    # In force at the year's end: the holder's table 2 counts them (it implements them).
    in_force = R.in_force_on(world.a, D(YEAR, 12, 31))
    assert {JOINT, FORMER} <= {a.title for a, *_rest in in_force}
    assert table_rows(document.tables[2])[-1] == ["Tổng số", str(len(in_force))]


def test_a_former_provinces_co_signature_is_in_its_successors_report(world, joint, client_for):
    document, annex = _report(client_for(joint["officer_c"]), joint["c"])
    rows = _signed_table(document)
    [row] = [row for row in rows if row[1] == FORMER]
    assert row[2] == "Tỉnh Vân Nam (Trung Quốc)\nĐồng ký kết; do Lạng Sơn theo dõi"
    assert JOINT not in [r[1] for r in rows]
    sheet = [r for r in annex["Ký kết trong năm"].iter_rows(min_row=2, values_only=True)]
    assert [r[2] for r in sheet if r[1] == FORMER] == ["Tỉnh Vân Nam (Trung Quốc)\nĐồng ký kết; do Lạng Sơn theo dõi"]
    assert f"đã ký kết {len(rows)} thỏa thuận quốc tế (Bảng 1), trong đó 1 thỏa thuận đồng ký kết" in " ".join(
        body_text(document))


def test_the_external_affairs_report_lists_the_co_signed_agreement_too(world, joint, client_for):
    document, annex = _report(client_for(joint["officer_b"]), joint["b"], kind="external_affairs")
    rows = _signed_table(document)
    assert [(row[1], row[2]) for row in rows] == [
        (OWN, "Khu tự trị Quảng Tây (Trung Quốc)"),
        (JOINT, "Khu tự trị Quảng Tây (Trung Quốc)\nĐồng ký kết; do Lạng Sơn theo dõi")]
    text = body_text(document)
    assert "4. Thỏa thuận quốc tế ký kết: 2" in text
    assert "Trong đó, 1 thỏa thuận đồng ký kết với tỉnh, thành phố khác, do tỉnh, thành phố đó theo dõi." in text
    assert [r[1] for r in annex["Thỏa thuận"].iter_rows(min_row=2, values_only=True)] == [OWN, JOINT]


def test_the_national_figure_of_agreements_signed_counts_a_joint_agreement_once(world, joint):
    """The indicators' figure of agreements signed, summed over the provinces, is read by holder: the joint
    agreements count once there, in Lạng Sơn's figure, though two reports list each."""
    from ngoaivu.agreements.models import Agreement
    figures, _ = raw_by_locality(Computation.AGREEMENTS_SIGNED, Period.parse(str(YEAR)), {})
    signed = Agreement.objects.filter(signed_on__year=YEAR).exclude(status="proposed")
    assert sum(figures.values()) == signed.count()
    assert figures.get(joint["b"].pk, 0) == 1
    assert figures.get(joint["c"].pk, 0) == 0
