"""The home page's early-warning panels with their cards and lists written in Python (implementation.panel_rows),
against the templates they replaced (kept here verbatim, the health counts' include inlined): a province's panel
with dormant agreements (stored reasons, in the reader's language), overdue commitments (long and marked-up
descriptions, with and without a responsible unit), deadlines overdue and coming, the cards' counts; a unit's
panel; the centre's; each in both languages, read back after the records change."""
import datetime

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from ngoaivu.agreements.models import Agreement
from ngoaivu.implementation import summaries
from ngoaivu.implementation.models import Commitment
from ngoaivu.implementation.views import home_panel
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db

PROVINCE = """{% load i18n core_tags %}<section class="panel-section" aria-labelledby="impl-panel-title">
<h2 class="heading-m" id="impl-panel-title">{% translate "Cảnh báo sớm: triển khai thỏa thuận" %}</h2>
{% if not panel.unit_user %}
<p class="hint">{% blocktranslate count n=panel.counts.total %}{{ n }} thỏa thuận đang có hiệu lực{% plural %}{{ n }} thỏa thuận đang có hiệu lực{% endblocktranslate %}</p>
{% load i18n %}<div class="cards">{% for row in panel.counts.rows %}
  <a class="card{% if row.value == 'dormant' and row.count %} card--red{% endif %}" href="{% url 'implementation:agreement_list' %}?health={{ row.value }}{{ panel.list_filter }}" data-testid="count-{{ row.value }}">
    <span class="card__figure">{{ row.count }}</span><span class="card__label">{{ row.label }}</span></a>
{% endfor %}</div>

<h3 class="heading-s">{% translate "Ký rồi để đấy" %}</h3>
{% if panel.dormant %}<ul class="list" data-testid="dormant-list">{% for a in panel.dormant %}
  <li><a href="{% url 'implementation:agreement' a.pk %}">{{ a.title }}</a> — <span>{{ a.health_reasons|stored }}</span></li>{% endfor %}</ul>
  {% if panel.dormant_total > panel.dormant|length %}<p><a href="{% url 'implementation:agreement_list' %}?health=dormant{{ panel.list_filter }}">{% blocktranslate with n=panel.dormant_total %}Xem cả {{ n }} thỏa thuận{% endblocktranslate %}</a></p>{% endif %}
{% else %}<p class="empty">{% translate "Không có thỏa thuận nào bị bỏ quên." %}</p>{% endif %}
{% endif %}
<h3 class="heading-s">{% translate "Cam kết quá hạn" %}</h3>
<p class="hint" data-testid="overdue-hint">{% translate "Chỉ tính cam kết của các thỏa thuận đang có hiệu lực." %}</p>
{% if panel.overdue %}<ul class="list" data-testid="overdue-list">{% for c in panel.overdue %}<li><a href="{{ c.get_absolute_url }}">{{ c|truncatechars:70 }}</a> — {% translate "hạn" %} {{ c.due_on|date:"d/m/Y" }}{% if c.responsible_unit %}, {{ c.responsible_unit.name }}{% endif %}</li>{% endfor %}</ul>
  {% if panel.overdue_total > panel.overdue|length %}<p><a href="{% url 'implementation:commitment_list' %}?{{ panel.overdue_filter }}">{% blocktranslate with n=panel.overdue_total %}Xem cả {{ n }} cam kết quá hạn{% endblocktranslate %}</a></p>{% endif %}
{% else %}<p class="empty">{% translate "Không có cam kết quá hạn." %}</p>{% endif %}
{% if not panel.unit_user %}<h3 class="heading-s">{% translate "Thời hạn sắp tới" %}</h3>
{% if panel.deadlines %}<ul class="list">{% for d in panel.deadlines %}<li>{% if d.overdue %}{% translate "Quá hạn" as l %}{% status_tag l "red" %} {% endif %}<time>{{ d.date|date:"d/m/Y" }}</time> — <a href="{{ d.url }}">{{ d.title }}</a></li>{% endfor %}</ul>
{% else %}<p class="empty">{% translate "Không có thời hạn nào trong 60 ngày tới." %}</p>{% endif %}{% endif %}
<p><a href="{% url 'implementation:notifications' %}">{% translate "Mọi việc cần làm" %}</a></p>
</section>
"""

