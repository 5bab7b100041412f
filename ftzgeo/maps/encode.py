"""Encode a GeoDataFrame as the text ftzgeo's page draws: GeoJSON or the compact columns.

Coordinates are quantized (and optionally simplified, with the error measured), styles checked,
tooltips and popups escaped in Python. The compact encoding's format is described in
``docs/architecture.md``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..checks import check_int, check_number
from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from ..kinds import geometry_kind, is_multipart
from . import styles
from .compact import encode_compact, jsonable
from .popups import DEFAULT_FIELDS, escape, popup_html
from .prepare import Prepared, prepare, quantization_error_m

__all__ = [
    "COMPACT_THRESHOLD",
    "COMPACT_VERTEX_THRESHOLD",
    "EncodeOptions",
    "LayerInfo",
    "encode_layer",
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
    cap = jsonable(capacity)
    style = styles.feature_style(
        layer,
        status if isinstance(status, str) else None,
        float(cap) if isinstance(cap, (int, float)) else None,
        product if isinstance(product, str) else None,
    )
    if layer in styles.SHAPED_LAYERS:
        shape = _port_shape(row.get("modes"))
        if shape:
            style["shape"] = shape
    role = row.get("role")
    if layer == "cities" and isinstance(role, str) and "capital" in role:
        style["radius"] = 7
    style.update(override)
    return style


#: Layers with more features (or vertices) than this are drawn from the compact encoding.
COMPACT_THRESHOLD = 2000


COMPACT_VERTEX_THRESHOLD = 100_000


@dataclass(frozen=True)
class EncodeOptions:
    """How a layer is encoded for the page: one object from :func:`add_layer` to the encoders.

    See :func:`ftzgeo.maps.add_layer` for what each option means.
    """

    layer: str = "user"
    tooltip: str | None = "name_en"
    popup: bool = True
    fields: Sequence[tuple[str, str]] | None = None
    style: Mapping[str, object] = field(default_factory=dict)
    raw_html_columns: tuple[str, ...] = ()
    precision: int = 5
    simplify_m: float | None = None
    encoding: str = "auto"
    label: str | None = None

    def checked(self, gdf: gpd.GeoDataFrame) -> EncodeOptions:
        """Check the options against the data; return them with the style checked.

        Raises
        ------
        InvalidArgumentError, InvalidArgumentTypeError
            Saying which option is wrong and what it takes.
        """
        if not isinstance(gdf, gpd.GeoDataFrame):
            raise InvalidArgumentTypeError(
                f"add_layer takes a GeoDataFrame, got {type(gdf).__name__}"
            )
        if self.encoding not in ("auto", "geojson", "compact"):
            raise InvalidArgumentError(
                f"encoding must be 'auto', 'geojson' or 'compact', got {self.encoding!r}"
            )
        check_int("precision", self.precision, minimum=0, maximum=10)
        if self.simplify_m is not None:
            check_number("simplify_m", self.simplify_m, minimum=0.0)
        columns = [c for c in gdf.columns if c != gdf.geometry.name]
        for what, column in (("tooltip", self.tooltip), ("label", self.label)):
            # The default tooltip (name_en) may be absent from a user's data; a named one may not.
            if (
                column is not None
                and column not in gdf.columns
                and (what, column) != ("tooltip", "name_en")
            ):
                raise InvalidArgumentError(
                    f"{what}={column!r} is not a column of the data; columns are {columns}"
                )
        raw = self.raw_html_columns
        raw = (raw,) if isinstance(raw, str) else tuple(raw)  # one name is a column, not letters
        unknown = [c for c in raw if c not in gdf.columns]
        if unknown:
            raise InvalidArgumentError(
                f"raw_html_columns names columns the data does not have: {unknown}; "
                f"columns are {columns}"
            )
        return replace(self, style=styles.check_style(self.style), raw_html_columns=raw)

    def popup_fields(self, data: gpd.GeoDataFrame) -> list[tuple[str, str]]:
        """Popup rows: the given ones, the layer's standard ones, or every visible column."""
        if self.fields is not None:
            return list(self.fields)
        standard = DEFAULT_FIELDS.get(self.layer)
        if standard is not None:
            return list(standard)
        return [(c, c) for c in data.columns if c not in _HIDDEN and c != data.geometry.name]


def _compact_kind(geoms: np.ndarray) -> str | None:
    """``points``, ``lines`` or ``polygons`` if the compact encoding can hold the layer."""
    kind = geometry_kind(geoms)
    if kind == "polygon":
        return "polygons"
    if kind in ("point", "line") and not is_multipart(geoms):
        return f"{kind}s"
    return None


