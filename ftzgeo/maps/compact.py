"""The compact encoding: a layer as quantized, delta-coded columns with one shared style.

For large point, line and polygon layers; the page decodes it (``ftzgeo.js``) and draws on a
canvas. The format (``"f": "ftz1"``) is described in ``docs/architecture.md``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .jsontext import dumps

__all__ = ["encode_compact", "json_values", "jsonable", "names"]


def jsonable(value: object) -> object:
    """A value as JSON takes it: numpy scalars unwrapped, NaN, NA and NaT as None, dates as text.

    A date or time is written as the popups of a GeoJSON layer show it (``str``:
    ``2024-01-01 00:00:00`` for a pandas Timestamp).
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(pd.Timestamp(value))
    if isinstance(value, (datetime.date, datetime.time)):
        return str(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    return value


def json_values(values: pd.Series | np.ndarray) -> list[object]:
    """:func:`jsonable` of every value, vectorised for the common column types.

    numpy numbers and booleans convert in one call (non-finite floats become None), pandas text
    columns with their missing values as None; anything else value by value.
    """
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        array = np.asarray(values)
        out = array.tolist()
        if dtype.kind == "f":
            for i in np.flatnonzero(~np.isfinite(array)).tolist():
                out[i] = None
        return out
    if isinstance(values, pd.Series) and isinstance(dtype, pd.StringDtype):
        return values.to_numpy(dtype=object, na_value=None).tolist()
    out = np.asarray(values, dtype=object).tolist()
    if {type(v) for v in out} <= {str, type(None)}:
        return out
    return [jsonable(v) for v in out]


def _numbers(values: pd.Series | np.ndarray) -> np.ndarray | None:
    """A numpy number or boolean column as an array :func:`~.jsontext.dumps` writes whole.

    Floats as float64 (non-finite ones are written ``null``, as :func:`json_values` makes them);
    None for any other column.
    """
    dtype = values.dtype
    if not (isinstance(dtype, np.dtype) and dtype.kind in "biuf"):
        return None
    return np.ascontiguousarray(values, dtype=np.float64 if dtype.kind == "f" else dtype)


def _texts(data: pd.DataFrame, column: str) -> list[str | None]:
    """A column as text, NaN, NA and None as None."""
    series = data[column]
    values = json_values(series)
    if isinstance(series.dtype, pd.StringDtype) or {type(v) for v in values} <= {str, type(None)}:
        return values  # type: ignore[return-value]
    return [None if v is None else str(v) for v in values]


def names(
    data: pd.DataFrame, column: str, lang: str
) -> tuple[list[str | None], list[str | None] | None]:
    """Each feature's `column` as shown, and its name in the other language (or None).

    For ``name_en`` (the default name column) with ``name_zh`` present, the names in `lang`
    (English where a feature has no Chinese) and, for the page's language switch, the other
    language's where it differs; for any other column (``name_zh`` asked for by name included)
    its text and None.
    """
    if column != "name_en" or "name_zh" not in data.columns:
        return _texts(data, column), None
    en, zh = _texts(data, "name_en"), _texts(data, "name_zh")
    pairs = [(z, e) if lang == "zh" else (e, z) for e, z in zip(en, zh, strict=True)]
    shown = [a if a is not None else b for a, b in pairs]
    other = [b if a is not None and b is not None and a != b else None for a, b in pairs]
    return shown, (other if any(o is not None for o in other) else None)


def _column(values: pd.Series) -> object:
    """A property column for the page.

    Its values, or, for text repeating few distinct values (at most one per four rows),
    ``{"k": distinct values, "i": index per row (-1: none)}``.
    """
    most = len(values) // 4
    numbers = _numbers(values)
    if numbers is not None:
        return numbers
    if isinstance(values.dtype, pd.StringDtype):  # text and missing values only: hash as is
        keys, codes = dictionary(values, most=most)
        return json_values(values) if codes is None or not keys else {"k": keys, "i": codes}
    plain = json_values(values)
    textual = pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)
    if not (textual or isinstance(values.dtype, pd.CategoricalDtype)):
        return plain
    kinds = {type(v) for v in plain} - {type(None)}
    if not kinds or not all(issubclass(k, str) for k in kinds):
        return plain
    texts = plain if kinds == {str} else [None if v is None else str(v) for v in plain]
    keys, codes = dictionary(texts, most=most)
    return plain if codes is None else {"k": keys, "i": codes}


