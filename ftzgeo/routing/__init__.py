"""Routes on the connectivity network: shortest paths, tables, reachability, scenarios.

Single queries use networkx; batch queries (one-to-all, many-to-many tables) compile the graph
once into a sparse matrix (:class:`CompiledGraph`) and run :func:`scipy.sparse.csgraph.dijkstra`,
which is what keeps them fast on networks of hundreds of thousands of edges.
"""

from ..errors import NoRouteError, UnknownPlaceError
from .compiled import CompiledGraph, reachable_within
from .flows import flow_lines
from .paths import k_shortest_paths, route_feature, route_summary, route_to_gdf, shortest_path
from .places import (
    CENTRAL_ASIAN_CAPITALS,
    DEFAULT_DESTINATIONS,
    MAX_K,
    WEIGHTS,
    nearest_place,
    resolve_place,
)
from .tables import compare_scenarios, connectivity_table

__all__ = [
    "CENTRAL_ASIAN_CAPITALS",
    "DEFAULT_DESTINATIONS",
    "MAX_K",
    "WEIGHTS",
    "CompiledGraph",
    "NoRouteError",
    "UnknownPlaceError",
    "compare_scenarios",
    "connectivity_table",
    "flow_lines",
    "k_shortest_paths",
    "nearest_place",
    "reachable_within",
    "resolve_place",
    "route_feature",
    "route_summary",
    "route_to_gdf",
    "shortest_path",
]
