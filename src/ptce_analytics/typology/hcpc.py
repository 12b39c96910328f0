"""Hierarchical clustering on principal components (HCPC), as FactoMineR 2.7's ``HCPC()``.

On the individuals' principal coordinates (all the axes an MCA kept: its ``n_components`` is
in effect an HCPC parameter, 5 by default), FactoMineR's defaults
(``consol=TRUE, iter.max=10, min=3, max=NULL, method="ward", order=TRUE, kk=Inf``) do:

1. **order**: sort the individuals by their Dim 1 coordinate (ascending, stable). It only
   decides ties and the order in which k-means visits the points;
2. **tree**: Ward's tree with unit weights; each merge height is the *inertia gain*
   w_A w_B/(w_A + w_B)·‖g_A − g_B‖²/n, and the gains add up to the inertia of the
   coordinates (Σ_{k ≤ ncp} λ_k). See :mod:`ptce_analytics.typology.ward`;
3. **number of clusters** (``n_clusters="auto"``): with the gains sorted decreasingly
   Δ_1 ≥ Δ_2 ≥ … and W(k) = Σ_{j ≥ k} Δ_j the within-cluster inertia of the k-cluster cut,
   pick the k in min..max with the smallest W(k)/W(k − 1) (the first on a tie), i.e. the
   largest relative drop of within inertia. ``min`` is 3 by default, so 2 clusters are
   never proposed by default; ``max`` defaults to min(10, round(n/2)) (half to even, as R),
   capped at n − 1. The rule is evaluated even when `n_clusters` is fixed;
4. **cut** the tree into k clusters, numbered by first appearance in the sorted order
   (R's ``cutree``);
5. **consolidation**: Hartigan–Wong k-means of the sorted points from the cut clusters'
   centroids, at most 10 rounds (:func:`~ptce_analytics.typology.kmeans_hw.hartigan_wong`).
   Row weights play no part here, as in R;
6. **labels**: clusters renumbered 1..k by increasing Dim 1 of their centre.

When fitted on a fitted :class:`~ptce_analytics.typology.mca.MCA`, the clusters are described
as FactoMineR does by default: by the analysed variables (``catdes`` of ``MCA.data_``, active
and supplementary) and by the axes (``catdes`` of the coordinates).

Clusters are numbered from 1, as in FactoMineR's outputs and their descriptions.

**Exact ties.** Answer profiles are sums of category vectors, so some configurations are tied
in exact arithmetic (four profiles forming a parallelogram: the centre of one diagonal is as
far from both ends of the other). Which merge Ward's tree makes then depends on the last bits
of the coordinates — in FactoMineR too, whose result changes with the BLAS. Given
FactoMineR's own coordinates, this implementation gives FactoMineR's partitions on every
reference set; from its own coordinates it gave the same partitions on all but one
(``synth300``, where such a tie reaches the top of the tree). Compare partitions across
implementations on such data with their inertia, not only their labels.

Reference
---------
Husson F., Josse J., Pagès J. (2010), Principal component methods – hierarchical clustering –
partitional clustering: why would we need to choose for visualizing data?, technical report,
Agrocampus Ouest.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ptce_analytics.typology.catdes import ClusterDescription, describe_clusters
from ptce_analytics.typology.kmeans_hw import KMeansResult, hartigan_wong
from ptce_analytics.typology.mca import MCA, axis_names
from ptce_analytics.typology.ward import ward_tree

__all__ = ["HCPC", "adjusted_rand_index", "default_max_clusters", "suggest_n_clusters"]


def default_max_clusters(n: int) -> int:
    """FactoMineR's default ``max``: min(10, round(n/2)), half to even, at most n − 1."""
    return min(10, round(n / 2), n - 1)


