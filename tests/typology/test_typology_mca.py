"""MCA against FactoMineR 2.7: eigenvalues, individuals, categories, supplementary variables.

Tolerances: eigenvalues 1e-9 relative; coordinates 1e-8 absolute up to each axis's sign;
cos2, contributions (%), v.test and eta2 1e-8 absolute. The measured deviations are about
1e-12 or less (full LAPACK SVD, FactoMineR's formulas).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import typology_reference as ref

from ptce_analytics.typology import MCA

EIG_RTOL = 1e-9
ATOL = 1e-8


def fit(dataset: str, run: str, *, raw: bool = False, n_components: int | None = 5) -> MCA:
    frame = (ref.raw_dataset if raw else ref.dataset)(dataset)
    info = ref.meta(dataset, run)
    return MCA(n_components=n_components).fit(
        frame[ref.columns_of(dataset, run)],
        supplementary=info["quali_sup"],
        quantitative_supplementary=info["quanti_sup"],
    )


RUNS = [pytest.param(dataset, run, id=f"{dataset}/{run}") for dataset, run in ref.MCA_RUNS]


@pytest.fixture(scope="module")
def fitted():
    return {(dataset, run): fit(dataset, run) for dataset, run in ref.MCA_RUNS}


@pytest.mark.parametrize(("dataset", "run"), RUNS)
def test_eigenvalues(fitted, dataset, run):
    mca = fitted[dataset, run]
    eig = ref.read(dataset, run, "eig.csv")
    assert len(mca.eigenvalues_) == len(eig)
    assert ref.max_rel(mca.eigenvalues_, eig["eigenvalue"]) < EIG_RTOL
    assert ref.max_abs(mca.percent_, eig["percentage_of_variance"]) < ATOL
    assert ref.max_abs(mca.cumulative_percent_, eig["cumulative_percentage"]) < ATOL
    assert mca.eigenvalues_.sum() == pytest.approx(ref.meta(dataset, run)["sum_eigenvalues"],
                                                   rel=1e-12)
    assert mca.n_components_ == ref.meta(dataset, run)["ncp_kept"]


@pytest.mark.parametrize(("dataset", "run"), RUNS)
def test_individuals(fitted, dataset, run):
    mca = fitted[dataset, run]
    coord = ref.dims(ref.read(dataset, run, "ind_coord.csv")) if ref.exists(
        dataset, run, "ind_coord.csv") else ref.dims(ref.read(dataset, "mca_doc", "ind_coord.csv"))
    ours = mca.row_coordinates_.to_numpy()
    assert ref.max_abs(ours * ref.signs(ours, coord), coord) < ATOL
    if ref.exists(dataset, run, "ind_cos2.csv"):
        assert ref.max_abs(mca.row_cos2_, ref.dims(ref.read(dataset, run, "ind_cos2.csv"))) < ATOL
        assert ref.max_abs(mca.row_contributions_,
                           ref.dims(ref.read(dataset, run, "ind_contrib.csv"))) < ATOL


@pytest.mark.parametrize(("dataset", "run"), RUNS)
def test_categories(fitted, dataset, run):
    mca = fitted[dataset, run]
    coord = ref.read(dataset, run, "var_coord.csv")
    # Same categories, same labels (FactoMineR's renaming and .NA categories), same order.
    assert list(mca.category_coordinates_.index) == list(coord["category"])
    assert list(mca.categories_["variable"]) == list(coord["variable"])
    ours = mca.category_coordinates_.to_numpy()
    sign = ref.signs(ours, ref.dims(coord))
    assert ref.max_abs(ours * sign, ref.dims(coord)) < ATOL
    assert ref.max_abs(mca.category_cos2_, ref.dims(ref.read(dataset, run, "var_cos2.csv"))) < ATOL
    assert ref.max_abs(mca.category_contributions_,
                       ref.dims(ref.read(dataset, run, "var_contrib.csv"))) < ATOL
    assert ref.max_abs(mca.category_vtest_.to_numpy() * sign,
                       ref.dims(ref.read(dataset, run, "var_vtest.csv"))) < ATOL
    eta2 = ref.read(dataset, run, "var_eta2.csv")
    assert list(mca.eta2_.index) == list(eta2["variable"])
    assert ref.max_abs(mca.eta2_, ref.dims(eta2)) < ATOL


@pytest.mark.parametrize(("dataset", "run"), [
    pytest.param(dataset, run, id=f"{dataset}/{run}") for dataset, run in ref.MCA_RUNS
    if ref.exists(dataset, run, "quali_sup_coord.csv")
])
def test_supplementary_categories(fitted, dataset, run):
    mca = fitted[dataset, run]
    sign = ref.signs(mca.category_coordinates_.to_numpy(),
                     ref.dims(ref.read(dataset, run, "var_coord.csv")))
    coord = ref.read(dataset, run, "quali_sup_coord.csv")
    assert list(mca.supplementary_coordinates_.index) == list(coord["category"])
    assert ref.max_abs(mca.supplementary_coordinates_.to_numpy() * sign, ref.dims(coord)) < ATOL
    assert ref.max_abs(mca.supplementary_cos2_,
                       ref.dims(ref.read(dataset, run, "quali_sup_cos2.csv"))) < ATOL
    assert ref.max_abs(mca.supplementary_vtest_.to_numpy() * sign,
                       ref.dims(ref.read(dataset, run, "quali_sup_vtest.csv"))) < ATOL
    assert ref.max_abs(mca.supplementary_eta2_,
                       ref.dims(ref.read(dataset, run, "quali_sup_eta2.csv"))) < ATOL


@pytest.mark.parametrize(("dataset", "run"), [
    pytest.param(dataset, run, id=f"{dataset}/{run}") for dataset, run in ref.MCA_RUNS
    if ref.exists(dataset, run, "quanti_sup_coord.csv")
])
def test_quantitative_supplementary(fitted, dataset, run):
    mca = fitted[dataset, run]
    sign = ref.signs(mca.category_coordinates_.to_numpy(),
                     ref.dims(ref.read(dataset, run, "var_coord.csv")))
    coord = ref.read(dataset, run, "quanti_sup_coord.csv")
    assert list(mca.quantitative_correlations_.index) == list(coord["variable"])
    assert ref.max_abs(mca.quantitative_correlations_.to_numpy() * sign, ref.dims(coord)) < ATOL


@pytest.mark.parametrize(("dataset", "run"), [("tea", "mca_doc"), ("synth300", "mca_default")])
def test_every_axis(dataset, run):
    """`ncp_all/`: the same analysis keeping every axis (ncp=Inf)."""
    mca = fit(dataset, run, n_components=None)
    folder = f"{run}/ncp_all"
    assert ref.max_rel(mca.eigenvalues_, ref.read(dataset, folder, "eig.csv")["eigenvalue"]) \
        < EIG_RTOL
    coord = ref.dims(ref.read(dataset, folder, "var_coord.csv"))
    ours = mca.category_coordinates_.to_numpy()
    sign = ref.signs(ours, coord)
    assert ours.shape == coord.shape
    assert ref.max_abs(ours * sign, coord) < ATOL
    individuals = ref.dims(ref.read(dataset, folder, "ind_coord.csv"))
    assert ref.max_abs(mca.row_coordinates_.to_numpy() * sign, individuals) < ATOL
    for name, ours_table in (("var_cos2.csv", mca.category_cos2_),
                             ("var_contrib.csv", mca.category_contributions_),
                             ("var_eta2.csv", mca.eta2_)):
        assert ref.max_abs(ours_table, ref.dims(ref.read(dataset, folder, name))) < ATOL
    assert ref.max_abs(mca.category_vtest_.to_numpy() * sign,
                       ref.dims(ref.read(dataset, folder, "var_vtest.csv"))) < ATOL


@pytest.mark.parametrize(("dataset", "run"), RUNS)
def test_plain_strings_give_the_same_analysis(fitted, dataset, run):
    """Read as plain strings (no level order given), the numbers are the same; with missing
    values FactoMineR re-sorts every level, and so do we: same order too."""
    raw = fit(dataset, run, raw=True)
    mca = fitted[dataset, run]
    assert ref.max_rel(raw.eigenvalues_, mca.eigenvalues_) < 1e-12
    ours = raw.category_coordinates_.loc[mca.category_coordinates_.index].to_numpy()
    theirs = mca.category_coordinates_.to_numpy()
    assert ref.max_abs(ours * ref.signs(ours, theirs), theirs) < 1e-10
    if dataset in ("tea_na", "codes01"):
        assert list(raw.category_coordinates_.index) == list(mca.category_coordinates_.index)
        assert list(raw.supplementary_coordinates_.index) == list(
            mca.supplementary_coordinates_.index)


def test_signs_follow_factominer_rule(fitted):
    """Each axis's sign makes the sum of the unit column singular vector non-negative: the
    signs then agree with FactoMineR's without any flip."""
    for dataset, run in ref.MCA_RUNS:
        mca = fitted[dataset, run]
        coord = ref.dims(ref.read(dataset, run, "var_coord.csv"))
        assert (ref.signs(mca.category_coordinates_.to_numpy(), coord) == 1).all(), dataset


