"""How long a large point layer takes to redraw on a pan or zoom, in headless Chromium.

Builds a map of --points random points (three property columns, compact encoding, not
clustered, so every point is drawn), opens it offline in Debian's chromium and times, in the
page, --repeat redraws of the point layer at zoom 4 (all points in view) and at zoom 8 (a
part), for each way the page can draw points (``ftzgeo.pointMode``): "raster" (sprite pixels
blended into one image, last point first, skipping what is already opaque: the default above
20,000 points in view), "sprite" (a drawImage of a pre-drawn sprite per point) and "path" (a
path per point: the default below). Prints medians in milliseconds and each mode's ratio to the
first mode given (by default "raster": above 1, raster is faster). Needs the test setup
(`make test`).

    python bench/bench_redraw.py                     # 100,000 and 1,000,000 points
    python bench/bench_redraw.py --points 100000 --repeat 9
    python bench/bench_redraw.py --points 1000000 --modes raster   # the default way only
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import ftzgeo as fz  # noqa: E402

MODES = ("raster", "sprite", "path")

_TIME = """([zoom, repeat, mode]) => {
  const st = Object.values(ftzgeo.maps)[0], map = st.map;
  map.setView([42, 80], zoom, {animate: false});
  ftzgeo.pointMode = mode;
  const cloud = st.layers.find(e => e.layer instanceof ftzgeo.PointCloud).layer;
  const times = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    cloud._redraw();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return {median: times[Math.floor(times.length / 2)], drawn: cloud.items().length};
}"""


def main() -> None:
    from browser import browser_page, missing_requirements, open_map

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    args = parser.parse_args()
    problem = missing_requirements()
    if problem:
        raise SystemExit(problem)
    for n in args.points:
        rng = np.random.default_rng(0)
        pts = gpd.GeoDataFrame(
            {
                "name": [f"p{i}" for i in range(n)],
                "kind": rng.choice(["a", "b", "c"], n),
                "value": rng.uniform(0, 100, n).round(1),
            },
            geometry=gpd.points_from_xy(rng.uniform(70, 90, n), rng.uniform(35, 49, n)),
            crs=4326,
        )
        m = fz.connectivity_map(layers=["subzones"], slider=False, labels=False)
        fz.maps.add_layer(m, pts, name="points", column="kind", cluster=False, encoding="compact")
        with tempfile.TemporaryDirectory() as tmp:
            path = fz.save_html(m, Path(tmp) / "points.html")
            with browser_page(viewport=(1280, 800), offline=True) as (page, _log):
                page.set_default_timeout(600_000)
                open_map(page, path)
                for zoom in (4, 8):
                    r = {m: page.evaluate(_TIME, [zoom, args.repeat, m]) for m in args.modes}
                    base = r[args.modes[0]]["median"]
                    print(
                        f"{n:>9,} points, zoom {zoom} ({r[args.modes[0]]['drawn']:,} drawn): "
                        + ", ".join(
                            f"{mode} {r[mode]['median']:7.1f} ms ({r[mode]['median'] / base:4.1f}x)"
                            for mode in args.modes
                        )
                    )


if __name__ == "__main__":
    main()
