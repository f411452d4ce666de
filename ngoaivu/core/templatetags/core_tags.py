from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ngoaivu.core.countries import country_name
from ngoaivu.core.numbers import vn_number
from ngoaivu.core.rows import TAG

register = template.Library()


@register.filter
def vn(value, decimals=None):
    """A figure the Vietnamese way ("1.234.567,5"; `decimals` fixes the places); None as "—"; a text (not
    a figure) as it is. The indicators' templates use this same filter (indicator_tags)."""
    if isinstance(value, str):
        return value
    return vn_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def page_window(page_obj):
    """Page numbers to show: first, last, current ±1, with None where an ellipsis goes (GOV.UK)."""
    last, current = page_obj.paginator.num_pages, page_obj.number
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    shown, previous = [], 0
    for number in wanted:
        if number - previous > 1:
            shown.append(None)
        shown.append(number)
        previous = number
    return shown


@register.simple_tag(takes_context=True)
def sort_url(context, key, current_sort):
    """Link that sorts by `key`, flipping the direction when already sorted by it; filters are kept."""
    query = context["request"].GET.copy()
    query["sort"] = f"-{key}" if current_sort == key else key
    query.pop("page", None)
    return "?" + query.urlencode()


# The former core/includes/sort_header.html as it rendered: the newline after its {% load %} line and the one that
# closes the file included.
SORT_HEADER = ('\n<th scope="col" aria-sort="{sort}"{num}>\n  <a class="sort-link" href="{href}">{label}{arrow}</a>\n'
               '</th>\n')


@register.simple_tag(takes_context=True)
def sort_header(context, key, label, numeric=False):
    """A sortable column header that keeps the filters: byte for byte what
    `{% include "core/includes/sort_header.html" with key=… label=… numeric=… %}` wrote
    (tests/core/test_sort_header.py), without a template and a context per column of every list page."""
    current = context.get("current_sort")
    if current == key:
        sort, arrow = "ascending", " ▲"
    elif isinstance(current, str) and current[1:] == key and current[:1] == "-":
        sort, arrow = "descending", " ▼"
    else:
        sort, arrow = "none", ""
    return mark_safe(SORT_HEADER.format(sort=sort, num=' class="num"' if numeric else "", arrow=arrow,
                                        href=conditional_escape(sort_url(context, key, current)),
                                        label=render_value_in_context(label, context)))


@register.filter
def country(code):
    return country_name(code)


@register.simple_tag(takes_context=True)
def status_tag(context, label, colour="grey"):
    """A status as words on a colour (never colour alone). Written here rather than through an inclusion
    template (core/includes/tag.html, the same markup): a page shows dozens of tags, and an inclusion tag
    builds a context and renders a template for each. The values go through the same escaping and
    localisation as {{ }} in that template, and the trailing newline of its file is kept."""
    return mark_safe(TAG.format(colour=render_value_in_context(colour, context),
                                label=render_value_in_context(label, context)))


@register.filter
def stored(text):
    """A text the app generated and stored (health reasons, status-change reasons) in the reader's language."""
    from ngoaivu.core.stored_text import translate_stored
    return translate_stored(text)
