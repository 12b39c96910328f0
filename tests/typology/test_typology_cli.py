"""`ptce typology`: on each reference CSV input, the same numbers as FactoMineR."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
import typology_reference as ref
from django.core.management import call_command
from django.core.management.base import CommandError

ATOL = 1e-8

TEA_SUPPLEMENTARY = ref.meta("tea", "mca_doc")["quali_sup"]
TEA_ACTIVE = ref.meta("tea", "mca_doc")["active_variables"]

# (dataset, MCA run, command-line options)
CASES = {
    "tea/mca_doc": ("tea", "mca_doc", ["--supplementary", ",".join(TEA_SUPPLEMENTARY),
                                       "--quantitative-supplementary", "age"]),
    "tea/mca_active": ("tea", "mca_active", ["--active", ",".join(TEA_ACTIVE)]),
    "synth300": ("synth300", "mca_default", []),
    "synth2000": ("synth2000", "mca_default", []),
    "tea_na": ("tea_na", "mca", ["--supplementary", "sex,SPC",
                                 "--quantitative-supplementary", "age"]),
    # 0/1 codes: categorical because they are named.
    "codes01": ("codes01", "mca", ["--active", "employer_group,showcase,laureate,rural,leader",
                                   "--supplementary", "territory"]),
}


def run(path: Path | str, *options: str) -> dict:
    out = io.StringIO()
    call_command("typology", str(path), *options, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def documents():
    return {name: run(ref.csv_path(dataset), *options)
            for name, (dataset, _run, options) in CASES.items()}


def _sign(document: dict, dataset: str, run_dir: str) -> np.ndarray:
    coord = ref.read(dataset, run_dir, "var_coord.csv")
    ours = {c["name"]: c["coord"] for c in document["categories"]}
    return ref.signs(np.array([ours[name] for name in coord["category"]]), ref.dims(coord))


@pytest.mark.parametrize("name", list(CASES))
def test_eigenvalues(documents, name):
    dataset, run_dir, _options = CASES[name]
    eig = ref.read(dataset, run_dir, "eig.csv")
    values = [e["value"] for e in documents[name]["eigenvalues"]]
    assert ref.max_rel(values, eig["eigenvalue"]) < 1e-9
    assert ref.max_abs([e["percent"] for e in documents[name]["eigenvalues"]],
                       eig["percentage_of_variance"]) < ATOL


@pytest.mark.parametrize("name", list(CASES))
def test_individuals(documents, name):
    dataset, run_dir, _options = CASES[name]
    document = documents[name]
    individuals = document["individuals"]
    assert [i["id"] for i in individuals] == [str(k) for k in range(1, len(individuals) + 1)]
    coord_dir = run_dir if ref.exists(dataset, run_dir, "ind_coord.csv") else "mca_doc"
    coord = ref.dims(ref.read(dataset, coord_dir, "ind_coord.csv"))
    ours = np.array([i["coord"] for i in individuals])
    assert ref.max_abs(ours * _sign(document, dataset, run_dir), coord) < ATOL
    clusters = ref.read(dataset, run_dir, "hcpc_auto/clusters.csv")["cluster"].to_numpy()
    labels = np.array([i["cluster"] for i in individuals])
    if dataset in ref.TIED:  # an exact tie in Ward's tree (see the reference README)
        assert labels.max() == clusters.max()
    else:
        assert ref.adjusted_rand(labels, clusters) == 1.0
        assert (labels == clusters).all()


@pytest.mark.parametrize("name", list(CASES))
def test_categories(documents, name):
    dataset, run_dir, _options = CASES[name]
    document = documents[name]
    sign = _sign(document, dataset, run_dir)
    active = [c for c in document["categories"] if not c["supplementary"]]
    supplementary = [c for c in document["categories"] if c["supplementary"]]
    for rows, prefix in ((active, "var"), (supplementary, "quali_sup")):
        if not rows:
            assert not ref.exists(dataset, run_dir, f"{prefix}_coord.csv")
            continue
        coord = ref.read(dataset, run_dir, f"{prefix}_coord.csv")
        if dataset in ("tea_na", "codes01"):
            # With a missing value, FactoMineR sorts every variable's levels: same order.
            assert [c["name"] for c in rows] == coord["category"].tolist()
        # Otherwise R keeps the factor's level order, which a CSV does not carry.
        by_name = {c["name"]: c for c in rows}
        assert sorted(by_name) == sorted(coord["category"])
        rows = [by_name[name] for name in coord["category"]]
        assert [c["variable"] for c in rows] == coord["variable"].tolist()
        assert ref.max_abs(np.array([c["coord"] for c in rows]) * sign, ref.dims(coord)) < ATOL
        assert ref.max_abs([c["cos2"] for c in rows],
                           ref.dims(ref.read(dataset, run_dir, f"{prefix}_cos2.csv"))) < ATOL
        assert ref.max_abs(np.array([c["vtest"] for c in rows]) * sign,
                           ref.dims(ref.read(dataset, run_dir, f"{prefix}_vtest.csv"))) < ATOL
    contrib = ref.read(dataset, run_dir, "var_contrib.csv")
    by_name = {c["name"]: c for c in active}
    assert ref.max_abs([by_name[name]["contrib"] for name in contrib["category"]],
                       ref.dims(contrib)) < ATOL
    assert all(c["contrib"] is None for c in supplementary)
    if ref.exists(dataset, run_dir, "quanti_sup_coord.csv"):
        quanti = ref.read(dataset, run_dir, "quanti_sup_coord.csv")
        assert [q["name"] for q in document["quantitative"]] == quanti["variable"].tolist()
        assert ref.max_abs(np.array([q["coord"] for q in document["quantitative"]]) * sign,
                           ref.dims(quanti)) < ATOL


@pytest.mark.parametrize("name", [name for name, case in CASES.items()
                                  if case[0] not in ref.TIED])
def test_clusters_and_their_description(documents, name):
    dataset, run_dir, _options = CASES[name]
    _check_clusters(documents[name], dataset, run_dir, "hcpc_auto")


def test_fixed_number_of_clusters():
    dataset, run_dir, options = CASES["tea/mca_doc"]
    document = run(ref.csv_path(dataset), *options, "--clusters", "4")
    _check_clusters(document, dataset, run_dir, "hcpc_k4")
    assert document["clustering"]["suggested_n_clusters"] == 3


def _check_clusters(document: dict, dataset: str, run_dir: str, tag: str) -> None:
    info = ref.hcpc_info(dataset, run_dir, tag)
    assert document["clustering"]["n_clusters"] == info["nb_clust_chosen"]
    assert [c["size"] for c in document["clusters"]] == [
        info["cluster_sizes"][str(k)] for k in range(1, info["nb_clust_chosen"] + 1)]
    assert ref.max_abs(document["clustering"]["inertia_gains"],
                       info["inert_gain_top30"]) < 1e-12
    rows = [(c["cluster"], d) for c in document["clusters"] for d in c["description"]]
    theirs = ref.read(dataset, run_dir, f"{tag}/desc_var_category.csv")
    assert [str(cluster) for cluster, _d in rows] == theirs["cluster"].astype(str).tolist()
    assert [d["category"] for _c, d in rows] == theirs["category"].tolist()
    for key, column in (("cla_mod", "Cla_Mod"), ("mod_cla", "Mod_Cla"), ("global", "Global"),
                        ("p_value", "p_value"), ("vtest", "v_test")):
        assert ref.max_abs([d[key] for _c, d in rows], theirs[column]) < ATOL, key
    axes = [(c["cluster"], a) for c in document["clusters"] for a in c["axes"]]
    theirs = ref.read(dataset, run_dir, f"{tag}/desc_axes_quanti.csv")
    assert [a["variable"].replace(" ", ".") for _c, a in axes] == theirs["axis"].tolist()
    assert ref.max_abs([a["vtest"] for _c, a in axes], theirs["v.test"]) < ATOL


def test_semicolons_bom_decimal_commas_and_ids(tmp_path, documents):
    """A French spreadsheet export: `;`, a BOM, decimal commas, an id column."""
    frame = ref.raw_dataset("tea_na")
    frame.insert(0, "pole", [f"pole-{k}" for k in range(len(frame))])
    frame["age"] = frame["age"].map(lambda v: "" if np.isnan(v) else f"{v:.1f}".replace(".",
                                                                                         ","))
    path = tmp_path / "tea.csv"
    path.write_text(frame.to_csv(sep=";", index=False), encoding="utf-8-sig")
    document = run(path, "--id", "pole", "--supplementary", "sex,SPC",
                   "--quantitative-supplementary", "age")
    reference = documents["tea_na"]
    assert [i["id"] for i in document["individuals"]] == frame["pole"].tolist()
    assert [i["cluster"] for i in document["individuals"]] == [
        i["cluster"] for i in reference["individuals"]]
    assert ref.max_abs([c["coord"] for c in document["categories"]],
                       [c["coord"] for c in reference["categories"]]) < 1e-12
    assert ref.max_abs(document["quantitative"][0]["coord"],
                       reference["quantitative"][0]["coord"]) < 1e-12


def test_numeric_columns_are_left_out_without_active(tmp_path):
    frame = ref.raw_dataset("tea")[[*TEA_ACTIVE, "age"]]
    path = tmp_path / "tea.csv"
    frame.to_csv(path, index=False)
    document = run(path)
    assert document["active"] == TEA_ACTIVE
    assert document["ignored_columns"] == ["age"]
    eig = ref.read("tea", "mca_active", "eig.csv")
    assert ref.max_rel([e["value"] for e in document["eigenvalues"]], eig["eigenvalue"]) < 1e-9


def test_text_report():
    out = io.StringIO()
    call_command("typology", str(ref.csv_path("synth2000")), stdout=out)
    text = out.getvalue()
    assert "2000 individus" in text
    assert "Classe 1 : 696 individus" in text


@pytest.mark.parametrize(("options", "message"), [
    (["--active", "nope"], "nope"),
    (["--clusters", "many"], "auto"),
    (["--clusters", "1"], "au moins 2"),
    (["--ncp", "0"], "--ncp"),
    (["--quantitative-supplementary", "V1"], "numérique"),
    (["--active", "V1", "--supplementary", "V1"], "deux fois"),
])
def test_usage_errors(options, message):
    with pytest.raises(CommandError, match=message) as raised:
        call_command("typology", str(ref.csv_path("synth300")), *options, stdout=io.StringIO())
    assert raised.value.returncode == 2


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="introuvable") as raised:
        call_command("typology", str(tmp_path / "none.csv"), stdout=io.StringIO())
    assert raised.value.returncode == 2
