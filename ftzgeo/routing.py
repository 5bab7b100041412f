"""Routes on the connectivity network: shortest paths, tables, reachability, scenarios.

Single queries use networkx; batch queries (one-to-all, many-to-many tables) compile the graph
once into a sparse matrix (:class:`CompiledGraph`) and run :func:`scipy.sparse.csgraph.dijkstra`,
which is what keeps them fast on networks of hundreds of thousands of edges.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from .checks import check_int
from .errors import InvalidArgumentError, NoRouteError, UnknownPlaceError

__all__ = [
    "CompiledGraph",
    "NoRouteError",
    "UnknownPlaceError",
    "compare_scenarios",
    "connectivity_table",
    "k_shortest_paths",
    "reachable_within",
    "resolve_place",
    "route_feature",
    "route_summary",
    "route_to_gdf",
    "shortest_path",
]

log = logging.getLogger(__name__)

WEIGHTS = ("travel_time_h", "length_km")
#: Most routes :func:`k_shortest_paths` returns: each costs a shortest-path search, and the
#: number of loop-free routes in a real network is astronomically large.
MAX_K = 100
_KIND_ORDER = {"subzone": 0, "city": 1, "hub": 2, "port": 3, "crossing": 4}
CENTRAL_ASIAN_CAPITALS = ("astana", "bishkek", "tashkent", "dushanbe", "ashgabat")
DEFAULT_DESTINATIONS = ("almaty", *CENTRAL_ASIAN_CAPITALS, "islamabad")


def _check_weight(weight: str) -> None:
    if weight not in WEIGHTS:
        raise InvalidArgumentError(f"weight must be one of {', '.join(WEIGHTS)}, got {weight!r}")


def _places(G) -> list[tuple[str, dict]]:
    return [
        (n, d)
        for n, d in G.nodes(data=True)
        if d.get("kind") in _KIND_ORDER and not d.get("arrival")
    ]


def _to(G, node: str) -> str:
    """The arrival node of a place (routes end there), or the node itself."""
    end = f"{node}>"
    return end if end in G else node


def resolve_place(G, place: str) -> str:
    """Find a place node by node id, place id or English name, case-insensitively.

    When a name fits several places, FTZ sub-zones win over cities, cities over hubs, hubs
    over land ports and land ports over other border crossings (``"kashgar"`` is the Kashgar
    sub-zone; ``"city:kashgar"`` is the city).

    Raises
    ------
    UnknownPlaceError
        Listing the closest matches.
    """
    if (
        place in G
        and G.nodes[place].get("kind") in _KIND_ORDER
        and not G.nodes[place].get("arrival")
    ):
        return place
    want = str(place).strip().lower()
    candidates = _places(G)
    for key in ("id", "name"):
        hits = [(n, d) for n, d in candidates if str(d.get(key, "")).lower() == want]
        if hits:
            return min(hits, key=lambda item: _KIND_ORDER[item[1]["kind"]])[0]
    words = {str(d.get("id", "")).lower(): n for n, d in candidates}
    words.update({str(d.get("name", "")).lower(): n for n, d in candidates})
    words.update({n.lower(): n for n, _ in candidates})
    close = difflib.get_close_matches(want, list(words), n=5, cutoff=0.5)
    hint = f" Closest: {', '.join(repr(c) for c in close)}." if close else ""
    raise UnknownPlaceError(
        f"no place {place!r} in the network.{hint} Places are cities, sub-zones, hubs, land "
        "ports and border crossings."
    )


def _best_edges(G, route: Sequence[str], weight: str) -> list[tuple[str, str, int, dict]]:
    out = []
    for u, v in itertools.pairwise(route):
        k, d = min(G[u][v].items(), key=lambda item: item[1].get(weight, np.inf))
        out.append((u, v, k, d))
    return out


def _no_route(G, o: str, d: str) -> NoRouteError:
    import networkx as nx

    on, dn = G.nodes[o], G.nodes[d]
    scope = f"modes {', '.join(G.graph.get('modes', ()))}; status {', '.join(G.graph.get('status', ()))}"
    if G.graph.get("year") is not None:
        scope += f"; year {G.graph['year']}"
    if G.out_degree(o) == 0 or G.in_degree(_to(G, d)) == 0:
        lonely = on if G.out_degree(o) == 0 else dn
        why = f"{lonely.get('name')} is not within access distance of any line of these modes"
    else:
        reached = {G.nodes[n].get("country") for n in nx.descendants(G, o)} - {None}
        crossings = sorted(
            {
                e.get("port")
                for *_, e in G.edges(data=True)
                if e.get("mode") == "border" and e.get("crossing_kind") == "land_port"
            }
        )
        why = (
            f"from {on.get('name')} the network reaches {', '.join(sorted(reached)) or 'nothing'}, "
            f"not {dn.get('country')}; open China border crossings in it: {', '.join(crossings) or 'none'}"
        )
    holes = sorted({f"{h['id']} ({h['reason']})" for h in G.graph.get("dropped", [])})
    if holes:
        why += f"; lines dropped at borders with no crossing point: {', '.join(holes[:5])}"
    return NoRouteError(f"no route from {on.get('name')!r} to {dn.get('name')!r} ({scope}): {why}")


def shortest_path(G, origin: str, destination: str, *, weight: str = "travel_time_h") -> list[str]:
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
    import networkx as nx

    _check_weight(weight)
    o, d = resolve_place(G, origin), resolve_place(G, destination)
    if o == d:
        return [o]
    try:
        return nx.shortest_path(G, o, _to(G, d), weight=weight)
    except nx.NetworkXNoPath:
        raise _no_route(G, o, d) from None


def route_to_gdf(G, route: Sequence[str], *, weight: str = "travel_time_h") -> gpd.GeoDataFrame:
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
                "geometry": d["geometry"],
            }
        )
    columns = ["step", "u", "v", "mode", "id", "length_km", "travel_time_h", "border", "port"]
    columns += ["crossing_name", "gauge_change", "gauge_mm", "geometry"]
    # A route from a place to itself has no edges: an empty table with the same columns.
    frame = pd.DataFrame(rows, columns=columns)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=G.graph.get("crs", "EPSG:4326"))


def route_feature(
    G, route: Sequence[str], *, weight: str = "travel_time_h", name: str | None = None
) -> gpd.GeoDataFrame:
    """One route as a single feature (a MultiLineString) with its totals, ready to map."""
    from shapely.geometry import MultiLineString

    s = route_summary(G, route, weight=weight)
    parts = [g for g in route_to_gdf(G, route, weight=weight).geometry if g.length > 0]
    t = _totals(s)
    row = {
        "id": "route-" + hashlib.sha1("|".join(map(str, route)).encode()).hexdigest()[:10],
        "name_en": name or f"{s['origin']} → {s['destination']}",
        "length_km": t.pop("km"),
        "travel_time_h": t.pop("hours"),
        **t,
        "geometry": MultiLineString([list(g.coords) for g in parts]),
    }
    return gpd.GeoDataFrame([row], geometry="geometry", crs=G.graph.get("crs", "EPSG:4326"))


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


def route_summary(G, route: Sequence[str], *, weight: str = "travel_time_h") -> dict:
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
    G, origin: str, destination: str, k: int, *, weight: str = "travel_time_h"
) -> list[list[str]]:
    """Up to `k` loop-free routes, best first (Yen's algorithm via networkx)."""
    import itertools

    import networkx as nx

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


@dataclass
class CompiledGraph:
    """A network compiled to a sparse matrix for batch shortest paths.

    Parallel edges keep their smallest weight; results are identical to networkx's Dijkstra.

    Parameters
    ----------
    G : networkx graph
        Directed (multi)graph with a numeric edge attribute `weight`.
    weight : str
        Edge attribute to minimise.
    """

    nodes: list
    index: dict
    matrix: object  # scipy.sparse.csr_matrix
    weight: str

    @classmethod
    def from_graph(cls, G, weight: str = "travel_time_h") -> CompiledGraph:
        """Compile `G` once; reuse the result for many queries."""
        nodes = list(G.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        # Parallel edges of a multigraph all come through; from_arrays keeps the smallest.
        triples = ((index[u], index[v], d.get(weight, np.inf)) for u, v, d in G.edges(data=True))
        arr = np.fromiter(triples, dtype=[("u", np.int64), ("v", np.int64), ("w", np.float64)])
        return cls.from_arrays(nodes, arr["u"], arr["v"], arr["w"], weight=weight, index=index)

    @classmethod
    def from_arrays(
        cls, nodes, u, v, w, *, weight: str = "weight", index: dict | None = None
    ) -> CompiledGraph:
        """Compile from edge arrays (node positions ``u`` → ``v`` with weight ``w``)."""
        from scipy.sparse import csr_matrix

        n = len(nodes)
        u, v, w = np.asarray(u), np.asarray(v), np.asarray(w, dtype=float)
        if np.any(w < 0):
            raise InvalidArgumentError("edge weights must not be negative")
        ok = np.isfinite(w)
        u, v, w = u[ok], v[ok], w[ok]
        # Keep the smallest of parallel edges: sort by (u, v, w) and take the first of each pair.
        order = np.lexsort((w, v, u))
        u, v, w = u[order], v[order], w[order]
        first = np.ones(len(u), dtype=bool)
        first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
        u, v, w = u[first], v[first], w[first]
        # csgraph ignores stored zeros; a tiny positive weight keeps zero-cost edges as edges.
        w = np.where(w == 0, np.finfo(float).tiny, w)
        matrix = csr_matrix((w, (u, v)), shape=(n, n))
        return cls(list(nodes), index or {node: i for i, node in enumerate(nodes)}, matrix, weight)

    def _idx(self, nodes: Iterable) -> np.ndarray:
        try:
            return np.array([self.index[n] for n in nodes], dtype=np.int64)
        except KeyError as exc:
            raise UnknownPlaceError(f"node {exc.args[0]!r} is not in the compiled graph") from None

    def distances(self, origins: Sequence, *, limit: float = np.inf, predecessors: bool = False):
        """Distances from each origin to every node (``inf`` where unreachable)."""
        from scipy.sparse.csgraph import dijkstra

        idx = self._idx(origins)
        out = dijkstra(
            self.matrix, directed=True, indices=idx, limit=limit, return_predecessors=predecessors
        )
        if predecessors:
            dist, pred = out
            return _untiny(dist), pred
        return _untiny(out)

    def one_to_all(self, origin, *, limit: float = np.inf) -> pd.Series:
        """Distance from `origin` to every reachable node, as a Series indexed by node."""
        dist = self.distances([origin], limit=limit)[0]
        ok = np.isfinite(dist)
        return pd.Series(
            dist[ok], index=[self.nodes[i] for i in np.flatnonzero(ok)], name=self.weight
        )

    def table(self, origins: Sequence, destinations: Sequence) -> pd.DataFrame:
        """Many-to-many distance table (rows: origins, columns: destinations)."""
        dist = self.distances(origins)
        cols = self._idx(destinations)
        return pd.DataFrame(dist[:, cols], index=list(origins), columns=list(destinations))

    def path(self, pred_row: np.ndarray, origin, destination) -> list | None:
        """Rebuild the node path to `destination` from one row of predecessors."""
        o, d = self.index[origin], self.index[destination]
        if o != d and pred_row[d] < 0:
            return None
        out = [d]
        while out[-1] != o:
            out.append(int(pred_row[out[-1]]))
        return [self.nodes[i] for i in reversed(out)]


def _untiny(dist: np.ndarray) -> np.ndarray:
    # Sums of the stand-in for zero weights are far below any real weight: round them away.
    return np.where(dist < 1e-250, 0.0, dist)


def reachable_within(
    G, origin: str, *, hours: float, weight: str = "travel_time_h"
) -> pd.DataFrame:
    """Places reachable from `origin` within `hours` (or kilometres, with ``weight="length_km"``).

    Returns
    -------
    pandas.DataFrame
        Indexed by node: ``id``, ``name``, ``kind``, ``country`` and the cost, sorted by cost.
    """
    _check_weight(weight)
    if hours < 0:
        raise InvalidArgumentError(f"hours must not be negative, got {hours}")
    o = resolve_place(G, origin)
    cg = CompiledGraph.from_graph(G, weight)
    cost = cg.one_to_all(o, limit=hours)
    rows = []
    for node, value in cost.items():
        d = G.nodes[node]
        if d.get("kind") in _KIND_ORDER and d.get("arrival") and node != _to(G, o):
            rows.append(
                {
                    "node": node[:-1],
                    "id": d.get("id"),
                    "name": d.get("name"),
                    "kind": d["kind"],
                    "country": d.get("country"),
                    weight: float(value),
                }
            )
    frame = pd.DataFrame(rows, columns=["node", "id", "name", "kind", "country", weight])
    return frame.set_index("node").sort_values(weight)


def _default_origins(G) -> list[str]:
    return sorted(
        n for n, d in G.nodes(data=True) if d.get("kind") == "subzone" and not d.get("arrival")
    )


def _default_destinations(G) -> list[str]:
    return [f"city:{c}" for c in DEFAULT_DESTINATIONS if f"city:{c}" in G]


def connectivity_table(
    G=None,
    *,
    origins: Sequence[str] | None = None,
    destinations: Sequence[str] | None = None,
    weight: str = "travel_time_h",
    networks: Sequence[tuple[str, ...]] = (("road",), ("rail",), ("rail", "road")),
    **build_kwargs: object,
) -> pd.DataFrame:
    """Distance, time, crossings and ports from each origin to each destination.

    Parameters
    ----------
    G : networkx.MultiDiGraph, optional
        A network to use. Without one, a network is built for each entry of `networks`
        (road only, rail only, multimodal) with `build_kwargs` (e.g. ``year=2011``).
    origins, destinations : sequence of str
        Places (ids or names); by default the FTZ sub-zones and Almaty, the Central Asian
        capitals and Islamabad.
    weight : {"travel_time_h", "length_km"}
        Which route to pick: the fastest or the shortest.

    Returns
    -------
    pandas.DataFrame
        One row per origin, destination and network: ``km``, ``hours``,
        ``border_crossings``, ``ports`` (China's land ports), ``crossings`` (every border
        crossing point, in order), ``countries`` (in order), ``gauge_changes``, ``modes``,
        ``reachable`` and, for an unreachable pair, ``why_unreachable``: what the network
        reaches and which lines were dropped at borders with no crossing point.
    """
    from .network import build_network

    _check_weight(weight)
    graphs = (
        [("given", G)]
        if G is not None
        else [("+".join(m), build_network(modes=m, **build_kwargs)) for m in networks]
    )
    rows = []
    for label, g in graphs:
        o_nodes = [resolve_place(g, o) for o in origins] if origins else _default_origins(g)
        d_nodes = (
            [resolve_place(g, d) for d in destinations]
            if destinations
            else _default_destinations(g)
        )
        cg = CompiledGraph.from_graph(g, weight)
        _, pred = cg.distances(o_nodes, predecessors=True)
        for i, o in enumerate(o_nodes):
            for d in d_nodes:
                path = [o] if o == d else cg.path(pred[i], o, _to(g, d))
                base = {
                    "origin": g.nodes[o].get("name"),
                    "destination": g.nodes[d].get("name"),
                    "network": label,
                }
                if path is None:
                    why = str(_no_route(g, o, d)).split(": ", 1)[-1]
                    rows.append({**base, "reachable": False, "why_unreachable": why})
                    continue
                s = route_summary(g, path, weight=weight)
                rows.append({**base, "reachable": True, **_totals(s)})
    cols = [
        "origin",
        "destination",
        "network",
        "reachable",
        "km",
        "hours",
        "border_crossings",
        "ports",
        "crossings",
        "countries",
        "gauge_changes",
        "modes",
        "why_unreachable",
    ]
    return pd.DataFrame(rows).reindex(columns=cols)


def compare_scenarios(
    base,
    scenario,
    *,
    origins: Sequence[str] | None = None,
    destinations: Sequence[str] | None = None,
    weight: str = "travel_time_h",
    labels: tuple[str, str] = ("base", "scenario"),
) -> pd.DataFrame:
    """The connectivity table for two networks side by side, with the time saved per pair.

    Parameters
    ----------
    base, scenario : networkx.MultiDiGraph
        E.g. ``build_network()`` and ``build_network(status=("operating", "under_construction"))``.

    Returns
    -------
    pandas.DataFrame
        Per origin and destination: km and hours in each network, ``hours_saved`` (positive
        when the scenario is faster), ``km_saved``, ``newly_reachable`` and
        ``no_longer_reachable``; ports used in each.
    """
    a = connectivity_table(base, origins=origins, destinations=destinations, weight=weight)
    b = connectivity_table(scenario, origins=origins, destinations=destinations, weight=weight)
    keys = ["origin", "destination"]
    keep = ["reachable", "km", "hours", "border_crossings", "ports", "gauge_changes", "modes"]
    merged = a[keys + keep].merge(
        b[keys + keep], on=keys, suffixes=(f"_{labels[0]}", f"_{labels[1]}")
    )
    merged["hours_saved"] = merged[f"hours_{labels[0]}"] - merged[f"hours_{labels[1]}"]
    merged["km_saved"] = merged[f"km_{labels[0]}"] - merged[f"km_{labels[1]}"]
    was = merged[f"reachable_{labels[0]}"].fillna(False).astype(bool)
    now = merged[f"reachable_{labels[1]}"].fillna(False).astype(bool)
    merged["newly_reachable"] = ~was & now
    merged["no_longer_reachable"] = was & ~now
    return merged
