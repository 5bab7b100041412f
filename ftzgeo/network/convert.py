"""Networks to GeoDataFrames and back, in the manner of OSMnx."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError

__all__ = ["graph_from_gdfs", "graph_to_gdfs"]


def graph_to_gdfs(G: nx.MultiDiGraph, *, nodes: bool = True, edges: bool = True):
    """Convert a network to GeoDataFrames, in the manner of OSMnx.

    Returns
    -------
    GeoDataFrame or (GeoDataFrame, GeoDataFrame)
        Nodes indexed by node id (point geometry from ``x``/``y``); edges indexed by
        ``(u, v, key)`` with their ``geometry``.
    """
    if not (nodes or edges):
        raise InvalidArgumentError("ask for nodes, edges or both")
    out = []
    if nodes:
        data = dict(G.nodes(data=True))
        frame = pd.DataFrame.from_dict(data, orient="index")
        gdf_nodes = gpd.GeoDataFrame(
            frame,
            geometry=gpd.points_from_xy(frame["x"], frame["y"]),
            crs=G.graph.get("crs", "EPSG:4326"),
        )
        gdf_nodes.index.name = "node"
        out.append(gdf_nodes)
    if edges:
        rows = [{"u": u, "v": v, "key": k, **d} for u, v, k, d in G.edges(keys=True, data=True)]
        frame = pd.DataFrame(rows).set_index(["u", "v", "key"])
        out.append(
            gpd.GeoDataFrame(frame, geometry="geometry", crs=G.graph.get("crs", "EPSG:4326"))
        )
    return out[0] if len(out) == 1 else tuple(out)


def graph_from_gdfs(
    gdf_nodes: gpd.GeoDataFrame, gdf_edges: gpd.GeoDataFrame, *, graph_attrs: dict | None = None
):
    """Rebuild a network from the GeoDataFrames of :func:`graph_to_gdfs`.

    Parameters
    ----------
    gdf_nodes : GeoDataFrame
        Indexed by node id; ``x``/``y`` are taken from the geometry when missing.
    gdf_edges : GeoDataFrame
        Indexed by ``(u, v, key)``.
    graph_attrs : dict, optional
        Graph attributes (default: ``{"crs": "EPSG:4326"}``).
    """
    G = nx.MultiDiGraph(**(graph_attrs or {"crs": "EPSG:4326"}))
    nodes = gdf_nodes.copy()
    if "x" not in nodes.columns:
        nodes["x"] = nodes.geometry.x
        nodes["y"] = nodes.geometry.y
    for node, row in nodes.drop(columns=nodes.geometry.name).iterrows():
        G.add_node(
            node, **{k: v for k, v in row.items() if not (isinstance(v, float) and np.isnan(v))}
        )
    for (u, v, k), row in gdf_edges.iterrows():
        attrs = {c: val for c, val in row.items() if not (isinstance(val, float) and np.isnan(val))}
        G.add_edge(u, v, key=k, **attrs)
    return G
