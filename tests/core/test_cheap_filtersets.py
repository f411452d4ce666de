"""Every FilterSet built with core.filters.CheapFilterSetMixin (its filters copied one level deep, its form
class made once) filters and writes its form exactly as the same FilterSet built Django's way (every filter
deep-copied, a new form class per visit), for several queries asked in turn on one process."""
import django_filters
import pytest

from ngoaivu.agreements.filtersets import AgreementFilter
from ngoaivu.core.filters import CheapFilterSetMixin
from ngoaivu.exchanges.filtersets import ConferenceFilter, DelegationFilter
from ngoaivu.implementation.filtersets import (
    ActivityApiFilter, ActivityFilter, AgreementHealthFilter, CommitmentApiFilter, CommitmentFilter,
)
from ngoaivu.partners.filtersets import PartnerFilter
from ngoaivu.partners.forms_opportunities import OpportunityFilter, ProfileFilter


# The queries each is asked; "A" stands for the world's province A.
QUERIES = {
    AgreementFilter: [{"locality": "A", "status": ["in_force", "draft"]}, {"country": "KR", "q": "han"},
                      {"deadline": "overdue", "year": "2024"}, {"year": "abc", "signed_after": "31/02/2020"}],
    AgreementHealthFilter: [{"locality": "A", "health": ["dormant"]}, {"q": "lao", "completion": "zz"}],
    PartnerFilter: [{"country": "KR"}, {"q": "han", "kind": "company"}],
    OpportunityFilter: [{"status": "open", "country": "JP"}, {"sector": "abc"}],
    ProfileFilter: [{"sector": "1"}, {}],
    DelegationFilter: [{"country": "KR", "overdue": "on"}, {"locality": "A"}],
    ConferenceFilter: [{"status": "planned"}, {"status": "reported"}],
    # Their agreement and host body selects are the reader's (ReadersAgreements), set on every build.
    CommitmentFilter: [{"status": ["pending"], "q": "cam"}, {"agreement_q": "han", "overdue": "true"},
                       {"responsible_unit": "999999"}, {"locality": "A"}],
    ActivityFilter: [{"kind": ["meeting"]}, {"agreement_q": "lao", "year": "2025"}, {"agreement": "999999"}],
    CommitmentApiFilter: [{"agreement": "1"}, {"responsible_unit": "abc"}],
    ActivityApiFilter: [{"agreement": "1", "q": "hop"}, {"without_agreement": "true"}, {}],
}


def test_every_cheap_filterset_is_checked():
    # A FilterSet that takes the mixin later is listed above, or this fails.
    import ngoaivu.urls  # noqa: F401  (every app's filtersets imported)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)
    made = {cls for cls in subclasses(CheapFilterSetMixin)
            if issubclass(cls, django_filters.FilterSet) and not cls.__name__.startswith("_")}  # not a base
    assert made <= set(QUERIES)


def _djangos_way(cls, monkeypatch):
    """`cls` as django-filter builds it without the mixin."""
    monkeypatch.setattr(cls, "base_filters", dict(cls.base_filters))  # a plain dict: deep-copied whole
    monkeypatch.setattr(cls, "get_form_class", django_filters.FilterSet.get_form_class)


def _result(cls, data, user):
    from django.test import RequestFactory
    request = RequestFactory().get("/")
    request.user = user
    filterset = cls(data, queryset=cls._meta.model.objects.all(), request=request)
    valid = filterset.form.is_valid()
    rows = sorted(filterset.qs.values_list("pk", flat=True)) if valid else None
    return valid, rows, str(filterset.form), {name: f.parent is filterset for name, f in filterset.filters.items()}


@pytest.mark.parametrize("cls", list(QUERIES), ids=lambda cls: cls.__name__)
def test_filters_and_form_are_those_built_djangos_way(world, cls, monkeypatch):
    user = world.users["central"]
    province = str(world.a.pk)
    asked = [{k: province if v == "A" else v for k, v in data.items()} for data in QUERIES[cls]]
    asked *= 2  # each query again after the others: nothing kept from one to the next
    cheap = [_result(cls, data, user) for data in asked]
    with monkeypatch.context() as patch:
        _djangos_way(cls, patch)
        plain = [_result(cls, data, user) for data in asked]
    assert cheap == plain
    assert all(all(bound.values()) for _valid, _rows, _form, bound in cheap)  # each filter bound to its own set
    # Not all the same answer: the queries tell records apart (the comparison above could not pass by luck).
    assert len({(valid, tuple(rows or ())) for valid, rows, _form, _bound in cheap}) > 1 or cls is ProfileFilter
