"""Flows between places routed over the network: one route per origin–destination row."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from shapely.geometry import LineString, MultiLineString
from shapely.ops import linemerge

from ..errors import FtzgeoError, Problem, ValidationError
from .paths import route_feature, shortest_path

__all__ = ["flow_lines"]


def _merged(geom: LineString | MultiLineString) -> LineString:
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
    G: nx.MultiDiGraph | None = None,
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
