"""Matching many points to land ports: in-process vs Dask (1 and 2 workers) vs a naive sjoin_nearest.

Generates --points synthetic points (default 10 million) over Xinjiang and its neighbours,
in partitions made where they are used (the points are never all collected on one worker), and
counts points per nearest land port within 300 km:

* ftzgeo in-process (one GeoDataFrame in this process);
* ftzgeo on a dask.distributed LocalCluster with 1 and with 2 workers;
* a naive ``geopandas.sjoin_nearest`` in degrees, for its speed and the distance error it makes.

Prints throughput (points/s), peak memory of this process and of each worker, and checks that
the engines agree. Machines here have 2 cores: the 2-worker run can at best double throughput.

    python bench/bench_scale.py                     # 10,000,000 points
    python bench/bench_scale.py --points 1000000
"""

from __future__ import annotations

import argparse
import resource
import time
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd

import ftzgeo as fz
from ftzgeo import scale

PART = 500_000


def make_part(seed: int, n: int = PART) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    return gpd.GeoDataFrame(
        {"seed": np.full(n, seed, dtype=np.int32)},
        geometry=gpd.points_from_xy(rng.uniform(72, 96, n), rng.uniform(35, 50, n)),
        crs=4326,
        index=pd.RangeIndex(seed * n, (seed + 1) * n),
    )


def counts(result: pd.DataFrame) -> pd.Series:
    return result["nearest"].value_counts(dropna=False).sort_index()


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def start_sampler() -> None:
    """Sample this process's resident memory every 20 ms (forked workers inherit ru_maxrss)."""
    import threading

    state = {"peak": _rss_mb(), "run": True}

    def loop():
        while state["run"]:
            state["peak"] = max(state["peak"], _rss_mb())
            time.sleep(0.02)

    threading.Thread(target=loop, daemon=True).start()
    import sys

    sys._ftzgeo_bench_sampler = (
        state  # workers run pickled copies of this function: keep state on a module
    )


def stop_sampler() -> float:
    import sys

    state = sys._ftzgeo_bench_sampler
    state["run"] = False
    return state["peak"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000_000)
    parser.add_argument("--naive-sample", type=int, default=1_000_000)
    args = parser.parse_args()
    parts = max(1, args.points // PART)
    n = parts * PART
    print(f"{n:,} points in {parts} partitions of {PART:,}")

    rows = []
    t = time.perf_counter()
    local = pd.concat([make_part(s) for s in range(parts)])
    gen_s = time.perf_counter() - t
    start_sampler()
    t = time.perf_counter()
    ref = scale.assign_nearest(local, max_distance_km=300)
    ours_s = time.perf_counter() - t
    ref_counts = counts(ref)
    rows.append(("ftzgeo in-process", ours_s, n / ours_s, stop_sampler(), "-"))

    import dask.dataframe as dd
    import dask_geopandas
    from distributed import Client, LocalCluster

    for workers in (1, 2):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                memory_limit="8GiB",
            )
        with cluster, Client(cluster) as client:
            points = dask_geopandas.from_dask_dataframe(
                dd.from_map(make_part, list(range(parts))), geometry="geometry"
            )
            client.run(start_sampler)
            t = time.perf_counter()
            got = (
                scale.assign_nearest(points, max_distance_km=300)["nearest"]
                .value_counts(dropna=False)
                .compute()
            )
            secs = time.perf_counter() - t
            mem = client.run(stop_sampler)
            same = got.sort_index().equals(ref_counts.rename(got.name))
            rows.append(
                (
                    f"ftzgeo dask, {workers} worker(s)",
                    secs,
                    n / secs,
                    max(mem.values()),
                    "same" if same else "DIFFERENT",
                )
            )

    # Naive: nearest in degrees (planar lon/lat), on a sample.
    sample = local.iloc[: args.naive_sample]
    ports = fz.load("land_ports")
    ports = ports[ports["status"] == "operating"][["id", "geometry"]]
    start_sampler()
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # geopandas warns that degrees are not distances: that is the point
        naive = gpd.sjoin_nearest(sample, ports, how="left", distance_col="dist_deg")
    naive = naive[~naive.index.duplicated()]
    naive_s = time.perf_counter() - t
    rows.append(
        (
            f"naive sjoin_nearest (deg), {len(sample):,}",
            naive_s,
            len(sample) / naive_s,
            stop_sampler(),
            "-",
        )
    )

    print(f"{'engine':<38}{'seconds':>9}{'points/s':>14}{'peak RSS MB':>13}{'counts':>11}")
    for name, secs, rate, mem, same in rows:
        print(f"{name:<38}{secs:>9.1f}{rate:>14,.0f}{mem:>13,.0f}{same:>11}")
    print(
        "peak RSS: this process for in-process/naive (it holds all points); the largest worker for Dask"
    )
    print(f"(generating the in-process points took {gen_s:.1f} s, not counted)")

    truth = ref.loc[sample.index]
    wrong = (naive["id"].to_numpy() != truth["nearest"].to_numpy()) & (
        truth["distance_km"].to_numpy() <= 300
    )
    km_naive = naive["dist_deg"].to_numpy() * 111.32  # what "degrees times 111 km" would claim
    err = np.abs(km_naive - truth["distance_km"].to_numpy())
    print(
        f"naive in degrees: wrong nearest port for {wrong.mean():.1%} of points within 300 km; "
        f"'degrees x 111.32' distance error median {np.median(err):.1f} km, 95th pct "
        f"{np.percentile(err, 95):.1f} km, max {err.max():.1f} km"
    )
    print(
        f"ftzgeo vs naive speed on the same points: {(len(sample) / naive_s) / (n / ours_s):.2f}x naive/ftzgeo "
        "throughput ratio (ftzgeo computes exact ellipsoidal distances)"
    )


if __name__ == "__main__":
    main()
