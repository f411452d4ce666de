"""The rows of the register list, written in Python (issue 9).

Twenty-five rows of template cost the list page 6–25 ms of CPU: a variable lookup, a filter or an
include per cell, a queryset clone per row for its partners. The markup here is byte for byte what the
row template wrote before (tests/agreements/test_list_rows.py compares both on every kind of row)."""
import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.agreements.choices import STATUS_COLOURS, AgreementStatus
from ngoaivu.core.rows import detail_url, dmy, label_of, partners_cell, tag


def agreement_rows(agreements, today: datetime.date) -> SafeString:
    """The <tr>s of the list's table body. Each agreement carries `listed_partners` (a Prefetch list)."""
    url = detail_url("agreements:agreement_detail")
    status_label = label_of(AgreementStatus.choices)
    signed_as = _("ký khi là %(n)s")
    overdue, due_soon = _("Quá hạn"), _("Sắp đến hạn")
    parts = []
    for a in agreements:
        cells = [f'<tr>\n    <td><a href="{escape(url(a.pk))}">{escape(a.title)}</a>']
        if a.reference:
            cells.append(f'<br><span class="small muted">{escape(a.reference)}</span>')
        form = a.form_display
        if form:
            cells.append(f'<br><span class="small muted">{escape(form)}</span>')
        cells.append(f"</td>\n    <td>{partners_cell(a.listed_partners)}</td>\n    <td>{escape(a.locality.short_name)}")
        former = a.signatory_locality
        if former is not None and former.valid_until is not None:
            cells.append(f'<br><span class="small muted">{signed_as % {"n": escape(former.short_name)}}</span>')
        cells.append(f"</td>\n    <td>{escape(a.signed_display or '—')}</td>\n    <td>"
                     f"{tag(status_label(a.status), STATUS_COLOURS.get(a.status, 'grey'))}</td>\n    <td>")
        due = a.next_due_on
        if due and due < today:
            cells.append(f'{tag(overdue, "red")}<br><span class="small">{dmy(due)}</span>\n        ')
        elif a.alert_on and a.alert_on <= today:
            cells.append(f'{tag(due_soon, "orange")}<br><span class="small">{dmy(due)}</span>\n        ')
        elif due:
            cells.append(f'<span class="small">{dmy(due)}</span>')
        else:
            cells.append("—")
        cells.append("</td>\n  </tr>")
        parts.append("".join(cells))
    return mark_safe("".join(parts))
