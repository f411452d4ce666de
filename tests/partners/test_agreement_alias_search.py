"""The agreement register's search finds an agreement by its partner's other names, folded: "quang tay" and
"广西" find an agreement with Guangxi. One mechanism (Searchable: the agreement's stored search text carries
its partners' names, aliases and country), kept up to date when the partner's names change or a merge
adds or takes away names."""
import pytest
from django.urls import reverse

from ngoaivu.agreements import actions as agreement_actions
from ngoaivu.agreements.models import Agreement
from ngoaivu.partners import actions, merging

pytestmark = pytest.mark.django_db
TITLE = "Biên bản ghi nhớ hợp tác thương mại biên giới"


def _found(client, q) -> bool:
    page = client.get(reverse("agreements:agreement_list"), {"q": q}).content.decode()
    return TITLE in page


@pytest.fixture
def guangxi(world):
    partner = actions.create_partner(world.users["central"], name="Guangxi Zhuang Autonomous Region",
                                     name_vi="Khu tự trị dân tộc Choang Quảng Tây", country="CN")
    actions.update_partner(world.users["central"], partner, aliases=["Quảng Tây", "广西", "Guangxi"])
    return partner


def test_the_register_finds_an_agreement_by_its_partners_other_names(world, guangxi, client_for):
    officer = world.users["officer_a"]
    agreement = agreement_actions.create_agreement(officer, locality=world.a, partners=[guangxi], title=TITLE,
                                                   form="ban_ghi_nho")
    client = client_for(officer)
    for q in ("quang tay", "Quảng Tây", "广西", "guangxi", "QUANG TAY thuong mai"):
        assert _found(client, q), q
        assert list(Agreement.objects.filter(pk=agreement.pk).search(q)) == [agreement], q
    assert not _found(client, "quang ninh")

    # A new other name: the stored search text of the agreement follows at once.
    actions.update_partner(world.users["central"], guangxi, aliases=["Quảng Tây", "广西", "Kwangsi"])
    assert " kwangsi" in Agreement.objects.get(pk=agreement.pk).search_text
    assert _found(client, "kwangsi") and _found(client, "quang tay")

    # A duplicate merged in brings its name as another name; the unmerge takes it away.
    duplicate = actions.create_partner(world.users["officer_b"], name="Quang Xi Province", country="CN",
                                       allow_duplicate=True)
    merge = merging.merge_partners(world.users["central"], guangxi, duplicate)
    assert _found(client, "quang xi province")
    merging.unmerge(world.users["central"], merge)
    assert not _found(client, "quang xi province")
    assert _found(client, "广西")

    # A province that cannot read the agreement does not find it by any name.
    assert not _found(client_for(world.users["officer_b"]), "quang tay")
