"""The pipeline systems as graphs: gas lines A–D and the oil line, with capacity by port."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import networkx as nx
import pandas as pd
from shapely.geometry import LineString

from ..io import load
from .defaults import STATUSES_TODAY
from .inputs import float_or_none, int_or_none, visible
from .topology import km

__all__ = ["build_pipeline_network", "capacity_by_port"]


def build_pipeline_network(
    *,
    product: str | None = "natural_gas",
    status: Sequence[str] = STATUSES_TODAY,
    year: int | None = None,
) -> nx.MultiDiGraph:
    """A pipeline system as a graph: each line from its first to its last waypoint.

    Parameters
    ----------
    product : {"natural_gas", "crude_oil"} or None, default "natural_gas"
        Which pipelines: the Central Asia–China gas lines, the Kazakhstan–China oil line, or
        both (None).
    status, year
        As in :func:`build_network`.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are the named waypoints (``geodata/waypoints.csv``); edges carry ``line``,
        ``product``, ``capacity_bcm_per_year`` (gas), ``capacity_mt_per_year`` (oil) and
        ``length_km``; ``entry_port`` edges join each line's end in China to its land port.
        Capacity delivered through a port is the sum over its lines.
    """
    from ..catalog import waypoints

    pipes = visible(load("pipelines"), status, year)
    if product is not None:
        pipes = pipes[pipes["product"] == product]
    wps = waypoints()
    G = nx.MultiDiGraph(
        crs="EPSG:4326", name="ftzgeo gas pipelines", status=tuple(status), year=year
    )
    for _, row in pipes.iterrows():
        via = row["via"].split(";")
        for name in via:
            p = wps.geometry[name]
            G.add_node(name, x=p.x, y=p.y, kind="waypoint", name=wps.loc[name, "name"])
        for a, b in itertools.pairwise(via):
            geom = LineString([wps.geometry[a].coords[0], wps.geometry[b].coords[0]])
            G.add_edge(
                a,
                b,
                id=row["id"],
                line=row["line"] if isinstance(row["line"], str) else None,
                product=row["product"],
                capacity_bcm_per_year=float_or_none(row["capacity_bcm_per_year"]),
                capacity_mt_per_year=float_or_none(row["capacity_mt_per_year"]),
                length_km=km(geom),
                status=row["status"],
                opened=int_or_none(row["opened"]),
                geometry=geom,
            )
        port = row.get("entry_port")
        if isinstance(port, str):
            G.add_node(f"port:{port}", kind="port", id=port)
            G.add_edge(
                via[-1],
                f"port:{port}",
                id=row["id"],
                line=row["line"] if isinstance(row["line"], str) else None,
                product=row["product"],
                capacity_bcm_per_year=float_or_none(row["capacity_bcm_per_year"]),
                capacity_mt_per_year=float_or_none(row["capacity_mt_per_year"]),
                length_km=0.0,
                status=row["status"],
                opened=int_or_none(row["opened"]),
                geometry=LineString([wps.geometry[via[-1]].coords[0]] * 2),
                entry_port=True,
            )
    return G


def capacity_by_port(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Design capacity delivered through each land port, by line, from a pipeline network."""
    columns = ["id", "port", "line", "product", "capacity_bcm_per_year", "capacity_mt_per_year"]
    rows = [
        (d["id"], v.split(":", 1)[1], *(d[c] for c in columns[2:]))
        for _, v, d in G.edges(data=True)
        if d.get("entry_port")
    ]
    return pd.DataFrame(rows, columns=columns)
