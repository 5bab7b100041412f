"""Finding places in a network, and saying why two of them are not connected."""

from __future__ import annotations

import difflib

import networkx as nx
import numpy as np

from ..errors import InvalidArgumentError, NoRouteError, UnknownPlaceError
from ..geodesic import GEOD

__all__ = [
    "CENTRAL_ASIAN_CAPITALS",
    "DEFAULT_DESTINATIONS",
    "MAX_K",
    "WEIGHTS",
    "nearest_place",
    "resolve_place",
]

WEIGHTS = ("travel_time_h", "length_km")


MAX_K = 100


_KIND_ORDER = {"subzone": 0, "city": 1, "hub": 2, "port": 3, "crossing": 4}


CENTRAL_ASIAN_CAPITALS = ("astana", "bishkek", "tashkent", "dushanbe", "ashgabat")


DEFAULT_DESTINATIONS = ("almaty", *CENTRAL_ASIAN_CAPITALS, "islamabad")


def _check_weight(weight: str) -> None:
    if weight not in WEIGHTS:
        raise InvalidArgumentError(f"weight must be one of {', '.join(WEIGHTS)}, got {weight!r}")


def _places(G: nx.MultiDiGraph) -> list[tuple[str, dict]]:
    return [
        (n, d)
        for n, d in G.nodes(data=True)
        if d.get("kind") in _KIND_ORDER and not d.get("arrival")
    ]


def _to(G: nx.MultiDiGraph, node: str) -> str:
    """The arrival node of a place (routes end there), or the node itself."""
    end = f"{node}>"
    return end if end in G else node


def resolve_place(G: nx.MultiDiGraph, place: str) -> str:
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


def nearest_place(G: nx.MultiDiGraph, lon: float, lat: float) -> tuple[str, float]:
    """The place node nearest to a coordinate, and its geodesic distance in km.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        From :func:`ftzgeo.network.build_network`.
    lon, lat : float
        WGS84 degrees.

    Returns
    -------
    (str, float)
        The node id (as :func:`resolve_place` returns it) and the distance in km.

    Raises
    ------
    InvalidArgumentError
        If the coordinate is not a finite WGS84 longitude/latitude.
    UnknownPlaceError
        If the network has no places.
    """
    if not (np.isfinite(lon) and np.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidArgumentError(
            f"({lon!r}, {lat!r}) is not a WGS84 longitude, latitude pair: give lon first, in degrees"
        )
    places = _places(G)
    if not places:
        raise UnknownPlaceError("the network has no places to snap a coordinate to")
    xs = np.array([d["x"] for _, d in places], dtype=float)
    ys = np.array([d["y"] for _, d in places], dtype=float)
    _, _, dist = GEOD.inv(np.full_like(xs, lon), np.full_like(ys, lat), xs, ys)
    best = int(np.argmin(dist))
    return places[best][0], float(dist[best]) / 1000


def _no_route(G: nx.MultiDiGraph, o: str, d: str) -> NoRouteError:
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
