"""Describing clusters by the variables, as FactoMineR 2.7's ``catdes()`` does.

For a partition of N individuals into clusters (cluster k has n_k individuals):

**Categorical variables.** Each variable is tested against the partition by Pearson's χ² test
of independence (no continuity correction); variables with p ≤ `proba` are listed by
increasing p. Each category m (n_m individuals, n_km of them in cluster k) is then described
in each cluster by

* ``cla_mod`` = 100·n_km/n_m, the share of the category that falls in the cluster;
* ``mod_cla`` = 100·n_km/n_k, the share of the cluster that has the category;
* ``global`` = 100·n_m/N;
* ``p_value``: under the hypothesis that the cluster is a random draw of n_k individuals
  among N, X = n_km is hypergeometric (N, n_m, n_k), and
  p = min(2·P(X < n_km) + P(X = n_km), 2·P(X > n_km) + P(X = n_km)): twice the smaller
  one-sided mid-p value;
* ``v_test`` = sign(mod_cla − global)·Φ⁻¹(1 − p/2): the normal quantile of the exact p-value
  (computed in the upper tail, so tiny p-values keep their precision), not the normal
  approximation.

Rows with p ≤ `proba` are kept, by decreasing v_test within each cluster; ties keep the
reverse of the input order, as R's ``rev(order())`` does. Categories are labelled
``"<variable, spaces as dots>=<level>"``.

**Numeric variables.** In cluster k, v_test = (x̄_k − x̄)/√(s²/n_k·(N − n_k)/(N − 1)) with s²
the variance over all individuals (divided by N), and p = 2(1 − Φ(|v_test|)); rows with
p ≤ `proba` are kept, by decreasing v_test. Standard deviations are population ones (÷ n).
Each variable's η² (between-cluster over total sum of squares) and one-way ANOVA F-test
p-value are given too (FactoMineR's ``quanti.var``; these two are not in the reference set,
the rest is checked against FactoMineR's output).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["ClusterDescription", "describe_clusters"]

CATEGORY_COLUMNS = ["cluster", "category", "variable", "cla_mod", "mod_cla", "global",
                    "p_value", "v_test"]
QUANTITATIVE_COLUMNS = ["cluster", "variable", "v_test", "mean_in_category", "overall_mean",
                        "sd_in_category", "overall_sd", "p_value"]


@dataclass(frozen=True)
class ClusterDescription:
    """What :func:`describe_clusters` finds (every table may be empty).

    Attributes
    ----------
    chi2 : DataFrame
        ``variable``, ``p_value``, ``df``: categorical variables linked to the partition.
    categories : DataFrame
        ``cluster``, ``category``, ``variable``, ``cla_mod``, ``mod_cla``, ``global``,
        ``p_value``, ``v_test``: over- and under-represented categories, by cluster.
    quantitative : DataFrame
        ``cluster``, ``variable``, ``v_test``, ``mean_in_category``, ``overall_mean``,
        ``sd_in_category``, ``overall_sd``, ``p_value``.
    quantitative_variables : DataFrame
        ``variable``, ``eta2``, ``p_value``: numeric variables linked to the partition, by
        decreasing η².
    """

    chi2: pd.DataFrame
    categories: pd.DataFrame
    quantitative: pd.DataFrame
    quantitative_variables: pd.DataFrame

    def for_cluster(self, cluster) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(categories, quantitative) rows of one cluster."""
        return (self.categories[self.categories["cluster"] == cluster],
                self.quantitative[self.quantitative["cluster"] == cluster])


def _is_numeric(column: pd.Series) -> bool:
    return (pd.api.types.is_numeric_dtype(column.dtype)
            and not pd.api.types.is_bool_dtype(column.dtype))


def describe_clusters(data: pd.DataFrame, labels, proba: float = 0.05) -> ClusterDescription:
    """Describe the clusters `labels` of the individuals of `data` (FactoMineR's ``catdes``).

    Parameters
    ----------
    data : DataFrame
        One row per individual. Numeric columns are described as numeric variables, every
        other column (pandas Categorical, strings, booleans) by its categories. No missing
        value: code them first (``MCA.data_`` has FactoMineR's ``.NA`` categories and mean
        imputation).
    labels : array-like, shape (n,)
        Cluster of each individual; clusters are listed in sorted order.
    proba : float, default 0.05
        Significance threshold for every table.

    Returns
    -------
    ClusterDescription
    """
    if not isinstance(data, pd.DataFrame):
        raise ValueError("data must be a pandas DataFrame")
    labels = np.asarray(labels)
    if labels.shape != (len(data),):
        raise ValueError(f"labels must give one cluster per row of data ({len(data)}), "
                         f"not shape {labels.shape}")
    if not 0 < proba <= 1:
        raise ValueError(f"proba must be in (0, 1], not {proba!r}")
    holes = [str(name) for name in data.columns if data[name].isna().any()]
    if holes:
        raise ValueError(f"missing values in {', '.join(map(repr, holes))}: code them first")
    clusters, cluster_codes = np.unique(labels, return_inverse=True)
    cluster_codes = cluster_codes.ravel()
    K = len(clusters)
    N = len(data)
    n_k = np.bincount(cluster_codes, minlength=K)

    chi2_rows, category_rows = [], []
    quantitative_rows, variable_rows = [], []
    for name in data.columns:
        column = data[name]
        if _is_numeric(column):
            rows, anova = _numeric(str(name), column.to_numpy(dtype=float), cluster_codes, n_k)
            quantitative_rows += [(clusters[k], *row) for k, row in rows]
            variable_rows.append(anova)
            continue
        if isinstance(column.dtype, pd.CategoricalDtype):
            present = column.cat.remove_unused_categories()
            levels = [str(category) for category in present.cat.categories]
            codes = present.cat.codes.to_numpy()
        else:
            values = column.map(str)
            levels = sorted(set(values))
            codes = pd.Categorical(values, categories=levels).codes
        table = np.zeros((K, len(levels)))
        np.add.at(table, (cluster_codes, codes), 1.0)
        chi2_rows.append(_chi2(str(name), table))
        prefix = str(name).replace(" ", ".")
        for j, level in enumerate(levels):
            category_rows.append((f"{prefix}={level}", str(name), table[:, j]))

    chi2 = pd.DataFrame(chi2_rows, columns=["variable", "p_value", "df"])
    chi2 = chi2[chi2["p_value"] <= proba].sort_values("p_value", kind="stable")
    return ClusterDescription(
        chi2=chi2.reset_index(drop=True),
        categories=_categories(category_rows, clusters, n_k, N, proba),
        quantitative=_sorted_by_vtest(
            pd.DataFrame(quantitative_rows, columns=QUANTITATIVE_COLUMNS), proba, clusters
        ),
        quantitative_variables=_anova_table(variable_rows, proba),
    )


