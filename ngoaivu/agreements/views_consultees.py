"""Consultee lists: the national defaults (kept by the centre) and each province's own, level by level."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ngoaivu.agreements import actions
from ngoaivu.agreements.choices import SignatoryLevel
from ngoaivu.agreements.forms import ConsulteeRuleForm
from ngoaivu.agreements.models import ConsulteeRule
from ngoaivu.core.concurrency import add_save_error, form_version
from ngoaivu.core.scoping import editable_localities, readable_localities, scope_of


def _can_edit_national(user) -> bool:
    scope = scope_of(user)
    return scope.superuser or scope.centre_edit


def _list_url(locality) -> str:
    url = reverse("agreements:consultee_list")
    return f"{url}?locality={locality.pk}" if locality else url


def _owner(request, source):
    """The province named by ?locality= / locality= (None: the national list), checked for editing."""
    raw = source.get("locality") or ""
    if not raw:
        if not _can_edit_national(request.user):
            raise PermissionDenied
        return None
    if not raw.isdecimal():
        raise Http404
    locality = get_object_or_404(readable_localities(request.user), pk=raw)
    if not editable_localities(request.user).filter(pk=locality.pk).exists():
        raise PermissionDenied
    return locality


def _level(level: str) -> str:
    if level not in SignatoryLevel.values:
        raise Http404
    return level


@login_required
def consultee_list(request):
    localities = list(readable_localities(request.user).order_by("sort_key"))
    raw = request.GET.get("locality", "")
    locality = next((l for l in localities if str(l.pk) == raw), None)
    if raw and locality is None:
        raise Http404
    if locality is None and not scope_of(request.user).sees_all and len(localities) == 1:
        locality = localities[0]
    can_edit = (locality is not None and editable_localities(request.user).filter(pk=locality.pk).exists()
                or locality is None and _can_edit_national(request.user))
    rows = ConsulteeRule.objects.filter(locality=None)
    if locality is not None:
        rows = ConsulteeRule.objects.filter(locality=locality) | rows
    levels = []
    for level, label in SignatoryLevel.choices:
        national = [r for r in rows if r.level == level and r.locality_id is None]
        own = [r for r in rows if r.level == level and r.locality_id is not None]
        levels.append({"level": level, "label": label, "rules": own or national, "own": bool(own)})
    return render(request, "agreements/consultee_list.html", {
        "locality": locality, "localities": localities, "levels": levels, "can_edit": can_edit,
        "sees_all": scope_of(request.user).sees_all})


@login_required
def consultee_create(request, level):
    level = _level(level)
    locality = _owner(request, request.POST if request.method == "POST" else request.GET)
    last = ConsulteeRule.objects.filter(locality=locality, level=level).order_by("-position").first()
    rule = ConsulteeRule(locality=locality, level=level, position=last.position + 1 if last else 0)
    form = ConsulteeRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        actions.save_consultee_rule(request.user, form.save(commit=False))
        messages.success(request, _("Đã thêm %(name)s vào danh sách xin ý kiến.") % {"name": rule.consultee})
        return redirect(_list_url(locality))
    return render(request, "agreements/consultee_form.html", {"form": form, "rule": rule, "locality": locality})


def _editable_rule(user, pk):
    """Another province's row → 404; a row the user sees but may not edit (the national list) → 403."""
    rule = ConsulteeRule.objects.filter(pk=pk).select_related("locality").first()
    if rule is None or (rule.locality_id is not None
                        and not ConsulteeRule.objects.filter(pk=pk).visible_to(user).exists()):
        raise Http404
    if not ConsulteeRule.objects.editable_by(user).filter(pk=pk).exists():
        raise PermissionDenied
    return rule


@login_required
def consultee_edit(request, pk):
    rule = _editable_rule(request.user, pk)
    form = ConsulteeRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_consultee_rule(request.user, form.save(commit=False), version=form_version(form))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu %(name)s.") % {"name": rule.consultee})
            return redirect(_list_url(rule.locality))
    return render(request, "agreements/consultee_form.html", {"form": form, "rule": rule, "locality": rule.locality})


@login_required
def consultee_delete(request, pk):
    rule = _editable_rule(request.user, pk)
    if request.method == "POST":
        actions.delete_consultee_rule(request.user, rule)
        messages.success(request, _("Đã bỏ %(name)s khỏi danh sách.") % {"name": rule.consultee})
        return redirect(_list_url(rule.locality))
    return render(request, "agreements/consultee_confirm_delete.html", {"rule": rule})


@login_required
@require_http_methods(["POST"])
def consultee_adopt(request, level):
    level = _level(level)
    locality = _owner(request, request.POST)
    if locality is None:
        raise Http404
    try:
        rules = actions.adopt_national_consultees(request.user, locality, level)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Đã lập danh sách riêng của %(province)s từ %(n)s cơ quan của danh sách mặc định.")
                         % {"province": locality.short_name, "n": len(rules)})
    return redirect(_list_url(locality))
