"""Historical records (items 2 and 3 of issue 14): an old register's signed agreements — many without a
known date — import as signed, in force or expired, not as proposals; they carry no legal deadline and no
pre-signing checklist; their health starts from what is known and from the import date, with a grace
period that is a setting, and says so. Re-importing their export changes nothing."""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from ngoaivu.agreements import exports, imports
from ngoaivu.agreements.choices import AgreementStatus as S
from ngoaivu.agreements.models import Agreement, Event
from ngoaivu.implementation import actions as implementation
from ngoaivu.implementation.health import add_months
from ngoaivu.implementation.models import HealthSettings
from tests.agreements.factories import register_workbook

pytestmark = pytest.mark.django_db
KOREAN = "경기도와 랑선성 간 우호협력 협약서"

# An old register as provinces keep it: signed rows without a date, Korean and French titles, a status
# column, a known last activity; one row that is really a proposal.
ROWS = [
    {"title": KOREAN, "partners": "Gyeonggi-do", "countries": "KR", "status": "Đã ký"},
    {"title": "Coopération décentralisée", "partners": "Région Centre", "countries": "FR",
     "status": "Đang có hiệu lực", "recorded_activity_on": "2019"},
    {"title": "Coopération décentralisée", "partners": "Département du Loiret", "countries": "FR",
     "status": "đã hết hiệu lực", "signed": "2011"},
    {"title": "Thỏa thuận hợp tác với tỉnh Quảng Tây", "partners": "Guangxi", "countries": "CN",
     "signed": "15/03/2022"},  # after Law 70: a tracked agreement without a report would be overdue
    {"title": "Bản ghi nhớ hợp tác với thành phố Incheon", "partners": "Incheon", "countries": "KR",
     "status": "Đang đề xuất"},
]


def import_register(officer):
    result = imports.check_file(register_workbook(ROWS), officer)
    assert result.ok, result.errors
    assert imports.commit(result, officer) == (5, 0)
    return {a.title + "|" + a.partners.get().name: a for a in Agreement.objects.all()}


def test_an_old_register_imports_signed_rows_as_historical_records_with_no_deadline(world):
    officer = world.users["officer_a"]
    Agreement.objects.all().delete()
    made = import_register(officer)
    korean = made[KOREAN + "|Gyeonggi-do"]
    centre = made["Coopération décentralisée|Région Centre"]
    loiret = made["Coopération décentralisée|Département du Loiret"]
    guangxi = made["Thỏa thuận hợp tác với tỉnh Quảng Tây|Guangxi"]
    incheon = made["Bản ghi nhớ hợp tác với thành phố Incheon|Incheon"]
    assert (korean.status, korean.historical, korean.signed_on, korean.recorded_status) == (S.SIGNED, True, None, S.SIGNED)
    assert korean.signed_display == "không rõ ngày"
    assert (centre.status, centre.recorded_activity_on) == (S.IN_FORCE, datetime.date(2019, 1, 1))
    assert (loiret.status, loiret.signed_on) == (S.EXPIRED, datetime.date(2011, 1, 1))
    assert (guangxi.status, guangxi.historical) == (S.IN_FORCE, True)
    assert (incheon.status, incheon.historical) == (S.PROPOSED, False)
    # No legal deadline and no invented "proposed" step for the historical records.
    historical = Agreement.objects.filter(historical=True)
    assert historical.count() == 4
    assert not historical.filter(next_due_on__isnull=False).exists()
    assert not Event.objects.filter(agreement__historical=True).exists()
    # Their pages say what is known, with no pre-signing checklist.
    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(officer)
    page = client.get(korean.get_absolute_url()).content.decode()
    assert "Đã ký, không rõ ngày" in page and "Hồ sơ lịch sử" in page
    assert "consultees-title" not in page and 'id="deadlines-title"' not in page
    # The home page shows no overdue copy to the Ministry.
    home = client.get(reverse("home")).content.decode()
    assert "Báo cáo Thủ tướng và gửi bản sao cho Bộ Ngoại giao —" not in home
    # Searched as typed, in Korean.
    listing = client.get(reverse("agreements:agreement_list") + "?q=" + "협약서").content.decode()
    assert KOREAN in listing and "Incheon" not in listing


