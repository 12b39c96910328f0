"""Reading the FactoMineR reference outputs of tests/typology/reference (see its README)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

REFERENCE = Path(__file__).resolve().parent / "reference"

# (dataset, MCA run folder): every MCA run the tests compare.
MCA_RUNS = [
    ("tea", "mca_doc"),
    ("tea", "mca_active"),
    ("synth300", "mca_default"),
    ("synth2000", "mca_default"),
    ("tea_na", "mca"),
    ("codes01", "mca"),
]
# HCPC runs of each MCA run.
HCPC_TAGS = {
    "tea": {"hcpc_auto": "auto", "hcpc_k3": 3, "hcpc_k4": 4},
    "synth300": {"hcpc_auto": "auto", "hcpc_k3": 3, "hcpc_k4": 4},
    "synth2000": {"hcpc_auto": "auto", "hcpc_k3": 3, "hcpc_k4": 4},
    "tea_na": {"hcpc_auto": "auto", "hcpc_k3": 3},
    "codes01": {"hcpc_auto": "auto", "hcpc_k3": 3},
}
HCPC_RUNS = [(dataset, run, tag, k) for dataset, run in MCA_RUNS
             for tag, k in HCPC_TAGS[dataset].items()]
# synth300's tree holds an exact tie broken by the coordinates' last bits (README).
TIED = {"synth300"}


def csv_path(dataset: str) -> Path:
    return REFERENCE / dataset / "data" / f"{dataset}.csv"


@cache
def schema(dataset: str) -> dict:
    return json.loads((REFERENCE / dataset / "data" / f"{dataset}.schema.json").read_text())


def raw_dataset(dataset: str) -> pd.DataFrame:
    """The CSV as strings (missing: empty field), numeric columns as numbers."""
    frame = pd.read_csv(csv_path(dataset), dtype=str, keep_default_na=False, na_values=[""])
    for column in schema(dataset)["columns"]:
        if column["type"] == "numeric":
            frame[column["name"]] = pd.to_numeric(frame[column["name"]])
    return frame


def dataset(dataset: str) -> pd.DataFrame:
    """The input as R read it: categorical columns as Categoricals with R's level order."""
    frame = raw_dataset(dataset)
    for column in schema(dataset)["columns"]:
        if column["type"] == "categorical":
            frame[column["name"]] = pd.Categorical(frame[column["name"]],
                                                   categories=column["levels"])
    return frame


@cache
def meta(dataset: str, run: str) -> dict:
    return json.loads((REFERENCE / dataset / run / "mca_meta.json").read_text())


def columns_of(dataset: str, run: str) -> list[str]:
    info = meta(dataset, run)
    used = {*info["active_variables"], *info["quali_sup"], *info["quanti_sup"]}
    return [column["name"] for column in schema(dataset)["columns"] if column["name"] in used]


def read(dataset: str, run: str, name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / dataset / run / name)


def exists(dataset: str, run: str, name: str) -> bool:
    return (REFERENCE / dataset / run / name).exists()


def hcpc_info(dataset: str, run: str, tag: str) -> dict:
    return json.loads((REFERENCE / dataset / run / tag / "hcpc_info.json").read_text())


def dims(frame: pd.DataFrame) -> np.ndarray:
    return frame[[c for c in frame.columns if c.startswith("Dim")]].to_numpy()


def signs(ours: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """The sign that aligns each of our axes with FactoMineR's (axes are defined up to sign)."""
    return np.where((ours * theirs).sum(axis=0) < 0, -1.0, 1.0)


def max_abs(a, b) -> float:
    return float(np.max(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))))


def max_rel(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a / b - 1)))


def adjusted_rand(a, b) -> float:
    """Adjusted Rand index from the contingency table, written here (not the library's)."""
    from scipy.special import comb

    _ua, ia = np.unique(np.asarray(a), return_inverse=True)
    _ub, ib = np.unique(np.asarray(b), return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1))
    np.add.at(table, (ia.ravel(), ib.ravel()), 1)
    index = comb(table, 2).sum()
    rows, cols = comb(table.sum(axis=1), 2).sum(), comb(table.sum(axis=0), 2).sum()
    expected = rows * cols / comb(len(np.asarray(a)), 2)
    maximum = (rows + cols) / 2
    return 1.0 if maximum == expected else float((index - expected) / (maximum - expected))