def _chi2(name: str, table: np.ndarray) -> tuple[str, float, int]:
    df = (table.shape[0] - 1) * (table.shape[1] - 1)
    if df == 0:
        return name, float("nan"), 0
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    statistic = float(((table - expected) ** 2 / expected).sum())
    return name, float(stats.chi2.sf(statistic, df)), df


def _categories(rows, clusters, n_k, N, proba) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=CATEGORY_COLUMNS)
    labels = [label for label, _var, _counts in rows]
    variables = [var for _label, var, _counts in rows]
    n_km = np.column_stack([counts for _l, _v, counts in rows])  # (K, categories)
    n_m = n_km.sum(axis=0)
    draws = n_k[:, None] * np.ones_like(n_km)
    successes = np.broadcast_to(n_m, n_km.shape)
    law = stats.hypergeom(N, successes, draws)
    equal = law.pmf(n_km)
    below = law.cdf(n_km - 1)
    above = law.sf(n_km)
    p = np.minimum(2 * below + equal, 2 * above + equal)
    mod_cla = 100 * n_km / n_k[:, None]
    global_ = 100 * n_m / N
    # The sign compares n_km/n_k with n_m/N exactly, in integers.
    sign = np.sign(n_km * N - n_m[None, :] * n_k[:, None])
    v_test = sign * stats.norm.isf(p / 2)
    out = []
    for k, cluster in enumerate(clusters):
        for j, label in enumerate(labels):
            out.append((cluster, label, variables[j], 100 * n_km[k, j] / n_m[j], mod_cla[k, j],
                        global_[j], p[k, j], v_test[k, j]))
    return _sorted_by_vtest(pd.DataFrame(out, columns=CATEGORY_COLUMNS), proba, clusters)


def _sorted_by_vtest(frame: pd.DataFrame, proba: float, clusters) -> pd.DataFrame:
    parts = []
    for cluster in clusters:
        rows = frame[(frame["cluster"] == cluster) & (frame["p_value"] <= proba)]
        # R: rev(order(v.test)), so ties come out in reverse input order.
        order = np.argsort(rows["v_test"].to_numpy(), kind="stable")[::-1]
        parts.append(rows.iloc[order])
    if not parts:
        return frame.iloc[0:0].reset_index(drop=True)
    return pd.concat(parts).reset_index(drop=True)


def _numeric(name, x, cluster_codes, n_k):
    N = len(x)
    mean = x.mean()
    sd = np.sqrt(((x - mean) ** 2).mean())
    rows = []
    K = len(n_k)
    sums = np.bincount(cluster_codes, weights=x, minlength=K)
    means = sums / n_k
    squares = np.bincount(cluster_codes, weights=(x - means[cluster_codes]) ** 2, minlength=K)
    sds = np.sqrt(squares / n_k)
    for k in range(K):
        with np.errstate(divide="ignore", invalid="ignore"):
            v = (means[k] - mean) / np.sqrt(sd**2 / n_k[k] * (N - n_k[k]) / (N - 1))
        if not np.isfinite(v):
            continue
        rows.append((k, (name, float(v), float(means[k]), float(mean), float(sds[k]),
                         float(sd), float(2 * stats.norm.sf(abs(v))))))
    between = float((n_k * (means - mean) ** 2).sum())
    total = float(((x - mean) ** 2).sum())
    within = total - between
    eta2 = between / total if total > 0 else float("nan")
    if K > 1 and N > K and within > 0:
        F = (between / (K - 1)) / (within / (N - K))
        p = float(stats.f.sf(F, K - 1, N - K))
    else:
        p = float("nan")
    return rows, (name, eta2, p)


def _anova_table(rows, proba: float) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["variable", "eta2", "p_value"])
    table = table[table["p_value"] <= proba]
    return table.sort_values("eta2", ascending=False, kind="stable").reset_index(drop=True)
