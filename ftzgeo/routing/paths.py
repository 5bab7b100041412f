"""Single routes: shortest and k-shortest paths, their edges, summaries and map features."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd

from ..checks import check_int
from .places import MAX_K, _check_weight, _no_route, _to, resolve_place

__all__ = ["k_shortest_paths", "route_feature", "route_summary", "route_to_gdf", "shortest_path"]


def _best_edges(
    G: nx.MultiDiGraph, route: Sequence[str], weight: str
) -> list[tuple[str, str, int, dict]]:
    out = []
    for u, v in itertools.pairwise(route):
        k, d = min(G[u][v].items(), key=lambda item: item[1].get(weight, np.inf))
        out.append((u, v, k, d))
    return out


def shortest_path(
    G: nx.MultiDiGraph, origin: str, destination: str, *, weight: str = "travel_time_h"
) -> list[str]:
    """Shortest route between two places.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        From :func:`ftzgeo.network.build_network`.
    origin, destination : str
        Places by node id, id or name, case-insensitive.
    weight : {"travel_time_h", "length_km"}
        Fastest or shortest.

    Returns
    -------
    list of str
        Node ids along the route.

    Raises
    ------
    UnknownPlaceError, NoRouteError
    """
    _check_weight(weight)
    o, d = resolve_place(G, origin), resolve_place(G, destination)
    if o == d:
        return [o]
    try:
        return nx.shortest_path(G, o, _to(G, d), weight=weight)
    except nx.NetworkXNoPath:
        raise _no_route(G, o, d) from None


def route_to_gdf(
    G: nx.MultiDiGraph, route: Sequence[str], *, weight: str = "travel_time_h"
) -> gpd.GeoDataFrame:
    """The edges of a route, in order, as a GeoDataFrame (one row per edge)."""
    rows = []
    for i, (u, v, _k, d) in enumerate(_best_edges(G, route, weight)):
        rows.append(
            {
                "step": i,
                "u": u,
                "v": v,
                "mode": d.get("mode"),
                "id": d.get("id"),
                "length_km": d.get("length_km", 0.0),
                "travel_time_h": d.get("travel_time_h", 0.0),
                "border": d.get("border"),
                "port": d.get("port"),
                "crossing_name": d.get("crossing_name"),
                "gauge_change": bool(d.get("gauge_change", False)),
                "gauge_mm": d.get("gauge_mm"),
                "status": d.get("status"),
                "opened": d.get("opened"),
                "geometry": d["geometry"],
            }
        )
    columns = ["step", "u", "v", "mode", "id", "length_km", "travel_time_h", "border", "port"]
    columns += ["crossing_name", "gauge_change", "gauge_mm", "status", "opened", "geometry"]
    # A route from a place to itself has no edges: an empty table with the same columns.
    frame = pd.DataFrame(rows, columns=columns)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=G.graph.get("crs", "EPSG:4326"))


def route_feature(
    G: nx.MultiDiGraph,
    route: Sequence[str],
    *,
    weight: str = "travel_time_h",
    name: str | None = None,
) -> gpd.GeoDataFrame:
    """One route as a single feature (a MultiLineString) with its totals, ready to map."""
    from shapely.geometry import MultiLineString

    s = route_summary(G, route, weight=weight)
    steps = route_to_gdf(G, route, weight=weight)
    parts = [g for g in steps.geometry if g.length > 0]
    t = _totals(s)
    status, opened = _as_of(steps)
    row = {
        "id": "route-" + hashlib.sha1("|".join(map(str, route)).encode()).hexdigest()[:10],
        "name_en": name or f"{s['origin']} → {s['destination']}",
        "name_zh": None if name else _name_zh(G, route),
        "length_km": t.pop("km"),
        "travel_time_h": t.pop("hours"),
        **t,
        "status": status,
        "opened": opened,
        "geometry": MultiLineString([list(g.coords) for g in parts]),
    }
    return gpd.GeoDataFrame([row], geometry="geometry", crs=G.graph.get("crs", "EPSG:4326"))


def _name_zh(G: nx.MultiDiGraph, route: Sequence[str]) -> str | None:
    """The route's name in Chinese: its ends' ``name_zh`` (None unless both ends have one)."""
    ends = [G.nodes[route[0]].get("name_zh"), G.nodes[route[-1]].get("name_zh")]
    return " → ".join(ends) if all(isinstance(e, str) and e for e in ends) else None


_STATUS_ORDER = ("operating", "under_construction", "suspended", "planned", "closed")


def _as_of(steps: pd.DataFrame) -> tuple[str | None, int | None]:
    """A route's status and first year: its least-built step, and its newest opening year.

    So a map's year slider shows a route only in the years every line and port on it existed.
    """
    if steps.empty:
        return None, None
    statuses = [st for st in steps.get("status", pd.Series(dtype=object)) if isinstance(st, str)]
    rank = {st: i for i, st in enumerate(_STATUS_ORDER)}  # unknown statuses count as least built
    status = max(statuses, key=lambda st: rank.get(st, len(rank)), default=None)
    years = pd.to_numeric(steps.get("opened", pd.Series(dtype=float)), errors="coerce").dropna()
    return status, (int(years.max()) if len(years) else None)


def _totals(s: dict) -> dict:
    """A route summary's totals, rounded for tables and maps."""
    return {
        "km": round(s["length_km"], 1),
        "hours": round(s["travel_time_h"], 1),
        "border_crossings": s["border_crossings"],
        "ports": ", ".join(s["ports"]),
        "crossings": ", ".join(s["crossings"]),
        "countries": "-".join(s["countries"]),
        "gauge_changes": s["gauge_changes"],
        "modes": s["modes"],
    }


