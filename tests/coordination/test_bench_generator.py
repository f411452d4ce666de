"""The bench generator's coordination part (bench/gen_coordination.py) at a tiny scale: its rows are valid
records (full_clean), each return's kept status is its last status change (and the check can fail), and
the lists and pages that read them render them, province by province."""
import random
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from tests.conftest import make_user

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import gen_coordination  # noqa: E402
import generate  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(reference):
    return gen_coordination.generate(random.Random(11), 0.1, timezone.localdate(), generate.insert_rows,
                                     lambda *args: None, years=3)


def test_the_rows_are_valid_records(generated):
    from ngoaivu.coordination import models as m
    from ngoaivu.core.models import Locality
    provinces = Locality.objects.current().count()
    assert generated["report requests"] == m.ReportRequest.objects.count() >= 4
    assert generated["report returns"] == m.ReportReturn.objects.count() == provinces * generated["report requests"]
    assert generated["directives"] == m.Directive.objects.count() > 0
    assert m.Directive.objects.filter(sender_locality__isnull=False).exists(), "the provinces' own, to their units"
    assert m.DirectiveRecipient.objects.filter(unit__isnull=False).exists()
    for model in (m.ReportRequest, m.ReportReturn, m.ReturnTransition, m.Directive, m.DirectiveRecipient,
                  m.DirectiveReply):
        for row in model._base_manager.order_by("pk"):
            row.full_clean()
    statuses = set(m.ReportReturn.objects.values_list("status", flat=True))
    assert {"not_started", "draft", "submitted", "accepted"} <= statuses
    today = timezone.localdate()
    assert m.ReportRequest.objects.filter(due_on__gte=today).exists(), "some requests are still open"


def test_each_kept_status_is_the_last_status_change_and_the_check_can_fail(generated):
    from ngoaivu.coordination.models import ReportReturn
    assert gen_coordination.differences() == []
    sent = ReportReturn.objects.filter(status="accepted").order_by("pk").first()
    ReportReturn.objects.filter(pk=sent.pk).update(status="draft")
    idle = ReportReturn.objects.filter(status="not_started").order_by("pk").first()
    ReportReturn.objects.filter(pk=idle.pk).update(status="submitted")
    found = gen_coordination.differences()
    assert any(f"return {sent.pk}: status draft" in line for line in found)
    assert any(f"return {idle.pk}: status submitted" in line for line in found)


def test_the_pages_show_the_generated_records(generated, client):
    from ngoaivu.coordination.models import Directive, DirectiveRecipient, ReportReturn
    from ngoaivu.core.models import Locality
    locality = Locality.objects.current().get(code=79)
    client.force_login(make_user("gen_officer", "locality", "officer", locality=locality))
    inbox = client.get("/coordination/reports/").content.decode()
    mine = ReportReturn.objects.filter(locality=locality).select_related("request")
    first = mine.filter(status__in=["not_started", "draft", "returned"]).order_by("request__due_on", "pk").first()
    assert first.request.title in inbox
    ret = mine.order_by("pk").first()
    assert client.get(f"/coordination/returns/{ret.pk}/").status_code == 200
    other = ReportReturn.objects.exclude(locality=locality).order_by("pk").first()
    assert client.get(f"/coordination/returns/{other.pk}/").status_code == 404
    copy = DirectiveRecipient.objects.filter(locality=locality, unit__isnull=True).order_by("-directive__issued_on").first()
    listed = client.get("/coordination/directives/").content.decode()
    newest = Directive.objects.filter(recipients__locality=locality).order_by("-issued_on", "-pk").first()
    assert newest.subject in listed
    assert client.get(f"/coordination/directives/{copy.directive_id}/").status_code == 200
    centre = make_user("gen_centre", "centre", "officer")
    client.force_login(centre)
    assert "Báo cáo" in client.get("/coordination/reports/").content.decode()
