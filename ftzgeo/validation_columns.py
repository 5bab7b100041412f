"""Column and row checks shared by layers and tables: types, domains, ids, sources.

:mod:`ftzgeo.validation` adds the geometry, CRS and extent checks of a layer; a table with no
geometry (the indicators) is checked here alone (:func:`check_table`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from .checks import show_value
from .errors import Problem
from .schema import Column, LayerSchema

__all__ = [
    "MAX_ROWS_PER_CHECK",
    "check_attributes",
    "check_column",
    "check_ids",
    "check_sources",
    "check_table",
    "is_missing",
    "list_items",
    "row_problems",
]

#: Per check, rows listed one by one before the rest are summarised in one problem.
MAX_ROWS_PER_CHECK = 20


def _where(gdf: pd.DataFrame, pos: int, id_column: str) -> str:
    label = gdf.index[pos]
    if id_column in gdf.columns:
        ident = gdf[id_column].iloc[pos]
        if isinstance(ident, str) and ident:
            return f"row {label!r} (id={ident!r})"
    return f"row {label!r}"


def row_problems(
    gdf: pd.DataFrame,
    mask: np.ndarray,
    id_column: str,
    what: Callable[[int], str],
    fix: str,
) -> list[Problem]:
    """One problem per flagged row (the first :data:`MAX_ROWS_PER_CHECK`), then a summary."""
    positions = np.flatnonzero(mask)
    out = [
        Problem(_where(gdf, int(p), id_column), what(int(p)), fix)
        for p in positions[:MAX_ROWS_PER_CHECK]
    ]
    if len(positions) > MAX_ROWS_PER_CHECK:
        rest = len(positions) - MAX_ROWS_PER_CHECK
        out.append(
            Problem(f"{rest} more rows", f"same problem as above ({what(int(positions[-1]))})", fix)
        )
    return out


def is_missing(values: pd.Series) -> np.ndarray:
    """Whether each value is missing (None, NaN, NA or an empty string)."""
    miss = values.isna().to_numpy(copy=True)
    if values.dtype == object:
        miss |= values.map(lambda v: isinstance(v, str) and v.strip() == "").to_numpy(dtype=bool)
    return miss


def list_items(value: object) -> list[str]:
    """The items of a ``;``-separated list value."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v) for v in value]
    return [str(value)]


def _type_ok(col: Column, value: object) -> bool:
    if col.kind in ("str", "list"):
        return isinstance(value, str) or (col.kind == "list" and isinstance(value, (list, tuple)))
    if col.kind == "bool":
        return isinstance(value, (bool, np.bool_))
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        return False
    if col.kind in ("int", "year"):
        return bool(np.isfinite(value)) and float(value) == int(value)
    return True


def _value_problem(col: Column, value: object) -> str | None:
    """Return what is wrong with one non-missing value, or None."""
    if not _type_ok(col, value):
        return f"{col.name}={show_value(value)} is not of type {col.kind}"
    if col.kind in ("float", "int", "year"):
        v = float(value)  # type: ignore[arg-type]
        if not np.isfinite(v):
            return f"{col.name} is {v} (NaN or infinite)"
        if col.minimum is not None and v < col.minimum:
            return f"{col.name}={show_value(value)} is below {col.minimum:g}"
        if col.maximum is not None and v > col.maximum:
            return f"{col.name}={show_value(value)} is above {col.maximum:g}"
    items = list_items(value) if col.kind == "list" else [value]
    if col.kind == "list" and not items:
        return f"{col.name} is an empty list"
    for item in items:
        if col.domain is not None and item not in col.domain:
            allowed = ", ".join(map(repr, col.domain))
            return f"{col.name}={show_value(item)} is not one of {allowed}"
        if col.pattern is not None and isinstance(item, str) and not re.match(col.pattern, item):
            return f"{col.name}={show_value(item)} does not match {col.pattern}"
    return None


def check_column(gdf: pd.DataFrame, col: Column, id_column: str) -> list[Problem]:
    """Problems of one column: missing values, types, ranges, domains and patterns."""
    values = gdf[col.name]
    missing = is_missing(values)
    problems: list[Problem] = []
    if not col.nullable and missing.any():
        problems += row_problems(
            gdf,
            missing,
            id_column,
            lambda p: f"{col.name} is missing",
            f"give every row a {col.name}",
        )
    present = ~missing
    # Infinite numbers are not "missing" to pandas: check them with the values.
    messages: list[str | None] = [None] * len(values)
    objects = values.to_numpy(dtype=object)  # one conversion, not a lookup per value
    for pos in np.flatnonzero(present).tolist():
        messages[pos] = _value_problem(col, objects[pos])
    bad = np.array([m is not None for m in messages], dtype=bool)
    if bad.any():
        hint = col.description or col.kind
        if col.domain is not None:
            hint = f"use one of {', '.join(map(repr, col.domain))}"
        problems += row_problems(
            gdf, bad, id_column, lambda p: str(messages[p]), f"fix {col.name}: {hint}"
        )
    return problems


def check_attributes(
    frame: pd.DataFrame, schema: LayerSchema, known_sources: Iterable[str] | None
) -> list[Problem]:
    """Problems of the columns, values, ids and source keys (a layer's or a table's)."""
    problems = [
        Problem(
            f"column {name!r}",
            "required column is missing",
            f"add it ({schema.column(name).description or schema.column(name).kind})",
        )
        for name in schema.required_columns
        if name not in frame.columns
    ]
    for col in schema.columns:
        if col.name in frame.columns:
            problems += check_column(frame, col, schema.id_column)
    problems += check_ids(frame, schema)
    if known_sources is not None and "source" in frame.columns:
        problems += check_sources(frame, schema, set(known_sources))
    return problems


def check_table(
    frame: object, schema: LayerSchema, known_sources: Iterable[str] | None
) -> list[Problem]:
    """Problems of a table with no geometry: its columns, values, ids and sources."""
    if not isinstance(frame, pd.DataFrame):
        return [
            Problem(
                "input",
                f"expected a pandas DataFrame, got {type(frame).__name__}",
                f"read the table with pandas.read_csv (columns: {', '.join(schema.column_names)})",
            )
        ]
    problems = check_attributes(frame, schema, known_sources)
    return problems


def check_ids(gdf: pd.DataFrame, schema: LayerSchema) -> list[Problem]:
    """Problems with the id column: ids that are not unique."""
    idc = schema.id_column
    if idc not in gdf.columns:
        return []
    ids = gdf[idc]
    dup = ids.duplicated(keep=False).to_numpy() & ~is_missing(ids)
    return row_problems(
        gdf,
        dup,
        idc,
        lambda p: f"id {ids.iloc[p]!r} is not unique",
        "give every feature its own id",
    )


def check_sources(gdf: pd.DataFrame, schema: LayerSchema, known: set[str]) -> list[Problem]:
    """Rows citing source keys that are not in the sources table."""
    unknown = np.array(
        [
            any(k not in known for k in list_items(v)) if isinstance(v, str) else False
            for v in gdf["source"]
        ],
        dtype=bool,
    )

    def what(p: int) -> str:
        keys = [k for k in list_items(gdf["source"].iloc[p]) if k not in known]
        return f"source key(s) {', '.join(map(repr, keys))} not in the sources table"

    return row_problems(
        gdf, unknown, schema.id_column, what, "add the source to geodata/sources.json"
    )