NATIONAL = """{% load i18n core_tags %}<section aria-labelledby="impl-national-title">
<h2 class="heading-m" id="impl-national-title">{% translate "Triển khai thỏa thuận trên toàn quốc" %}</h2>
<p class="hint">{% blocktranslate count n=panel.counts.total %}{{ n }} thỏa thuận đang có hiệu lực{% plural %}{{ n }} thỏa thuận đang có hiệu lực{% endblocktranslate %}</p>
{% load i18n %}<div class="cards">{% for row in panel.counts.rows %}
  <a class="card{% if row.value == 'dormant' and row.count %} card--red{% endif %}" href="{% url 'implementation:agreement_list' %}?health={{ row.value }}{{ panel.list_filter }}" data-testid="count-{{ row.value }}">
    <span class="card__figure">{{ row.count }}</span><span class="card__label">{{ row.label }}</span></a>
{% endfor %}</div>

{% if panel.dormant %}<h3 class="heading-s">{% translate "Bị bỏ quên lâu nhất" %}</h3><ul class="list">{% for a in panel.dormant %}
<li><a href="{% url 'implementation:agreement' a.pk %}">{{ a.title }}</a> ({{ a.locality.short_name }}) — {{ a.health_reasons|stored }}</li>{% endfor %}</ul>{% endif %}
<p><a href="{% url 'implementation:national' %}">{% translate "Xem theo từng tỉnh, thành phố và từng nước" %}</a></p>
</section>
"""


def both(user, language):
    """(the panel as its template writes it now, as the old template wrote it)"""
    request = RequestFactory().get("/home/panels/implementation/")
    request.user = user
    with translation.override(language):
        panel = home_panel(request)
        reference = NATIONAL if panel["template"].endswith("national.html") else PROVINCE
        return (render_to_string(panel["template"], {"panel": panel}, request),
                engines["django"].from_string(reference).render({"panel": panel}, request))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_panels_are_what_their_templates_wrote(world, language):
    officer = world.users["officer_a"]
    users = [officer, world.users["central"]] + [u for name, u in world.users.items() if name.startswith("unit")]
    for user in users:  # before any record of the panel's lists
        now, before = both(user, language)
        assert now == before
    signed = datetime.date(2019, 4, 1)
    made = [agreement(officer, world.a, title=title, signed_on=signed, in_force_on=signed, expires_on=expires)
            for title, expires in (("Thỏa thuận <dài> & \"ngoặc\" " * 4, datetime.date(2026, 12, 20)),
                                   ("MOU ngắn", None), ("Hết hạn rồi", datetime.date(2020, 1, 1)))]
    Agreement.objects.filter(pk__in=[a.pk for a in made]).update(
        status="in_force", health="dormant",
        health_reasons="không có hoạt động trong 14 tháng; thỏa thuận không ở trạng thái có hiệu lực")
    unit = world.records["unit_a"]
    for i, a in enumerate(made):
        Commitment.objects.create(agreement=a, description=("Cam kết <b>quá hạn</b> & dài " * (1 + 5 * i)).strip(),
                                  due_on=datetime.date(2025, 1, 1 + i), status="pending",
                                  responsible_unit=unit if i % 2 else None)
    summaries.recompute()  # the cards' counts (the update above went round the model's signals)
    written = []
    for user in users:
        now, before = both(user, language)
        assert now == before, user
        written.append(now)
    text = "".join(written)
    assert "&lt;b&gt;quá hạn&lt;/b&gt;" in text and "&lt;dài&gt;" in text and "<time>" in text
    assert 'data-testid="dormant-list"' in text and 'data-testid="overdue-list"' in text and "card--red" in text
    assert written[0].count("<li><a") >= 6  # the province's three dormant and three overdue
    assert "tag--red" in written[0] and "<time>" in written[0]  # an overdue deadline tagged, a coming one
    if language == "en":
        assert "không có hoạt động" not in text
