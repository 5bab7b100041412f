"""GeoDataFrames to map layers, with ftzgeo's styling rules and escaped tooltips and popups."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .. import measures
from ..crs import ensure_wgs84
from ..errors import FtzgeoError
from . import styles
from .elements import JsonParse, Runtime, ScriptCall
from .popups import DEFAULT_FIELDS, escape, popup_html

__all__ = ["LayerInfo", "add_layer", "feature_collection", "map_layers"]

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
    modes: tuple[str, ...]


def map_layers(m: folium.Map) -> list[LayerInfo]:
    """Return the ftzgeo layers added to `m`, in drawing order."""
    return list(getattr(m, "_ftzgeo_layers", []))


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
    parts = [styles.PORT_MODE_SHAPES[m] for m in modes.split(";") if m in styles.PORT_MODE_SHAPES]
    return "+".join(parts) or None


def _feature_style(layer: str, row: Mapping[str, object], override: Mapping[str, object]) -> dict:
    status = row.get("status")
    capacity = row.get("capacity_bcm_per_year")
    style = styles.feature_style(
        layer, status if isinstance(status, str) else None, _jsonable(capacity)
    )
    if layer == "land_ports":
        shape = _port_shape(row.get("modes"))
        if shape:
            style["shape"] = shape
    if layer == "cities" and isinstance(row.get("role"), str) and "capital" in row["role"]:
        style["radius"] = 7
    style.update(override)
    return style


def feature_collection(
    gdf: gpd.GeoDataFrame,
    *,
    layer: str = "user",
    tooltip: str | None = "name_en",
    popup: bool = True,
    fields: Sequence[tuple[str, str]] | None = None,
    style: Mapping[str, object] | None = None,
    raw_html_columns: Iterable[str] = (),
    precision: int = 6,
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
        raise FtzgeoError(f"add_layer takes a GeoDataFrame, got {type(gdf).__name__}")
    data = ensure_wgs84(gdf)
    data = data[~(data.geometry.isna() | data.geometry.is_empty)]
    geoms = data.geometry.to_numpy()
    kinds = set(shapely.get_type_id(geoms).tolist()) if len(geoms) else set()
    measured: dict[str, np.ndarray] = {}
    if kinds & {1, 5}:
        measured["length_km"] = np.round(
            np.asarray(measures.length_km(data.geometry), dtype=float), 1
        )
    if kinds & {3, 6}:
        measured["area_km2"] = np.round(
            np.asarray(measures.area_km2(data.geometry), dtype=float), 2
        )
    if fields is None:
        fields = DEFAULT_FIELDS.get(layer)
    if fields is None:
        fields = [(c, c) for c in data.columns if c not in _HIDDEN and c != data.geometry.name]
    raw = tuple(raw_html_columns)
    rounded = shapely.transform(geoms, lambda c: np.round(c, precision))
    override = dict(style or {})
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
    statuses = tuple(sorted({s for s in data.get("status", pd.Series(dtype=object)).dropna()}))
    caps = data.get("capacity_bcm_per_year", pd.Series(dtype=float)).dropna()
    modes = data.get("modes", pd.Series(dtype=object)).dropna()
    info = LayerInfo(
        key=layer,
        name="",
        group="",
        count=len(parts),
        geometry_types=tuple(sorted(set(data.geom_type))),
        statuses=statuses,
        capacities=tuple(sorted({float(c) for c in caps})),
        modes=tuple(sorted({p for v in modes for p in str(v).split(";")})),
    )
    return text, info


def add_layer(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    *,
    name: str | None = None,
    layer: str = "user",
    group: str | None = None,
    tooltip: str | None = "name_en",
    popup: bool = True,
    fields: Sequence[tuple[str, str]] | None = None,
    style: Mapping[str, object] | None = None,
    show: bool = True,
    timeline: bool = True,
    raw_html_columns: Iterable[str] = (),
    precision: int = 6,
    attribution: str | None = None,
) -> LayerInfo:
    """Add any GeoDataFrame to a map with ftzgeo's styling rules and escaping.

    Parameters
    ----------
    m : folium.Map
        Map to draw on (e.g. from :func:`connectivity_map`).
    gdf : GeoDataFrame
        Data in any CRS with a definition; reprojected (as a copy) to EPSG:4326.
    name : str, optional
        Name in the layer control and legend; defaults to the layer's title.
    layer : str, default "user"
        Which styling rules and popup fields apply: a shipped layer's name (so a user's own
        ``land_ports`` file is drawn like the shipped one) or ``"user"``.
    group : str, optional
        Group in the layer control.
    tooltip : str or None, default "name_en"
        Column shown on hover.
    popup : bool, default True
        Show a popup with the layer's fields, the geometry quality and the sources.
    fields : sequence of (column, label), optional
        Popup rows; by default the layer's standard fields, or every column of a user layer.
    style : mapping, optional
        Leaflet path options overriding the layer's style for every feature.
    show : bool, default True
        Visible when the map opens.
    timeline : bool, default True
        Let the year slider filter the layer by ``status`` and ``opened``.
    raw_html_columns : iterable of str
        Columns whose values are trusted HTML, inserted unescaped. Everything else is escaped.
    precision : int, default 6
        Decimal places kept in coordinates (6 ≈ 0.1 m).
    attribution : str, optional
        Credit shown in the map's attribution line while the layer is visible (escaped).

    Returns
    -------
    LayerInfo
        What was added (name, feature count, statuses, ...).
    """
    text, info = feature_collection(
        gdf,
        layer=layer,
        tooltip=tooltip,
        popup=popup,
        fields=fields,
        style=style,
        raw_html_columns=raw_html_columns,
        precision=precision,
    )
    registry: list[LayerInfo] = getattr(m, "_ftzgeo_layers", [])
    if "ftzgeo_runtime" not in m._children:
        m.add_child(Runtime(), name="ftzgeo_runtime")
    title = name or styles.LAYER_TITLES.get(layer, layer)
    grp = group or styles.LAYER_GROUPS.get(layer, "Your data")
    info = LayerInfo(**{**info.__dict__, "name": title, "group": grp})
    opts = {"name": title, "key": layer, "group": grp, "show": show, "timeline": timeline}
    if attribution:
        opts["attribution"] = escape(attribution)
    if layer == "countries":
        opts["back"] = True
    element_name = f"ftzgeo_layer_{len(registry)}"
    m.add_child(ScriptCall("addLayer", [opts, JsonParse(text)], element_name), name=element_name)
    registry.append(info)
    m._ftzgeo_layers = registry
    log.debug("added layer %s with %d features", title, info.count)
    return info
