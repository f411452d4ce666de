"""Directives: the centre's sent list and form, the recipients × status table with the reminder; a
province's inbox, the directive (opening it is the read receipt), acknowledgement and reply."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ngoaivu.coordination import directives, queries
from ngoaivu.coordination.forms import (DirectiveEditForm, DirectiveForm, ReplyForm, UnitDirectiveEditForm,
                                       UnitDirectiveForm)
from ngoaivu.coordination.list_rows import directive_rows
from ngoaivu.coordination.models import Directive, DirectiveRecipient, DirectiveReply
from ngoaivu.coordination.views import PER_PAGE
from ngoaivu.core.concurrency import add_save_error, form_version
from ngoaivu.core import statements
from ngoaivu.core.generic import KeptPagePaginator, history_entries, page_record_or_404
from ngoaivu.core.scoping import may_edit


KEPT_PAGES = 5  # the list's first pages, read by kept statements; later ones are built as they are asked


@login_required
@require_safe
def directive_list(request):
    """The directives the user reads, newest first, paged in the database. A province's officer also sees
    the state of their own copy and can keep the unread or unacknowledged ones."""
    user = request.user
    term = request.GET.get("q", "")
    state = request.GET.get("state", "")
    own_ids = user.scope.locality_ids
    waiting = {"unread": {"first_opened_at__isnull": True}, "unacknowledged": {"acknowledged_at__isnull": True}}
    filtered = bool(term) or bool(own_ids and state in waiting)

    def listed():
        qs = Directive.objects.visible_to(user)
        if term:
            qs = qs.search(term)
        if own_ids and state in waiting:
            qs = qs.filter(Exists(directives.own_copies(user).filter(directive=OuterRef("pk"), **waiting[state])))
        # only the columns a row writes (not the body)
        return qs.order_by("-issued_on", "-pk").only("number", "issued_on", "subject")

    if filtered:
        paginator = Paginator(listed(), PER_PAGE)
    else:
        # The list as it opens: its count and pages by statements built once per reader's scope.
        key = ("directive list", user.scope.reads)
        paginator = KeptPagePaginator(key, lambda bottom, top: listed()[bottom:top], PER_PAGE,
                                      statements.count(key, listed), kept_pages=KEPT_PAGES)
    page = paginator.get_page(request.GET.get("page"))
    copies = directives.own_copies_of(user, [d.pk for d in page]) if own_ids else {}
    rows = [{"directive": d, "copy": copies.get(d.pk)} for d in page]
    return render(request, "coordination/directive_list.html", {
        "rows": rows, "rows_html": directive_rows(rows, bool(own_ids)), "page_obj": page, "q": term, "state": state, "province": bool(own_ids),
        "can_send": directives.can_send(user) or directives.sending_province(user) is not None})


@login_required
def directive_create(request):
    """The centre sends to provinces; a province's manager sends to the province's own units."""
    user = request.user
    province = None if directives.can_send(user) else directives.sending_province(user)
    if province is None and not directives.can_send(user):
        raise PermissionDenied
    if province is None:
        form = DirectiveForm(request.POST or None, request.FILES or None)
    else:
        form = UnitDirectiveForm(request.POST or None, request.FILES or None, province=province)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        to = {"units": form.chosen_units()} if province else {"localities": form.chosen_localities()}
        try:
            directive = directives.send_directive(
                user, number=d["number"], issued_on=d["issued_on"], subject=d["subject"], signer=d["signer"],
                body=d["body"], attachment=d.get("attachment"), **to)
        except ValidationError as error:
            add_save_error(form, error)
        else:
            n = directive.recipients.count()
            # One recipient is "1 body", "1 province" in English, not "1 bodies", "1 provinces".
            messages.success(request, ngettext("Đã gửi văn bản đến %(n)s cơ quan, đơn vị.",
                                               "Đã gửi văn bản đến %(n)s cơ quan, đơn vị.", n) % {"n": n} if province
                             else ngettext("Đã gửi văn bản đến %(n)s tỉnh, thành phố.",
                                           "Đã gửi văn bản đến %(n)s tỉnh, thành phố.", n) % {"n": n})
            return redirect(directive)
    return render(request, "coordination/directive_form.html", {"form": form, "province": province})


@login_required
def directive_edit(request, pk):
    """Correct a directive already sent (a typo, the date, the file, the recipients): whoever may send it
    (directives.can_edit). A reader who may not is refused 403; one who does not read it, 404."""
    user = request.user
    directive = _directive(request, pk)
    if not directives.can_edit(user, directive):
        raise PermissionDenied(_("Bạn không có quyền sửa văn bản này."))
    province = directive.sender_locality
    form_class = UnitDirectiveEditForm if province else DirectiveEditForm
    form = form_class(request.POST or None, request.FILES or None, directive=directive)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        to = {"units": form.chosen_units()} if province else {"localities": form.chosen_localities()}
        try:
            changed = directives.update_directive(
                user, directive, number=d["number"], issued_on=d["issued_on"], subject=d["subject"],
                signer=d["signer"], body=d["body"], attachment=form.attachment_change(),
                version=form_version(form), **to)
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi.") if changed else _("Không có thay đổi nào để lưu."))
            return redirect(directive)
    return render(request, "coordination/directive_form.html", {"form": form, "province": province,
                                                                "directive": directive})


def _page(request, directive, reply_form=None):
    user = request.user
    copy = directives.own_copy(user, directive)
    directives.mark_opened(user, copy)
    can_answer = copy is not None and may_edit(user, copy)
    editable = may_edit(user, directive)
    # The sender (the centre, or the province for its units' copies) sees every recipient's status. Both
    # lists are read by statements built once (core.statements) and run with the directive's key: building
    # and compiling their joins and the replies' scope were a quarter of the centre's page (2.4 ms).
    recipients = statements.instances(("directive recipients",), _recipients, directive.pk) \
        if user.scope.sees_all or editable else []
    replies = statements.instances(
        ("directive replies", user.scope.reads),
        lambda pk: DirectiveReply.objects.visible_to(user).filter(recipient__directive_id=pk)
        .select_related("recipient__locality", "recipient__unit", "by"), directive.pk)
    return render(request, "coordination/directive_detail.html", {
        "directive": directive, "copy": copy, "can_answer": can_answer, "can_remind": editable,
        "can_edit": directives.can_edit(user, directive),
        "recipients": recipients, "recipient_rows": queries.recipient_rows(recipients), "replies": replies,
        "reply_form": reply_form or (ReplyForm() if can_answer else None),
        "pending": sum(1 for r in recipients if r.acknowledged_at is None), "history": history_entries(directive)})


def _recipients(pk):
    """A directive's copies, in the model's order, with what the sender's table shows of each."""
    return (DirectiveRecipient.objects.filter(directive_id=pk)
            .select_related("locality", "unit", "first_opened_by", "acknowledged_by"))


