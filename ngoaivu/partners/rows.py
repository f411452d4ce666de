"""The partner page's tables of the reader's agreements, delegations and conferences with the partner (the
newest 20 of each), written in Python (issue 9): byte for byte what the page's template loops wrote
(tests/partners/test_partner_rows.py keeps those as the reference), without a lookup, filter or tag per cell."""
from django.utils.safestring import SafeString, mark_safe

from ngoaivu.agreements.choices import AgreementStatus, Health
from ngoaivu.core.rows import detail_url, dmy, escape, label_of, tag
from ngoaivu.exchanges.choices import ConferenceStatus, DelegationStatus


def agreement_rows(agreements) -> SafeString:
    """Agreements read with partners.ties.AGREEMENT_COLUMNS."""
    url = detail_url("agreements:agreement_detail")
    status, health = label_of(AgreementStatus.choices), label_of(Health.choices)
    parts = []
    for a in agreements:
        parts.append(f'<tr><td><a href="{escape(url(a.pk))}">{escape(a.title)}</a></td><td>{escape(a.locality.short_name)}</td>'
                     f"<td>{escape(a.signed_display or '—')}</td>"
                     f"<td>{tag(status(a.status), a.status_colour)}</td>"
                     f"<td>{escape(health(a.health)) if a.health != Health.NA else '—'}</td></tr>")
    return mark_safe("".join(parts))


def exchange_rows(records, url_name, statuses) -> SafeString:
    """Delegations or conferences read with partners.ties.EXCHANGE_COLUMNS."""
    url, status = detail_url(url_name), label_of(statuses)
    return mark_safe("".join(
        f'<tr><td><a href="{escape(url(r.pk))}">{escape(r.title)}</a></td><td>{escape(r.locality.short_name)}</td>'
        f"<td>{dmy(r.start_date)} – {dmy(r.end_date)}</td><td>{escape(status(r.status))}</td></tr>" for r in records))


def delegation_rows(delegations) -> SafeString:
    """The partner's delegations' table."""
    return exchange_rows(delegations, "exchanges:delegation_detail", DelegationStatus.choices)


def conference_rows(conferences) -> SafeString:
    """The partner's conferences' table."""
    return exchange_rows(conferences, "exchanges:conference_detail", ConferenceStatus.choices)
