"""Lost updates on a record there is one of per province (its cooperation profile, its rules on exchanges,
its health rules; the national health rules; the details its documents are issued with): two people open the form before either saved it. The first
save creates the record; the second, read when there was none, carried no version and overwrote it without
a word. Now a form read before the record existed carries version 0: the second save is refused with the
usual message naming who saved, the typed input kept, and goes through when sent again."""
import pytest
from django.urls import reverse

from tests.test_edit_round_trip import ROUND_TRIPS, page_values

CONFLICT = "Trong lúc bạn sửa"
# (page, who saves second, who saves first, a field both type into: theirs, mine)
FIRST_SAVES = [
    ("partners:profile_edit", "officer_a", "manager_a", ("strengths", "Thế mạnh của lãnh đạo", "Thế mạnh của tôi")),
    ("exchanges:settings", "manager_a", "manager_a", ("basis", "Quyết định 1/2026", "Quyết định 2/2026")),
    ("implementation:settings_locality", "manager_a", "manager_a", ("dormant_months", 30, 31)),
    ("implementation:settings_national", "central", "central_manager", ("dormant_months", 30, 31)),
    ("reports:settings_edit", "officer_a", "manager_a", ("signer_name", "Người thứ nhất", "Người thứ hai")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name, me, other, typed", FIRST_SAVES, ids=[case[0] for case in FIRST_SAVES])
def test_the_second_first_save_is_refused_and_keeps_its_input(name, me, other, typed, world, client_for):
    case = ROUND_TRIPS[name]
    url = reverse(name, kwargs=case.kwargs(world))
    model = type(case.obj(world))
    locality_id = case.obj(world).locality_id
    model._default_manager.filter(locality_id=locality_id).delete()  # the province has not saved it yet
    field, their_value, my_value = typed
    mine, theirs = client_for(world.users[me]), client_for(world.users[other])
    my_form = mine.get(url).context["form"]            # I open the empty form…
    their_form = theirs.get(url).context["form"]       # …so does a colleague, who saves first
    assert theirs.post(url, {**page_values(their_form), **case.post(world), field: their_value}).status_code == 302
    assert model._default_manager.filter(locality_id=locality_id).count() == 1

    response = mine.post(url, {**page_values(my_form), **case.post(world), field: my_value})

    assert response.status_code == 200, "the second save is refused"
    page = response.content.decode()
    assert CONFLICT in page and str(world.users[other]) in page, "names who saved first"
    stored = model._default_manager.get(locality_id=locality_id)
    assert getattr(stored, field) == their_value, "their record is kept"
    form = response.context["form"]
    assert str(form[field].value()) == str(my_value), "my input is kept on the page"

    # Saving again, having seen theirs, is a deliberate overwrite of the one record.
    assert mine.post(url, page_values(form)).status_code == 302
    assert getattr(model._default_manager.get(locality_id=locality_id), field) == my_value
    assert model._default_manager.filter(locality_id=locality_id).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["exchanges", "implementation"])
def test_two_first_saves_at_once_refuse_the_second_as_stale_not_as_an_error(kind, world):
    """Both read "no row" and save together: the unique constraint refuses the second insert; the writer
    gets the stale-edit message (naming the first), not a server error."""
    from ngoaivu.core.concurrency import StaleEdit
    if kind == "exchanges":
        from ngoaivu.exchanges.actions import save_exchange_settings as save
        from ngoaivu.exchanges.models import ExchangeSettings as Model
        user = world.users["manager_a"]
    else:
        from ngoaivu.implementation.actions import save_settings as save
        from ngoaivu.implementation.models import HealthSettings as Model
        user = world.users["manager_a"]
    Model.objects.filter(locality=world.a).delete()
    first, second = Model(locality=world.a), Model(locality=world.a)
    save(user, first, version=0)
    with pytest.raises(StaleEdit):
        save(user, second, version=0)
    assert list(Model.objects.filter(locality=world.a).values_list("pk", flat=True)) == [first.pk]


@pytest.mark.django_db
def test_two_first_saves_of_the_national_rules_at_once_leave_one_national_row(world):
    """The national rules have no province: a unique index on the column let any number of NULLs through, so
    two first saves at once made two national rows (the page read one, the sweep the other)."""
    from ngoaivu.core.concurrency import StaleEdit
    from ngoaivu.implementation.actions import save_settings
    from ngoaivu.implementation.models import HealthSettings
    HealthSettings.objects.filter(locality__isnull=True).delete()
    user = world.users["central_manager"]
    first = HealthSettings(locality=None, dormant_months=30)
    save_settings(user, first, version=0)
    with pytest.raises(StaleEdit):
        save_settings(user, HealthSettings(locality=None, dormant_months=31), version=0)
    assert list(HealthSettings.objects.filter(locality__isnull=True).values_list("pk", "dormant_months")) == [
        (first.pk, 30)]
