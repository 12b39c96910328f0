"""Multiple correspondence analysis (MCA), computed as FactoMineR 2.7's ``MCA()`` computes it.

MCA is the correspondence analysis (CA) of the complete disjunctive table Z (n individuals ×
J categories of Q active variables, z_ij = 1 when individual i answered category j). With
r_i = 1/n and c_j = n_j/(nQ), it is the singular value decomposition of

    S = D_r^{1/2} (Z/(nQ) / (r cᵀ) − 1) D_c^{1/2},      S = U diag(σ) Vᵀ,

and every result is read from it (all coordinates are principal coordinates):

* eigenvalues λ_k = σ_k², min(n − 1, J − Q) of them, summing to the total inertia J/Q − 1;
  percentages are 100·λ_k/Σλ (no Benzécri or Greenacre correction);
* categories: coordinates G_jk = σ_k V_jk/√c_j, contributions 100·c_j G_jk²/λ_k (%), cos2
  G_jk²/(n/n_j − 1), test-values G_jk·√(n_j (n − 1)/(n − n_j));
* individuals: coordinates F_ik = Σ_j (z_ij/Q)·V_jk/√c_j (the barycentre of their categories'
  standard coordinates, equal to √n·U_ik·σ_k), contributions 100·F_ik²/(n λ_k) (%), cos2
  F_ik²/d_i² with d_i² = Σ_j (z_ij/Q − c_j)²/c_j;
* eta² of a variable on an axis: Σ_{j ∈ variable} (n_j/n)·G_jk², its squared correlation ratio;
* the sign of each axis makes the sum of the unit-norm V[:, k] non-negative (FactoMineR's
  rule; FactoMineR skips it when one axis is kept and J < n, where LAPACK's sign stays);
* supplementary categories sit at the mean of their individuals' F divided by σ_k, with cos2
  and test-values by the same formulas; a numeric supplementary variable's coordinate is its
  correlation with each axis (population moments).

Only the first ``n_components`` axes (FactoMineR's ``ncp``, 5 by default) of coordinates are
kept; every eigenvalue is reported. Rows all weigh 1/n (FactoMineR's ``row.w`` is not
offered). How categories are named and missing values treated: see
:mod:`ptce_analytics.typology._coding` (FactoMineR's default ``na.method="NA"``: a missing
answer is the category ``"<variable>.NA"``).

A full LAPACK SVD is used on purpose: a randomized SVD does not reproduce FactoMineR's numbers
(errors up to 0.19 on coordinates have been measured).

References
----------
Lê S., Josse J., Husson F. (2008), FactoMineR: An R Package for Multivariate Analysis, Journal
of Statistical Software 25(1). Greenacre M. (2017), Correspondence Analysis in Practice, 3rd
ed., chapters on MCA and supplementary points.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ptce_analytics.typology._coding import Coded, code_categorical, label_of, numeric_columns

__all__ = ["MCA", "axis_names"]


def axis_names(count: int) -> list[str]:
    """FactoMineR's axis labels: ``["Dim 1", "Dim 2", ...]``."""
    return [f"Dim {k}" for k in range(1, count + 1)]


