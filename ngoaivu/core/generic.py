"""Building blocks every app's pages use: scoped lists with filters, sorting and pagination; scoped
detail pages; the history of a record. Views stay short because the rules live here and in scoping."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import DetailView
from django_filters.views import FilterView


class ScopedQuerysetMixin:
    """Every object a page shows comes through `visible_to(request.user)`: another province's record 404s."""

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        return self.base_queryset().visible_to(self.request.user)


class FilteredListView(LoginRequiredMixin, ScopedQuerysetMixin, FilterView):
    """Filter a list (MOJ pattern): filters on the side, applied filters as removable tags, a count,
    sortable columns (`?sort=field` / `?sort=-field`, whitelisted in `sort_fields`) and numbered pages."""

    paginate_by = 25
    sort_fields: dict[str, str] = {}
    default_sort = None
    strict = False

    def get_queryset(self):
        qs = super().get_queryset()
        sort = self.request.GET.get("sort", "")
        key = sort.lstrip("-")
        if key in self.sort_fields:
            field = self.sort_fields[key]
            qs = qs.order_by(f"-{field}" if sort.startswith("-") else field, "pk")
        elif self.default_sort:
            qs = qs.order_by(*self.default_sort)
        return qs

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:  # a page that does not exist (any more) shows page 1, as GOV.UK advises
            self.kwargs["page"] = 1
            self.request.GET = self.request.GET.copy()
            self.request.GET["page"] = "1"
            return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["applied_filters"] = applied_filters(self.request, ctx.get("filter"))
        ctx["current_sort"] = self.request.GET.get("sort", "")
        return ctx


def applied_filters(request, filterset):
    """[(label, shown value, url without that filter)] for the filters in use."""
    if filterset is None or not filterset.is_bound or not filterset.form.is_valid():
        return []
    shown = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()) or name == "sort":
            continue
        field = filterset.form.fields[name]
        if hasattr(field, "choices") and not hasattr(value, "pk"):
            values = value if isinstance(value, (list, tuple)) else [value]
            labels = dict((str(k), v) for k, v in field.choices)
            display = ", ".join(str(labels.get(str(v), v)) for v in values)
        elif isinstance(value, (list, tuple)) or hasattr(value, "__iter__") and not isinstance(value, str):
            display = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            display = _("Có") if value else _("Không")
        else:
            display = str(value)
        query = request.GET.copy()
        query.pop(name, None)
        query.pop("page", None)
        shown.append({"label": field.label, "value": display, "remove_url": "?" + query.urlencode()})
    return shown


class ScopedDetailView(LoginRequiredMixin, ScopedQuerysetMixin, DetailView):
    pass


def history_entries(obj, limit=50):
    """Who changed what and when, newest first, from django-simple-history rows of `obj`."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = record.instance._meta.get_field(change.field)
                changes.append({"field": field.verbose_name, "old": _display(field, change.old),
                                "new": _display(field, change.new)})
        entries.append({"when": record.history_date, "who": record.history_user,
                        "type": {"+": pgettext("history", "Tạo mới"), "~": pgettext("history", "Sửa"),
                                 "-": pgettext("history", "Xóa")}[record.history_type],
                        "changes": changes, "reason": record.history_change_reason})
    return entries


def _display(field, value):
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.many_to_one:
        obj = field.related_model._base_manager.filter(pk=value).first()
        return str(obj) if obj else value
    return value


def redirect_back(request, fallback):
    """Back to where the user came from, if it is on this site."""
    from django.utils.http import url_has_allowed_host_and_scheme
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)
