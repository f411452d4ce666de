"""Two reminders of one directive sent at the same time (two officers of the centre on the page, a double
click) both count: each copy's number of reminders is raised in the database, not written back from a
value read before the other's reminder was saved (the review of 03/12/2026)."""
import datetime

import pytest

from ngoaivu.coordination import directives
from ngoaivu.coordination.models import Directive, DirectiveRecipient

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _send(world):
    return directives.send_directive(world.users["central"], number="15/BNG-NV", issued_on=TODAY,
                                     subject="Hướng dẫn triển khai Nghị quyết 59", signer="Cục trưởng",
                                     localities=[world.a, world.b], body="Nội dung hướng dẫn.")


def _between_read_and_write(monkeypatch, step):
    """Run `step` once, as another request would, after the first reminder has read the copies and before
    it writes any: the moment two reminders sent together overlap."""
    done = []
    save, update = DirectiveRecipient.save, type(DirectiveRecipient.objects.all()).update

    def first(run, *args, **kwargs):
        if not done:
            done.append(True)
            step()
        return run(*args, **kwargs)

    monkeypatch.setattr(DirectiveRecipient, "save", lambda self, *a, **k: first(save, self, *a, **k))
    monkeypatch.setattr(type(DirectiveRecipient.objects.all()), "update",
                        lambda self, *a, **k: first(update, self, *a, **k) if self.model is DirectiveRecipient
                        else update(self, *a, **k))


def test_two_reminders_sent_at_once_count_two(world, monkeypatch):
    directive = _send(world)
    central = world.users["central"]
    mine, theirs = Directive.objects.get(pk=directive.pk), Directive.objects.get(pk=directive.pk)  # two pages
    _between_read_and_write(monkeypatch, lambda: directives.remind(central, theirs))
    assert directives.remind(central, mine) == 2
    assert sorted(DirectiveRecipient.objects.filter(directive=directive).values_list("reminders", flat=True)) == [2, 2]


def test_a_copy_acknowledged_meanwhile_is_not_reminded(world, monkeypatch):
    directive = _send(world)
    copy_a = DirectiveRecipient.objects.get(directive=directive, locality=world.a)
    _between_read_and_write(monkeypatch, lambda: directives.acknowledge(world.users["manager_a"], copy_a))
    assert directives.remind(world.users["central"], directive) == 1
    assert dict(DirectiveRecipient.objects.filter(directive=directive).values_list("locality", "reminders")) == {
        world.a.pk: 0, world.b.pk: 1}
