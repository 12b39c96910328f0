"""HCPC and its cluster descriptions against FactoMineR 2.7.

Partitions must be identical (adjusted Rand index 1.0, and the same numbers 1..k), for the
automatic number of clusters and for fixed ones, after consolidation and before it (the tree's
cut). `synth300`'s tree holds an exact tie decided by the coordinates' last bits (README of the
reference folder): there, HCPC is run on FactoMineR's own coordinates, and the tie is checked.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import typology_reference as ref

from ptce_analytics.typology import HCPC, MCA

ATOL = 1e-8


def fit_mca(dataset: str, run: str) -> MCA:
    info = ref.meta(dataset, run)
    return MCA().fit(ref.dataset(dataset)[ref.columns_of(dataset, run)],
                     supplementary=info["quali_sup"],
                     quantitative_supplementary=info["quanti_sup"])


def factominer_coordinates(mca: MCA, dataset: str, run: str) -> MCA:
    """The MCA with its individuals moved to FactoMineR's coordinates (last bits apart)."""
    coord = ref.dims(ref.read(dataset, run, "ind_coord.csv"))
    assert ref.max_abs(mca.row_coordinates_, coord) < ATOL
    mca.row_coordinates_ = pd.DataFrame(coord, index=mca.row_coordinates_.index,
                                        columns=mca.row_coordinates_.columns)
    return mca


@pytest.fixture(scope="module")
def results():
    out = {}
    for dataset, run in ref.MCA_RUNS:
        mca = fit_mca(dataset, run)
        if dataset in ref.TIED:
            mca = factominer_coordinates(mca, dataset, run)
        for tag, k in ref.HCPC_TAGS[dataset].items():
            out[dataset, run, tag] = HCPC(n_clusters=k).fit(mca)
    return out


RUNS = [pytest.param(dataset, run, tag, id=f"{dataset}/{run}/{tag}")
        for dataset, run, tag, _k in ref.HCPC_RUNS]


@pytest.mark.parametrize(("dataset", "run", "tag"), RUNS)
def test_partition_is_factominers(results, dataset, run, tag):
    hcpc = results[dataset, run, tag]
    clusters = ref.read(dataset, run, f"{tag}/clusters.csv")
    info = ref.hcpc_info(dataset, run, tag)
    assert hcpc.n_clusters_ == info["nb_clust_chosen"]
    assert hcpc.suggested_n_clusters_ == info["nb_clust_suggested_by_rule"]
    assert (hcpc.min_, hcpc.max_) == (info["min"], info["max"])
    assert ref.adjusted_rand(hcpc.labels_, clusters["cluster"]) == 1.0
    assert (hcpc.labels_ == clusters["cluster"].to_numpy()).all()  # same numbering too
    assert (hcpc.tree_labels_ == clusters["cluster_tree_cut_no_consolidation"].to_numpy()).all()
    sizes = np.bincount(hcpc.labels_)[1:]
    assert sizes.tolist() == [info["cluster_sizes"][str(k)] for k in range(1, len(sizes) + 1)]
    assert hcpc.kmeans_.converged


@pytest.mark.parametrize(("dataset", "run", "tag"), RUNS)
def test_inertia_criteria(results, dataset, run, tag):
    hcpc = results[dataset, run, tag]
    info = ref.hcpc_info(dataset, run, tag)
    top = len(info["inert_gain_top30"])
    # hcpc_info.json holds 15 significant digits.
    assert ref.max_abs(hcpc.inertia_gains_[:top], info["inert_gain_top30"]) < 1e-12
    assert ref.max_abs(hcpc.within_inertia_[:top], info["within_inertia_1_to_30"]) < 1e-12
    assert list(hcpc.ratios_.index) == info["quot_k"]
    assert ref.max_abs(hcpc.ratios_, info["quot_min_to_max"]) < 1e-12
    assert hcpc.total_inertia_ == pytest.approx(info["total_inertia_of_clustered_coords"],
                                                abs=1e-12)
    assert hcpc.between_inertia_tree_ == pytest.approx(info["bw_before_consol"], abs=1e-12)
    assert hcpc.between_inertia_ == pytest.approx(info["bw_after_consol"], abs=1e-12)


@pytest.mark.parametrize(("dataset", "run", "tag"), RUNS)
def test_description_by_categories(results, dataset, run, tag):
    ours = results[dataset, run, tag].description_.categories
    theirs = ref.read(dataset, run, f"{tag}/desc_var_category.csv")
    # Same rows (p ≤ 0.05), same order (decreasing v.test within each cluster).
    assert ours["cluster"].tolist() == theirs["cluster"].tolist()
    assert ours["category"].tolist() == theirs["category"].tolist()
    for column, reference in (("cla_mod", "Cla_Mod"), ("mod_cla", "Mod_Cla"),
                              ("global", "Global"), ("p_value", "p_value"),
                              ("v_test", "v_test")):
        assert ref.max_abs(ours[column], theirs[reference]) < ATOL, column
    assert ref.max_rel(ours["p_value"], theirs["p_value"]) < 1e-9


