"""The exchanges lists' filtersets (core.filters.CheapFilterSetMixin) copy their filters one level deep and
keep their form class: each filterset still has filters of its own, bound to it."""
from ngoaivu.exchanges.filtersets import ConferenceFilter, DelegationFilter
from ngoaivu.exchanges.models import Conference, Delegation


def test_each_filterset_has_its_own_filters_and_a_method_filter_runs_on_its_own_filterset(db):
    one = DelegationFilter({"overdue": "on"}, queryset=Delegation.objects.all())
    two = DelegationFilter({"country": "KR"}, queryset=Delegation.objects.all())
    assert one.filters["country"] is not two.filters["country"]
    assert one.filters["country"] is not DelegationFilter.base_filters["country"]
    # The filter's method is found on the filterset that holds the copy, not on none (a 500 before).
    assert one.filters["overdue"].filter.f is one.filters["overdue"]
    assert one.filters["overdue"].parent is one and two.filters["country"].parent is two
    assert DelegationFilter.base_filters["country"].__dict__.get("parent") is None
    list(one.qs), list(two.qs)  # both method filters run


def test_the_form_class_is_made_once_and_each_form_has_its_own_fields(db):
    one = ConferenceFilter({"status": "planned"}, queryset=Conference.objects.all())
    two = ConferenceFilter({"status": "reported"}, queryset=Conference.objects.all())
    assert type(one.form) is type(two.form)
    assert one.form.fields["status"] is not two.form.fields["status"]
    assert one.form.is_valid() and two.form.is_valid()
    assert (one.form.cleaned_data["status"], two.form.cleaned_data["status"]) == ("planned", "reported")
