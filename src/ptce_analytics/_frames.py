"""Input handling shared by the analytics modules: column checks, dates, plain scalars."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

DateLike = dt.date | str | pd.Timestamp | np.datetime64


def require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s): {', '.join(missing)}")


def to_dates(values: pd.Series) -> pd.Series:
    # One representation for date objects, strings and datetime64, compared at day resolution.
    return pd.to_datetime(values).dt.normalize()


def to_day(value: DateLike) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def plain(value: Any) -> Any:
    """A plain Python value for JSON and grouping: numpy scalars unwrapped, NaN → None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    # Nullable integer ids travel as floats once a NaN sits in their column.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
