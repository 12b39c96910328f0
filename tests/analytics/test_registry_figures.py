from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ptce_analytics.registry import membership_figures


def test_unknown_ess_status_stays_out_of_the_share():
    figures = membership_figures(
        [("ess_enterprise", True), ("ess_enterprise", True), ("public_body", False), ("", None)]
    )
    assert figures.members == 4
    assert figures.by_family == {"ess_enterprise": 2, "public_body": 1}
    assert figures.unclassified == 1
    assert figures.ess_share == 2 / 3


def test_no_known_status_means_not_measurable_rather_than_zero():
    assert membership_figures([]).ess_share is None
    assert membership_figures([(None, None)]).ess_share is None


rows = st.lists(
    st.tuples(
        st.sampled_from(["ess_enterprise", "non_ess_enterprise", "public_body", "", None]),
        st.sampled_from([True, False, None]),
    )
)


@given(rows)
def test_family_counts_add_up_and_share_is_a_proportion(sample):
    figures = membership_figures(sample)
    assert sum(figures.by_family.values()) + figures.unclassified == figures.members == len(sample)
    if figures.ess_share is not None:
        assert 0.0 <= figures.ess_share <= 1.0
