"""Flow maps: values between places drawn along the network's real routes, width by value."""

from __future__ import annotations

import math
from collections.abc import Sequence

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from shapely.geometry import LineString, MultiLineString
from shapely.ops import linemerge

from ..errors import FtzgeoError, InvalidArgumentError, Problem, ValidationError
from ..measures import GEOD
from .elements import ScriptCall
from .layers import add_layer
from .popups import escape
from .styles import FLOW_COLOR

__all__ = ["flow_lines", "flows"]


def _arrowhead(line: LineString, at: float = 0.6, size_km: float = 25.0) -> LineString:
    """A chevron pointing along `line` at fraction `at` of its length (geodesic bearing)."""
    p = line.interpolate(at, normalized=True)
    q = line.interpolate(min(at + 0.01, 1.0), normalized=True)
    azimuth = GEOD.inv(p.x, p.y, q.x, q.y)[0]
    left = GEOD.fwd(q.x, q.y, azimuth + 180 - 30, size_km * 1000)
    right = GEOD.fwd(q.x, q.y, azimuth + 180 + 30, size_km * 1000)
    return LineString([(left[0], left[1]), (q.x, q.y), (right[0], right[1])])


def _merged(geom) -> LineString:
    merged = linemerge(geom) if isinstance(geom, MultiLineString) else geom
    if isinstance(merged, MultiLineString):
        merged = max(merged.geoms, key=lambda g: g.length)
    return merged


def flow_lines(
    data: pd.DataFrame,
    *,
    origin: str = "origin",
    destination: str = "destination",
    value: str = "value",
    label: str | None = None,
    G=None,
    weight: str = "travel_time_h",
) -> gpd.GeoDataFrame:
    """Route each origin–destination pair over the network and attach its value.

    Parameters
    ----------
    data : DataFrame
        One row per flow; the pairs are place names or ids (ports, cities, sub-zones).
    origin, destination, value : str
        Column names.
    label : str, optional
        Column used as the flow's name (default: ``"origin → destination"``).
    G : networkx.MultiDiGraph, optional
        Network to route on (default: ``build_network()``).

    Returns
    -------
    GeoDataFrame
        One row per flow with its route geometry, ``value``, ``length_km``, ``name_en``.

    Raises
    ------
    ValidationError
        Listing rows whose value is not a non-negative number, or whose places cannot be routed.
    """
    from ..network import build_network
    from ..routing import route_feature, shortest_path

    missing = [c for c in (origin, destination, value) if c not in data.columns]
    if missing:
        raise ValidationError(
            "flows",
            [
                Problem(f"column {c!r}", "missing", f"name the column {c!r} or pass {c}=...")
                for c in missing
            ],
        )
    G = build_network() if G is None else G
    problems, rows = [], []
    for i, row in data.reset_index(drop=True).iterrows():
        v = pd.to_numeric(pd.Series([row[value]]), errors="coerce").iloc[0]
        if not np.isfinite(v) or v < 0:
            problems.append(
                Problem(
                    f"row {i}",
                    f"{value}={row[value]!r} is not a non-negative number",
                    "fix the value",
                )
            )
            continue
        try:
            route = shortest_path(G, str(row[origin]), str(row[destination]), weight=weight)
        except FtzgeoError as exc:
            problems.append(
                Problem(f"row {i}", str(exc), "check the place names (ftzgeo route A B)")
            )
            continue
        feat = route_feature(G, route, weight=weight).iloc[0]
        name = str(row[label]) if label else f"{row[origin]} → {row[destination]}"
        rows.append(
            {
                "id": f"flow-{i}",
                "name_en": name,
                "value": float(v),
                "length_km": feat["length_km"],
                "geometry": _merged(feat.geometry),
            }
        )
    if problems:
        raise ValidationError("flows", problems)
    frame = pd.DataFrame(rows, columns=["id", "name_en", "value", "length_km", "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


class WidthLegend(MacroElement):
    """Legend of flow widths: three sample values and the line width each is drawn with."""

    def __init__(self, title: str, samples: Sequence[tuple[float, float]], unit: str) -> None:
        super().__init__()
        self._name = "ftzgeo_width_legend"
        rows = "".join(
            f'<div class="ftz-row"><svg width="40" height="{max(12, w + 4):.0f}"><line x1="2" y1="{(w + 4) / 2:.1f}" '
            f'x2="38" y2="{(w + 4) / 2:.1f}" stroke="{FLOW_COLOR}" stroke-width="{w:.1f}"/></svg>'
            f"<span>{escape(f'{v:,.4g}')} {escape(unit)}</span></div>"
            for v, w in samples
        )
        self.html = f"<h4>{escape(title)}</h4>{rows}"

    def render(self, **kwargs: object) -> None:
        m = self._parent
        if isinstance(m, folium.Map):
            call = ScriptCall("addLegend", [self.html], "ftzgeo_width_legend_call")
            call._parent = m
            call.render(**kwargs)


def flows(
    m: folium.Map,
    data: pd.DataFrame,
    *,
    origin: str = "origin",
    destination: str = "destination",
    value: str = "value",
    label: str | None = None,
    unit: str = "",
    title: str = "Flows",
    max_width_px: float = 14.0,
    min_width_px: float = 1.5,
    G=None,
) -> gpd.GeoDataFrame:
    """Draw flows on a map: each along its real route, width proportional to its value.

    Widths scale with the square root of the value (so areas, not lengths, compare), between
    `min_width_px` and `max_width_px`; a chevron on each route shows the direction; a width
    legend shows three sample values. Labels are escaped like all text from data.

    Returns
    -------
    GeoDataFrame
        The routed flows (see :func:`flow_lines`).
    """
    lines = flow_lines(data, origin=origin, destination=destination, value=value, label=label, G=G)
    if lines.empty:
        raise InvalidArgumentError("no flows to draw")
    vmax = float(lines["value"].max()) or 1.0

    def width(v: float) -> float:
        return min_width_px + (max_width_px - min_width_px) * math.sqrt(v / vmax)

    shown = lines.assign(value_label=[f"{v:,.4g} {unit}".strip() for v in lines["value"]])
    for row in shown.itertuples(index=False):
        one = gpd.GeoDataFrame([row._asdict()], geometry="geometry", crs=4326)
        style = {"color": FLOW_COLOR, "weight": round(width(row.value), 1), "opacity": 0.75}
        add_layer(
            m,
            one,
            name=row.name_en,
            group=title,
            layer="user",
            style=style,
            fields=[("value_label", "Value"), ("length_km", "Route length (km)")],
            timeline=False,
        )
        arrow = gpd.GeoDataFrame(
            {"id": [f"{row.id}-dir"], "name_en": [row.name_en]},
            geometry=[_arrowhead(row.geometry)],
            crs=4326,
        )
        add_layer(
            m,
            arrow,
            name=f"{row.name_en} (direction)",
            group=title,
            layer="user",
            style={"color": FLOW_COLOR, "weight": 3, "opacity": 0.9},
            popup=False,
            timeline=False,
        )
    samples = [(v, width(v)) for v in (vmax / 10, vmax / 2, vmax)]
    m.add_child(WidthLegend(title, samples, unit))
    return lines
