"""The directive page's recipients, replies and edit link are read by statements kept per process
(core.statements, issue 9): run by readers of different scopes one after another, on two directives, each
page still shows what that reader sees of that directive — never the replies, the recipients' table or the
edit link a reader before them was given."""
import datetime

import pytest
from django.urls import reverse

from ngoaivu.coordination import directives
from ngoaivu.coordination.models import DirectiveRecipient

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _send(world, subject, localities):
    return directives.send_directive(world.users["central"], number="15/BNG-NV", issued_on=TODAY, subject=subject,
                                     signer="Cục trưởng", localities=localities, body="Nội dung.")


def _recipients_table(page):
    """The recipients' table of a directive page ("" when the page has none)."""
    start = page.find('id="recipients"')
    return page[start:page.index("</table>", start)] if start >= 0 else ""


def _reply(world, directive, persona, locality, text):
    copy = DirectiveRecipient.objects.get(directive=directive, locality=locality)
    directives.reply(world.users[persona], copy, text=text)


def test_each_reader_in_turn_sees_the_replies_recipients_and_edit_link_of_their_own_scope(world, client_for):
    first = _send(world, "Hướng dẫn thứ nhất", [world.a, world.b])
    second = _send(world, "Hướng dẫn thứ hai", [world.b])
    _reply(world, first, "officer_a", world.a, "Trả lời của tỉnh A về văn bản một")
    _reply(world, first, "officer_b", world.b, "Trả lời của tỉnh B về văn bản một")
    _reply(world, second, "officer_b", world.b, "Trả lời của tỉnh B về văn bản hai")
    replies = {first: {"a": "Trả lời của tỉnh A về văn bản một", "b": "Trả lời của tỉnh B về văn bản một"},
               second: {"b": "Trả lời của tỉnh B về văn bản hai"}}
    # Each directive's own recipients in the centre's table, whichever directive was read before.
    sent_to = {first: {world.a.short_name, world.b.short_name}, second: {world.b.short_name}}
    # Each reader's own replies (a province its own, the centre every one); the recipients' table and the
    # edit link for the centre only.
    readers = [("central", {"a", "b"}, True), ("officer_a", {"a"}, False), ("officer_b", {"b"}, False),
               ("central_viewer", {"a", "b"}, False)]
    for _round in range(2):
        for directive in (first, second):
            url = reverse("coordination:directive_detail", args=[directive.pk])
            edit = reverse("coordination:directive_edit", args=[directive.pk])
            for persona, own, sender in readers:
                page = client_for(world.users[persona]).get(url).content.decode()
                for province, text in replies[directive].items():
                    assert (text in page) == (province in own), (persona, directive.subject, text)
                other = replies[second if directive == first else first]
                assert not any(text in page for text in other.values()), (persona, directive.subject)
                table = _recipients_table(page)
                assert bool(table) == persona.startswith("central"), persona
                if table:
                    names = {world.a.short_name, world.b.short_name}
                    assert {n for n in names if n in table} == sent_to[directive], (persona, directive.subject)
                assert (f'href="{edit}"' in page) == sender, persona
    # A reply written after the pages were read shows on the next reading of each reader who sees it.
    _reply(world, first, "officer_a", world.a, "Trả lời mới của tỉnh A")
    url = reverse("coordination:directive_detail", args=[first.pk])
    assert "Trả lời mới của tỉnh A" in client_for(world.users["central"]).get(url).content.decode()
    assert "Trả lời mới của tỉnh A" in client_for(world.users["officer_a"]).get(url).content.decode()
    assert "Trả lời mới của tỉnh A" not in client_for(world.users["officer_b"]).get(url).content.decode()
    # The recipients' table follows the copies: the read receipt province A left is shown to the centre.
    assert DirectiveRecipient.objects.get(directive=first, locality=world.a).first_opened_at is not None
    assert "Officer A" in client_for(world.users["central"]).get(url).content.decode()
