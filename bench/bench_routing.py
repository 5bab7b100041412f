"""Batch routing: ftzgeo's compiled graph vs plain networkx Dijkstra and the raw scipy floor.

Builds a synthetic road-like network (a jittered grid with diagonal shortcuts, both directions,
about --edges directed edges), then times in the same run:

* one-to-all from one origin;
* a 3 x 50 origin-destination table;

for ftzgeo (compile once + csgraph Dijkstra), networkx (single_source_dijkstra_path_length per
origin), igraph (Graph.distances, if installed: `pip install -e ".[bench]"`) and raw scipy (a
csr_matrix and csgraph.dijkstra with no labels: the floor ftzgeo sits on), checks that the answers
are identical, and prints medians, ratios and peak memory.

    python bench/bench_routing.py                 # ~1,000,000 edges
    python bench/bench_routing.py --edges 200000 --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

import networkx as nx
import numpy as np

from ftzgeo.routing import CompiledGraph


def synthetic(n_edges: int, seed: int = 0) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """A grid with diagonals: about 6 directed edges per node; weights are km at 40-110 km/h."""
    rng = np.random.default_rng(seed)
    side = int(np.sqrt(n_edges / 6)) + 1
    idx = np.arange(side * side).reshape(side, side)
    pairs = [
        (idx[:, :-1].ravel(), idx[:, 1:].ravel()),
        (idx[:-1, :].ravel(), idx[1:, :].ravel()),
        (idx[:-1, :-1].ravel(), idx[1:, 1:].ravel()),
    ]
    u = np.concatenate([p[0] for p in pairs])
    v = np.concatenate([p[1] for p in pairs])
    length = rng.uniform(0.5, 3.0, len(u)) * np.where(
        np.arange(len(u)) >= 2 * len(pairs[0][0]), 1.41, 1.0
    )
    hours = length / rng.uniform(40, 110, len(u))
    return (
        side * side,
        np.concatenate([u, v]),
        np.concatenate([v, u]),
        np.concatenate([hours, hours]),
    )


def timed(fn, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def peak_mb(fn) -> tuple[float, object]:
    tracemalloc.start()
    try:
        out = fn()
        return tracemalloc.get_traced_memory()[1] / 2**20, out
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    n, u, v, w = synthetic(args.edges)
    print(f"synthetic network: {n:,} nodes, {len(u):,} directed edges")

    t = time.perf_counter()
    G = nx.DiGraph()
    G.add_weighted_edges_from(
        zip(u.tolist(), v.tolist(), w.tolist(), strict=True), weight="travel_time_h"
    )
    build_nx = time.perf_counter() - t
    compile_s, cg = timed(
        lambda: CompiledGraph.from_arrays(range(n), u, v, w, weight="travel_time_h"), args.repeat
    )
    graph_compile_s, _ = timed(lambda: CompiledGraph.from_graph(G, "travel_time_h"), 1)

    rng = np.random.default_rng(1)
    origins = rng.choice(n, 3, replace=False).tolist()
    dests = rng.choice(n, 50, replace=False).tolist()
    o1 = origins[0]

    fz_one, fz_one_res = timed(lambda: cg.one_to_all(o1), args.repeat)
    nx_one, nx_one_res = timed(
        lambda: nx.single_source_dijkstra_path_length(G, o1, weight="travel_time_h"), args.repeat
    )
    fz_tab, fz_tab_res = timed(lambda: cg.table(origins, dests), args.repeat)

    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    raw_compile, raw = timed(lambda: csr_matrix((w, (u, v)), shape=(n, n)), args.repeat)
    raw_one, _ = timed(lambda: dijkstra(raw, directed=True, indices=[o1])[0], args.repeat)
    raw_tab, _ = timed(lambda: dijkstra(raw, directed=True, indices=origins)[:, dests], args.repeat)

    def nx_table():
        rows = []
        for o in origins:
            d = nx.single_source_dijkstra_path_length(G, o, weight="travel_time_h")
            rows.append([d.get(x, np.inf) for x in dests])
        return np.array(rows)

    nx_tab, nx_tab_res = timed(nx_table, args.repeat)

    same_one = len(fz_one_res) == len(nx_one_res) and all(
        abs(fz_one_res[k] - val) <= 1e-9 * max(1.0, val) for k, val in nx_one_res.items()
    )
    same_tab = np.allclose(fz_tab_res.to_numpy(), nx_tab_res, rtol=1e-12, atol=1e-12)

    fz_mem, _ = peak_mb(lambda: cg.table(origins, dests))
    nx_mem, _ = peak_mb(nx_table)

    print(
        f"networkx graph build: {build_nx:.1f} s; ftzgeo compile from arrays: {compile_s:.2f} s, "
        f"from the networkx graph: {graph_compile_s:.2f} s (once, reused by every query)"
    )
    print(
        f"{'query':<22}{'ftzgeo s':>12}{'networkx s':>12}{'ratio':>10}{'ftzgeo MB':>12}{'networkx MB':>13}"
    )
    print(
        f"{'one-to-all':<22}{fz_one:>12.3f}{nx_one:>12.3f}{nx_one / fz_one:>9.1f}x{'':>12}{'':>13}"
    )
    print(
        f"{'table 3x50':<22}{fz_tab:>12.3f}{nx_tab:>12.3f}{nx_tab / fz_tab:>9.1f}x{fz_mem:>12.1f}{nx_mem:>13.1f}"
    )
    print(
        f"raw scipy (the floor): compile {raw_compile:.3f} s, one-to-all {raw_one:.3f} s, "
        f"table {raw_tab:.3f} s; ftzgeo / scipy: compile {compile_s / raw_compile:.2f}, "
        f"one-to-all {fz_one / raw_one:.2f}, table {fz_tab / raw_tab:.2f} (1.00 = the floor)"
    )
    same_ig = igraph_contender(
        n,
        u,
        v,
        w,
        o1,
        origins,
        dests,
        args.repeat,
        fz_one_res,
        fz_tab_res.to_numpy(),
        (compile_s, fz_one, fz_tab),
    )
    same = same_one and same_tab and same_ig is not False
    print(f"same answers: {'yes' if same else 'NO'} (medians of {args.repeat} runs)")


def igraph_contender(n, u, v, w, o1, origins, dests, repeat, one_res, tab_res, ours):
    """Time igraph on the same graph and queries; None if igraph is not installed."""
    try:
        import igraph as ig
    except ImportError:
        print("igraph: not installed (pip install igraph), skipped")
        return None
    edges = np.column_stack([u, v])
    build, g = timed(lambda: ig.Graph(n=n, edges=edges, directed=True, edge_attrs={"w": w}), repeat)
    one, ig_one = timed(lambda: g.distances(source=[o1], weights="w")[0], repeat)
    tab, ig_tab = timed(lambda: g.distances(source=origins, target=dests, weights="w"), repeat)
    fz_one = np.array([one_res.get(k, np.inf) for k in range(n)])
    same = bool(
        np.allclose(fz_one, np.asarray(ig_one), rtol=1e-12, atol=1e-12)
        and np.allclose(tab_res, np.asarray(ig_tab), rtol=1e-12, atol=1e-12)
    )
    compile_s, fz_one_s, fz_tab_s = ours
    print(
        f"igraph {ig.__version__}: build {build:.3f} s, one-to-all {one:.3f} s, table {tab:.3f} s; "
        f"igraph / ftzgeo: compile {build / compile_s:.1f}, one-to-all {one / fz_one_s:.1f}, "
        f"table {tab / fz_tab_s:.1f} (above 1: ftzgeo is faster)"
    )
    return same


if __name__ == "__main__":
    main()
