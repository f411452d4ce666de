"""Expressions built once per process and shared by every request (a record page's flags, the comment
count, the partners' warning flag): using one leaves it as it was, and each record still gets its own
values, whoever reads it."""
import copy

import pytest

from ngoaivu.agreements import views as agreement_views
from ngoaivu.agreements.models import Agreement
from ngoaivu.coordination import threads
from ngoaivu.exchanges.models import Conference, Delegation
from ngoaivu.exchanges.views import delegations as delegation_views
from ngoaivu.partners import alerts
from ngoaivu.partners import views as partner_views
from ngoaivu.partners.models import Partner

pytestmark = pytest.mark.django_db


def _shared():
    """(the model of the statement it goes into, the shared expression)."""
    return [*((Agreement, e) for e in agreement_views._detail_flags().values()),
            *((Partner, e) for e in partner_views._detail_flags().values()),
            (Delegation, delegation_views._report_has_agreements()), (Partner, alerts._has_active_warning()),
            (Agreement, threads.comment_count("agreement")), (Delegation, threads.comment_count("delegation")),
            (Conference, threads.comment_count("conference"))]


def _leaves(expression):
    """The type of each side of every condition inside the expression's subqueries. A use that resolved the
    shared expression in place would leave a condition bound to one outer query (its ResolvedOuterRef turned
    into a column): where the column has the table's own name, its SQL text would be the same."""
    sides = []
    query = getattr(expression, "query", None)
    nodes = [query.where] if query is not None else []
    while nodes:
        node = nodes.pop()
        nodes += getattr(node, "children", [])
        sides += [type(getattr(node, side)).__name__ for side in ("lhs", "rhs") if hasattr(node, side)]
    for source in expression.get_source_expressions():
        if source is not None and hasattr(source, "get_source_expressions"):
            sides += _leaves(source)
    return sides


def _fingerprints():
    """Each expression's conditions, and the SQL it gives in a statement of its model from a deep copy of it as
    it is now (an unresolved subquery has no SQL of its own; annotating the expression itself would be one
    more use)."""
    return [(_leaves(expression), str(model.objects.annotate(flag=copy.deepcopy(expression)).query))
            for model, expression in _shared()]


def test_shared_expressions_are_left_as_they_were_and_answer_per_record(world, client_for):
    before = _fingerprints()
    assert all("ResolvedOuterRef" in leaves for leaves, _sql in before)  # bound to no outer query yet
    a, b = world.agreement_a, world.agreement_b   # a has a document, b none
    threads.add_comment(world.users["officer_a"], "agreement", a, "Đã gửi dự thảo")
    threads.add_comment(world.users["officer_a"], "agreement", a, "Chờ ý kiến")
    for _ in range(2):  # a second use of each expression must answer as the first
        seen_a = agreement_views._detail_queryset(world.users["central"], a.pk).get()
        seen_b = agreement_views._detail_queryset(world.users["central"], b.pk).get()
        assert (seen_a.has_documents, seen_a.comment_count) == (True, 2)
        assert (seen_b.has_documents, seen_b.comment_count) == (False, 0)
        page = client_for(world.users["officer_a"]).get(a.get_absolute_url()).content.decode()
        assert world.document_a.title in page
        assert agreement_views._detail_queryset(world.users["officer_b"], a.pk).first() is None  # the scope still holds
        for name in ("delegation_a", "conference_a"):
            record = getattr(world, name)
            assert client_for(world.users["officer_a"]).get(record.get_absolute_url()).status_code == 200
        assert client_for(world.users["officer_a"]).get(world.partner_kr.get_absolute_url()).status_code == 200
    assert _fingerprints() == before
    assert _shared()[0][1] is agreement_views._detail_flags()["has_children"]  # built once, not per call