def _directive(request, pk):
    return page_record_or_404("directive page", _directive_queryset, request.user, pk)


def _directive_queryset(user, pk):
    """The directive of its pages, as visible_or_404 reads it; depends on the user's scope only."""
    return Directive.objects.filter(pk=pk).visible_to(user)


@login_required
@require_safe
def directive_detail(request, pk):
    return _page(request, _directive(request, pk))


def _copy_or_403(request, directive):
    copy = directives.own_copy(request.user, directive)
    if copy is None or not may_edit(request.user, copy):
        raise PermissionDenied
    return copy


@login_required
@require_POST
def directive_acknowledge(request, pk):
    directive = _directive(request, pk)
    try:
        directives.acknowledge(request.user, _copy_or_403(request, directive))
    except ValidationError as error:  # the copy was removed by an edit meanwhile
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xác nhận tiếp nhận văn bản."))
    return redirect(directive)


@login_required
@require_POST
def directive_reply(request, pk):
    directive = _directive(request, pk)
    copy = _copy_or_403(request, directive)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            directives.reply(request.user, copy, text=form.cleaned_data["text"],
                             attachment=form.cleaned_data.get("attachment"))
        except ValidationError as error:
            add_save_error(form, error)
        else:
            messages.success(request, _("Đã gửi trả lời."))
            return redirect(directive)
    return _page(request, directive, reply_form=form)


@login_required
@require_POST
def directive_remind(request, pk):
    directive = _directive(request, pk)
    count = directives.remind(request.user, directive)
    if directive.sender_locality_id:  # a province's directive goes to its units
        messages.success(request, ngettext("Đã nhắc %(n)s đơn vị chưa xác nhận.",
                                           "Đã nhắc %(n)s đơn vị chưa xác nhận.", count) % {"n": count})
    else:
        messages.success(request, ngettext("Đã nhắc %(n)s tỉnh, thành phố chưa xác nhận.",
                                           "Đã nhắc %(n)s tỉnh, thành phố chưa xác nhận.", count) % {"n": count})
    return redirect(directive)
