"""Flow maps: values between places drawn along the routes they take, width by value.

Routing is not done here: :func:`ftzgeo.routing.flow_lines` turns a table of flows into route
lines, and :func:`flows` draws them (routing a plain table through it first).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from shapely.geometry import LineString

from ..errors import InvalidArgumentError
from ..geodesic import GEOD
from .elements import ScriptCall
from .layers import add_layer
from .popups import escape
from .styles import FLOW_COLOR

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["flows"]


def _arrowhead(line: LineString, at: float = 0.6, size_km: float = 25.0) -> LineString:
    """A chevron pointing along `line` at fraction `at` of its length (geodesic bearing)."""
    p = line.interpolate(at, normalized=True)
    q = line.interpolate(min(at + 0.01, 1.0), normalized=True)
    azimuth = GEOD.inv(p.x, p.y, q.x, q.y)[0]
    left = GEOD.fwd(q.x, q.y, azimuth + 180 - 30, size_km * 1000)
    right = GEOD.fwd(q.x, q.y, azimuth + 180 + 30, size_km * 1000)
    return LineString([(left[0], left[1]), (q.x, q.y), (right[0], right[1])])


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

    def render(self, **kwargs: object) -> None:  # type: ignore[override]
        m = self._parent
        if isinstance(m, folium.Map):
            call = ScriptCall("addLegend", [self.html], "ftzgeo_width_legend_call")
            call._parent = m
            call.render(**kwargs)


def flows(
    m: folium.Map,
    data: pd.DataFrame,
    *,
    origin: str | tuple[str, str] = "origin",
    destination: str | tuple[str, str] = "destination",
    value: str | tuple[str, int] = "value",
    label: str | None = None,
    max_snap_km: float = 25.0,
    unit: str = "",
    title: str = "Flows",
    max_width_px: float = 14.0,
    min_width_px: float = 1.5,
    G: nx.MultiDiGraph | None = None,
) -> gpd.GeoDataFrame:
    """Draw flows on a map: each along its route, width proportional to its value.

    Widths scale with the square root of the value (so areas, not lengths, compare), between
    `min_width_px` and `max_width_px`; a chevron on each route shows the direction; a width
    legend shows three sample values. Labels are escaped like all text from data.

    Parameters
    ----------
    m : folium.Map
        The map to draw on.
    data : DataFrame or GeoDataFrame
        Either flows already routed by :func:`ftzgeo.routing.flow_lines` (a GeoDataFrame with
        ``id``, ``name_en``, ``value``, ``length_km`` and line geometries), drawn as they are; or
        a plain table of ``origin``, ``destination`` and ``value`` columns, routed through it
        first over `G` (default: ``build_network()``).
    origin, destination, value, label, max_snap_km
        Columns of a plain table: ends by place name or id, Point, ``(lon, lat)`` pair or a
        pair of coordinate columns (see :func:`ftzgeo.routing.flow_lines`); `value` may be
        ``(indicator, year)`` to take each flow's exit-port figure as published.
    unit, title : str
        Unit of the values (by default an indicator's own) and the legend title.
    max_width_px, min_width_px : float
        Widths of the largest and the smallest flow.
    G : networkx.MultiDiGraph, optional
        Network to route a plain table on.

    Returns
    -------
    GeoDataFrame
        The routed flows.
    """
    if isinstance(data, gpd.GeoDataFrame) and {"value", "name_en", "id"} <= set(data.columns):
        lines = data
    else:
        from ..routing.flows import flow_lines  # the one use of routing: a table to route

        lines = flow_lines(
            data,
            origin=origin,
            destination=destination,
            value=value,
            label=label,
            G=G,
            max_snap_km=max_snap_km,
        )
    if lines.empty:
        raise InvalidArgumentError("no flows to draw")
    if not unit and not isinstance(value, str):  # a published figure: its own unit
        from ..indicator_table import UNITS

        unit = UNITS.get(str(value[0]), "")
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
