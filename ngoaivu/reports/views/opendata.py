"""Open data pages, without sign-in: the public agreements of every province (list with filters and
search, a stable page per agreement), CSV and JSON downloads and an Atom feed. Everything starts from
`opendata.public_agreements()`."""
import functools
import json

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ngoaivu.core import locks
from ngoaivu.core.exports import csv_bytes
from ngoaivu.core.filter_form import KeptFilterForm
from ngoaivu.reports import opendata
from ngoaivu.reports.filtersets import OpenDataFilter


def _filtered(request):
    filterset = OpenDataFilter(request.GET, queryset=opendata.public_agreements().order_by("-signed_on", "-pk"))
    qs = filterset.qs if filterset.is_valid() else opendata.public_agreements().none()
    return filterset, qs


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def agreement_list(request):
    filterset, qs = _filtered(request)
    # The page's keys only (their count and order read the public agreements' index alone), then what the
    # table shows as plain rows, written in Python (opendata.page_rows, list_rows): the page read every
    # column (the search text among them), each agreement's sectors and its partners as models, and wrote
    # them through the template, for 25 rows.
    page = Paginator(qs.prefetch_related(None).values_list("pk", flat=True), 25).get_page(request.GET.get("page"))
    page.object_list = opendata.page_rows(page.object_list)
    rows = opendata.list_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    # The filter panel is the same for every visitor: kept per query string (core.filter_form), as the
    # register's is; its ~250 countries written through the widget were a fifth of the page.
    return render(request, "reports/open_data.html", {"filter": filterset, "page_obj": page, "rows": rows,
                                                      "filter_form_html": KeptFilterForm.render(filterset.form),
                                                      "count": page.paginator.count, "query": query.urlencode()})


@require_safe
def agreement_detail(request, pk):
    agreement = get_object_or_404(opendata.public_agreements(), pk=pk)
    return render(request, "reports/open_data_detail.html", {"agreement": agreement,
                                                             "item": opendata.record(agreement, _base(request))})


# Seconds a download refused because another is being written asks the client to wait (Retry-After).
RETRY_AFTER = 5


def _one_at_a_time(view):
    """A full download costs about half a second of CPU at 10,000 public agreements, and anyone may ask for one
    without signing in: two at once held both workers of a two-worker server and every page waited. While one
    is being written (core.locks: on PostgreSQL across every host of the deployment, on SQLite across the
    machine's processes) another is answered at once with 503 and Retry-After, rather than waiting inside a
    worker. Filtered downloads too: a filter may select everything. One transaction, whose end lets the lock go
    whatever happens."""
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with locks.held("open-data-download", atomic=True) as acquired:
            if acquired:
                return view(request, *args, **kwargs)  # the whole file is written before the lock is let go
        response = render(request, "reports/open_data_busy.html", {"retry_after": RETRY_AFTER}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
    return wrapper


@require_safe
@_one_at_a_time
def export_csv(request):
    _filterset, qs = _filtered(request)
    base = _base(request)
    rows = (opendata.csv_row(item) for item in opendata.records(qs, base))
    response = HttpResponse(csv_bytes(opendata.CSV_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="thoa-thuan-quoc-te-cong-khai.csv"'
    return response


@require_safe
@_one_at_a_time
def export_json(request):
    _filterset, qs = _filtered(request)
    base = _base(request)
    items = list(opendata.records(qs, base))
    body = {"schema": base + reverse("reports:open_data_schema"), "generated": timezone.now().isoformat(),
            "count": len(items), "agreements": items}
    # Not indented: json's C encoder writes only compact text (indented, the pure-Python one took a second of
    # the download for 10,000 agreements); a browser shows it indented anyway.
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'inline; filename="thoa-thuan-quoc-te-cong-khai.json"'
    return response


@require_safe
def schema(request):
    return JsonResponse(json.loads(opendata.SCHEMA_PATH.read_text(encoding="utf-8")), content_type="application/schema+json",
                        json_dumps_params={"ensure_ascii": False, "indent": 1})


class LatestAgreementsFeed(Feed):
    """The 50 agreements published most recently (Atom)."""

    feed_type = Atom1Feed
    title = gettext_lazy("Thỏa thuận quốc tế của địa phương mới công khai")
    subtitle = gettext_lazy("Các thỏa thuận quốc tế được tỉnh, thành phố công khai trên ngoaivu")

    def link(self):
        return reverse("reports:open_data")

    def items(self):
        return opendata.public_agreements().order_by("-published_at", "-pk")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [item.locality.name, item.signed_display, item.summary]
        return " — ".join(p for p in parts if p)

    def item_link(self, item):
        return reverse("reports:open_data_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [_("Tỉnh, thành phố") + ": " + item.locality.short_name]
