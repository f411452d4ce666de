"""The rows of the register list, written in Python (issue 9).

Twenty-five rows of template cost the list page 6–25 ms of CPU: a variable lookup, a filter or an
include per cell, a queryset clone per row for its partners. The markup here is byte for byte what the
row template wrote before (tests/agreements/test_list_rows.py compares both on every kind of row)."""
import datetime

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.agreements.choices import STATUS_COLOURS, AgreementStatus
from ngoaivu.agreements.models import form_text, signed_text
from ngoaivu.core.rows import detail_url, dmy, escape, label_of, partners_cell, tag


def agreement_rows(agreements, partners: dict, today: datetime.date) -> SafeString:
    """The <tr>s of the list's table body: `agreements` are rows of the view's LIST_COLUMNS (named tuples),
    `partners` their partners by primary key (core.rows.listed_partners)."""
    url = detail_url("agreements:agreement_detail")
    status_label = label_of(AgreementStatus.choices)
    signed_as = _("ký khi là %(n)s")
    overdue, due_soon = _("Quá hạn"), _("Sắp đến hạn")
    parts = []
    for a in agreements:
        cells = [f'<tr>\n    <td><a href="{escape(url(a.pk))}">{escape(a.title)}</a>']
        if a.reference:
            cells.append(f'<br><span class="small muted">{escape(a.reference)}</span>')
        form = form_text(a.form, a.form_other)
        if form:
            cells.append(f'<br><span class="small muted">{escape(form)}</span>')
        cells.append(f"</td>\n    <td>{partners_cell(partners.get(a.pk))}</td>\n    <td>{escape(a.locality__short_name)}")
        if a.signatory_locality__valid_until is not None:  # signed as a former province
            cells.append(f'<br><span class="small muted">{signed_as % {"n": escape(a.signatory_locality__short_name)}}</span>')
        signed = signed_text(a.signed_on, a.signed_precision, a.historical, a.recorded_status)
        cells.append(f"</td>\n    <td>{escape(signed or '—')}</td>\n    <td>"
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
