"""Changing a partner is one transaction: the partner's save, its other names, its listings moved to its new
country and the linked records' search text go through together or not at all. update_partner had lost its
@transaction.atomic (a helper was inserted between the decorator and the function): a failure after the
partner's save left the partner changed without its other names, and on PostgreSQL the edit page's
select_for_update outside a transaction raised (the page answered 500)."""
from unittest import mock

import pytest

from ngoaivu.partners import actions
from ngoaivu.partners.models import Partner

pytestmark = pytest.mark.django_db


def test_a_failure_after_the_save_leaves_the_partner_as_it_was(world):
    officer = world.users["officer_a"]
    partner = actions.create_partner(officer, name="Gangwon-do", name_vi="Tỉnh Gangwon", country="KR",
                                     aliases=["Kangwon"])
    with mock.patch.object(actions, "refresh_linked_search", side_effect=RuntimeError("stop")):
        # The test runs in a transaction of its own: only the function's savepoint undoes its save.
        with pytest.raises(RuntimeError):
            actions.update_partner(officer, partner, name="Gangwon State", aliases=["Gangwon-teukbyeoljachido"])
    partner = Partner.objects.get(pk=partner.pk)
    assert partner.name == "Gangwon-do"
    assert sorted(partner.alias_names) == ["Kangwon"]

