"""Properties that hold on any data: inertia, contributions, cos2, Ward, Hartigan–Wong, ARI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import typology_reference as ref
from hypothesis import assume, given, reject, settings
from hypothesis import strategies as st
from scipy.cluster.hierarchy import fcluster, linkage

from ptce_analytics.typology import (
    HCPC,
    MCA,
    adjusted_rand_index,
    describe_clusters,
    hartigan_wong,
    suggest_n_clusters,
    ward_tree,
)


@st.composite
def categorical_frames(draw):
    n = draw(st.integers(3, 40))
    n_vars = draw(st.integers(1, 5))
    columns = {}
    for q in range(n_vars):
        levels = draw(st.integers(1, 4))
        values = draw(st.lists(st.sampled_from([*"abcd"[:levels], None]), min_size=n,
                               max_size=n))
        columns[f"V{q}"] = values
    return pd.DataFrame(columns)


def _fit_or_skip(frame: pd.DataFrame, **kwargs) -> MCA:
    try:
        return MCA(**kwargs).fit(frame)
    except ValueError as error:
        assert "single category" in str(error)
        reject()


@settings(max_examples=60)
@given(categorical_frames())
def test_mca_inertia_contributions_and_cos2(frame):
    mca = _fit_or_skip(frame, n_components=None)
    Q = len(mca.active_variables_)
    J = len(mca.categories_)
    # The eigenvalues add up to the total inertia J/Q − 1.
    assert mca.eigenvalues_.sum() == pytest.approx(J / Q - 1, rel=1e-9, abs=1e-12)
    assert mca.total_inertia_ == pytest.approx(J / Q - 1)
    real = mca.eigenvalues_[: mca.n_components_] > 1e-9
    # Contributions add up to 100 % on every (non-degenerate) axis, for rows and categories.
    assert np.allclose(mca.row_contributions_.to_numpy().sum(axis=0)[real], 100, atol=1e-7)
    assert np.allclose(mca.category_contributions_.to_numpy().sum(axis=0)[real], 100,
                       atol=1e-7)
    # cos2 never exceeds 1, and an individual's cos2 over every axis add up to 1.
    row_cos2 = mca.row_cos2_.to_numpy()
    cat_cos2 = mca.category_cos2_.to_numpy()
    assert np.nanmax(row_cos2, initial=0) <= 1 + 1e-9
    assert np.nanmax(cat_cos2, initial=0) <= 1 + 1e-9
    total = np.nansum(row_cos2, axis=1)
    distinct = np.isfinite(row_cos2).all(axis=1) & (total > 0)
    if mca.n_components_ == len(mca.eigenvalues_):
        assert np.allclose(total[distinct], 1, atol=1e-7)
    # λ_k is the mean of the variables' eta² on axis k.
    assert np.allclose(mca.eta2_.to_numpy().mean(axis=0),
                       mca.eigenvalues_[: mca.n_components_], atol=1e-9)
    # Individuals are centred; categories sit at the barycentre of their individuals / σ.
    assert np.allclose(mca.row_coordinates_.to_numpy().mean(axis=0), 0, atol=1e-9)


@settings(max_examples=30)
@given(categorical_frames(), st.integers(0, 2**32 - 1))
def test_mca_is_blind_to_row_order(frame, seed):
    mca = _fit_or_skip(frame)
    order = np.random.default_rng(seed).permutation(len(frame))
    shuffled = MCA().fit(frame.iloc[order])
    assert np.allclose(shuffled.eigenvalues_, mca.eigenvalues_, atol=1e-10)
    ours = shuffled.row_coordinates_.loc[mca.row_coordinates_.index].to_numpy()
    theirs = mca.row_coordinates_.to_numpy()
    # Axes of a repeated eigenvalue are not unique: compare where the eigenvalue is simple.
    eig = mca.eigenvalues_
    simple = [k for k in range(mca.n_components_) if eig[k] > 1e-6
              and all(abs(eig[k] - eig[j]) > 1e-6 for j in range(len(eig)) if j != k)]
    for k in simple:
        sign = 1.0 if (ours[:, k] * theirs[:, k]).sum() >= 0 else -1.0
        assert np.allclose(sign * ours[:, k], theirs[:, k], atol=1e-8)


@settings(max_examples=40)
@given(st.integers(5, 60), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_ward_tree_is_scipys_ward(n, d, seed):
    """On points without ties, the gains are scipy's Ward heights h²/(2n), and every cut is
    scipy's; the gains add up to the points' inertia."""
    points = np.random.default_rng(seed).normal(size=(n, d))
    tree = ward_tree(points)
    Z = linkage(points, "ward")
    assert np.allclose(tree.gain, np.sort(Z[:, 2] ** 2 / (2 * n)), rtol=1e-9, atol=1e-15)
    inertia = ((points - points.mean(axis=0)) ** 2).sum() / n
    assert tree.gain.sum() == pytest.approx(inertia, rel=1e-9)
    for k in (2, 3, min(5, n), n):
        assert ref.adjusted_rand(tree.cut(k), fcluster(Z, k, "maxclust")) == 1.0


@settings(max_examples=30)
@given(st.integers(3, 25), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_ward_tree_of_weighted_points_is_the_tree_of_repeated_points(m, d, seed):
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(m, d))
    counts = rng.integers(1, 4, size=m)
    weighted = ward_tree(points, counts)
    repeated = ward_tree(np.repeat(points, counts, axis=0))
    nonzero = repeated.gain[repeated.gain > 1e-14]
    assert np.allclose(weighted.gain, nonzero, rtol=1e-9)


@st.composite
def kmeans_problems(draw):
    n = draw(st.integers(6, 80))
    d = draw(st.integers(1, 4))
    k = draw(st.integers(2, min(6, n - 1)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, d)) + rng.integers(0, 3, size=(n, 1))
    centres = points[rng.choice(n, size=k, replace=False)]
    return points, centres


@settings(max_examples=60)
@given(kmeans_problems())
def test_hartigan_wong_reaches_a_transfer_optimum(problem):
    """After convergence no single point can move to another cluster and lower the within
    sum of squares (Hartigan–Wong's optimality), centres are means, sums of squares agree."""
    points, centres = problem
    if len(np.unique(points, axis=0)) < len(centres):
        return
    try:
        result = hartigan_wong(points, centres, max_iter=50)
    except ValueError as error:
        assert "empty cluster" in str(error)
        return
    assume(result.converged)
    labels, k = result.labels, len(centres)
    sizes = np.bincount(labels, minlength=k)
    assert (sizes == result.sizes).all()
    for c in range(k):
        assert np.allclose(points[labels == c].mean(axis=0), result.centers[c])
        assert result.within_ss[c] == pytest.approx(
            ((points[labels == c] - result.centers[c]) ** 2).sum(), abs=1e-9)
    squared = ((points[:, None, :] - result.centers[None, :, :]) ** 2).sum(axis=2)
    for i, own in enumerate(labels):
        if sizes[own] == 1:
            continue
        leave = sizes[own] / (sizes[own] - 1) * squared[i, own]
        join = sizes / (sizes + 1) * squared[i]
        join[own] = np.inf
        assert join.min() >= leave - 1e-9
    # The within sum of squares only went down from the initial nearest-centre partition.
    start = ((points[:, None, :] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
    start_ss = sum(((points[start == c] - points[start == c].mean(axis=0)) ** 2).sum()
                   for c in range(k) if (start == c).any())
    assert result.within_ss.sum() <= start_ss + 1e-9


def test_hartigan_wong_validates():
    points = np.arange(10.0).reshape(5, 2)
    with pytest.raises(ValueError, match="1 < K < M"):
        hartigan_wong(points, points[:1])
    with pytest.raises(ValueError, match="same N"):
        hartigan_wong(points, np.zeros((2, 3)))
    with pytest.raises(ValueError, match="empty cluster"):
        hartigan_wong(points, np.array([[0.0, 1.0], [100.0, 100.0], [100.0, 100.0]]))
    with pytest.raises(ValueError, match="max_iter"):
        hartigan_wong(points, points[:2], max_iter=0)


def test_hartigan_wong_moves_what_lloyd_would_not():
    """The textbook case: Lloyd stops (each point is nearest its own centre) where moving a
    point still lowers the within sum of squares, because its cluster shrinks as it leaves."""
    points = np.array([[0.0], [2.0], [2.6], [3.2], [3.8]])
    # Lloyd's fixed point {0, 2}, {2.6, 3.2, 3.8}: 2 is nearer 1 than 3.2. Moving it costs
    # 3/4·1.2² = 1.08 in its new cluster and saves 2/1·1² = 2 in the old one.
    centres = np.array([[1.0], [3.2]])
    result = hartigan_wong(points, centres)
    assert result.labels.tolist() == [0, 1, 1, 1, 1]
    assert result.within_ss.sum() == pytest.approx(1.8)
    assert result.converged


@settings(max_examples=60)
@given(st.lists(st.integers(0, 4), min_size=2, max_size=60), st.integers(0, 2**32 - 1))
def test_adjusted_rand_index(labels, seed):
    a = np.array(labels)
    b = np.random.default_rng(seed).integers(0, 3, size=len(a))
    assert adjusted_rand_index(a, b) == pytest.approx(ref.adjusted_rand(a, b), abs=1e-12)
    assert adjusted_rand_index(a, (a + 7) * 3) == 1.0  # renaming clusters changes nothing
    assert adjusted_rand_index(a, b) == pytest.approx(adjusted_rand_index(b, a))


@settings(max_examples=40)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=5, max_size=40))
def test_the_gain_rule_is_its_definition(gains):
    assume(sum(gains) > 0)
    n = len(gains) + 1
    k, ratios = suggest_n_clusters(gains, 3, None)
    delta = sorted(gains, reverse=True)

    def within(j):
        return np.float64(sum(delta[j - 1:]))

    with np.errstate(divide="ignore", invalid="ignore"):
        expected = {j: within(j) / within(j - 1) for j in ratios.index}
    assert list(ratios.index) == list(range(3, min(10, round(n / 2), n - 1) + 1))
    finite = {j: r for j, r in expected.items() if np.isfinite(r)}
    if finite:
        assert k == min(finite, key=lambda j: (finite[j], j))


def test_cluster_description_p_value_is_twice_the_smaller_mid_p():
    from scipy import stats

    rng = np.random.default_rng(4)
    data = pd.DataFrame({"colour": rng.choice(["red", "green", "blue"], size=90)})
    labels = rng.integers(1, 4, size=90)
    labels[data["colour"].to_numpy() == "red"] = 1  # a strong link
    described = describe_clusters(data, labels, proba=1.0)
    row = described.categories.query("cluster == 1 and category == 'colour=red'").iloc[0]
    N, n_m, n_k = 90, (data["colour"] == "red").sum(), (labels == 1).sum()
    x = ((data["colour"] == "red") & (labels == 1)).sum()
    law = stats.hypergeom(N, n_m, n_k)
    pmf = law.pmf(np.arange(0, min(n_m, n_k) + 1))
    lower = 2 * pmf[:x].sum() + pmf[x]
    upper = 2 * pmf[x + 1:].sum() + pmf[x]
    assert row["p_value"] == pytest.approx(min(lower, upper), rel=1e-9)
    assert row["v_test"] > 0
    assert row["cla_mod"] == pytest.approx(100.0)


def test_cluster_description_refuses_missing_values():
    with pytest.raises(ValueError, match="missing"):
        describe_clusters(pd.DataFrame({"a": ["x", None, "y"]}), [1, 2, 1])


def test_hcpc_labels_are_numbered_by_first_axis():
    rng = np.random.default_rng(11)
    points = np.vstack([rng.normal(loc, 0.3, size=(20, 2)) for loc in (5.0, -5.0, 0.0)])
    hcpc = HCPC(n_clusters=3).fit(points)
    centres = hcpc.cluster_centers_.to_numpy()
    assert (np.diff(centres[:, 0]) > 0).all()
    assert hcpc.labels_[:20].tolist() == [3] * 20
    assert hcpc.total_inertia_ == pytest.approx(
        ((points - points.mean(axis=0)) ** 2).sum() / len(points))
