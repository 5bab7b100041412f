"""Flows between places routed over the network: one route per origin–destination row.

Each end of a flow is a place (a name or id, as :func:`resolve_place` finds it) or a coordinate
(a shapely Point, a ``(lon, lat)`` pair, or two coordinate columns) snapped to the nearest place
within ``max_snap_km``; a coordinate farther than that from every place is an error, never a
silent detour. Flows are named by the places they join, never by ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from shapely.geometry import LineString, MultiLineString, Point
from shapely.ops import linemerge

from ..errors import (
    FtzgeoError,
    InvalidArgumentError,
    Problem,
    UnknownPlaceError,
    ValidationError,
)
from .paths import route_feature, shortest_path
from .places import nearest_place, resolve_place

__all__ = ["flow_lines"]

Columns = str | tuple[str, str] | list[str]

COLUMNS = [
    "id",
    "name_en",
    "origin_name",
    "destination_name",
    "value",
    "length_km",
    "origin_snap_km",
    "destination_snap_km",
    "geometry",
]


@dataclass(frozen=True)
class _End:
    node: str
    snap_km: float


def _merged(geom: LineString | MultiLineString) -> LineString:
    merged = linemerge(geom) if isinstance(geom, MultiLineString) else geom
    if isinstance(merged, MultiLineString):
        merged = max(merged.geoms, key=lambda g: g.length)
    return merged


def _lonlat(value: object) -> tuple[float, float] | None:
    """A coordinate as (lon, lat) when `value` is a Point or a pair of numbers, else None."""
    if isinstance(value, Point):
        return float(value.x), float(value.y)
    if isinstance(value, (tuple, list, np.ndarray)) and len(value) == 2:
        try:
            return float(value[0]), float(value[1])
        except (TypeError, ValueError):
            return None
    return None


def _end(G: nx.MultiDiGraph, row: pd.Series, spec: Columns, max_snap_km: float) -> _End:
    """The node one end of a flow starts or ends at (raising FtzgeoError with the reason)."""
    value = row[spec] if isinstance(spec, str) else (row[spec[0]], row[spec[1]])
    xy = _lonlat(value)
    if xy is None:
        return _End(resolve_place(G, str(value)), 0.0)
    node, km = nearest_place(G, *xy)
    if km > max_snap_km:
        raise UnknownPlaceError(
            f"({xy[0]:.4f}, {xy[1]:.4f}) is {km:,.0f} km from the nearest place in the network "
            f"({G.nodes[node].get('name')}), beyond max_snap_km={max_snap_km:g}"
        )
    return _End(node, km)


def _published(value: object) -> tuple[str, int] | None:
    """``(indicator, year)`` when `value` names a published figure, None for a column."""
    if isinstance(value, str):
        return None
    from ..indicator_table import UNITS

    if (
        isinstance(value, tuple)
        and len(value) == 2
        and value[0] in UNITS
        and isinstance(value[1], (int, np.integer))
    ):
        return str(value[0]), int(value[1])
    raise InvalidArgumentError(
        f"value= takes a column name or (indicator, year), e.g. ('freight_trains', 2024), with "
        f"an indicator of {', '.join(UNITS)}; got {value!r}"
    )


def _port_figure(published: tuple[str, int], ports: str, row: int) -> tuple[float, Problem | None]:
    """The published figure of a route's exit port (its first land port), or the problem."""
    from ..indicator_table import indicators
    from .tables import _figure_for

    indicator, year = published
    port = ports.split(", ")[0] if ports else ""
    if not port:
        return 0.0, Problem(f"row {row}", "the route crosses no land port of China", "use a column")
    hit = _figure_for(indicators(indicator=indicator, year=year, period="year"), port)
    if hit is None:
        return 0.0, Problem(
            f"row {row}",
            f"no {indicator} for {year} was published for its exit port {port!r}",
            f"pick a year that has one (fz.indicators(feature={port!r}, indicator={indicator!r}))",
        )
    return float(hit["value"]), None


def _check_columns(data: pd.DataFrame, specs: Sequence[tuple[str, Columns]]) -> None:
    problems = []
    for arg, spec in specs:
        if not isinstance(spec, str) and len(spec) != 2:
            problems.append(
                Problem(
                    arg,
                    f"{spec!r} is not a column or a (lon, lat) pair of columns",
                    f"pass {arg}='column' or {arg}=('lon', 'lat')",
                )
            )
            continue
        for c in (spec,) if isinstance(spec, str) else spec:
            if c not in data.columns:
                problems.append(
                    Problem(f"column {c!r}", "missing", f"name the column or pass {arg}=...")
                )
    if problems:
        raise ValidationError("flows", problems)


