"""Ward's hierarchical clustering of weighted points, by the nearest-neighbour chain.

Ward's criterion merges, at each step, the two clusters A and B whose merge loses the least
between-cluster inertia: the *inertia gain*

    Δ(A, B) = w_A·w_B/(w_A + w_B) · ‖g_A − g_B‖² / W,

with w the clusters' weights, g their centroids and W the total weight. FactoMineR's HCPC
builds exactly this tree (``flashClust::hclust(δ, "ward", members=w)`` on
δ(i, i') = w_i w_i'/(w_i + w_i')·‖x_i − x_i'‖²/W, Lance–Williams updates), and its merge
heights are these gains; they add up to the total inertia of the points.

Ward's criterion is *reducible*, so the nearest-neighbour chain (Murtagh 1983) builds the same
tree as the greedy search for the closest pair: follow nearest neighbours from any cluster
until two clusters are each other's nearest, merge them, continue from the chain's end. Each
step computes the gains from one cluster to all others from the centroids, so the memory is
O(m·d) — the m × m dissimilarity matrix of FactoMineR (and of ``scipy.cluster.hierarchy``) is
never built — for O(m²·d) time.

Identical points are merged first at zero gain in any Ward tree. Callers (HCPC) therefore pass
each distinct point once, weighted by its multiplicity: MCA data has many identical answer
profiles (20,000 individuals of the benchmark have 7,194 profiles).

Reference
---------
Murtagh F. (1983), A survey of recent advances in hierarchical clustering algorithms, The
Computer Journal 26(4), 354–359. Ward J. H. (1963), Hierarchical grouping to optimize an
objective function, JASA 58, 236–244.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial.distance import cdist

__all__ = ["WardTree", "ward_tree"]


@dataclass(frozen=True)
class WardTree:
    """Ward merges of m weighted points, in increasing gain.

    Attributes
    ----------
    left, right : ndarray of int, shape (m − 1,)
        Merged nodes: 0..m−1 are the points, m + t the cluster made by merge t.
    gain : ndarray, shape (m − 1,)
        Inertia gain of each merge (non-decreasing).
    weight : ndarray, shape (m − 1,)
        Weight of each merged cluster.
    """

    left: np.ndarray
    right: np.ndarray
    gain: np.ndarray
    weight: np.ndarray

    @property
    def n_points(self) -> int:
        return len(self.gain) + 1

    def cut(self, k: int) -> np.ndarray:
        """Cluster (0..k−1, in no particular order) of each point when the last k−1 merges
        are undone."""
        m = self.n_points
        if not 1 <= k <= m:
            raise ValueError(f"cannot cut {m} points into {k} clusters")
        parent = np.arange(2 * m - 1)
        kept = m - k  # the first m − k merges stay
        parent[self.left[:kept]] = m + np.arange(kept)
        parent[self.right[:kept]] = m + np.arange(kept)
        # Pointer jumping: every node reaches its root in O(log depth) passes.
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
        _roots, labels = np.unique(parent[:m], return_inverse=True)
        return labels.ravel()


def ward_tree(points, weights=None, total_weight: float | None = None) -> WardTree:
    """Ward's tree of `points` (m × d) with `weights` (default 1), by nearest-neighbour chain.

    Parameters
    ----------
    points : array-like, shape (m, d)
    weights : array-like, shape (m,), optional
        Positive weights (multiplicities); 1 each by default.
    total_weight : float, optional
        W in the gain's denominator; the sum of the weights by default.

    Returns
    -------
    WardTree
        The m − 1 merges sorted by increasing gain (stable: a cluster's merge always comes
        after the merges that made its parts).
    """
    P = np.array(points, dtype=float, copy=True)
    if P.ndim != 2 or len(P) < 1:
        raise ValueError(f"points must be a non-empty 2-D array, not shape {P.shape}")
    m = len(P)
    w = np.ones(m) if weights is None else np.array(weights, dtype=float, copy=True)
    if w.shape != (m,) or not (w > 0).all():
        raise ValueError("weights must be positive, one per point")
    W = float(w.sum()) if total_weight is None else float(total_weight)
    if not np.isfinite(P).all():
        raise ValueError("points must be finite")

    # Active clusters live in the first `size` slots of P/w/node; a merged-away slot is
    # filled by the last active one, so every search scans active clusters only.
    inverse = 1.0 / w
    node = np.arange(m)
    position = np.full(2 * m - 1, -1)  # node id → slot, for nodes still active
    position[:m] = np.arange(m)
    size = m
    left = np.empty(m - 1, dtype=np.intp)
    right = np.empty(m - 1, dtype=np.intp)
    gain = np.empty(m - 1)
    weight = np.empty(m - 1)
    chain: list[int] = []  # node ids
    for t in range(m - 1):
        while True:
            if not chain:
                chain.append(int(node[0]))
            a = position[chain[-1]]
            # w_a w_b/(w_a + w_b) = 1/(1/w_a + 1/w_b): two passes over the clusters, not three.
            costs = cdist(P[a:a + 1], P[:size], "sqeuclidean")[0]
            costs /= inverse[a] + inverse[:size]
            costs[a] = np.inf
            b = int(costs.argmin())
            # Reciprocal nearest neighbours: prefer the chain's previous cluster on a tie,
            # which guarantees the chain ends.
            if len(chain) > 1:
                previous = position[chain[-2]]
                if costs[previous] <= costs[b]:
                    b = previous
            if len(chain) > 1 and b == position[chain[-2]]:
                break
            chain.append(int(node[b]))
        a_node, b_node = chain.pop(), chain.pop()
        a, b = position[a_node], position[b_node]
        wa, wb = w[a], w[b]
        left[t], right[t] = min(a_node, b_node), max(a_node, b_node)
        gain[t] = costs[b] / W
        weight[t] = wa + wb
        # The merged cluster takes slot a; slot b takes the last active cluster.
        P[a] = (wa * P[a] + wb * P[b]) / (wa + wb)
        w[a] = wa + wb
        inverse[a] = 1.0 / w[a]
        node[a] = m + t
        position[m + t] = a
        position[a_node] = position[b_node] = -1
        last = size - 1
        if b != last:
            P[b], w[b], inverse[b], node[b] = P[last], w[last], inverse[last], node[last]
            position[node[b]] = b
        size -= 1
    # Ward's gains never decrease up the tree, but rounding may let a merge's gain fall an ulp
    # below one of its parts': sort on the running maximum so that parts come first.
    key = gain.copy()
    for t in range(m - 1):
        for child in (left[t], right[t]):
            if child >= m and key[child - m] > key[t]:
                key[t] = key[child - m]
    order = np.argsort(key, kind="stable")
    # Renumber merged nodes to their rank in the sorted order.
    rank = np.empty(m - 1, dtype=np.intp)
    rank[order] = np.arange(m - 1)

    def renumber(ids: np.ndarray) -> np.ndarray:
        ids = ids[order]
        return np.where(ids < m, ids, m + rank[np.maximum(ids - m, 0)])

    return WardTree(renumber(left), renumber(right), gain[order], weight[order])