def _use_compact(opts: EncodeOptions, geoms: np.ndarray, kind: str | None) -> bool:
    big = (
        len(geoms) > COMPACT_THRESHOLD
        or int(shapely.get_num_coordinates(geoms).sum()) > COMPACT_VERTEX_THRESHOLD
    )
    use = opts.encoding == "compact" or (opts.encoding == "auto" and big)
    if use and kind is None:
        if opts.encoding == "compact":
            raise InvalidArgumentError(
                "the compact encoding takes layers of only Points, only LineStrings or only polygons"
            )
        return False
    if use and opts.raw_html_columns:
        raise InvalidArgumentError(
            "raw_html_columns cannot be used with the compact encoding (it escapes everything)"
        )
    return use


def _geojson(
    prep: Prepared, opts: EncodeOptions, fields: Sequence[tuple[str, str]]
) -> tuple[str, int]:
    """GeoJSON with per-feature style, escaped tooltip/label/popup and timeline fields."""
    data, raw = prep.data, opts.raw_html_columns
    rounded = shapely.transform(prep.geoms, lambda c: np.round(c, opts.precision))
    columns = [c for c in data.columns if c != data.geometry.name]
    parts = []
    for i, (row, geom) in enumerate(zip(data[columns].to_dict("records"), rounded, strict=True)):
        props = {k: jsonable(v) for k, v in row.items()}
        for key, values in prep.measured.items():
            props.setdefault(key, float(values[i]) if np.isfinite(values[i]) else None)
        out: dict[str, object] = {}
        if "id" in props:
            out["id"] = props["id"]
        tip, label = opts.tooltip, opts.label
        if tip and props.get(tip) is not None:
            out["_t"] = str(props[tip]) if tip in raw else escape(props[tip])
        if label and props.get(label) is not None:
            out["_l"] = escape(str(props[label]).split(",")[0])
        if opts.popup:
            out["_p"] = popup_html(props, fields, raw_html_columns=raw)
        out["_s"] = _feature_style(opts.layer, props, opts.style)
        if isinstance(props.get("status"), str):
            out["_st"] = props["status"]
            opened = props.get("opened")
            ok = isinstance(opened, (int, float)) and opened == opened
            out["_y"] = int(opened) if ok and isinstance(opened, (int, float)) else None
        parts.append(
            '{"type":"Feature","properties":'
            + json.dumps(out, ensure_ascii=False, separators=(",", ":"))
            + ',"geometry":'
            + shapely.to_geojson(geom)
            + "}"
        )
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}", len(parts)


def encode_layer(gdf: gpd.GeoDataFrame, options: EncodeOptions) -> tuple[str, LayerInfo]:
    """Encode `gdf` with `options` as the text ftzgeo's map runtime draws.

    Returns
    -------
    (str, LayerInfo)
        The GeoJSON or compact text and a summary of what it holds.
    """
    opts = options.checked(gdf)
    fields = opts.popup_fields(gdf)
    wanted = {c for c, _ in fields} if opts.popup else set()
    prep = prepare(gdf, precision=opts.precision, simplify_m=opts.simplify_m, wanted=wanted)
    kind = _compact_kind(prep.geoms)
    summary = _summary(prep.data, opts.layer)
    if _use_compact(opts, prep.geoms, kind):
        data = prep.data
        status = data["status"].iloc[0] if "status" in data.columns and len(data) else None
        shared = _feature_style(opts.layer, {"status": status}, opts.style)
        text = encode_compact(
            data,
            prep.geoms,
            str(kind),
            precision=opts.precision,
            tooltip=opts.tooltip,
            fields=fields,
            style=shared,
            measured=prep.measured,
        )
        count, encoding = len(prep.geoms), "compact"
    else:
        text, count = _geojson(prep, opts, fields)
        encoding = "geojson"
    info = LayerInfo(
        **{
            **summary,
            "count": count,
            "encoding": encoding,
            "bytes": len(text),
            "precision": opts.precision,
            "max_error_m": prep.max_error_m,
        }
    )
    return text, info


def feature_collection(
    gdf: gpd.GeoDataFrame, options: EncodeOptions | None = None, **kwargs: Any
) -> tuple[str, LayerInfo]:
    """Encode `gdf` as the text ftzgeo's map runtime draws (GeoJSON or the compact columns).

    Each GeoJSON feature keeps its ``id``, its style (``_s``), escaped tooltip (``_t``) and
    popup (``_p``) HTML, and its status and opening year (``_st``, ``_y``) for the year slider.

    Parameters
    ----------
    gdf : GeoDataFrame
        The data.
    options : EncodeOptions, optional
        How to encode it; or give the options as keywords (``layer=``, ``tooltip=``, ...).

    Returns
    -------
    (str, LayerInfo)
        The text and a summary of what it holds.
    """
    if options is not None and kwargs:
        raise InvalidArgumentError("pass either options= or keyword options, not both")
    return encode_layer(gdf, options or EncodeOptions(**kwargs))


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
