"""The rows of the register list, written in Python (issue 9).

Twenty-five rows of template cost the list page 6–25 ms of CPU: a variable lookup, a filter or an
include per cell, a queryset clone per row for its partners. The markup here is byte for byte what the
row template wrote before (tests/agreements/test_list_rows.py compares both on every kind of row)."""
import datetime

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.agreements.choices import STATUS_COLOURS, AgreementStatus
from ngoaivu.core.countries import country_name


def tag(label, colour) -> str:
    """core/includes/tag.html (the status_tag inclusion tag), with its closing newline."""
    return f'<strong class="tag tag--{escape(colour)}">{escape(label)}</strong>\n'


def agreement_rows(agreements, today: datetime.date) -> SafeString:
    """The <tr>s of the list's table body. Each agreement carries `listed_partners` (a Prefetch list)."""
    # The detail URL reversed once: a row swaps in its id (reverse() per row was a tenth of a row's cost).
    url = reverse("agreements:agreement_detail", args=[0]).replace("/0/", "/{}/")
    labels = {status: str(AgreementStatus(status).label) for status in AgreementStatus.values}
    signed_as = _("ký khi là %(n)s")
    overdue, due_soon = _("Quá hạn"), _("Sắp đến hạn")
    parts = []
    for a in agreements:
        cells = [f'<tr>\n    <td><a href="{escape(url.format(a.pk))}">{escape(a.title)}</a>']
        if a.reference:
            cells.append(f'<br><span class="small muted">{escape(a.reference)}</span>')
        form = a.form_display
        if form:
            cells.append(f'<br><span class="small muted">{escape(form)}</span>')
        cells.append("</td>\n    <td>")
        cells.append("<br>".join(f'{escape(p.display_name)} <span class="muted">({escape(country_name(p.country))})</span>'
                                 for p in a.listed_partners))
        cells.append(f"</td>\n    <td>{escape(a.locality.short_name)}")
        former = a.signatory_locality
        if former is not None and former.valid_until is not None:
            cells.append(f'<br><span class="small muted">{signed_as % {"n": escape(former.short_name)}}</span>')
        cells.append(f"</td>\n    <td>{escape(a.signed_display or '—')}</td>\n    <td>"
                     f"{tag(labels.get(a.status, a.status), STATUS_COLOURS.get(a.status, 'grey'))}</td>\n    <td>")
        due = a.next_due_on
        shown = due.strftime("%d/%m/%Y") if due else ""  # the |date filter writes nothing for None
        if due and due < today:
            cells.append(f'{tag(overdue, "red")}<br><span class="small">{shown}</span>\n        ')
        elif a.alert_on and a.alert_on <= today:
            cells.append(f'{tag(due_soon, "orange")}<br><span class="small">{shown}</span>\n        ')
        elif due:
            cells.append(f'<span class="small">{shown}</span>')
        else:
            cells.append("—")
        cells.append("</td>\n  </tr>")
        parts.append("".join(cells))
    return mark_safe("".join(parts))
