"""`{% status_tag %}` is written in Python (issue 9: dozens per page); its markup must stay exactly what the
inclusion template core/includes/tag.html writes, with the same escaping and localisation."""
import datetime

import pytest
from django.template import Context, Template
from django.utils.translation import gettext_lazy, override

ITEMS = [("Đang hiệu lực", "green"), ("a & <b>", 'x"y'), (gettext_lazy("Quá hạn"), "red"), (12345, "grey"),
         (1.5, "blue"), (datetime.date(2026, 12, 24), "orange"), (None, None), ("", "")]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_the_tag_writes_what_the_template_wrote(lang, autoescape):
    tag = Template('{% load core_tags %}{% for l, c in items %}{% status_tag l c %}|{% endfor %}'
                   '{% status_tag "Mặc định" %}{% status_tag _("Quá hạn") "red" %}')
    template = Template('{% for l, c in items %}{% include "core/includes/tag.html" with label=l colour=c %}|{% endfor %}'
                        '{% include "core/includes/tag.html" with label="Mặc định" colour="grey" %}'
                        '{% include "core/includes/tag.html" with label=_("Quá hạn") colour="red" %}')
    with override(lang):
        written = tag.render(Context({"items": ITEMS}, autoescape=autoescape))
        assert written == template.render(Context({"items": ITEMS}, autoescape=autoescape))
    assert written.count("<strong") == len(ITEMS) + 2