def test_reimporting_the_export_of_a_historical_register_changes_nothing(world):
    officer = world.users["officer_a"]
    Agreement.objects.all().delete()
    import_register(officer)
    history = sum(a.history.count() for a in Agreement.objects.all())
    for data in (exports.export_xlsx(Agreement.objects.all()), exports.export_csv(Agreement.objects.all())):
        result = imports.check_file(io.BytesIO(data), officer)
        assert result.ok, result.errors
        assert (result.new_count, result.changed_count, result.unchanged_count) == (0, 0, 5), \
            [(r.number, r.changes) for r in result.rows]
        assert imports.commit(result, officer) == (0, 0)
    assert sum(a.history.count() for a in Agreement.objects.all()) == history


def test_health_of_an_imported_record_waits_for_the_grace_period_then_starts_from_what_is_known(world):
    officer = world.users["officer_a"]
    Agreement.objects.all().delete()
    made = import_register(officer)
    imported = timezone.localdate()
    in_force = [made["Coopération décentralisée|Région Centre"], made["Thỏa thuận hợp tác với tỉnh Quảng Tây|Guangxi"]]
    ids = [a.pk for a in in_force]
    implementation.refresh(ids, on_day=imported)
    for a in Agreement.objects.filter(pk__in=ids):
        assert a.health == "active", a.health_reasons
        assert f"hồ sơ lịch sử nhập ngày {imported:%d/%m/%Y}" in a.health_reasons
        assert "đánh giá từ ngày" in a.health_reasons
    assert not Agreement.objects.filter(health="dormant").exists()
    centre = Agreement.objects.get(pk=in_force[0].pk)
    assert "hoạt động gần nhất ngày 01/01/2019" in centre.health_reasons
    # Past the grace period (a setting, 12 months by default): idle since the last known activity (2019)
    # or, without one, since the import.
    later = add_months(imported, 13)
    implementation.refresh(ids, on_day=later)
    centre, guangxi = (Agreement.objects.get(pk=pk) for pk in ids)
    assert centre.health == "dormant" and "hồ sơ lịch sử" in centre.health_reasons
    assert guangxi.health == "dormant" and "không có hoạt động trong 13 tháng" in guangxi.health_reasons
    # A longer grace period set by the province keeps them out of alarm.
    HealthSettings.objects.create(locality=world.a, historical_grace_months=24)
    implementation.refresh(ids, on_day=later)
    assert set(Agreement.objects.filter(pk__in=ids).values_list("health", flat=True)) == {"active"}


def test_a_historical_agreement_entered_through_the_form_is_signed_with_an_unknown_date(world, client_for):
    officer = world.users["officer_a"]
    client = client_for(officer)
    data = {"locality": world.a.pk, "title": "Thỏa thuận hữu nghị với tỉnh Gyeonggi", "form": "thoa_thuan",
            "channel": "state", "visibility": "internal", "partners": [world.partner_a.pk],
            "effective_on_signing": "on", "historical": "on"}
    response = client.post(reverse("agreements:agreement_create"), data)
    assert response.status_code == 200  # a historical record without a date must say what is known
    assert "chọn tình trạng theo hồ sơ" in response.content.decode()
    assert not Agreement.objects.filter(title=data["title"]).exists()
    response = client.post(reverse("agreements:agreement_create"), {**data, "recorded_status": "in_force"})
    assert response.status_code == 302
    a = Agreement.objects.get(title=data["title"])
    assert (a.status, a.historical, a.signed_on, a.next_due_on) == (S.IN_FORCE, True, None, None)
    assert not a.events.exists()
    assert "không rõ ngày ký" in a.status_changes.get().reason
    # A tracked draft may not carry a recorded status.
    response = client.post(reverse("agreements:agreement_create"), {**data, "historical": "", "recorded_status": "signed",
                                                                    "title": "Bản nháp"})
    assert response.status_code == 200 and not Agreement.objects.filter(title="Bản nháp").exists()