def flow_lines(
    data: pd.DataFrame,
    *,
    origin: Columns = "origin",
    destination: Columns = "destination",
    value: str | tuple[str, int] = "value",
    label: str | None = None,
    G: nx.MultiDiGraph | None = None,
    weight: str = "travel_time_h",
    max_snap_km: float = 25.0,
) -> gpd.GeoDataFrame:
    """Route each origin–destination pair over the network and attach its value.

    Parameters
    ----------
    data : DataFrame
        One row per flow.
    origin, destination : str or (str, str)
        The column holding each end: place names or ids (ports, cities, sub-zones, hubs),
        shapely Points or ``(lon, lat)`` pairs in WGS84; or a pair of column names
        ``("o_lon", "o_lat")`` holding longitude and latitude.
    value : str or (str, int)
        Column of non-negative numbers (tonnes, trains, ...); or ``(indicator, year)``, e.g.
        ``("freight_trains", 2024)``: each flow takes the published figure of its route's exit
        port for that year (:func:`ftzgeo.routing.with_exit_port_indicator`'s rule), and a flow
        whose port has none is an error, not a zero.
    label : str, optional
        Column used as the flow's name (default: ``"<origin place> → <destination place>"``,
        from the places' names).
    G : networkx.MultiDiGraph, optional
        Network to route on (default: ``build_network()``).
    weight : {"travel_time_h", "length_km"}
        Route by time or by distance.
    max_snap_km : float, default 25
        How far a coordinate may lie from the place it is routed from (geodesic km).

    Returns
    -------
    GeoDataFrame
        One row per flow: route geometry, ``name_en``, ``origin_name``, ``destination_name``,
        ``value``, ``length_km`` and how far each coordinate end was snapped
        (``origin_snap_km``, ``destination_snap_km``; 0 for named places).

    Raises
    ------
    ValidationError
        Listing every row whose value is not a non-negative number, whose place is unknown,
        whose coordinate is too far from any place, or whose places are not connected.
    """
    from ..network import build_network

    published = _published(value)
    columns = [("origin", origin), ("destination", destination)]
    _check_columns(data, columns + ([("value", value)] if published is None else []))  # type: ignore[list-item]
    G = build_network() if G is None else G
    problems, rows = [], []
    for i, row in data.reset_index(drop=True).iterrows():
        v = (
            0.0
            if published is not None
            else pd.to_numeric(pd.Series([row[value]]), errors="coerce").iloc[0]
        )
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
            o, d = _end(G, row, origin, max_snap_km), _end(G, row, destination, max_snap_km)
            if o.node == d.node:
                raise InvalidArgumentError(
                    f"both ends are {G.nodes[o.node].get('name', o.node)!r}: a flow within one "
                    "place is finer than the network resolves"
                )
            route = shortest_path(G, o.node, d.node, weight=weight)
        except FtzgeoError as exc:
            problems.append(
                Problem(
                    f"row {i}", str(exc), "check the place names or coordinates (ftzgeo route A B)"
                )
            )
            continue
        feat = route_feature(G, route, weight=weight).iloc[0]
        if published is not None:
            ports = feat["ports"] if isinstance(feat["ports"], str) else ""
            v, problem = _port_figure(published, ports, i)
            if problem is not None:
                problems.append(problem)
                continue
        names = str(G.nodes[o.node].get("name", o.node)), str(G.nodes[d.node].get("name", d.node))
        rows.append(
            {
                "id": f"flow-{i}",
                "name_en": str(row[label]) if label else f"{names[0]} → {names[1]}",
                "origin_name": names[0],
                "destination_name": names[1],
                "value": float(v),
                "length_km": feat["length_km"],
                "origin_snap_km": round(o.snap_km, 3),
                "destination_snap_km": round(d.snap_km, 3),
                "geometry": _merged(feat.geometry),
            }
        )
    if problems:
        raise ValidationError("flows", problems)
    return gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=COLUMNS), geometry="geometry", crs="EPSG:4326"
    )
