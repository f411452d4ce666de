"""A page finds its one record through `core.generic.visible_or_404`, which narrows to the row before the scope.

Scoping first and filtering by key after (`get_object_or_404(X.objects.visible_to(user), pk=pk)`) gives the
same record, but the scope's subqueries then list every record they match: a mission opening an activity
read the ids of every activity of its countries' agreements (282,421 rows at national scale, 400 ms)."""
import ast
from pathlib import Path

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

import ngoaivu
from ngoaivu.core.generic import visible_or_404
from ngoaivu.implementation.models import Activity

SOURCE = Path(ngoaivu.__file__).parent

KEYS = {"pk", "id", "pk__in", "id__in"}


def _scoped(node) -> bool:
    # Only visible_to: editable_by's arms are plain columns of the row (no subquery to narrow).
    return any(isinstance(inner, ast.Attribute) and inner.attr == "visible_to" for inner in ast.walk(node))


def _scoped_lookups():
    """(file:line) of every lookup by key made after the scope: `get_object_or_404(<scoped>, pk=…)` and
    `<….visible_to(user)>.filter(pk=…)` (or .get; by pk, id or a list of them)."""
    found = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # by a key or keys the code holds (a name: `pk=pk`, `pk__in=ids`), not by a subquery
            if not isinstance(node, ast.Call) or not any(
                    k.arg in KEYS and isinstance(k.value, (ast.Name, ast.Attribute)) for k in node.keywords):
                continue
            func = node.func
            after_scope = (
                # visible_or_404 itself passes no keywords
                (isinstance(func, ast.Name) and func.id == "get_object_or_404" and any(map(_scoped, node.args)))
                or (isinstance(func, ast.Attribute) and func.attr in ("filter", "get")
                    and isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Attribute)
                    and func.value.func.attr == "visible_to"))
            if after_scope:
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    return found


def test_no_page_scopes_a_whole_table_to_find_one_record():
    assert _scoped_lookups() == []


def test_the_check_above_finds_the_old_shape(tmp_path, monkeypatch):
    (tmp_path / "views.py").write_text("def page(request, pk):\n"
                                       "    return get_object_or_404(X.objects.visible_to(request.user), pk=pk)\n"
                                       "def thread(user, pk):\n"
                                       "    return X.objects.visible_to(user).filter(pk=pk).first()\n"
                                       "def fine(user, pk):\n"
                                       "    return X.objects.filter(pk=pk).visible_to(user).first()\n")
    monkeypatch.setattr(f"{__name__}.SOURCE", tmp_path)
    assert _scoped_lookups() == ["views.py:2", "views.py:4"]


@pytest.mark.django_db
def test_a_missions_lookup_reads_its_countries_records_through_the_row_itself(world):
    """The mission reads the activity through its agreement's partners' country (a subquery): the subquery
    names the record's key, so the database looks at that one row, not at every record of Korea."""
    mission, activity = world.users["mission_officer"], world.activity_a
    with CaptureQueriesContext(connection) as captured:
        assert visible_or_404(Activity.objects, mission, activity.pk) == activity
    (statement,) = [q["sql"] for q in captured.captured_queries]
    subqueries = _subqueries(statement)
    assert subqueries and all(str(activity.pk) in sub for sub in subqueries), statement


def _subqueries(sql):
    """The text of each `(SELECT …)` in `sql`, to its matching parenthesis."""
    found, start = [], sql.find("(SELECT")
    while start != -1:
        depth = 0
        for end in range(start, len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[end], 0)
            if depth == 0:
                break
        found.append(sql[start:end + 1])
        start = sql.find("(SELECT", start + 1)
    return found


@pytest.mark.django_db
def test_another_provinces_record_is_not_found(world):
    with pytest.raises(Http404):
        visible_or_404(Activity.objects, world.users["officer_b"], world.activity_a.pk)
    assert visible_or_404(Activity.objects, world.users["officer_a"], world.activity_a.pk) == world.activity_a


@pytest.mark.django_db
def test_the_api_reads_one_record_through_the_row_itself_and_refuses_what_is_out_of_scope(world, client_for):
    mission, activity = world.users["mission_officer"], world.activity_a
    client = client_for(mission)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/activities/{activity.pk}/")
    assert response.status_code == 200 and response.json()["id"] == activity.pk
    scoped = [q["sql"] for q in captured.captured_queries if "implementation_activity" in q["sql"]]
    assert scoped and all(str(activity.pk) in sub for sql in scoped for sub in _subqueries(sql)), scoped
    assert client_for(world.users["officer_b"]).get(f"/api/activities/{activity.pk}/").status_code == 404
    assert client.get("/api/activities/not-a-key/").status_code == 404
    assert client.get("/api/activities/").status_code == 200
