"""The centre's export of report requests holds every return: ten years of requests to the 34 provinces are
5,100 returns (bench/gen_coordination.py), and the file stopped at 5,000 without a word, so the oldest
requests were missing from an official's count with nothing in the file or on the page saying so."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ngoaivu.coordination.models import ReportRequest, ReportReturn
from ngoaivu.core.models import Locality

pytestmark = pytest.mark.django_db


def test_the_export_holds_every_return_past_five_thousand(world, client_for, django_assert_max_num_queries):
    localities = list(Locality.objects.order_by("pk"))
    per_request = len(localities)
    needed = 5000 // per_request + 2  # a little over 5,000 returns in all
    start = datetime.date(2015, 1, 1)
    requests = ReportRequest.objects.bulk_create([
        ReportRequest(title=f"Báo cáo số {i}", number=f"{i}/BNG", data_from=start, data_to=start,
                      due_on=start + datetime.timedelta(days=i)) for i in range(needed)])
    ReportReturn.objects.bulk_create([ReportReturn(request=r, locality=loc) for r in requests for loc in localities])
    total = ReportReturn.objects.count()
    assert total > 5000

    client = client_for(world.users["central"])
    with django_assert_max_num_queries(15):  # read in a few chunks, not a statement per row
        response = client.get(reverse("coordination:report_export"))

    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == total
    # the oldest request (the last rows, newest deadline first) is there, each of its provinces once
    assert sum(1 for row in rows if row[1] == "Báo cáo số 0") == per_request
