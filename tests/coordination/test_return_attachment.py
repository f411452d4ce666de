"""Defect: a free-form return ("văn bản, tệp đính kèm") could not carry a file. Its attachment is uploaded with the
form or the API (multipart), listed after reload, downloaded through the scoped view by the province and the
centre, and 404 for another province."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ngoaivu.coordination import actions
from ngoaivu.coordination.models import ReportReturn

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _free_return(world):
    today = datetime.date.today()
    report = actions.create_request(world.users["central"], title="Báo cáo tình hình đối ngoại quý", kind="free",
                                    data_from=today - datetime.timedelta(days=90), data_to=today,
                                    due_on=today + datetime.timedelta(days=10), localities=[world.a, world.b])
    return report.returns.get(locality=world.a)


def test_a_free_return_carries_an_attachment_read_by_the_province_and_the_centre_only(world, client_for):
    ret = _free_return(world)
    province, centre, other = (client_for(world.users[k]) for k in ("officer_a", "central", "officer_b"))
    url = reverse("coordination:return_detail", args=[ret.pk])
    assert 'name="attachment"' in province.get(url).content.decode()
    response = province.post(reverse("coordination:return_save", args=[ret.pk]), {
        "text": "Tình hình đối ngoại quý này", "attachment": SimpleUploadedFile("Báo cáo quý.pdf", PDF), "submit": "1"})
    assert response.status_code == 302
    stored = ReportReturn.objects.get(pk=ret.pk)
    assert (stored.status, stored.attachment.display_name) == ("submitted", "Báo cáo quý.pdf")
    link = stored.attachment.url
    assert link.startswith("/files/") and "/media/" not in link
    for client in (province, centre):
        page = client.get(url).content.decode()
        assert "Báo cáo quý.pdf" in page and f'href="{link}"' in page
        download = client.get(link)
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        assert download["Content-Disposition"].startswith("attachment;")
    assert other.get(link).status_code == 404
    assert client_for(None).get(link).status_code == 302


def test_a_bad_file_is_refused_naming_the_field_and_the_api_takes_a_multipart_upload(world, client_for):
    ret = _free_return(world)
    province = client_for(world.users["officer_a"])
    response = province.post(reverse("coordination:return_save", args=[ret.pk]), {
        "text": "Nháp", "attachment": SimpleUploadedFile("bao-cao.pdf", b"<html><script>x</script></html>")})
    assert response.status_code == 200 and "Tệp đính kèm: " in response.content.decode()
    assert not ReportReturn.objects.get(pk=ret.pk).attachment
    api = province.post(reverse("coordination-return-save", kwargs={"pk": ret.pk}),
                        {"text": "Nháp qua API", "attachment": SimpleUploadedFile("Phụ lục.pdf", PDF)})
    assert api.status_code == 200, api.content
    stored = ReportReturn.objects.get(pk=ret.pk)
    assert (stored.text, stored.attachment.display_name) == ("Nháp qua API", "Phụ lục.pdf")
    assert api.json()["attachment_url"].endswith(stored.attachment.url)
    read = client_for(world.users["central"]).get(reverse("coordination-return-detail", kwargs={"pk": ret.pk})).json()
    assert read["attachment_url"].endswith(stored.attachment.url)
    assert client_for(world.users["officer_b"]).get(stored.attachment.url).status_code == 404
    # A JSON save without a file keeps it.
    province.post(reverse("coordination-return-save", kwargs={"pk": ret.pk}), {"text": "Sửa"},
                  content_type="application/json")
    assert ReportReturn.objects.get(pk=ret.pk).attachment.display_name == "Phụ lục.pdf"
