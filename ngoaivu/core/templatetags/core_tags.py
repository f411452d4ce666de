from django import template
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ngoaivu.core.countries import country_name
from ngoaivu.core.numbers import vn_number
from ngoaivu.core.rows import TAG, escape

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
    """Page numbers to show: first, last, current ±1, with None where an ellipsis goes (GOV.UK). The
    pagination tag below calls it; a filter still, as the tests' reference template uses it."""
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
def pagination(context, page_obj):
    """The list pages' pagination (core/includes/pagination.html), byte for byte what its template wrote
    with a {% querystring page=… %} per link (tests/core/test_pagination_tag.py keeps it as the reference):
    written here, it was a tenth of a list page's template. Nothing for a single page."""
    if not page_obj or page_obj.paginator.num_pages <= 1:  # a missing variable comes as ""
        return ""
    query = context.request.GET

    def href(number):
        params = query.copy()  # as {% querystring %}: the page replaced, the other filters kept
        params["page"] = number
        return escape(f"?{params.urlencode()}")
    # The texts outside the f-strings, where xgettext reads them.
    label, name = gettext("Trang %(number)s"), gettext("Phân trang")
    parts = [f'\n<nav class="pagination" aria-label="{escape(name)}">\n  ']
    if page_obj.has_previous():
        previous = gettext("Trước")
        parts.append(f'<a class="pagination__prev" href="{href(page_obj.previous_page_number())}" rel="prev">« '
                     f'{escape(previous)}</a>')
    parts.append('\n  <ul class="pagination__list">\n    ')
    for number in page_window(page_obj):
        if number:
            shown = escape(localize(number, use_l10n=context.use_l10n))  # as {{ number }}, {% localize off %} too
            current = ' aria-current="page"' if number == page_obj.number else ""
            parts.append(f'\n      \n        <li><a class="pagination__link" href="{href(number)}"{current} '
                         f'aria-label="{label % {"number": shown}}">{shown}</a></li>\n      \n    ')
        else:
            parts.append('\n      <li class="pagination__ellipsis">…</li>\n    ')
    parts.append("\n  </ul>\n  ")
    if page_obj.has_next():
        following = gettext("Sau")
        parts.append(f'<a class="pagination__next" href="{href(page_obj.next_page_number())}" rel="next">'
                     f'{escape(following)} »</a>')
    parts.append("\n</nav>\n")
    return mark_safe("".join(parts))


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
