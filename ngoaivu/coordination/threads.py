"""Conversations on records: a thread of comments on an agreement, a delegation, a conference, a report
return or a cooperation opportunity, read and written by whoever can see the record; "@username" mentions someone who can see it too."""
import functools
import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from ngoaivu.coordination.models import THREAD_RECORDS as RECORDS
from ngoaivu.coordination.models import Comment
from ngoaivu.core.files import check_upload
from ngoaivu.core.models import User
# A username (langson.chuyenvien) ends with a letter or digit: "@officer_a." at the end of a sentence names
# officer_a, not "officer_a." (nobody).
MENTION = re.compile(r"@([\w.\-]*\w)")


def record_or_404(user, kind, pk):
    """The record if `user` can see it (the thread's only gate), else 404."""
    if kind not in RECORDS:
        raise Http404
    model = apps.get_model(RECORDS[kind])
    record = model.objects.filter(pk=pk).visible_to(user).first()
    if record is None or not user.is_authenticated:
        raise Http404
    return record


@functools.cache
def comment_count(kind):
    """The number of comments on the record an outer query reads, as an expression to annotate that query
    with: a record's page then counts them inside the statement that reads the record (thread_link's
    `count`) instead of in a statement of its own.

    Built once per kind and process: an expression that holds nothing of the request can be shared, since
    annotating a queryset with it resolves a copy (Django renames the subquery's aliases first, which copies
    its conditions) and leaves it as it was. Building it was ~0.3 ms of a record's page, as were the pages'
    other flags, built once the same way. Only on a queryset just built, as every caller does: on a query
    whose aliases were already renamed (one used as a subquery), Django resolves the conditions in place, and
    the shared expression would stay bound to that query (tests/core/test_shared_expressions.py)."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce
    counted = (Comment.objects.filter(record_kind=kind, record_id=OuterRef("pk")).order_by()
               .values("record_kind").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted), 0)


def comments(kind, pk):
    # Called after record_or_404: the record is visible, so are its comments.
    return Comment.objects.filter(record_kind=kind, record_id=pk).select_related("by").prefetch_related("mentions")


@transaction.atomic
def add_comment(user, kind, record, text, attachment=None) -> Comment:
    """A comment on the record, with an optional attachment (checked by content and size)."""
    record_or_404(user, kind, record.pk)
    if not text.strip() and attachment is None:
        raise ValidationError({"text": _("Nội dung: cần nhập (hoặc đính kèm một tệp).")})
    if attachment is not None:
        try:
            check_upload(attachment, _("Tệp đính kèm"))
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages})
    comment = Comment.objects.create(record_kind=kind, record_id=record.pk, text=text.strip(), by=user,
                                     attachment=attachment or "")
    model = type(record)
    names = set(MENTION.findall(text))
    mentioned = [u for u in User.objects.filter(username__in=names, is_active=True)
                 if model.objects.filter(pk=record.pk).visible_to(u).exists()]
    comment.mentions.set(mentioned)
    return comment


def record_url(kind, pk):
    from django.urls import reverse
    return reverse("coordination:thread", args=[kind, pk])