def suggest_n_clusters(gains, minimum: int = 3, maximum: int | None = None) -> tuple[int,
                                                                                    pd.Series]:
    """FactoMineR's automatic number of clusters from the merge gains of a Ward tree.

    Parameters
    ----------
    gains : array-like
        The n − 1 inertia gains, in any order.
    minimum, maximum : int
        The range of k tried; `maximum` defaults to :func:`default_max_clusters`.

    Returns
    -------
    (k, ratios)
        The k of smallest W(k)/W(k − 1), and every ratio indexed by k.
    """
    delta = np.sort(np.asarray(gains, dtype=float))[::-1]
    n = len(delta) + 1
    maximum = default_max_clusters(n) if maximum is None else min(maximum, n - 1)
    if minimum < 2 or maximum < minimum:
        raise ValueError(f"no number of clusters to choose between min={minimum} and "
                         f"max={maximum} for {n} individuals")
    # W(k) = Σ_{j ≥ k} Δ_j, summed from the smallest gain up.
    within = np.cumsum(delta[::-1])[::-1]  # within[k − 1] = W(k)
    ks = np.arange(minimum, maximum + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = within[ks - 1] / within[ks - 2]
    series = pd.Series(ratios, index=pd.Index(ks, name="k"), name="ratio")
    return int(ks[np.nanargmin(ratios)]) if np.isfinite(ratios).any() else minimum, series


def adjusted_rand_index(a, b) -> float:
    """Hubert & Arabie's adjusted Rand index of two partitions (1.0: identical)."""
    a, b = np.asarray(a).ravel(), np.asarray(b).ravel()
    if a.shape != b.shape:
        raise ValueError("the two partitions must label the same individuals")
    _ua, ia = np.unique(a, return_inverse=True)
    _ub, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1))
    np.add.at(table, (ia.ravel(), ib.ravel()), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    rows, columns = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = pairs(np.array([len(a)], dtype=float))
    expected = rows * columns / total if total else 0.0
    maximum = (rows + columns) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


class HCPC:
    """Ward clustering of principal coordinates, consolidated by Hartigan–Wong k-means.

    Parameters
    ----------
    n_clusters : "auto" or int, default "auto"
        "auto" applies FactoMineR's inertia-gain rule (module docstring, step 3).
    min : int, default 3
        Smallest number of clusters the rule may choose.
    max : int or None, default None
        Largest; None means min(10, round(n/2)).
    consolidate : bool, default True
        Consolidate the tree's cut by k-means (FactoMineR's ``consol``).
    max_iter : int, default 10
        Hartigan–Wong rounds at most (R's ``iter.max``).
    proba : float, default 0.05
        Significance threshold of the cluster descriptions.
    describe : bool, default True
        Describe the clusters when fitted on an MCA.
    random_state : int, numpy Generator or None
        Accepted for scikit-learn compatibility; FactoMineR's default pipeline has no random
        step (the k-means starts from the tree's cut), so results never depend on it.

    Attributes
    ----------
    n_clusters_ : int
    suggested_n_clusters_ : int or None
        The rule's choice (None when min..max is empty for this n and k was fixed).
    labels_ : ndarray of int, shape (n,)
        Final cluster (1..k) of each individual, in input order.
    tree_labels_ : ndarray of int
        The tree's cut before consolidation, numbered the same way (FactoMineR's
        ``consol=FALSE``).
    cluster_centers_ : DataFrame (k, d)
        Centre of each final cluster, indexed 1..k.
    inertia_gains_ : ndarray, shape (n − 1,)
        Merge gains, decreasing (zeros for merges of identical individuals).
    within_inertia_ : ndarray
        W(1), W(2), …: within inertia of the cut into 1, 2, … clusters.
    ratios_ : Series
        W(k)/W(k − 1) for k in min..max.
    total_inertia_ : float
        Inertia of the clustered coordinates (the sum of the gains).
    between_inertia_tree_ : float
        Σ of the k − 1 largest gains: between inertia of the cut (``bw.before.consol``).
    between_inertia_ : float
        Between inertia after consolidation, k-means ``betweenss``/n (``bw.after.consol``).
    kmeans_ : KMeansResult or None
        The consolidation's outcome (labels numbered like the cut).
    tree_ : WardTree
        Ward's tree over the distinct points (``profiles_``), weighted by their multiplicity.
    coordinates_ : DataFrame
        The clustered coordinates.
    description_, axes_description_ : ClusterDescription or None
        Clusters by the analysed variables and by the axes (when fitted on an MCA).
    """

    def __init__(self, n_clusters: int | str = "auto", *, min: int = 3,  # noqa: A002
                 max: int | None = None, consolidate: bool = True,  # noqa: A002
                 max_iter: int = 10, proba: float = 0.05, describe: bool = True,
                 random_state=None) -> None:
        self.n_clusters = n_clusters
        self.min = min
        self.max = max
        self.consolidate = consolidate
        self.max_iter = max_iter
        self.proba = proba
        self.describe = describe
        self.random_state = random_state

    def fit(self, X) -> HCPC:
        """Cluster the individuals.

        Parameters
        ----------
        X : MCA (fitted), DataFrame or array-like of shape (n, d)
            An MCA's individuals (its ``row_coordinates_``, and its data for the
            description), or principal coordinates directly.

        Returns
        -------
        HCPC
            self, fitted.
        """
        mca = X if isinstance(X, MCA) else None
        if mca is not None:
            mca._check_fitted()
            coordinates = mca.row_coordinates_
        elif isinstance(X, pd.DataFrame):
            coordinates = X
        else:
            array = np.asarray(X, dtype=float)
            if array.ndim != 2:
                raise ValueError(f"X must be 2-D (individuals × axes), not shape {array.shape}")
            coordinates = pd.DataFrame(array, columns=axis_names(array.shape[1]))
        points = coordinates.to_numpy(dtype=float)
        n = len(points)
        if n < 3 or points.shape[1] < 1:
            raise ValueError(f"HCPC needs at least 3 individuals and 1 axis, got {points.shape}")
        if not np.isfinite(points).all():
            raise ValueError("the coordinates must be finite")
        k_fixed = self._fixed_k(n)

        order = np.argsort(points[:, 0], kind="stable")
        ordered = points[order]
        # Identical individuals merge first at zero gain in any Ward tree: build it on the
        # distinct points weighted by their multiplicity, numbered by first appearance.
        profile_of, first = _identical_rows(ordered)
        profiles = ordered[first]
        weights = np.bincount(profile_of).astype(float)
        tree = ward_tree(profiles, weights, total_weight=float(n))
        gains = np.concatenate([tree.gain[::-1], np.zeros(n - len(profiles))])
        within = np.cumsum(gains[::-1])[::-1]

        minimum = int(self.min)
        maximum = default_max_clusters(n) if self.max is None else min(int(self.max), n - 1)
        try:
            suggested, ratios = suggest_n_clusters(gains, minimum, maximum)
        except ValueError:
            if k_fixed is None:
                raise
            suggested, ratios = None, pd.Series(dtype=float, name="ratio")
        k = suggested if k_fixed is None else k_fixed
        if k > len(profiles):
            raise ValueError(f"{k} clusters asked of {len(profiles)} distinct individuals")

        # Cut, numbered by first appearance in the sorted order (R's cutree).
        cut = tree.cut(k)[profile_of]
        _values, first_seen = np.unique(cut, return_index=True)
        renumber = np.empty(k, dtype=np.intp)
        renumber[np.argsort(first_seen)] = np.arange(k)
        cut = renumber[cut]
        centroids = np.vstack([ordered[cut == c].mean(axis=0) for c in range(k)])

        kmeans: KMeansResult | None = None
        final = cut
        if self.consolidate:
            kmeans = hartigan_wong(ordered, centroids, max_iter=int(self.max_iter))
            final = kmeans.labels
            if not kmeans.converged:
                warnings.warn(
                    f"Hartigan–Wong consolidation did not converge in {self.max_iter} "
                    "iterations: its current partition is kept, as R's kmeans keeps it",
                    RuntimeWarning, stacklevel=2,
                )
        labels_sorted = _by_first_axis(ordered, final, k)
        tree_sorted = _by_first_axis(ordered, cut, k)
        labels = np.empty(n, dtype=np.intp)
        labels[order] = labels_sorted
        tree_labels = np.empty(n, dtype=np.intp)
        tree_labels[order] = tree_sorted

        centres = np.vstack([points[labels == c].mean(axis=0) for c in range(1, k + 1)])
        self.n_clusters_ = k
        self.suggested_n_clusters_ = suggested
        self.min_, self.max_ = minimum, maximum
        self.labels_ = labels
        self.tree_labels_ = tree_labels
        self.cluster_centers_ = pd.DataFrame(
            centres, index=pd.Index(range(1, k + 1), name="cluster"), columns=coordinates.columns
        )
        self.inertia_gains_ = gains
        self.within_inertia_ = within
        self.ratios_ = ratios
        self.total_inertia_ = float(within[0])
        self.between_inertia_tree_ = float(gains[: k - 1].sum())
        self.between_inertia_ = (
            kmeans.between_ss / n if kmeans is not None else _between(ordered, cut, k) / n
        )
        self.kmeans_ = kmeans
        self.tree_ = tree
        self.profiles_ = profiles
        self.coordinates_ = coordinates
        self.description_: ClusterDescription | None = None
        self.axes_description_: ClusterDescription | None = None
        if mca is not None and self.describe:
            self.description_ = describe_clusters(mca.data_, labels, proba=self.proba)
            self.axes_description_ = describe_clusters(coordinates, labels, proba=self.proba)
        return self

    def fit_predict(self, X) -> np.ndarray:
        """Fit, then return ``labels_``."""
        return self.fit(X).labels_

    def _fixed_k(self, n: int) -> int | None:
        if isinstance(self.n_clusters, str):
            if self.n_clusters != "auto":
                raise ValueError(f"n_clusters must be 'auto' or an integer, not "
                                 f"{self.n_clusters!r}")
            return None
        if isinstance(self.n_clusters, bool) or not isinstance(self.n_clusters,
                                                               int | np.integer):
            raise ValueError(f"n_clusters must be 'auto' or an integer, not {self.n_clusters!r}")
        k = int(self.n_clusters)
        if not 2 <= k < n:
            raise ValueError(f"n_clusters must be between 2 and n − 1 = {n - 1}, not {k}")
        return k


def _identical_rows(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(group of each row, first row of each group): rows with equal coordinates form a
    group; groups are numbered by first appearance."""
    order = np.lexsort(points.T[::-1])
    ordered = points[order]
    new_group = np.ones(len(points), dtype=bool)
    new_group[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    group_sorted = np.cumsum(new_group) - 1
    group = np.empty(len(points), dtype=np.intp)
    group[order] = group_sorted
    # First appearance of each group in the input order, then renumber by it.
    first = np.full(group_sorted[-1] + 1, len(points), dtype=np.intp)
    np.minimum.at(first, group, np.arange(len(points)))
    appearance = np.argsort(first, kind="stable")
    rank = np.empty_like(appearance)
    rank[appearance] = np.arange(len(appearance))
    return rank[group], first[appearance]


def _by_first_axis(points: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Renumber clusters 1..k by increasing first coordinate of their centre."""
    sizes = np.bincount(labels, minlength=k)
    first = np.bincount(labels, weights=points[:, 0], minlength=k) / sizes
    rank = np.empty(k, dtype=np.intp)
    rank[np.argsort(first, kind="stable")] = np.arange(1, k + 1)
    return rank[labels]


def _between(points: np.ndarray, labels: np.ndarray, k: int) -> float:
    mean = points.mean(axis=0)
    sizes = np.bincount(labels, minlength=k)
    centres = np.vstack([points[labels == c].mean(axis=0) for c in range(k)])
    return float((sizes * ((centres - mean) ** 2).sum(axis=1)).sum())
