"""Building the network from a user's own, non-topological line data (e.g. an OSM extract).

A grid of separate road segments over Xinjiang (only shared ends connect them), joined to the
shipped cities, sub-zones and ports; prints the build time and a connectivity-table time.

    python bench/bench_network_build.py --side 150      # ~45,000 segments
"""

from __future__ import annotations

import argparse
import time

import geopandas as gpd
import numpy as np
from shapely.geometry import LineString

import ftzgeo as fz


def grid(side: int) -> gpd.GeoDataFrame:
    xs, ys = np.linspace(76, 90, side), np.linspace(38, 47, side)
    segs = []
    for i in range(side):
        for j in range(side - 1):
            segs.append(LineString([(xs[j], ys[i]), (xs[j + 1], ys[i])]))
            segs.append(LineString([(xs[i], ys[j]), (xs[i], ys[j + 1])]))
    return gpd.GeoDataFrame(
        {"id": [f"s{k}" for k in range(len(segs))], "status": "operating", "opened": 2000},
        geometry=segs,
        crs=4326,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=150)
    args = parser.parse_args()
    roads = grid(args.side)
    t = time.perf_counter()
    G = fz.network.build_network(modes=("road",), links={"road": roads})
    build = time.perf_counter() - t
    t = time.perf_counter()
    table = fz.routing.connectivity_table(G, destinations=["urumqi", "kashgar", "khorgos"])
    query = time.perf_counter() - t
    reachable = int(table["reachable"].sum())
    print(
        f"{len(roads):,} segments -> {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges: "
        f"built in {build:.1f} s; 3 x 3 connectivity table in {query:.2f} s ({reachable} reachable)"
    )


if __name__ == "__main__":
    main()
