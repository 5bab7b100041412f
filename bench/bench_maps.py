"""Map size and speed: ftzgeo vs GeoDataFrame.explore() and lonboard on the same data, one run.

Prints, for the default connectivity map and for synthetic large layers (10k and 100k points with
three property columns, 1M with --sizes 1000000, where explore() is skipped; 1k lines x 500
vertices): HTML bytes, build+save time (median of --repeat runs) and the time until the page is
drawn in headless Chromium (Debian's chromium, assets served locally, tiles off, packed layers
unpacked), with ratios, and checks that ftzgeo's coordinates stay within 1 m of the input.

lonboard (0.16, the ``bench`` extra) builds its standalone page of the same layers, drawn offline
with its CDN scripts served from npm (`lonboard_page.py`; ratios lonboard / ftzgeo, above 1 means
ftzgeo is smaller or faster); it is skipped, saying why, when it or its npm assets are missing.

Needs the test setup (`make test` installs chromium and Leaflet) and `make bench-assets` (the
``bench`` extra: mapclassify for explore(), lonboard; the npm scripts lonboard's page loads).

    python bench/bench_maps.py
    python bench/bench_maps.py --sizes 10000 --repeat 3 --no-browser
    python bench/bench_maps.py --sizes 1000000 --lines 0
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
from shapely.geometry import LineString

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import lonboard_page  # noqa: E402

import ftzgeo as fz  # noqa: E402
from ftzgeo.maps.layers import quantization_error_m  # noqa: E402


def points(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """Random points with three property columns: an id, a three-value category, a number."""
    rng = np.random.default_rng(seed)
    return gpd.GeoDataFrame(
        {
            "id": np.arange(n),
            "kind": rng.choice(["road", "rail", "air"], n),
            "value": rng.uniform(0, 100, n).round(1),
        },
        geometry=gpd.points_from_xy(rng.uniform(70, 95, n), rng.uniform(35, 50, n)),
        crs=4326,
    )


def lines(n: int, vertices: int, seed: int = 1) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    geoms = []
    for _ in range(n):
        x0, y0 = rng.uniform(70, 90), rng.uniform(35, 48)
        steps = rng.normal(0, 0.01, (vertices, 2)).cumsum(axis=0)
        geoms.append(LineString(np.column_stack([x0 + steps[:, 0], y0 + steps[:, 1]])))
    return gpd.GeoDataFrame({"id": np.arange(n)}, geometry=geoms, crs=4326)


def build_ftzgeo(layers: dict[str, gpd.GeoDataFrame], path: Path, default: bool) -> int:
    """Build and save the page; return the bytes its data layers take in it."""
    if default:
        m = fz.maps.connectivity_map(
            layers=layers, tiles=None
        )  # the same loaded frames explore() gets
    else:
        m = fz.maps.compose.FtzMap(tiles=None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", fz.maps.LargeLayerWarning)
            for name, gdf in layers.items():
                fz.maps.add_layer(m, gdf, name=name, tooltip="id")
    fz.export.save_html(m, path)
    report = fz.maps.size_report(m)
    return int(report.loc[[n for n in layers if n in report.index], "bytes"].sum())


def build_explore(layers: dict[str, gpd.GeoDataFrame], path: Path) -> None:
    m = None
    for gdf in layers.values():
        m = gdf.explore(m=m, tiles=None) if m is not None else gdf.explore(tiles=None)
    m.save(str(path))


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def draw_time(path: Path) -> float:
    from browser import browser_page

    with browser_page() as (page, _log):
        t = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="load", timeout=180_000)
        # A page with packed layers draws them once unpacked (explore's pages have no ftzgeo).
        page.wait_for_function("() => !window.ftzgeo || ftzgeo.pending() === 0", timeout=180_000)
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        return time.perf_counter() - t


def max_error_m(gdf: gpd.GeoDataFrame, html: str, name: str) -> float:
    """Largest distance (m) between the input points and the coordinates ftzgeo wrote."""
    from maputils import embedded_layers

    data = embedded_layers(html)[name]["data"]
    xy = (
        np.cumsum(np.asarray(data["xy"], dtype=np.int64).reshape(-1, 2), axis=0) / 10.0 ** data["p"]
    )
    order = np.asarray(data["cols"]["id"], dtype=int)
    src = np.column_stack([gdf.geometry.x.to_numpy()[order], gdf.geometry.y.to_numpy()[order]])
    return float(fz.measures.GEOD.inv(src[:, 0], src[:, 1], xy[:, 0], xy[:, 1])[2].max())


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--vertices", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--no-lonboard", action="store_true", help="skip lonboard even if installed"
    )
    parser.add_argument(
        "--explore-max",
        type=int,
        default=200_000,
        help="skip explore() for layers with more features (it takes minutes at 1M)",
    )
    return parser.parse_args()


def lonboard_row(
    layers: dict[str, gpd.GeoDataFrame],
    path: Path,
    args: argparse.Namespace,
    ours: tuple[int, float, float | None],
) -> str:
    """lonboard's bytes, build and draw times for `layers`, with ratios to ftzgeo's `ours`."""
    b_ours, t_ours, draw_ours = ours
    t_board = timed(functools.partial(lonboard_page.build, layers, path), args.repeat)
    b_board = path.stat().st_size
    row = (
        f"{'':<22}lonboard {b_board:,} B ({b_board / b_ours:.2f}x ftzgeo's), build "
        f"{t_board:.2f} s ({t_board / t_ours:.2f}x)"
    )
    if draw_ours is not None:
        drawn, errors = lonboard_page.draw_time(path)
        row += f", drawn {drawn:.2f} s ({drawn / draw_ours:.1f}x)"
        if errors:
            row += f"; its page reported {len(errors)} error(s): {errors[0][:80]}"
    return row


def main() -> None:
    args = parse_args()
    cases: list[tuple[str, dict[str, gpd.GeoDataFrame], bool]] = [
        ("default map", fz.load_all(), True)
    ]
    cases += [(f"{n:,} points", {"points": points(n)}, False) for n in args.sizes]
    if args.lines:
        cases.append(
            (
                f"{args.lines:,} lines x {args.vertices}",
                {"lines": lines(args.lines, args.vertices)},
                False,
            )
        )

    lonboard = "skipped (--no-lonboard)" if args.no_lonboard else lonboard_page.available()
    header = f"{'case':<22}{'ftzgeo B':>12}{'explore B':>12}{'bytes':>8}{'ftz s':>8}{'expl s':>8}{'speed':>7}"
    if not args.no_browser:
        header += f"{'ftz draw':>10}{'expl draw':>10}"
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for label, layers, default in cases:
            ours, theirs = Path(tmp) / "ftzgeo.html", Path(tmp) / "explore.html"
            n = sum(len(g) for g in layers.values())
            peer = default or n <= args.explore_max
            t_ours = timed(functools.partial(build_ftzgeo, layers, ours, default), args.repeat)
            b_ours = ours.stat().st_size
            if peer:
                t_theirs = timed(functools.partial(build_explore, layers, theirs), args.repeat)
                b_theirs = theirs.stat().st_size
                row = (
                    f"{label:<22}{b_ours:>12,}{b_theirs:>12,}{b_ours / b_theirs:>7.2f}x"
                    f"{t_ours:>8.2f}{t_theirs:>8.2f}{t_theirs / t_ours:>6.1f}x"
                )
            else:
                row = f"{label:<22}{b_ours:>12,}{'—':>12}{'':>8}{t_ours:>8.2f}{'—':>8}{'':>7}"
            draw_ours = None
            if not args.no_browser:
                draw_ours = draw_time(ours)
                row += f"{draw_ours:>9.2f}s"
                row += f"{draw_time(theirs):>9.2f}s" if peer else f"{'—':>10}"
            print(row)
            if lonboard is None:
                print(
                    lonboard_row(
                        layers, Path(tmp) / "lonboard.html", args, (b_ours, t_ours, draw_ours)
                    )
                )
            if not default and "lines" in layers:
                vertices = sum(len(g.coords) for g in layers["lines"].geometry)
                layer_bytes = build_ftzgeo(layers, ours, default)
                print(
                    f"{'':<22}{layer_bytes / vertices:.1f} B per vertex in the layer "
                    f"({b_ours / vertices:.1f} with the page around it)"
                )
            if not default and "points" in layers:
                err = max_error_m(layers["points"], ours.read_text(), "points")
                theirs_bpp = f" (explore {b_theirs / n:.1f})" if peer else ""
                print(
                    f"{'':<22}{b_ours / n:.1f} B per point{theirs_bpp}; max coordinate error "
                    f"{err:.2f} m (bound {quantization_error_m(5):.2f} m)"
                )
    print(
        f"medians of {args.repeat} builds; both sides draw the same layers (the default-map row: all nine "
        "shipped layers); draw = load + two animation frames in headless chromium, assets served locally"
    )
    if lonboard is None:
        print(
            "lonboard: Map.to_html of the same layers (viz), its CDN scripts served from npm "
            "(make bench-assets); drawn = first deck.gl draw call + two frames, WebGL on the CPU "
            "(SwiftShader); ratios are lonboard / ftzgeo (above 1: ftzgeo smaller or faster)"
        )
    else:
        print(f"lonboard: not compared ({lonboard})")


if __name__ == "__main__":
    main()
