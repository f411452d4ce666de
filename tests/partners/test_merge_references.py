"""A merge moves every reference to the duplicate, whatever model holds it: the relations to Partner are
read from Django's model registry, so a model added later that points to a partner and is not moved fails
here. Found by the review of 03/12/2026: a delegation's stop (the partner met there) and an opportunity
stayed on the duplicate, which the forms no longer offer, so saving the delegation unchanged dropped the
partner met; and a parent merged into its own subsidiary made the survivor its own parent."""
import datetime

import pytest
from django.apps import apps
from django.urls import reverse

from ngoaivu.exchanges import actions as exchange_actions
from ngoaivu.exchanges.models import DelegationStop
from ngoaivu.partners import actions, alerts, merging
from ngoaivu.partners import opportunities as ops
from ngoaivu.partners.models import Partner
from ngoaivu.partners.models_opportunities import Opportunity
from tests.agreements.factories import agreement
from tests.exchanges.factories import conference, delegation

pytestmark = pytest.mark.django_db

# What may still name the duplicate after its merge: its own merge records, its own names, its history.
STAYS = {("partners", "partnermerge", "duplicate"), ("partners", "partneralias", "partner"),
         ("partners", "partner", "merged_into")}


def references(partner) -> dict:
    """{(app, model, field): [keys of the rows naming `partner`]} over every relation to Partner."""
    found = {}
    for model in apps.get_models():
        if model._meta.app_label != "partners" and not model.__module__.startswith("ngoaivu."):
            continue
        if model.__name__.startswith("Historical"):
            continue  # the history of what a record was keeps what it was
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model is Partner):
                continue
            key = (model._meta.app_label, model._meta.model_name, field.name)
            rows = sorted(model._base_manager.filter(**{field.name: partner}).values_list("pk", flat=True))
            if rows:
                found[key] = rows
    return found


def _pair(world):
    survivor = actions.create_partner(world.users["officer_a"], name="Ulleung-gun", country="KR")
    duplicate = actions.create_partner(world.users["officer_b"], name="Ulleung County", country="KR",
                                       name_vi="Huyện Ulleung", allow_duplicate=True)
    return survivor, duplicate


def test_no_reference_to_the_duplicate_is_left_and_unmerge_gives_every_one_back(world):
    survivor, duplicate = _pair(world)
    b = world.users["officer_b"]
    agreement(b, world.b, partners=[duplicate], title="Bản ghi nhớ với huyện Ulleung")
    trip = delegation(b, world.b, countries=("KR",))
    exchange_actions.update_delegation(b, trip, data={},
                                       stops=[{"country": "KR", "city": "Ulleung", "days": 3, "partner": duplicate}])
    trip.partners.add(duplicate)
    conference(b, world.b, partners=[duplicate], title="Hội thảo du lịch biển đảo")
    ops.post_opportunity(world.users["mission_officer"], kind="partner_seeks", title="Tìm đối tác thủy sản",
                         country="KR", partner=duplicate, deadline=datetime.date(2027, 12, 31))
    child = actions.create_partner(b, name="Ulleung Fisheries Cooperative", country="KR")
    actions.update_partner(b, child, parent=duplicate)
    alerts.issue_warning(world.users["mission_officer"], duplicate, category="dispute", severity="low",
                         summary="Tranh chấp hợp đồng", source="Báo", source_date=datetime.date(2026, 1, 1))
    before = references(duplicate)
    kinds = {key[1] for key in before}
    assert {"agreement", "delegation", "conference", "delegationstop", "opportunity", "partner",
            "partnerwarning"} <= kinds, kinds
    merge = merging.merge_partners(world.users["central"], survivor, duplicate, "trùng")
    left = {key: rows for key, rows in references(duplicate).items() if key not in STAYS}
    assert left == {}
    assert [s.partner_id for s in DelegationStop.objects.filter(delegation=trip)] == [survivor.pk]
    assert list(survivor.opportunities.values_list("title", flat=True)) == ["Tìm đối tác thủy sản"]
    merging.unmerge(world.users["central"], merge)
    assert {key: rows for key, rows in references(duplicate).items() if key not in STAYS} == before
    assert not any(rows for key, rows in references(survivor).items() if key[1] in ("delegationstop", "opportunity"))


def test_after_a_merge_the_delegation_saved_unchanged_keeps_the_partner_met(world, client_for):
    from types import SimpleNamespace

    from tests.test_edit_round_trip import formset_values, page_values
    survivor, duplicate = _pair(world)
    b = world.users["officer_b"]
    trip = delegation(b, world.b, countries=("KR",))
    exchange_actions.update_delegation(b, trip, data={},
                                       stops=[{"country": "KR", "city": "Daegu", "days": 3, "partner": duplicate}])
    merging.merge_partners(world.users["central"], survivor, duplicate, "trùng")
    client = client_for(b)
    url = reverse("exchanges:delegation_edit", args=[trip.pk])
    form = client.get(url).context["form"]
    posted = {**page_values(form), **formset_values(form, SimpleNamespace(formsets=("stops_formset",)))}
    assert client.post(url, posted).status_code == 302
    assert [(s.city, s.partner_id) for s in DelegationStop.objects.filter(delegation=trip)] == [("Daegu", survivor.pk)]


def test_a_parent_merged_into_its_own_subsidiary_leaves_the_survivor_with_the_parents_parent(world):
    region = actions.create_partner(world.users["officer_a"], name="Vùng Yeongdong", country="KR")
    survivor = actions.create_partner(world.users["officer_a"], name="Gangwon-do", country="KR")
    duplicate = actions.create_partner(world.users["officer_b"], name="Gangwon Province", country="KR",
                                       allow_duplicate=True)
    actions.update_partner(world.users["officer_b"], duplicate, parent=region)
    actions.update_partner(world.users["officer_a"], survivor, parent=duplicate)
    merge = merging.merge_partners(world.users["central"], survivor, duplicate, "trùng")
    survivor.refresh_from_db()
    assert survivor.parent_id == region.pk
    merging.unmerge(world.users["central"], merge)
    survivor.refresh_from_db()
    assert survivor.parent_id == duplicate.pk
