"""Two people on one commitment's "propose a result" page (the unit's officer and the province's): the second
to send was sent back to the commitment's page with a banner, and the note they had typed and the file they had
chosen were gone. The same when the commitment was waived while the page was open. The refusal now comes back on
the form, the note kept and the file asked for again, and nothing is recorded twice (review of 07/12/2026)."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ngoaivu.implementation import actions
from ngoaivu.implementation.models import Commitment, Fulfilment

pytestmark = pytest.mark.django_db
MY_NOTE = "Biên bản hội chợ ngày 12/5, 40 doanh nghiệp hai bên tham dự, ký 3 hợp đồng"


@pytest.fixture
def commitment(world):
    return Commitment.objects.create(agreement=world.impl_agreement_a, description="Tổ chức hội chợ thương mại",
                                     responsible_unit=world.unit_a, due_on=datetime.date(2027, 12, 31))


def _send(client, url, note):
    return client.post(url, {"fulfilled_on": f"{datetime.date.today():%d/%m/%Y}", "note": note,
                             "evidence": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 bien ban", "application/pdf")})


def _refused_on_the_form(response, message):
    assert response.status_code == 200, "the form comes back, not a redirect"
    page = response.content.decode()
    assert message in page and MY_NOTE in page, "the refusal and my note are on the page"
    assert "vui lòng chọn lại tệp" in page, "the file is asked for again"
    assert response.context["form"]["note"].value() == MY_NOTE


def test_a_second_proposal_is_refused_on_its_form_keeping_the_note(world, client_for, commitment):
    url = reverse("implementation:commitment_fulfil", kwargs={"pk": commitment.pk})
    unit, officer = client_for(world.users["unit_officer"]), client_for(world.users["officer_a"])
    assert unit.get(url).status_code == 200 and officer.get(url).status_code == 200
    assert _send(unit, url, "Sở Công Thương đã tổ chức hội chợ").status_code == 302

    _refused_on_the_form(_send(officer, url, MY_NOTE), "Đã có một kết quả đang chờ xác nhận cho cam kết này.")
    assert list(Fulfilment.objects.filter(commitment=commitment).values_list("note", flat=True)) == [
        "Sở Công Thương đã tổ chức hội chợ"]


def test_a_proposal_on_a_commitment_waived_meanwhile_is_refused_on_its_form(world, client_for, commitment):
    url = reverse("implementation:commitment_fulfil", kwargs={"pk": commitment.pk})
    unit = client_for(world.users["unit_officer"])
    assert unit.get(url).status_code == 200
    actions.set_commitment_status(world.users["officer_a"], commitment, "waived", "Đối tác rút khỏi hội chợ")

    _refused_on_the_form(_send(unit, url, MY_NOTE), "Cam kết này không còn mở.")
    assert not Fulfilment.objects.filter(commitment=commitment).exists()
    assert Commitment.objects.get(pk=commitment.pk).status == "waived"
