"""Hartigan–Wong k-means (Hartigan & Wong 1979, Applied Statistics algorithm AS 136).

R's ``kmeans()`` uses this algorithm by default, and FactoMineR's HCPC consolidates its tree
cut with it. Lloyd's k-means (scikit-learn's) starts from the same centres but reaches nearby,
different partitions (adjusted Rand index 0.87–0.99 on the reference data): to give
FactoMineR's clusters, the consolidation must be Hartigan–Wong, step for step.

The algorithm, as published, from given initial centres:

1. each point goes to its closest centre (IC1) and remembers its second closest (IC2); the
   centres are then recomputed as the means of their points;
2. *optimal-transfer stage*: visit the points in order. Moving point i from its cluster L1
   (n₁ points, centre c₁) to another cluster L (n points, centre c) changes the within sum
   of squares by  n/(n+1)·‖x_i − c‖² − n₁/(n₁−1)·‖x_i − c₁‖²; the point moves to the cluster
   with the smallest first term when that term is smaller than the second, and both centres
   are updated at once. Only clusters of the *live set* (updated in the last M steps) are
   tried, unless the point's own cluster is live;
3. *quick-transfer stage*: visit the points again and again, testing only the move from IC1
   to IC2, until M steps pass without a move;
4. repeat 2–3 until an optimal-transfer stage visits M points in a row without a move
   (converged), or `max_iter` rounds have run (R warns "did not converge" and keeps the
   current partition; so do we, with ``converged=False``).

Distances are summed dimension by dimension, in order, and compared exactly as in the
published algorithm (including its early exits), so that near-ties fall the same way. The
quick-transfer stage is capped at 50·M steps, as R caps it.

Reference
---------
Hartigan J. A., Wong M. A. (1979), Algorithm AS 136: A K-Means Clustering Algorithm, Journal
of the Royal Statistical Society, Series C (Applied Statistics) 28(1), 100–108.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["KMeansResult", "hartigan_wong"]

_BIG = 1.0e30


@dataclass(frozen=True)
class KMeansResult:
    """The outcome of :func:`hartigan_wong`.

    Attributes
    ----------
    labels : ndarray of int, shape (M,)
        Cluster of each point, 0-based, numbered like the initial centres.
    centers : ndarray, shape (K, N)
        Final centres: the means of their points.
    sizes : ndarray of int, shape (K,)
    within_ss : ndarray, shape (K,)
        Within-cluster sum of squares of each cluster.
    n_iter : int
        Optimal-transfer rounds run.
    converged : bool
        False when `max_iter` rounds (or the quick-transfer cap) ran out first.
    """

    labels: np.ndarray
    centers: np.ndarray
    sizes: np.ndarray
    within_ss: np.ndarray
    n_iter: int
    converged: bool

    @property
    def total_ss(self) -> float:
        return float(self.within_ss.sum() + self.between_ss)

    @property
    def between_ss(self) -> float:
        return float((self.sizes * ((self.centers - self._mean) ** 2).sum(axis=1)).sum())

    @property
    def _mean(self) -> np.ndarray:
        return (self.sizes[:, None] * self.centers).sum(axis=0) / self.sizes.sum()


def _squared_distances(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    # Dimension by dimension, in order: the published algorithm's summation order.
    out = np.zeros((X.shape[0], centers.shape[0]))
    for j in range(X.shape[1]):
        out += (X[:, j, None] - centers[None, :, j]) ** 2
    return out


def _means(X: np.ndarray, labels: np.ndarray, K: int) -> tuple[np.ndarray, np.ndarray]:
    # np.bincount adds in point order, as the published loop does.
    sizes = np.bincount(labels, minlength=K)
    sums = np.column_stack([np.bincount(labels, weights=X[:, j], minlength=K)
                            for j in range(X.shape[1])])
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / sizes[:, None], sizes


def hartigan_wong(X, centers, max_iter: int = 10) -> KMeansResult:
    """Hartigan–Wong k-means of the rows of `X` from the initial `centers` (AS 136).

    Parameters
    ----------
    X : array-like, shape (M, N)
        The points, visited in this order.
    centers : array-like, shape (K, N)
        Initial centres, 1 < K < M.
    max_iter : int, default 10
        Rounds of optimal transfer at most (R's ``iter.max``, 10 by default).

    Returns
    -------
    KMeansResult
        Labels (0-based, numbered like `centers`), centres, sizes, within sums of squares.

    Raises
    ------
    ValueError
        On bad shapes, non-finite values, K outside 1 < K < M, or when an initial centre
        attracts no point (R: "empty cluster: try a better set of initial centers").
    """
    A = np.ascontiguousarray(X, dtype=float)
    C0 = np.array(centers, dtype=float, copy=True)
    if A.ndim != 2 or C0.ndim != 2 or A.shape[1] != C0.shape[1]:
        raise ValueError(f"X (M×N) and centers (K×N) must be 2-D with the same N; got "
                         f"{A.shape} and {C0.shape}")
    M, N = A.shape
    K = C0.shape[0]
    if not 1 < K < M:
        raise ValueError(f"Hartigan–Wong needs 1 < K < M; got K={K}, M={M}")
    if not (np.isfinite(A).all() and np.isfinite(C0).all()):
        raise ValueError("X and centers must be finite")
    if isinstance(max_iter, bool) or not isinstance(max_iter, int | np.integer) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, not {max_iter!r}")

    # Step 1: closest and second closest centre (first index wins a tie, as in AS 136).
    dist = _squared_distances(A, C0)
    ic1 = dist.argmin(axis=1)
    masked = dist.copy()
    masked[np.arange(M), ic1] = np.inf
    ic2 = masked.argmin(axis=1)
    centres, sizes = _means(A, ic1, K)
    if (sizes == 0).any():
        raise ValueError("empty cluster: an initial centre is nobody's closest centre")

    state = _State(A, centres, ic1, ic2, sizes)
    converged = False
    n_iter = 0
    for n_iter in range(1, int(max_iter) + 1):  # noqa: B007 (n_iter is reported)
        state.optimal_transfer()
        if state.indx == M:  # M optimal-transfer steps in a row without a move
            converged = True
            break
        if not state.quick_transfer():
            break  # quick-transfer cap reached: R stops there too, unconverged
        if K == 2:  # no other cluster to try: AS 136 stops after the quick transfer
            converged = True
            break
        state.ncp = [0] * K
    labels = np.array(state.ic1, dtype=np.intp)
    final, sizes = _means(A, labels, K)
    within = np.bincount(labels, weights=((A - final[labels]) ** 2).sum(axis=1), minlength=K)
    return KMeansResult(labels, final, sizes, within, n_iter, converged)


class _State:
    """The working arrays of AS 136, as plain Python lists: the loops visit one point at a
    time, where list indexing costs far less than numpy scalar access."""

    def __init__(self, A: np.ndarray, centres: np.ndarray, ic1: np.ndarray, ic2: np.ndarray,
                 sizes: np.ndarray) -> None:
        self.rows = A.tolist()
        self.M, self.N = A.shape
        self.K = centres.shape[0]
        self.C = centres.tolist()
        self.ic1 = ic1.tolist()
        self.ic2 = ic2.tolist()
        self.nc = sizes.tolist()
        self.an2 = [n / (n + 1.0) for n in self.nc]
        self.an1 = [n / (n - 1.0) if n > 1 else _BIG for n in self.nc]
        self.itran = [1] * self.K  # 1: updated in the last quick-transfer stage
        self.ncp = [-1] * self.K  # step of the last update (+M in the quick-transfer stage)
        self.live = [0] * self.K
        self.d = [0.0] * self.M  # cost of taking each point out of its cluster
        self.indx = 0  # optimal-transfer steps since the last move

    def _move(self, i: int, x: list[float], l1: int, l2: int) -> None:
        """Point i leaves cluster l1 for l2: update both centres, sizes and factors."""
        nc, C = self.nc, self.C
        al1 = float(nc[l1])
        alw = al1 - 1.0
        al2 = float(nc[l2])
        alt = al2 + 1.0
        c1, c2 = C[l1], C[l2]
        for j in range(self.N):
            c1[j] = (c1[j] * al1 - x[j]) / alw
            c2[j] = (c2[j] * al2 + x[j]) / alt
        nc[l1] -= 1
        nc[l2] += 1
        self.an2[l1] = alw / al1
        self.an1[l1] = alw / (alw - 1.0) if alw > 1.0 else _BIG
        self.an1[l2] = alt / al2
        self.an2[l2] = alt / (alt + 1.0)
        self.ic1[i] = l2
        self.ic2[i] = l1

    def optimal_transfer(self) -> None:
        M, N, K = self.M, self.N, self.K
        rows, C, ic1, ic2, nc = self.rows, self.C, self.ic1, self.ic2, self.nc
        an1, an2, ncp, d, live, itran = self.an1, self.an2, self.ncp, self.d, self.live, self.itran
        dims = range(N)
        for cluster in range(K):
            if itran[cluster] == 1:
                live[cluster] = M + 1
        indx = self.indx
        for i in range(M):
            step = i + 1  # the published algorithm counts steps from 1
            indx += 1
            l1 = ic1[i]
            if nc[l1] != 1:
                x = rows[i]
                if ncp[l1] != 0:  # l1 changed since d[i] was computed
                    c = C[l1]
                    de = 0.0
                    for j in dims:
                        t = x[j] - c[j]
                        de += t * t
                    d[i] = de * an1[l1]
                l2 = ll = ic2[i]
                c = C[l2]
                da = 0.0
                for j in dims:
                    t = x[j] - c[j]
                    da += t * t
                r2 = da * an2[l2]
                l1_dead = step >= live[l1]
                for cluster in range(K):
                    if (l1_dead and step >= live[cluster]) or cluster in (l1, ll):
                        continue
                    rr = r2 / an2[cluster]
                    c = C[cluster]
                    dc = 0.0
                    for j in dims:
                        t = x[j] - c[j]
                        dc += t * t
                        if dc >= rr:
                            break
                    else:
                        r2 = dc * an2[cluster]
                        l2 = cluster
                if r2 < d[i]:
                    indx = 0
                    live[l1] = live[l2] = M + step
                    ncp[l1] = ncp[l2] = step
                    self._move(i, x, l1, l2)
                else:
                    ic2[i] = l2
            if indx == M:
                self.indx = indx
                return
        for cluster in range(K):
            itran[cluster] = 0
            live[cluster] -= M
        self.indx = indx

    def quick_transfer(self) -> bool:
        """Run the stage; False when it hit the 50·M step cap (R stops, unconverged)."""
        M, N = self.M, self.N
        rows, C, ic1, ic2, nc = self.rows, self.C, self.ic1, self.ic2, self.nc
        an1, an2, ncp, d, itran = self.an1, self.an2, self.ncp, self.d, self.itran
        dims = range(N)
        cap = 50 * M
        icoun = 0
        istep = 0
        while True:
            for i in range(M):
                icoun += 1
                istep += 1
                if istep >= cap:
                    return False
                l1 = ic1[i]
                l2 = ic2[i]
                if nc[l1] != 1:
                    x = rows[i]
                    if istep <= ncp[l1]:  # l1 updated within the last M steps
                        c = C[l1]
                        da = 0.0
                        for j in dims:
                            t = x[j] - c[j]
                            da += t * t
                        d[i] = da * an1[l1]
                    if istep < ncp[l1] or istep < ncp[l2]:
                        r2 = d[i] / an2[l2]
                        c = C[l2]
                        dd = 0.0
                        for j in dims:
                            t = x[j] - c[j]
                            dd += t * t
                            if dd >= r2:
                                break
                        else:
                            icoun = 0
                            self.indx = 0
                            itran[l1] = itran[l2] = 1
                            ncp[l1] = ncp[l2] = istep + M
                            self._move(i, x, l1, l2)
                if icoun == M:
                    return True
