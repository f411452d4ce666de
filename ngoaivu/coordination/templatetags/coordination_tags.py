"""What other apps' pages show of coordination: the link to the conversation on a record (an agreement, a
delegation, a conference) with its number of comments. One line in their templates:
{% load coordination_tags %}{% thread_link "agreement" agreement %}. Shown only to whoever can see the record
(the thread's own gate, ngoaivu.coordination.threads)."""
from django import template

register = template.Library()


@register.inclusion_tag("coordination/includes/thread_link.html", takes_context=True)
def thread_link(context, kind, record, visible=False, count=None):
    """`visible=True`: the page read the record through `visible_to(request.user)` itself, so the gate's
    query is not asked again. `count`: the number of comments, when the page read it with the record
    (threads.comment_count)."""
    from django.apps import apps

    from ngoaivu.coordination import threads
    request = context.get("request")
    user = getattr(request, "user", None)
    if (record is None or not record.pk or user is None or not user.is_authenticated or kind not in threads.RECORDS
            or not visible and not apps.get_model(threads.RECORDS[kind]).objects.filter(pk=record.pk).visible_to(user).exists()):
        return {"url": None}
    return {"url": threads.record_url(kind, record.pk), "count": threads.comments(kind, record.pk).count() if count is None else count}


@register.simple_tag
def working_days_text(left, overdue=False):
    """The 7-working-day clock in words: "còn 3 ngày làm việc", "hạn là hôm nay", "quá hạn 9 ngày làm việc"
    (never "còn -9"). `overdue`: the deadline has passed; on the weekend or in Tết after it no working day
    has yet (`left` 0), and it read "hạn là hôm nay" beside the red "Quá hạn"."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext
    if left is None:
        return ""
    if left == 0:
        return _("đã quá hạn") if overdue else _("hạn là hôm nay")
    if left > 0:
        return ngettext("còn %(n)s ngày làm việc", "còn %(n)s ngày làm việc", left) % {"n": left}
    return ngettext("quá hạn %(n)s ngày làm việc", "quá hạn %(n)s ngày làm việc", -left) % {"n": -left}
