"""Points in zones and along corridors: ftzgeo vs plain geopandas on the same points, one run.

Generates --points random points over Xinjiang and its neighbours and times, interleaved
(--repeat rounds, medians):

* ``scale.in_zones`` (the FTZ sub-zone each point lies in; and the country, over the 25 detailed
  Natural Earth polygons of the basemap, where most points find a zone) against the floor it
  sits on, one ``geopandas.sjoin(predicate="within")`` of the same points and zones;
* ``scale.corridor_usage`` (points within 10 km of each railway, buffers in metres, each line
  in a projection centred on it) against what an analyst would write: project points and lines
  to one equidistant conic, buffer there, ``sjoin``, count per line.

Prints each median, the ratios (peer time / ftzgeo time: above 1 means ftzgeo is faster) and
how many answers differ (the conic's distortion moves some points in or out of a buffer).

    python bench/bench_zones.py                      # 1,000,000 points
    python bench/bench_zones.py --points 10000000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import time

import geopandas as gpd
import numpy as np
import pandas as pd

import ftzgeo as fz
from ftzgeo import scale

#: An equidistant conic centred on the region (standard parallels 35°N and 50°N).
CONIC = "+proj=eqdc +lat_0=42 +lon_0=80 +lat_1=35 +lat_2=50 +datum=WGS84 +units=m +no_defs"
BUFFER_M = 10_000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    # Half the points over the sub-zones' region, so in_zones has hits to report.
    n = args.points
    lon = np.concatenate([rng.uniform(60, 100, n - n // 2), rng.uniform(75.5, 88, n // 2)])
    lat = np.concatenate([rng.uniform(30, 52, n - n // 2), rng.uniform(39, 45, n // 2)])
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    zones = fz.load("subzones")
    rail = fz.load("rail")

    countries = fz.load("countries")

    def ours_zones(layer=zones):
        return scale.in_zones(pts, zones=layer).to_numpy()

    def sjoin_zones(layer=zones):
        # A fresh frame each round: geopandas caches a frame's spatial index, a user's one
        # call pays for building it.
        fresh = gpd.GeoDataFrame(geometry=pts.geometry.to_numpy().copy(), crs=4326)
        hit = gpd.sjoin(fresh, layer[["id", "geometry"]], predicate="within", how="left")
        return hit[~hit.index.duplicated(keep="first")]["id"].to_numpy(dtype=object)

    def ours_corridors():
        return scale.corridor_usage(pts, corridors="rail", buffer_m=BUFFER_M)

    def conic_corridors():
        areas = gpd.GeoDataFrame(
            {"corridor": rail["id"].to_numpy()},
            geometry=rail.to_crs(CONIC).buffer(BUFFER_M).to_numpy(),
            crs=CONIC,
        )
        hit = gpd.sjoin(pts.to_crs(CONIC), areas, predicate="within", how="inner")
        return hit.groupby("corridor").size().rename("points").reset_index()

    runs = {
        "in_zones": (ours_zones, sjoin_zones, "sjoin within (floor)"),
        "in_zones countries": (
            lambda: ours_zones(countries),
            lambda: sjoin_zones(countries),
            "sjoin within (floor)",
        ),
        "corridor_usage": (ours_corridors, conic_corridors, "buffer+sjoin in a conic"),
    }
    print(
        f"{n:,} points, {len(zones)} sub-zones, {len(countries)} countries, {len(rail)} railways, "
        f"{args.repeat} rounds"
    )
    for name, (ours, peer, peer_name) in runs.items():
        times: dict[str, list[float]] = {"ours": [], "peer": []}
        answers = {}
        for _ in range(args.repeat):  # interleaved: a noisy machine hits both alike
            for key, fn in (("ours", ours), ("peer", peer)):
                t0 = time.perf_counter()
                answers[key] = fn()
                times[key].append(time.perf_counter() - t0)
        a, b = statistics.median(times["ours"]), statistics.median(times["peer"])
        if name.startswith("in_zones"):
            ours_ids = pd.Series(answers["ours"]).fillna("").to_numpy()
            peer_ids = pd.Series(answers["peer"]).fillna("").to_numpy()
            differ = f"{int((ours_ids != peer_ids).sum()):,} points differ"
            hits = f"{int((ours_ids != '').sum()):,} in a zone"
        else:
            merged = answers["ours"].merge(answers["peer"], on="corridor", how="outer").fillna(0)
            moved = int((merged["points_x"] - merged["points_y"]).abs().sum())
            differ = f"{moved:,} point-corridor counts differ"
            hits = f"{int(answers['ours']['points'].sum()):,} point-corridor hits"
        print(
            f"{name:<16} ftzgeo {a:7.2f} s | {peer_name:<24} {b:7.2f} s | "
            f"ratio {b / a:5.2f} | {hits}; {differ}"
        )


if __name__ == "__main__":
    main()
