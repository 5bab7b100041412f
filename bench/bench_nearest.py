"""The nearest land port of many points: ftzgeo's exact geodesic nearest vs its peers, one run.

Generates --points random points over Xinjiang and its neighbours and times, interleaved
(--repeat rounds, medians):

* ftzgeo ``scale.assign_nearest`` (exact WGS84 geodesic nearest);
* ``geopandas.sjoin_nearest`` in an equidistant conic projection centred on the region (fast,
  but the projection's distortion picks a wrong port for some points);
* the floor: a scipy k-d tree on the same projected coordinates (no geodesic at all).

Prints each median, the ratios (peer time / ftzgeo time: above 1 means ftzgeo is faster) and
how many answers of each peer differ from the exact geodesic nearest.

    python bench/bench_nearest.py                      # 1,000,000 points
    python bench/bench_nearest.py --points 10000000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import time

import geopandas as gpd
import numpy as np
from scipy.spatial import cKDTree

import ftzgeo as fz
from ftzgeo import scale

#: An equidistant conic centred on the region (standard parallels 35°N and 50°N).
CONIC = "+proj=eqdc +lat_0=42 +lon_0=80 +lat_1=35 +lat_2=50 +datum=WGS84 +units=m +no_defs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    pts = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(
            rng.uniform(60, 100, args.points), rng.uniform(30, 52, args.points)
        ),
        crs=4326,
    )
    ports = fz.load("land_ports")
    ports = ports[ports["status"] == "operating"].reset_index(drop=True)
    pts_p, ports_p = pts.to_crs(CONIC), ports.to_crs(CONIC)
    xy = np.column_stack([pts_p.geometry.x, pts_p.geometry.y])
    tree_xy = np.column_stack([ports_p.geometry.x, ports_p.geometry.y])

    def ours():
        return scale.assign_nearest(pts)["nearest"].to_numpy()

    def sjoin():
        joined = gpd.sjoin_nearest(pts_p, ports_p[["id", "geometry"]], how="left")
        joined = joined[~joined.index.duplicated(keep="first")]
        return joined["id"].to_numpy()

    def kdtree():
        return ports["id"].to_numpy()[cKDTree(tree_xy).query(xy)[1]]

    runs = {
        "ftzgeo assign_nearest": ours,
        "sjoin_nearest (conic)": sjoin,
        "k-d tree (conic)": kdtree,
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    answers = {}
    for _ in range(args.repeat):
        for name, fn in runs.items():  # interleaved: a noisy machine hits every contender alike
            t0 = time.perf_counter()
            answers[name] = fn()
            times[name].append(time.perf_counter() - t0)
    exact = answers["ftzgeo assign_nearest"]
    base = statistics.median(times["ftzgeo assign_nearest"])
    print(f"{args.points:,} points, {len(ports)} operating land ports, {args.repeat} rounds")
    for name in runs:
        med = statistics.median(times[name])
        wrong = int((answers[name] != exact).sum())
        print(
            f"{name:24s} median {med:7.3f} s   ratio {med / base:5.2f}   "
            f"differs from the geodesic nearest: {wrong:,} ({wrong / args.points:.3%})"
        )


if __name__ == "__main__":
    main()