def test_missing_values_follow_factominer(fitted):
    """tea_na: "<variable>.NA" categories sorted among the levels; missing ages replaced by
    the mean. codes01: shared 0/1 labels renamed "<variable>_<level>", the .NA category
    after them."""
    tea = fitted["tea_na", "mca"]
    assert list(tea.categories_.loc[tea.categories_["variable"] == "Tea"].index) == [
        "black", "Earl Grey", "green", "Tea.NA"]
    assert pd.isna(tea.categories_.loc["Tea.NA", "answer"])
    assert tea.data_["age"].isna().sum() == 0
    codes = fitted["codes01", "mca"]
    assert list(codes.categories_.loc[codes.categories_["variable"] == "showcase"].index) == [
        "showcase_0", "showcase_1", "showcase.NA"]
    assert list(codes.categories_.loc["showcase_0":"showcase_1", "answer"]) == ["0", "1"]


def test_transform_places_individuals_where_fit_did(fitted):
    mca = fitted["tea_na", "mca"]
    frame = ref.raw_dataset("tea_na")
    again = mca.transform(frame.iloc[:40])
    assert ref.max_abs(again, mca.row_coordinates_.iloc[:40]) < 1e-12


def test_transform_refuses_an_unknown_answer(fitted):
    mca = fitted["tea", "mca_doc"]
    frame = ref.raw_dataset("tea").iloc[:3].copy()
    frame.loc[frame.index[0], "Tea"] = "rooibos"
    with pytest.raises(ValueError, match="rooibos"):
        mca.transform(frame)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"supplementary": ["nope"]}, "unknown column"),
    ({"supplementary": ["A"], "quantitative_supplementary": ["A"]}, "named both"),
    ({"supplementary": ["A", "B"]}, "no active variable"),
    ({"quantitative_supplementary": ["A"]}, "not numeric"),
])
def test_fit_validates(kwargs, message):
    frame = pd.DataFrame({"A": ["x", "y", "x"], "B": ["u", "u", "v"]})
    with pytest.raises(ValueError, match=message):
        MCA().fit(frame, **kwargs)


def test_fit_refuses_bad_parameters():
    frame = pd.DataFrame({"A": ["x", "y", "x"], "B": ["u", "u", "v"]})
    with pytest.raises(ValueError, match="n_components"):
        MCA(n_components=0).fit(frame)
    with pytest.raises(ValueError, match="DataFrame"):
        MCA().fit(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="single category"):
        MCA().fit(pd.DataFrame({"A": ["x", "x", "x"]}))
