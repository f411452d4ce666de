"""The partner page after issue 9's changes: the edit refusal asks the database only for a partner the
reader's province or mission added (the same answer as before for every persona), and the counts come
from the ids the page already read."""
import pytest
from django.urls import reverse

from ngoaivu.core.scoping import scope_of
from ngoaivu.partners.actions import can_edit_partners, partner_edit_refusal
from ngoaivu.partners.models import Partner
from tests.agreements.factories import agreement

pytestmark = pytest.mark.django_db


def _old_refusal(user, partner):
    """The function before the change, as the reference."""
    if not can_edit_partners(user):
        return "no right"
    if Partner.objects.editable_by(user).filter(pk=partner.pk).exists():
        return None
    scope = scope_of(user)
    if partner.locality_id in scope.edit_locality_ids or partner.mission_id in scope.edit_mission_ids:
        return "used by another province"
    return "someone else's"


def _kind(text):
    if text is None:
        return None
    if "không có quyền" in text:
        return "no right"
    return "used by another province" if "đã được đơn vị khác sử dụng" in text else "someone else's"


def test_the_refusal_is_the_same_for_every_persona_and_partner(world):
    own_a = Partner.objects.create(name="Daegu", country="KR", locality=world.a)
    own_b = Partner.objects.create(name="Ulsan", country="KR", locality=world.b)
    shared_a = Partner.objects.create(name="Incheon", country="KR", locality=world.a)
    agreement(world.users["officer_b"], world.b, partners=[shared_a])   # used by B: only the centre edits it
    centre = Partner.objects.create(name="Gangwon", country="KR")
    partners = [own_a, own_b, shared_a, centre, *Partner.objects.exclude(pk__in=[own_a.pk, own_b.pk])[:5]]
    for name, user in world.users.items():
        if user is None:
            continue
        for p in partners:
            assert _kind(partner_edit_refusal(user, p)) == _old_refusal(user, p), (name, p.name)


def test_the_page_counts_the_agreements_the_reader_sees(world, client_for):
    p = Partner.objects.create(name="Jeju", country="KR")
    for i in range(3):
        agreement(world.users["officer_a"], world.a, partners=[p], title=f"Thỏa thuận {i} với Jeju")
    agreement(world.users["officer_b"], world.b, partners=[p], title="Thỏa thuận của tỉnh B với Jeju")
    url = reverse("partners:partner_detail", args=[p.pk])
    assert "Xem cả 3 thỏa thuận" in client_for(world.users["officer_a"]).get(url).content.decode()
    assert "Xem cả 4 thỏa thuận" in client_for(world.users["central"]).get(url).content.decode()


def test_the_page_lists_the_current_subsidiaries_only(world, client_for):
    """Whether a partner has subsidiaries is asked of any (SQLite scanned every partner when the test said
    `merged_into IS NULL` too); the page lists the current ones, and none when all were merged away."""
    province = Partner.objects.create(name="Gyeonggi Province", country="KR")
    city = Partner.objects.create(name="Suwon City", country="KR", parent=province)
    only_merged = Partner.objects.create(name="Chungcheong Province", country="KR")
    Partner.objects.create(name="Cheongju City (dup)", country="KR", parent=only_merged, merged_into=city)
    client = client_for(world.users["officer_a"])
    page = client.get(reverse("partners:partner_detail", args=[province.pk])).content.decode()
    assert "Đơn vị trực thuộc" in page and "Suwon City" in page
    page = client.get(reverse("partners:partner_detail", args=[only_merged.pk])).content.decode()
    assert "Đơn vị trực thuộc" not in page and "Cheongju" not in page
    page = client.get(reverse("partners:partner_detail", args=[city.pk])).content.decode()
    assert "Đơn vị trực thuộc" not in page
