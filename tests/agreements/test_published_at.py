"""When an agreement was first made public (`Agreement.published_at`, the open data's feed order), through every
way an agreement is written: one by one (the form, the API), the import's batches (new rows and changed rows),
hidden and published again (the first time stays), and a write that bypasses them (refused by the database)."""
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ngoaivu.agreements import actions
from ngoaivu.agreements.models import Agreement
from tests.agreements.factories import agreement, partner

pytestmark = pytest.mark.django_db


def _stored(made):
    return Agreement.objects.values_list("published_at", flat=True).get(pk=made.pk)


def test_one_by_one_the_first_publication_is_kept(world):
    officer = world.users["officer_a"]
    before = timezone.now()
    public = agreement(officer, world.a, title="Công khai ngay khi đăng ký", visibility="public")
    assert before <= _stored(public) <= timezone.now()
    hidden = agreement(officer, world.a, title="Nội bộ trước, công khai sau")
    assert _stored(hidden) is None
    actions.update_agreement(officer, Agreement.objects.get(pk=hidden.pk), visibility="public")
    first = _stored(hidden)
    assert first is not None
    # Hidden again, then published again: the first publication stays what the feed reads.
    actions.update_agreement(officer, Agreement.objects.get(pk=hidden.pk), visibility="internal")
    assert _stored(hidden) == first
    actions.update_agreement(officer, Agreement.objects.get(pk=hidden.pk), visibility="public")
    assert _stored(hidden) == first
    # Not a fact of the agreement's history (its list of changes would show a change nobody made).
    assert "published_at" not in [f.name for f in Agreement.history.model._meta.fields]


def test_the_imports_batches_note_it_too(world):
    officer = world.users["officer_a"]
    kr = partner()
    fields = dict(locality=world.a, form="ban_ghi_nho", signed_on=datetime.date(2025, 5, 1),
                  signed_precision="day", in_force_on=datetime.date(2025, 5, 1))
    made = actions.create_agreements(officer, [
        {"fields": {**fields, "title": "Nhập: công khai", "visibility": "public"}, "partners": [kr], "sectors": [],
         "co_signatories": []},
        {"fields": {**fields, "title": "Nhập: nội bộ", "visibility": "internal"}, "partners": [kr], "sectors": [],
         "co_signatories": []}])
    public, internal = (Agreement.objects.get(pk=a.pk) for a in made)
    assert public.published_at is not None and internal.published_at is None
    assert actions.update_agreements(officer, [
        {"agreement": internal, "fields": {"visibility": "public"}, "partners": None, "sectors": None,
         "co_signatories": None, "number": 3}]) == 1
    internal.refresh_from_db()
    assert internal.visibility == "public" and internal.published_at is not None


def test_a_write_that_publishes_without_saying_when_is_refused(world):
    hidden = agreement(world.users["officer_a"], world.a, title="Nội bộ")
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=hidden.pk).update(visibility="public")
    assert Agreement.objects.get(pk=hidden.pk).visibility == "internal"