def dictionary(
    texts: Sequence[object] | pd.Series, most: int
) -> tuple[list[str], np.ndarray | None]:
    """The distinct texts, sorted, and each row's index into them (-1 for None).

    ``None`` for the indices when there are more than `most` distinct texts. The rows are hashed
    once (a pandas text column as it is stored); only the distinct texts are sorted.
    """
    rows = texts if isinstance(texts, pd.Series) else np.asarray(texts, dtype=object)
    codes, found = pd.factorize(rows, use_na_sentinel=True)
    if len(found) > most:
        return [], None
    keys = sorted(str(k) for k in found)
    rank = {k: i for i, k in enumerate(keys)}
    ranks = np.array([rank[str(k)] for k in found] or [0], dtype=np.int64)
    return keys, np.where(codes < 0, -1, ranks[np.maximum(codes, 0)])


#: The largest whole number a browser reads from JSON exactly (``Number.MAX_SAFE_INTEGER``).
MAX_SAFE_INTEGER = 2**53 - 1


def _whole_numbers(values: pd.Series) -> bool:
    """Whether `values` is a numpy integer column (not bool) whose numbers the page reads exactly.

    Such numbers can travel as numbers: ``String(n)`` in the page is their text. Beyond 2^53 - 1
    (large ids) a browser would round them, so they travel as text.
    """
    if not (isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu"):
        return False
    array = np.asarray(values)
    return not len(array) or (
        int(array.max()) <= MAX_SAFE_INTEGER and int(array.min()) >= -MAX_SAFE_INTEGER
    )


def _attributes(
    data: pd.DataFrame,
    tooltip: str | None,
    fields: Sequence[tuple[str, str]],
    measured: Mapping[str, np.ndarray],
    lang: str,
) -> dict[str, object]:
    """The columns of a compact layer besides its geometry: names, popup fields, status, year."""
    out: dict[str, object] = {}
    if tooltip and tooltip in data.columns and _whole_numbers(data[tooltip]):
        out["t"] = _numbers(data[tooltip])  # shown as String(n) by the page: the same text
    elif tooltip and tooltip in data.columns:
        out["t"], other = names(data, tooltip, lang)
        if other is not None:  # the names in the other language, for the page's switch
            out["t2"] = other
    cols: dict[str, object] = {}
    for column, _label in fields:
        if column in measured:
            cols[column] = np.ascontiguousarray(measured[column], dtype=np.float64)
        elif column in data.columns:
            cols[column] = _column(data[column])
    for column, values in cols.items():  # a popup column that is the tooltip is sent once
        if column == tooltip and _same(values, out.get("t")):
            cols[column] = "t"  # the same column: the same values of the same types
    out["cols"] = cols
    out["fields"] = [[c, label] for c, label in fields if c in cols]
    if "status" in data.columns:
        out["st"] = json_values(data["status"])
        if "opened" in data.columns:
            out["y"] = _years(data["opened"])
    return out


def _years(values: pd.Series) -> object:
    """Opening years as whole numbers (None where unknown)."""
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu":
        return _numbers(values)
    return [None if v is None else int(v) for v in json_values(values)]  # type: ignore[call-overload]


def _same(a: object, b: object) -> bool:
    """Whether two columns are the same values of the same types (lists or numpy arrays)."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b)
    return isinstance(a, list) and isinstance(b, list) and a == b


def _row_order(xy: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The order of points by rows of 0.1° latitude, then by quantized longitude, ties as given.

    The order ``np.lexsort((q[:, 0], floor(10 y)))`` gives, from one sort of one integer key (row
    and longitude packed together, with the point's index appended where the key leaves room for
    it, so a faster unstable sort gives the same order); ``np.lexsort`` itself for coordinates
    far outside lon/lat, whose key would not fit in 64 bits.
    """
    if not len(xy):
        return np.zeros(0, dtype=np.intp)
    rows = np.floor(xy[:, 1] * 10).astype(np.int64)
    rows -= rows.min()
    width = int(q[:, 0].max()) - int(q[:, 0].min()) + 1  # Python ints: no wrap-around
    height = int(rows.max()) + 1
    if height * width >= 2**63:  # coordinates far outside lon/lat (e.g. metres)
        return np.lexsort((q[:, 0], rows))
    x = q[:, 0] - q[:, 0].min()
    if height * width * len(xy) < 2**63:  # room for the index: unique keys
        return np.argsort((rows * width + x) * len(xy) + np.arange(len(xy)))
    return np.argsort(rows * width + x, kind="stable")


def _in_order(value: object, order: np.ndarray) -> object:
    """A column of the page (an array, a list, or a ``{"k", "i"}`` dictionary) taken in `order`."""
    if isinstance(value, np.ndarray):
        return value[order]
    if isinstance(value, list):
        return np.fromiter(value, dtype=object, count=len(value))[order].tolist()
    if isinstance(value, dict) and "i" in value:
        return {**value, "i": value["i"][order]}
    return value  # "t": the tooltip's column, reordered with it


def _columns_in_order(attributes: dict[str, object], order: np.ndarray) -> dict[str, object]:
    """The per-feature columns of :func:`_attributes` taken in `order`."""
    out = {k: _in_order(v, order) if k != "fields" else v for k, v in attributes.items()}
    cols = attributes["cols"]
    assert isinstance(cols, dict)
    out["cols"] = {k: _in_order(v, order) for k, v in cols.items()}
    return out


def encode_compact(
    data: gpd.GeoDataFrame,
    geoms: np.ndarray,
    kind: str,
    *,
    precision: int,
    tooltip: str | None,
    fields: Sequence[tuple[str, str]],
    style: dict,
    measured: Mapping[str, np.ndarray],
    colours: Sequence[str] | None = None,
    sizes: Sequence[float] | None = None,
    labels: Mapping[str, list] | None = None,
    lang: str = "en",
) -> str:
    """Columnar encoding: quantized integer coordinates, delta-coded, one shared style.

    Per-feature colours (a palette and an index per feature) and sizes are optional columns,
    and so are labels of lines and areas (``labels``: ``t`` texts, ``x``/``y`` anchors, ``r``
    ranks and ``z`` first zooms, ``t2`` the texts in the other language). Names are in
    `lang`, with the other language's in ``t2`` for the page's switch.
    """
    scale = 10.0**precision
    paint = {
        k: np.asarray(v, dtype=object if k == "c" else float)
        for k, v in (("c", colours), ("r", sizes))
        if v is not None
    }
    order: np.ndarray | None = None  # points only: the order they are sent in
    lengths: np.ndarray | list[int] | None = None  # vertices per line or per ring
    if kind == "points":
        # Sort along rows of 0.1° so consecutive points are close: small deltas, short text.
        # Columns are encoded as they are, then taken in that order (text columns as codes).
        xy = shapely.get_coordinates(geoms)
        q = np.round(xy * scale).astype(np.int64)
        order = _row_order(xy, q)
        paint = {k: v[order] for k, v in paint.items()}
        q = q[order]
    elif kind == "lines":
        coords, index = shapely.get_coordinates(geoms, return_index=True)
        lengths = np.bincount(index, minlength=len(geoms))
    else:  # polygons: parts per feature, rings per part, vertices per ring
        parts, rings, chunks = [], [], []
        ring_lengths: list[int] = []
        lengths = ring_lengths
        for geom in geoms:
            polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
            parts.append(len(polys))
            for poly in polys:
                ring_list = [poly.exterior, *poly.interiors]
                rings.append(len(ring_list))
                for ring in ring_list:
                    c = np.asarray(ring.coords)[:, :2]
                    ring_lengths.append(len(c))
                    chunks.append(c)
        coords = np.vstack(chunks) if chunks else np.zeros((0, 2))
    if kind != "points":
        q = np.round(coords * scale).astype(np.int64)
    deltas = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel()
    out: dict[str, object] = {
        "f": "ftz1",
        "k": kind,
        "p": precision,
        "n": len(geoms),
        "xy": deltas,
        "s": style,
    }
    if lengths is not None:
        out["len"] = lengths
    if kind == "polygons":
        out["parts"], out["rings"] = parts, rings
    if "c" in paint:
        palette, index = dictionary([str(c) for c in paint["c"]], most=len(paint["c"]))
        out["pal"], out["c"] = palette, np.asarray(index)
    if "r" in paint:
        out["r"] = np.round(paint["r"].astype(float), 1)
    if labels is not None:  # lines and areas only: the encoder refuses labels on points
        out["lb"] = dict(labels)
    attributes = _attributes(data, tooltip, fields, measured, lang)
    out.update(attributes if order is None else _columns_in_order(attributes, order))
    return dumps(out)
