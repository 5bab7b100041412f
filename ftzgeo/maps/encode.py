"""Encode a GeoDataFrame as the text ftzgeo's page draws: GeoJSON or the compact columns.

Coordinates are quantized (and optionally simplified, with the error measured), styles checked,
tooltips and popups escaped in Python. The compact encoding's format is described in
``docs/architecture.md``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .. import measures
from ..checks import check_int, check_number
from ..crs import ensure_wgs84
from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from . import styles
from .popups import DEFAULT_FIELDS, escape, popup_html

__all__ = [
    "COMPACT_THRESHOLD",
    "COMPACT_VERTEX_THRESHOLD",
    "LayerInfo",
    "feature_collection",
    "quantization_error_m",
]

log = logging.getLogger(__name__)


_HIDDEN = {
    "geometry",
    "source",
    "geometry_quality",
    "accuracy_m",
    "notes",
    "status",
    "name_en",
    "name_zh",
}


@dataclass(frozen=True)
class LayerInfo:
    """What ftzgeo drew on a map: used by the legend and by tests."""

    key: str
    name: str
    group: str
    count: int
    geometry_types: tuple[str, ...]
    statuses: tuple[str, ...]
    capacities: tuple[float, ...]
    products: tuple[str, ...]
    modes: tuple[str, ...]
    encoding: str = "geojson"
    bytes: int = 0
    precision: int = 5
    max_error_m: float = 0.0


def _jsonable(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    return value


def _port_shape(modes: object) -> str | None:
    if not isinstance(modes, str):
        return None
    present = set(modes.split(";"))
    # Stacked in the symbol table's drawing order, whatever order the modes are listed in.
    parts = [sym.shape for mode, sym in styles.PORT_SYMBOLS.items() if mode in present]
    return "+".join(parts) or None


def _feature_style(layer: str, row: Mapping[str, object], override: Mapping[str, object]) -> dict:
    status = row.get("status")
    capacity = row.get("capacity_bcm_per_year")
    product = row.get("product")
    style = styles.feature_style(
        layer,
        status if isinstance(status, str) else None,
        _jsonable(capacity),
        product if isinstance(product, str) else None,
    )
    if layer in styles.SHAPED_LAYERS:
        shape = _port_shape(row.get("modes"))
        if shape:
            style["shape"] = shape
    if layer == "cities" and isinstance(row.get("role"), str) and "capital" in row["role"]:
        style["radius"] = 7
    style.update(override)
    return style


#: Layers with more features (or vertices) than this are drawn from the compact encoding.
COMPACT_THRESHOLD = 2000


COMPACT_VERTEX_THRESHOLD = 100_000


def quantization_error_m(precision: int) -> float:
    """Largest displacement (m) from rounding lon and lat to `precision` decimals.

    Half a unit in each axis; a degree of longitude is at most as long as a degree of latitude
    at the equator (111.32 km), so the diagonal bounds the error anywhere.
    """
    half = 0.5 * 10.0 ** (-precision) * 111_320.0
    return float(np.hypot(half, half))


def _simplify(data: gpd.GeoDataFrame, simplify_m: float) -> tuple[gpd.GeoDataFrame, float]:
    """Simplify each geometry in an equidistant projection centred on it.

    Returns the data and the largest distance (m) from an original vertex to the simplified
    geometry: the error actually made, parts dropped by the simplifier included.
    """
    from ..crs import transformers_for
    from ..measures import _reproject  # the per-feature projection buffers use

    out_geoms, worst = [], 0.0
    for geom in data.geometry:
        c = geom.centroid
        fwd, back = transformers_for(c.x, c.y)
        projected = _reproject(geom, fwd)
        simple = projected.simplify(simplify_m, preserve_topology=True)
        # The simplified vertices are original vertices, so the error is how far the original
        # vertices lie from the simplified geometry (parts dropped by the simplifier included).
        vertices = shapely.points(shapely.get_coordinates(projected))
        worst = max(worst, float(shapely.distance(vertices, simple).max()))
        out_geoms.append(_reproject(simple, back))
    out = data.copy()
    out[data.geometry.name] = out_geoms
    return out, worst


def _compact(
    data: gpd.GeoDataFrame,
    geoms: np.ndarray,
    kind: str,
    *,
    precision: int,
    tooltip: str | None,
    fields: Sequence[tuple[str, str]],
    style: dict,
    measured: Mapping[str, np.ndarray],
) -> str:
    """Columnar encoding: quantized integer coordinates, delta-coded, one shared style."""
    scale = 10.0**precision
    if kind == "points":
        # Sort along rows of 0.1° so consecutive points are close: small deltas, short text.
        xy0 = shapely.get_coordinates(geoms)
        order = np.lexsort((xy0[:, 0], np.floor(xy0[:, 1] * 10)))
        geoms = geoms[order]
        data = data.iloc[order]
        measured = {k: np.asarray(v)[order] for k, v in measured.items()}
        coords = xy0[order]
        lengths = None
    elif kind == "lines":
        coords, index = shapely.get_coordinates(geoms, return_index=True)
        lengths = np.bincount(index, minlength=len(geoms)).tolist()
    else:  # polygons: parts per feature, rings per part, vertices per ring
        parts, rings, lengths, chunks = [], [], [], []
        for geom in geoms:
            polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
            parts.append(len(polys))
            for poly in polys:
                ring_list = [poly.exterior, *poly.interiors]
                rings.append(len(ring_list))
                for ring in ring_list:
                    c = np.asarray(ring.coords)[:, :2]
                    lengths.append(len(c))
                    chunks.append(c)
        coords = np.vstack(chunks) if chunks else np.zeros((0, 2))
    q = np.round(coords * scale).astype(np.int64)
    deltas = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel().tolist()
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
    if tooltip and tooltip in data.columns:
        out["t"] = [None if v is None or v is pd.NA else str(v) for v in data[tooltip].tolist()]
    cols = {}
    for column, _label in fields:
        if column in measured:
            cols[column] = [float(v) for v in measured[column]]
        elif column in data.columns:
            cols[column] = [_jsonable(v) for v in data[column].tolist()]
    out["cols"] = cols
    out["fields"] = [[c, label] for c, label in fields if c in cols]
    if "status" in data.columns:
        out["st"] = [_jsonable(v) for v in data["status"].tolist()]
        if "opened" in data.columns:
            out["y"] = [None if _jsonable(v) is None else int(v) for v in data["opened"].tolist()]
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def feature_collection(
    gdf: gpd.GeoDataFrame,
    *,
    layer: str = "user",
    tooltip: str | None = "name_en",
    popup: bool = True,
    fields: Sequence[tuple[str, str]] | None = None,
    style: Mapping[str, object] | None = None,
    raw_html_columns: Iterable[str] = (),
    precision: int = 5,
    simplify_m: float | None = None,
    encoding: str = "auto",
    label: str | None = None,
) -> tuple[str, LayerInfo]:
    """Encode `gdf` as the GeoJSON text ftzgeo's map runtime draws.

    Each feature keeps its ``id``, its style (``_s``), escaped tooltip (``_t``) and popup
    (``_p``) HTML, and its status and opening year (``_st``, ``_y``) for the year slider.

    Returns
    -------
    (str, LayerInfo)
        The GeoJSON text and a summary of what it holds.
    """
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InvalidArgumentTypeError(f"add_layer takes a GeoDataFrame, got {type(gdf).__name__}")
    if encoding not in ("auto", "geojson", "compact"):
        raise InvalidArgumentError(
            f"encoding must be 'auto', 'geojson' or 'compact', got {encoding!r}"
        )
    style = styles.check_style(style)
    check_int("precision", precision, minimum=0, maximum=10)
    if simplify_m is not None:
        check_number("simplify_m", simplify_m, minimum=0.0)
    for what, column in (("tooltip", tooltip), ("label", label)):
        # The default tooltip (name_en) may be absent from a user's data; a named one may not.
        if (
            column is not None
            and column not in gdf.columns
            and (what, column) != ("tooltip", "name_en")
        ):
            raise InvalidArgumentError(
                f"{what}={column!r} is not a column of the data; columns are "
                f"{[c for c in gdf.columns if c != gdf.geometry.name]}"
            )
    data = ensure_wgs84(gdf)
    data = data[~(data.geometry.isna() | data.geometry.is_empty)]
    simplify_error = 0.0
    if simplify_m:
        data, simplify_error = _simplify(data, float(simplify_m))
    geoms = data.geometry.to_numpy()
    kinds = set(shapely.get_type_id(geoms).tolist()) if len(geoms) else set()
    if fields is None:
        fields = DEFAULT_FIELDS.get(layer)
    if fields is None:
        fields = [(c, c) for c in data.columns if c not in _HIDDEN and c != data.geometry.name]
    # Measure only what a popup shows (geodesic lengths of big layers are not free).
    wanted = {c for c, _ in fields} if popup else set()
    measured: dict[str, np.ndarray] = {}
    if kinds & {1, 5} and "length_km" in wanted and "length_km" not in data.columns:
        measured["length_km"] = np.round(
            np.asarray(measures.length_km(data.geometry), dtype=float), 1
        )
    if kinds & {3, 6} and "area_km2" in wanted and "area_km2" not in data.columns:
        measured["area_km2"] = np.round(
            np.asarray(measures.area_km2(data.geometry), dtype=float), 2
        )
    # A single column name is one column, never its letters.
    raw = (raw_html_columns,) if isinstance(raw_html_columns, str) else tuple(raw_html_columns)
    unknown = [c for c in raw if c not in gdf.columns]
    if unknown:
        raise InvalidArgumentError(
            f"raw_html_columns names columns the data does not have: {unknown}; "
            f"columns are {[c for c in gdf.columns if c != gdf.geometry.name]}"
        )
    type_ids = set(shapely.get_type_id(geoms).tolist())
    compact_kind = {
        frozenset({0}): "points",
        frozenset({1}): "lines",
        frozenset({3}): "polygons",
        frozenset({6}): "polygons",
        frozenset({3, 6}): "polygons",
    }.get(frozenset(type_ids))
    big = (
        len(geoms) > COMPACT_THRESHOLD
        or int(shapely.get_num_coordinates(geoms).sum()) > COMPACT_VERTEX_THRESHOLD
    )
    use_compact = encoding == "compact" or (encoding == "auto" and big)
    if use_compact and compact_kind is None:
        if encoding == "compact":
            raise InvalidArgumentError(
                "the compact encoding takes layers of only Points, only LineStrings or only polygons"
            )
        use_compact = False
    if use_compact and raw:
        raise InvalidArgumentError(
            "raw_html_columns cannot be used with the compact encoding (it escapes everything)"
        )
    summary = _summary(data, layer)
    error_m = simplify_error + quantization_error_m(precision)
    if use_compact:
        status = data["status"].iloc[0] if "status" in data.columns and len(data) else None
        shared = _feature_style(layer, {"status": status}, style)
        text = _compact(
            data,
            geoms,
            compact_kind,
            precision=precision,
            tooltip=tooltip,
            fields=fields,
            style=shared,
            measured=measured,
        )
        info = LayerInfo(
            **{
                **summary,
                "count": len(geoms),
                "encoding": "compact",
                "bytes": len(text),
                "precision": precision,
                "max_error_m": error_m,
            }
        )
        return text, info
    rounded = shapely.transform(geoms, lambda c: np.round(c, precision))
    override = style
    columns = [c for c in data.columns if c != data.geometry.name]
    records = data[columns].to_dict("records")
    parts = []
    for i, (row, geom) in enumerate(zip(records, rounded, strict=True)):
        props = {k: _jsonable(v) for k, v in row.items()}
        for key, values in measured.items():
            props.setdefault(key, float(values[i]) if np.isfinite(values[i]) else None)
        out: dict[str, object] = {}
        if "id" in props:
            out["id"] = props["id"]
        if tooltip and props.get(tooltip) is not None:
            out["_t"] = str(props[tooltip]) if tooltip in raw else escape(props[tooltip])
        if label and props.get(label) is not None:
            out["_l"] = escape(str(props[label]).split(",")[0])
        if popup:
            out["_p"] = popup_html(props, fields, raw_html_columns=raw)
        out["_s"] = _feature_style(layer, props, override)
        if isinstance(props.get("status"), str):
            out["_st"] = props["status"]
            opened = props.get("opened")
            out["_y"] = (
                int(opened) if isinstance(opened, (int, float)) and opened == opened else None
            )
        parts.append(
            '{"type":"Feature","properties":'
            + json.dumps(out, ensure_ascii=False, separators=(",", ":"))
            + ',"geometry":'
            + shapely.to_geojson(geom)
            + "}"
        )
    text = '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
    info = LayerInfo(
        **{
            **summary,
            "count": len(parts),
            "encoding": "geojson",
            "bytes": len(text),
            "precision": precision,
            "max_error_m": error_m,
        }
    )
    return text, info


def _summary(data: gpd.GeoDataFrame, layer: str) -> dict:
    statuses = tuple(sorted({s for s in data.get("status", pd.Series(dtype=object)).dropna()}))
    caps = data.get("capacity_bcm_per_year", pd.Series(dtype=float)).dropna()
    modes = data.get("modes", pd.Series(dtype=object)).dropna()
    products = data.get("product", pd.Series(dtype=object)).dropna()
    return {
        "key": layer,
        "name": "",
        "group": "",
        "geometry_types": tuple(sorted(set(data.geom_type))),
        "statuses": statuses,
        "capacities": tuple(sorted({float(c) for c in caps})),
        "products": tuple(sorted({str(p) for p in products})),
        "modes": tuple(sorted({p for v in modes for p in str(v).split(";")})),
    }