def _names(values: Sequence[str] | str | None, argument: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    names = list(values)
    if len(set(names)) != len(names):
        raise ValueError(f"{argument} names a column twice")
    return names


class MCA:
    """Multiple correspondence analysis, FactoMineR's numbers (see the module docstring).

    Parameters
    ----------
    n_components : int or None, default 5
        Axes of coordinates kept (FactoMineR's ``ncp``); None keeps every axis. Eigenvalues
        are always all reported.

    Attributes
    ----------
    n_individuals_ : int
    active_variables_, supplementary_variables_, quantitative_supplementary_ : list of str
    n_components_ : int
        Axes kept: min(n_components, J − Q, n − 1).
    eigenvalues_ : ndarray of shape (min(n − 1, J − Q),)
    percent_, cumulative_percent_ : ndarray
        Percentage of inertia of each axis, and cumulated.
    singular_values_ : ndarray
        σ_k = √λ_k.
    total_inertia_ : float
        J/Q − 1, the sum of the eigenvalues.
    row_coordinates_, row_cos2_, row_contributions_ : DataFrame (n, n_components_)
        Individuals in input order, indexed like X; contributions in %.
    categories_ : DataFrame
        One row per active category, indexed by its label: ``variable``, ``answer`` (the
        value as written in the data; missing for the ``.NA`` category) and ``count`` n_j.
    category_coordinates_, category_cos2_, category_contributions_, category_vtest_ : DataFrame
        Active categories × axes; contributions in %.
    eta2_ : DataFrame
        Active variables × axes: squared correlation ratio.
    supplementary_categories_ : DataFrame
        Like ``categories_``, for the supplementary categorical variables.
    supplementary_coordinates_, supplementary_cos2_, supplementary_vtest_ : DataFrame
    supplementary_eta2_ : DataFrame
    quantitative_correlations_ : DataFrame
        Numeric supplementary variables × axes: correlation with the axis.
    data_ : DataFrame
        The analysed columns in input order, as FactoMineR's ``res$call$X``: categorical
        variables as pandas Categoricals with the final labels (renamed levels, ``.NA``
        categories), numeric supplementary variables with missing values replaced by the
        mean. HCPC's cluster description reads it.
    """

    def __init__(self, n_components: int | None = 5) -> None:
        self.n_components = n_components

    # ------------------------------------------------------------------ fitting
    def fit(
        self,
        X: pd.DataFrame,
        supplementary: Sequence[str] | str | None = None,
        quantitative_supplementary: Sequence[str] | str | None = None,
    ) -> MCA:
        """Fit the MCA of `X`.

        Parameters
        ----------
        X : DataFrame
            One row per individual. Every column not named in `supplementary` or
            `quantitative_supplementary` is an active categorical variable, whatever its
            dtype (0/1 codes are categories).
        supplementary : column names, optional
            Supplementary categorical variables: projected, not part of the axes.
        quantitative_supplementary : column names, optional
            Supplementary numeric variables: their correlation with each axis.

        Returns
        -------
        MCA
            self, fitted.
        """
        if not isinstance(X, pd.DataFrame):
            raise ValueError("X must be a pandas DataFrame (one row per individual)")
        if self.n_components is not None and (
            isinstance(self.n_components, bool)
            or not isinstance(self.n_components, int | np.integer)
            or self.n_components < 1
        ):
            raise ValueError(f"n_components must be a positive integer or None, "
                             f"not {self.n_components!r}")
        sup = _names(supplementary, "supplementary")
        quanti = _names(quantitative_supplementary, "quantitative_supplementary")
        columns = [str(column) for column in X.columns]
        if len(set(columns)) != len(columns):
            raise ValueError("X has two columns of the same name")
        X = X.set_axis(columns, axis=1)
        unknown = [name for name in [*sup, *quanti] if name not in columns]
        if unknown:
            raise ValueError(f"unknown column(s): {', '.join(map(repr, unknown))}")
        both = sorted(set(sup) & set(quanti))
        if both:
            raise ValueError(f"column(s) {', '.join(map(repr, both))} named both "
                             "supplementary and quantitative_supplementary")
        active = [name for name in columns if name not in sup and name not in quanti]
        if not active:
            raise ValueError("no active variable: every column is supplementary")
        n = len(X)
        if n < 2:
            raise ValueError(f"an MCA needs at least 2 individuals, got {n}")

        categorical = [name for name in columns if name not in quanti]
        coded = code_categorical(X, categorical)
        by_name = {var: q for q, var in enumerate(coded.variables)}
        act = _subset(coded, [by_name[var] for var in active])
        sup_coded = _subset(coded, [by_name[var] for var in sup])
        numeric = numeric_columns(X, quanti)

        self._fit_active(act, n, X.index)
        self._fit_supplementary(sup_coded, numeric)
        parts = {**dict(coded.frame(X.index)), **dict(numeric)}
        self.data_ = pd.DataFrame({name: parts[name] for name in columns}, index=X.index)
        self.active_variables_ = active
        self.supplementary_variables_ = sup
        self.quantitative_supplementary_ = quanti
        self._coded = act
        return self

    def fit_transform(self, X: pd.DataFrame, supplementary=None,
                      quantitative_supplementary=None) -> pd.DataFrame:
        """Fit, then return the individuals' coordinates (``row_coordinates_``)."""
        return self.fit(X, supplementary, quantitative_supplementary).row_coordinates_

    def _fit_active(self, coded: Coded, n: int, index: pd.Index) -> None:
        Q = len(coded.variables)
        offsets = coded.offsets
        J = int(sum(len(levels) for levels in coded.levels))
        columns = coded.codes + offsets  # (n, Q) column of Z of each answer
        counts = np.bincount(columns.ravel(), minlength=J).astype(float)
        mass = counts / (n * Q)
        rank = min(n - 1, J - Q)
        if rank < 1:
            raise ValueError("no axis to compute: every active variable has a single category")

        # Identical answer profiles are one row of S weighted by their multiplicity: SᵀS, hence
        # σ and V, are unchanged, and identical profiles get bit-identical coordinates (HCPC
        # then merges them before building Ward's tree).
        profiles, inverse, multiplicity = _profiles(columns, [len(lv) for lv in coded.levels])
        # S = D_r^{1/2}(Z/(nQ)/(r cᵀ) − 1)D_c^{1/2}, and Z/(nQ)/(r c_j) = z_ij·n/n_j.
        m = len(profiles)
        S = np.full((m, J), -1.0)
        rows = np.repeat(np.arange(m), Q)
        S[rows, profiles.ravel()] += n / counts[profiles.ravel()]
        S *= np.sqrt(mass) / np.sqrt(n)
        S *= np.sqrt(multiplicity)[:, None]
        # The SVD of S from that of its QR factor R (SᵀS = RᵀR): as accurate as LAPACK's SVD
        # of S itself, without forming the n × J matrix U, which the transition formula below
        # makes unnecessary.
        R = np.linalg.qr(S, mode="r") if m > J else S
        _U, sigma, Vt = np.linalg.svd(R, full_matrices=True)
        del S, R, _U
        sigma = np.concatenate([sigma, np.zeros(max(0, rank - len(sigma)))])[:rank]
        V = Vt[:rank].T.copy()
        V *= np.where(V.sum(axis=0) < 0, -1.0, 1.0)  # FactoMineR's sign rule
        eig = sigma**2
        ncp = rank if self.n_components is None else min(int(self.n_components), rank)
        names = axis_names(ncp)
        sigma, V, lam = sigma[:ncp], V[:, :ncp], eig[:ncp]

        standard = V / np.sqrt(mass)[:, None]
        G = standard * sigma
        # Individuals from their answer profile: F_i = D_r^{-1/2} s_i V
        # = Σ_q standard[j(i, q)]/Q − √cᵀV. The last term is zero on an axis of positive
        # inertia (√c spans the null space of S) but not on an axis of zero inertia, whose V
        # LAPACK may draw anywhere in that null space.
        F_profiles = np.zeros((m, ncp))
        for q in range(Q):
            F_profiles += standard[profiles[:, q]]
        F_profiles /= Q
        F_profiles -= np.sqrt(mass) @ V
        d2_profiles = (n / Q) * (1.0 / counts[profiles]).sum(axis=1) - 1.0
        F = F_profiles[inverse]
        d2 = d2_profiles[inverse]

        cat_cos2, vtest = _cos2_vtest(G, counts, n)
        cat_index = pd.Index([label for _var, label in coded.categories], name="category")
        var_of = np.repeat(np.arange(Q), [len(levels) for levels in coded.levels])
        eta2 = np.zeros((Q, ncp))
        np.add.at(eta2, var_of, (counts / n)[:, None] * G**2)

        self.n_individuals_ = n
        self.n_components_ = ncp
        self.eigenvalues_ = eig
        self.percent_ = 100 * eig / eig.sum()
        self.cumulative_percent_ = np.cumsum(self.percent_)
        self.total_inertia_ = J / Q - 1.0
        self.singular_values_ = np.sqrt(eig)
        frame = pd.DataFrame
        with np.errstate(divide="ignore", invalid="ignore"):  # an axis of zero inertia
            row_contributions = 100 * F**2 / (n * lam)
            row_cos2 = F**2 / d2[:, None]
            cat_contributions = 100 * mass[:, None] * G**2 / lam
        self.row_coordinates_ = frame(F, index=index, columns=names)
        self.row_contributions_ = frame(row_contributions, index=index, columns=names)
        self.row_cos2_ = frame(row_cos2, index=index, columns=names)
        self.categories_ = _category_table(coded, counts, cat_index)
        self.category_coordinates_ = frame(G, index=cat_index, columns=names)
        self.category_contributions_ = frame(cat_contributions, index=cat_index,
                                             columns=names)
        self.category_cos2_ = frame(cat_cos2, index=cat_index, columns=names)
        self.category_vtest_ = frame(vtest, index=cat_index, columns=names)
        self.eta2_ = frame(eta2, index=pd.Index(coded.variables, name="variable"),
                           columns=names)
        self._standard = standard
        self._profile_of = inverse

    def _fit_supplementary(self, coded: Coded, numeric: pd.DataFrame) -> None:
        n = self.n_individuals_
        names = axis_names(self.n_components_)
        F = self.row_coordinates_.to_numpy()
        sigma = self.singular_values_[: self.n_components_]
        J = int(sum(len(levels) for levels in coded.levels))
        columns = coded.codes + coded.offsets
        counts = np.bincount(columns.ravel(), minlength=J).astype(float)
        sums = np.zeros((J, self.n_components_))
        for q in range(len(coded.variables)):
            np.add.at(sums, columns[:, q], F)
        with np.errstate(divide="ignore", invalid="ignore"):
            coord = sums / counts[:, None] / sigma
        cos2, vtest = _cos2_vtest(coord, counts, n)
        index = pd.Index([label for _var, label in coded.categories], name="category")
        var_of = np.repeat(np.arange(len(coded.variables)), [len(lv) for lv in coded.levels])
        eta2 = np.zeros((len(coded.variables), self.n_components_))
        np.add.at(eta2, var_of, (counts / n)[:, None] * coord**2)
        self.supplementary_categories_ = _category_table(coded, counts, index)
        self.supplementary_coordinates_ = pd.DataFrame(coord, index=index, columns=names)
        self.supplementary_cos2_ = pd.DataFrame(cos2, index=index, columns=names)
        self.supplementary_vtest_ = pd.DataFrame(vtest, index=index, columns=names)
        self.supplementary_eta2_ = pd.DataFrame(
            eta2, index=pd.Index(coded.variables, name="variable"), columns=names
        )
        correlations = np.zeros((numeric.shape[1], self.n_components_))
        Fc = F - F.mean(axis=0)
        for v, var in enumerate(numeric.columns):
            x = numeric[var].to_numpy()
            xc = x - x.mean()
            with np.errstate(divide="ignore", invalid="ignore"):
                correlations[v] = (xc @ Fc / n) / (
                    np.sqrt((xc**2).mean()) * np.sqrt((Fc**2).mean(axis=0))
                )
        self.quantitative_correlations_ = pd.DataFrame(
            correlations, index=pd.Index(list(numeric.columns), name="variable"), columns=names
        )

    # ------------------------------------------------------------------ projection
    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        """Coordinates of individuals as supplementary individuals, from their active answers.

        Each row is placed at the barycentre of its categories' standard coordinates: a new
        pole lands on the existing map without changing it. An answer the fitted data never
        gave raises ValueError (it has no position); a missing answer is the variable's
        ``.NA`` category, which must then exist.
        """
        self._check_fitted()
        if not isinstance(X, pd.DataFrame):
            raise ValueError("X must be a pandas DataFrame")
        missing = [var for var in self.active_variables_ if var not in X.columns]
        if missing:
            raise ValueError(f"X lacks active variable(s): {', '.join(map(repr, missing))}")
        coded = self._coded
        Q = len(coded.variables)
        F = np.zeros((len(X), self.n_components_))
        offsets = coded.offsets
        for q, var in enumerate(coded.variables):
            lookup = {answer: code for code, answer in enumerate(coded.answers[q])}
            keys = [None if pd.isna(value) else label_of(value) for value in X[var]]
            unknown = sorted({"missing" if key is None else key
                              for key in keys if key not in lookup})
            if unknown:
                raise ValueError(
                    f"variable {var!r}: answer(s) {', '.join(map(repr, unknown))} unknown to "
                    "the fitted analysis"
                )
            codes = np.array([lookup[key] for key in keys], dtype=np.intp)
            F += self._standard[offsets[q] + codes]
        F /= Q
        return pd.DataFrame(F, index=X.index, columns=axis_names(self.n_components_))

    def _check_fitted(self) -> None:
        if not hasattr(self, "eigenvalues_"):
            raise ValueError("this MCA is not fitted yet: call fit() first")


def _profiles(columns: np.ndarray, sizes: list[int]) -> tuple[np.ndarray, np.ndarray,
                                                              np.ndarray]:
    """(distinct rows of `columns`, row → distinct row, multiplicity), distinct rows in order
    of first appearance. Rows are read as mixed-radix integers when they fit in 63 bits."""
    n = len(columns)
    if float(np.prod(np.asarray(sizes, dtype=float))) < 2.0**62:
        key = np.zeros(n, dtype=np.int64)
        base = np.asarray(columns) - np.concatenate([[0], np.cumsum(sizes)[:-1]])
        for q, size in enumerate(sizes):
            key = key * size + base[:, q]
        _keys, first, inverse, counts = np.unique(
            key, return_index=True, return_inverse=True, return_counts=True
        )
    else:
        _rows, first, inverse, counts = np.unique(
            columns, axis=0, return_index=True, return_inverse=True, return_counts=True
        )
    inverse = inverse.ravel()
    appearance = np.argsort(first, kind="stable")
    rank = np.empty_like(appearance)
    rank[appearance] = np.arange(len(appearance))
    return columns[first[appearance]], rank[inverse], counts[appearance]


def _cos2_vtest(coord: np.ndarray, counts: np.ndarray, n: int) -> tuple[np.ndarray,
                                                                        np.ndarray]:
    """cos2 and test-values of categories; undefined (NaN) for a category every individual
    has, which sits at the origin."""
    everyone = counts >= n
    with np.errstate(divide="ignore", invalid="ignore"):
        cos2 = coord**2 / (n / counts - 1.0)[:, None]
        vtest = coord * np.sqrt(counts * (n - 1) / (n - counts))[:, None]
    cos2[everyone] = np.nan
    vtest[everyone] = np.nan
    return cos2, vtest


def _subset(coded: Coded, positions: list[int]) -> Coded:
    return Coded(
        tuple(coded.variables[q] for q in positions),
        tuple(coded.levels[q] for q in positions),
        coded.codes[:, positions] if positions else np.empty((len(coded.codes), 0), np.intp),
        tuple(coded.answers[q] for q in positions),
    )


def _category_table(coded: Coded, counts: np.ndarray, index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "variable": [var for var, _label in coded.categories],
            "answer": [answer for answers in coded.answers for answer in answers],
            "count": counts.astype(int),
        },
        index=index,
    )
