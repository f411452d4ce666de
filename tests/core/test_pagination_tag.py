"""The list pages' pagination written in Python (core_tags.pagination) against the template it replaced, kept
here verbatim: one page, two, a few, many (ellipses, numbers with a thousands separator), every current page
position, with the other filters kept in each link (texts to escape, several values of one key, an old page
number replaced), in both languages."""
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

import pytest

REFERENCE = """{% load i18n core_tags %}{% if page_obj.paginator.num_pages > 1 %}
<nav class="pagination" aria-label="{% translate 'Phân trang' %}">
  {% if page_obj.has_previous %}<a class="pagination__prev" href="{% querystring page=page_obj.previous_page_number %}" rel="prev">« {% translate "Trước" %}</a>{% endif %}
  <ul class="pagination__list">
    {% for number in page_obj|page_window %}
      {% if number %}
        <li><a class="pagination__link" href="{% querystring page=number %}"{% if number == page_obj.number %} aria-current="page"{% endif %} aria-label="{% blocktranslate %}Trang {{ number }}{% endblocktranslate %}">{{ number }}</a></li>
      {% else %}<li class="pagination__ellipsis">…</li>{% endif %}
    {% endfor %}
  </ul>
  {% if page_obj.has_next %}<a class="pagination__next" href="{% querystring page=page_obj.next_page_number %}" rel="next">{% translate "Sau" %} »</a>{% endif %}
</nav>
{% endif %}
"""
NEW = "{% include 'core/includes/pagination.html' %}"


def render(source, request, page):
    return engines["django"].from_string(source).render({"page_obj": page}, request)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pagination_is_what_its_template_wrote(language):
    queries = ["", "?q=h%C3%A0+n%E1%BB%99i&x=%3Cb%3E%26%22", "?status=a&status=b&page=7", "?page=2"]
    written = []
    for pages in (1, 2, 3, 7, 1234):
        paginator = Paginator(range(pages * 10), 10)
        for number in sorted({1, 2, pages // 2, pages - 1, pages} & set(range(1, pages + 1))):
            page = paginator.page(number)
            for query in queries:
                request = RequestFactory().get("/agreements/" + query)
                with translation.override(language):
                    expected = render(REFERENCE, request, page)
                    assert render(NEW, request, page) == expected, (pages, number, query)
                written.append(expected)
    assert len(written) > 60
    expected = "".join(written)
    # the reference had every part: links that keep the filters, the current page, ellipses, big numbers
    assert "&amp;x=%3Cb%3E%26%22&amp;page=" in expected and "…" in expected and 'aria-current="page"' in expected
    assert ("1.234" if language == "vi" else "1,234") in expected and expected.count("page=1234") >= 2


def test_a_page_alone_and_no_page_write_nothing():
    request = RequestFactory().get("/x/?q=a")
    assert render(NEW, request, Paginator(range(5), 10).page(1)) == render(REFERENCE, request, Paginator(range(5), 10).page(1)) == "\n"
    assert render(NEW, request, None) == render(REFERENCE, request, None) == "\n"


def test_under_localize_off_the_numbers_are_written_as_the_template_wrote_them():
    """An including page that turns localisation off gets the numbers without a separator, as {{ number }} did."""
    page = Paginator(range(12340), 10).page(1000)
    request = RequestFactory().get("/x/")
    off = "{% load l10n %}{% localize off %}" + NEW + "{% endlocalize %}"
    reference = "{% load l10n %}{% localize off %}" + REFERENCE + "{% endlocalize %}"
    assert render(off, request, page) == render(reference, request, page)
    assert ">1234<" in render(off, request, page) and ">1.234<" in render(NEW, request, page)