@pytest.mark.parametrize(("dataset", "run", "tag"), RUNS)
def test_description_by_variables(results, dataset, run, tag):
    description = results[dataset, run, tag].description_
    chi2 = ref.read(dataset, run, f"{tag}/desc_var_test_chi2.csv")
    assert description.chi2["variable"].tolist() == chi2["variable"].tolist()
    assert description.chi2["df"].tolist() == chi2["df"].tolist()
    assert ref.max_rel(description.chi2["p_value"], chi2["p_value"]) < 1e-9
    ours = description.quantitative
    if not ref.exists(dataset, run, f"{tag}/desc_var_quanti.csv"):
        assert ours.empty
        return
    theirs = ref.read(dataset, run, f"{tag}/desc_var_quanti.csv")
    assert ours["cluster"].tolist() == theirs["cluster"].tolist()
    assert ours["variable"].tolist() == theirs["variable"].tolist()
    _compare_quantitative(ours, theirs)


@pytest.mark.parametrize(("dataset", "run", "tag"), RUNS)
def test_description_by_axes(results, dataset, run, tag):
    ours = results[dataset, run, tag].axes_description_.quantitative
    theirs = ref.read(dataset, run, f"{tag}/desc_axes_quanti.csv")
    assert ours["cluster"].tolist() == theirs["cluster"].tolist()
    assert ours["variable"].str.replace(" ", ".").tolist() == theirs["axis"].tolist()
    _compare_quantitative(ours, theirs)


def _compare_quantitative(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    for column, reference in (("v_test", "v.test"), ("mean_in_category", "Mean in category"),
                              ("overall_mean", "Overall mean"),
                              ("sd_in_category", "sd in category"),
                              ("overall_sd", "Overall sd"), ("p_value", "p.value")):
        assert ref.max_abs(ours[column], theirs[reference]) < ATOL, column


@pytest.mark.parametrize("tag", ["hcpc_auto", "hcpc_k3", "hcpc_k4"])
def test_own_coordinates_give_factominers_partition(tag):
    """Without the coordinates' help: our own MCA's coordinates, end to end."""
    for dataset, run in (("tea", "mca_doc"), ("synth2000", "mca_default")):
        hcpc = HCPC(n_clusters=ref.HCPC_TAGS[dataset][tag]).fit(fit_mca(dataset, run))
        clusters = ref.read(dataset, run, f"{tag}/clusters.csv")
        assert (hcpc.labels_ == clusters["cluster"].to_numpy()).all(), dataset


def test_synth300_tie_is_exact():
    """Individuals 42 and 48 (1-based) are equidistant from the centre of 50 + 251: the four
    answer profiles differ only in V6 and V8 and form a parallelogram. Which one Ward's tree
    joins to the pair depends on rounding, in FactoMineR too; from our coordinates it picks
    the other one, a tree as valid as FactoMineR's (the gains match up to that merge)."""
    frame = ref.dataset("synth300")
    profiles = frame.iloc[[41, 47, 49, 250]]
    assert (profiles.drop(columns=["V6", "V8"]).nunique() == 1).all()
    mca = MCA().fit(frame)
    F = mca.row_coordinates_.to_numpy()
    centre = (F[49] + F[250]) / 2
    d41, d47 = ((F[41] - centre) ** 2).sum(), ((F[47] - centre) ** 2).sum()
    assert d41 == pytest.approx(d47, rel=1e-12)
    # The ordinary run still gives FactoMineR's number of clusters and a converged k-means.
    hcpc = HCPC().fit(mca)
    assert hcpc.n_clusters_ == ref.hcpc_info("synth300", "mca_default", "hcpc_auto")[
        "nb_clust_chosen"]
    assert hcpc.kmeans_.converged


def test_fixed_k_still_evaluates_the_rule():
    mca = fit_mca("tea", "mca_doc")
    hcpc = HCPC(n_clusters=4, describe=False).fit(mca)
    assert hcpc.n_clusters_ == 4
    assert hcpc.suggested_n_clusters_ == 3
    assert hcpc.description_ is None


def test_without_consolidation_labels_are_the_cut():
    mca = fit_mca("tea", "mca_doc")
    hcpc = HCPC(n_clusters=4, consolidate=False).fit(mca)
    clusters = ref.read("tea", "mca_doc", "hcpc_k4/clusters.csv")
    assert hcpc.kmeans_ is None
    assert (hcpc.labels_ == clusters["cluster_tree_cut_no_consolidation"].to_numpy()).all()


def test_hcpc_on_plain_coordinates():
    coord = ref.dims(ref.read("synth2000", "mca_default", "ind_coord.csv"))
    clusters = ref.read("synth2000", "mca_default", "hcpc_auto/clusters.csv")
    hcpc = HCPC().fit(coord)
    assert (hcpc.labels_ == clusters["cluster"].to_numpy()).all()
    assert hcpc.description_ is None
    assert hcpc.cluster_centers_.shape == (3, 5)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_clusters": "many"}, "auto"),
    ({"n_clusters": 1}, "between 2"),
    ({"n_clusters": 2.5}, "integer"),
])
def test_hcpc_validates(kwargs, message):
    coord = np.random.default_rng(0).normal(size=(30, 3))
    with pytest.raises(ValueError, match=message):
        HCPC(**kwargs).fit(coord)


def test_too_few_individuals_for_the_rule():
    coord = np.random.default_rng(0).normal(size=(4, 2))
    with pytest.raises(ValueError, match="no number of clusters"):
        HCPC().fit(coord)  # max = min(10, round(4/2)) = 2 < min = 3
    assert HCPC(n_clusters=2).fit(coord).suggested_n_clusters_ is None