def route_summary(
    G: nx.MultiDiGraph, route: Sequence[str], *, weight: str = "travel_time_h"
) -> dict:
    """Totals of a route: km, hours, border crossings, ports, gauge changes, modes, lines.

    ``ports`` lists China's land ports the route uses, ``crossings`` the names of every border
    crossing point in order, and ``countries`` the countries it passes through, in order.
    """
    edges = _best_edges(G, route, weight)
    moving = [d for *_, d in edges if d.get("mode") in ("rail", "road")]
    modes = list(dict.fromkeys(d["mode"] for d in moving))
    countries = [G.nodes[n].get("country") for n in route]
    countries = [c for c, _ in itertools.groupby(c for c in countries if c)]
    return {
        "origin": G.nodes[route[0]].get("name"),
        "destination": G.nodes[route[-1]].get("name"),
        "length_km": float(sum(d.get("length_km", 0.0) for *_, d in edges)),
        "travel_time_h": float(sum(d.get("travel_time_h", 0.0) for *_, d in edges)),
        "border_crossings": sum(1 for *_, d in edges if d.get("border_crossing")),
        "ports": [d["port"] for *_, d in edges if d.get("crossing_kind") == "land_port"],
        "crossings": [d["crossing_name"] for *_, d in edges if d.get("crossing_name")],
        "countries": countries,
        "gauge_changes": sum(1 for *_, d in edges if d.get("gauge_change")),
        "modes": "+".join(modes),
        "lines": list(dict.fromkeys(d["id"] for d in moving if not d.get("connector"))),
    }


def k_shortest_paths(
    G: nx.MultiDiGraph, origin: str, destination: str, k: int, *, weight: str = "travel_time_h"
) -> list[list[str]]:
    """Up to `k` loop-free routes, best first (Yen's algorithm via networkx)."""
    import itertools

    _check_weight(weight)
    k = check_int("k", k, minimum=1, maximum=MAX_K)
    o, d = resolve_place(G, origin), resolve_place(G, destination)
    simple = nx.DiGraph()
    for u, v, data in G.edges(data=True):
        w = data.get(weight, np.inf)
        if not simple.has_edge(u, v) or simple[u][v][weight] > w:
            simple.add_edge(u, v, **{weight: w})
    if o not in simple or _to(G, d) not in simple:
        raise _no_route(G, o, d)
    try:
        return list(
            itertools.islice(nx.shortest_simple_paths(simple, o, _to(G, d), weight=weight), k)
        )
    except nx.NetworkXNoPath:
        raise _no_route(G, o, d) from None
