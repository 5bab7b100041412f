"""A layer as GeoJSON features: per-feature style, escaped tooltip, label and popup.

The small-layer encoding (the compact columns for large layers are :mod:`.compact`). Each
feature keeps its ``id``, its style (``_s``), escaped tooltip (``_t``), label (``_l``) and popup
(``_p``) HTML, and its status and opening year (``_st``, ``_y``) for the year slider.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
import shapely

from ..kinds import geometry_kind
from . import styles
from .classify import Symbology
from .compact import jsonable
from .i18n import name_html
from .labels import label_rank, short_label
from .popups import escape, popup_html
from .prepare import Prepared

__all__ = ["encode_geojson", "feature_name", "row_style"]


class _Options(Protocol):
    """What the GeoJSON encoder reads of :class:`~ftzgeo.maps.encode.EncodeOptions`."""

    @property
    def layer(self) -> str: ...
    @property
    def tooltip(self) -> str | bool | None: ...
    @property
    def label(self) -> str | None: ...
    @property
    def popup(self) -> bool: ...
    @property
    def style(self) -> Mapping[str, object]: ...
    @property
    def raw_html_columns(self) -> tuple[str, ...]: ...
    @property
    def precision(self) -> int: ...
    @property
    def lang(self) -> str: ...


_NAMES = ("name_en", "name_zh")


def feature_name(
    props: Mapping[str, object], column: str, lang: str, *, short: bool = False
) -> str:
    """Escaped HTML of a feature's `column` for a tooltip or label.

    ``name_en`` (the default name column) gives the name in `lang`, carrying the other
    language's for the page's switch (:func:`~ftzgeo.maps.i18n.name_html`); any other column,
    ``name_zh`` included, is shown as it is. `short` cuts a label to
    :func:`~ftzgeo.maps.labels.short_label`.
    """
    cut = short_label if short else str
    if column == "name_en":
        en, zh = (props.get(c) for c in _NAMES)
        return name_html(
            cut(en) if isinstance(en, str) else None, cut(zh) if isinstance(zh, str) else None, lang
        )
    return escape(cut(str(props[column])))


def _port_shape(modes: object) -> str | None:
    if not isinstance(modes, str):
        return None
    present = set(modes.split(";"))
    # Stacked in the symbol table's drawing order, whatever order the modes are listed in.
    parts = [sym.shape for mode, sym in styles.PORT_SYMBOLS.items() if mode in present]
    return "+".join(parts) or None


def row_style(layer: str, row: Mapping[str, object], override: Mapping[str, object]) -> dict:
    """A feature's Leaflet style: its layer's, by status, capacity, product, port modes."""
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


def _painted(style: dict, sym: Symbology, i: int, lines: bool) -> dict:
    """A feature's style with its colour and size from `sym`."""
    if sym.colours is not None:
        style["color"] = style["fillColor"] = sym.colours[i]
    if sym.sizes is not None:
        style["weight" if lines else "radius"] = sym.sizes[i]
    return style


def _anchor(geom: object) -> list[float]:
    """Where a line's or an area's label sits, as [lat, lon].

    The middle of its (merged) line, or a point inside the area.
    """
    if geom.geom_type.endswith("LineString"):  # type: ignore[attr-defined]
        merged = shapely.line_merge(geom)
        if merged.geom_type == "MultiLineString":
            merged = max(merged.geoms, key=lambda g: g.length)
        point = merged.interpolate(0.5, normalized=True)
    else:
        point = geom.point_on_surface()  # type: ignore[attr-defined]
    if point.is_empty:  # a line of zero length (a border step of a route): its first vertex
        x, y = shapely.get_coordinates(geom)[0]
        return [round(float(y), 5), round(float(x), 5)]
    return [round(point.y, 5), round(point.x, 5)]


def encode_geojson(
    prep: Prepared, opts: _Options, fields: Sequence[tuple[str, str]], sym: Symbology
) -> tuple[str, int]:
    """GeoJSON with per-feature style, escaped tooltip/label/popup and timeline fields."""
    data, raw = prep.data, opts.raw_html_columns
    lines = geometry_kind(prep.geoms) == "line"
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
        tip = opts.tooltip if isinstance(opts.tooltip, str) else None  # a column, once checked
        label = opts.label
        if tip and props.get(tip) is not None:
            out["_t"] = str(props[tip]) if tip in raw else feature_name(props, tip, opts.lang)
        if label and props.get(label) is not None:
            out["_l"] = feature_name(props, label, opts.lang, short=True)
            if geometry_kind([geom]) != "point":  # the label's anchor: mid-line, or inside
                out["_a"] = _anchor(geom)
            ranked = label_rank(opts.layer, props)
            if ranked is not None:
                out["_r"], out["_z"] = ranked
        if opts.popup:
            out["_p"] = popup_html(
                props,
                fields,
                title_column=tip or "name_en",
                raw_html_columns=raw,
                lang=opts.lang,
            )
        out["_s"] = _painted(row_style(opts.layer, props, opts.style), sym, i, lines)
        if props.get("_ind"):  # published yearly figures: the page draws them as charts
            out["_ind"] = props["_ind"]
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
