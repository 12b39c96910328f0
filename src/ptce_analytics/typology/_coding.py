"""Turning a data frame into the categories an MCA works on, as FactoMineR's `MCA()` does.

FactoMineR 2.7 (default ``na.method="NA"``) prepares its input this way, checked here by
running it on small tables:

* a categorical variable's levels are its distinct values, unused levels dropped. A pandas
  ``Categorical`` keeps its category order (an R factor keeps its level order), other columns
  are sorted, as R's ``factor()`` sorts them;
* a missing value in a categorical variable (active or supplementary) becomes the category
  ``"<variable>.NA"``, and then *every* categorical variable has its levels re-sorted, the
  ``.NA`` category among them;
* when a level label occurs in more than one categorical variable (active or supplementary),
  every variable sharing a label has all its levels renamed ``"<variable>_<level>"``; its
  ``.NA`` category, if any, keeps its name and comes last;
* a missing value in a numeric supplementary variable is replaced by the variable's mean.

R sorts in the session's collation (ICU or the C library's: case-insensitive first,
punctuation before digits before letters); :func:`collation_key` approximates it. The order
only changes how results are listed, never a number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

NA_SUFFIX = ".NA"


@dataclass(frozen=True)
class Coded:
    """Categorical variables as integer codes: ``codes[i, q]`` indexes ``levels[q]``."""

    variables: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    codes: np.ndarray  # (n, Q) intp, no missing value left
    # The answer each category stands for, as written in the data (None: a missing answer).
    answers: tuple[tuple[str | None, ...], ...]

    @property
    def offsets(self) -> np.ndarray:
        """Index of each variable's first category in the concatenated category list."""
        return np.concatenate([[0], np.cumsum([len(lv) for lv in self.levels])[:-1]]).astype(
            np.intp
        )

    @property
    def categories(self) -> list[tuple[str, str]]:
        """(variable, category label) of every category, variable by variable."""
        return [(var, label) for var, lv in zip(self.variables, self.levels, strict=True)
                for label in lv]

    def frame(self, index: pd.Index) -> pd.DataFrame:
        """The variables as pandas Categoricals with the final labels."""
        return pd.DataFrame(
            {
                var: pd.Categorical.from_codes(self.codes[:, q], categories=list(lv))
                for q, (var, lv) in enumerate(zip(self.variables, self.levels, strict=True))
            },
            index=index,
        )


def label_of(value: object) -> str:
    """The label of one answer: whole floats lose their ``.0`` (1.0 and 1 are the same code)."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def collation_key(label: str) -> tuple[str, str]:
    """Sort key close to R's collation of labels: case-insensitive first, lower case first
    on a tie (``"black" < "Earl Grey" < "green"``; ``"+2/day" < "1 to 2/week" < "1/day"``)."""
    return label.casefold(), label.swapcase()


def _raw_levels(column: pd.Series) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(levels, codes with -1 for missing, missing mask) of one column, before renaming."""
    missing = column.isna().to_numpy()
    if isinstance(column.dtype, pd.CategoricalDtype):
        present = column.cat.remove_unused_categories()
        labels = [label_of(category) for category in present.cat.categories]
        codes = present.cat.codes.to_numpy().astype(np.intp)
        if len(set(labels)) != len(labels):
            raise ValueError(f"variable {column.name!r}: two categories print the same label")
        return labels, codes, missing
    # Label each distinct value once (1 and 1.0 may share a label), then map the codes.
    first_codes, uniques = pd.factorize(column, use_na_sentinel=True)
    unique_labels = [label_of(value) for value in uniques]
    labels = sorted(set(unique_labels), key=collation_key)
    position = {label: code for code, label in enumerate(labels)}
    remap = np.array([position[label] for label in unique_labels] + [-1], dtype=np.intp)
    codes = remap[np.asarray(first_codes, dtype=np.intp)]  # -1 (missing) reads remap[-1]
    return labels, codes, missing


def _reorder(labels: list[str], codes: np.ndarray, order: list[str]) -> np.ndarray:
    position = {label: code for code, label in enumerate(order)}
    remap = np.array([position[label] for label in labels] + [-1], dtype=np.intp)
    return remap[codes]


def code_categorical(frame: pd.DataFrame, variables: Sequence[str]) -> Coded:
    """Code `variables` of `frame` with FactoMineR's labels (see the module docstring)."""
    raw = {var: _raw_levels(frame[var]) for var in variables}
    any_missing = any(missing.any() for _labels, _codes, missing in raw.values())
    # A label shared by two variables renames every level of both.
    seen = Counter(label for labels, _codes, _missing in raw.values() for label in set(labels))
    levels: list[tuple[str, ...]] = []
    answers: list[tuple[str | None, ...]] = []
    columns: list[np.ndarray] = []
    for var in variables:
        labels, codes, missing = raw[var]
        if any_missing:  # FactoMineR re-sorts every variable once a value is missing
            order = sorted(labels, key=collation_key)
            codes, labels = _reorder(labels, codes, order), order
        given: list[str | None] = list(labels)
        renamed = any(seen[label] > 1 for label in labels)
        if renamed:
            labels = [f"{var}_{label}" for label in labels]
        if missing.any():
            na_label = f"{var}{NA_SUFFIX}"
            order = [*labels, na_label] if renamed else sorted([*labels, na_label],
                                                               key=collation_key)
            answer_of = dict(zip([*labels, na_label], [*given, None], strict=True))
            codes = np.where(missing, order.index(na_label),
                             _reorder(labels, np.maximum(codes, 0), order))
            labels, given = order, [answer_of[label] for label in order]
        levels.append(tuple(labels))
        answers.append(tuple(given))
        columns.append(codes)
    counts = Counter(label for lv in levels for label in lv)
    duplicated = sorted(label for label, count in counts.items() if count > 1)
    if duplicated:
        raise ValueError(
            f"category label(s) {', '.join(map(repr, duplicated))} name two categories even "
            "after FactoMineR's renaming: rename the variables or their levels"
        )
    codes = np.column_stack(columns) if columns else np.empty((len(frame), 0), dtype=np.intp)
    return Coded(tuple(variables), tuple(levels), codes, tuple(answers))


def numeric_columns(frame: pd.DataFrame, variables: Sequence[str]) -> pd.DataFrame:
    """Numeric supplementary variables as floats, a missing value replaced by the mean."""
    out = {}
    for var in variables:
        try:
            values = pd.to_numeric(frame[var], errors="raise").astype(float)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"quantitative supplementary variable {var!r} is not numeric: {error}"
            ) from None
        if values.isna().all():
            raise ValueError(f"quantitative supplementary variable {var!r} has no value")
        out[var] = values.fillna(values.mean())
    return pd.DataFrame(out, index=frame.index)
