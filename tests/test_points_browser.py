"""Large point layers drawn in headless Chromium: the blended image ("raster", the default above
20,000 points in view) is the picture the sprite stamps ("sprite") make."""

from __future__ import annotations

import os

import geopandas as gpd
import numpy as np
import pytest
from browser import browser_page, missing_requirements, open_map, real_errors

import ftzgeo as fz

pytestmark = pytest.mark.browser
_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]

W, H = 640, 400
DRAW = """([zoom, mode]) => {
  const st = Object.values(ftzgeo.maps)[0], map = st.map;
  map.setView([42, 80], zoom, {animate: false});
  ftzgeo.pointMode = mode;
  const cloud = st.layers.find(e => e.layer instanceof ftzgeo.PointCloud).layer;
  cloud._redraw();
  const c = cloud._canvas;
  return {px: Array.from(c.getContext("2d").getImageData(0, 0, c.width, c.height).data),
          drawn: cloud.items().length};
}"""


def _saved(tmp_path, columns: dict, xy: tuple, **layer):
    """A page of the subzones and a compact point layer "pts" of `columns` at `xy` (lons, lats)."""
    pts = gpd.GeoDataFrame(columns, geometry=gpd.points_from_xy(*xy), crs=4326)
    m = fz.connectivity_map(layers=["subzones"], slider=False, labels=False)
    fz.maps.add_layer(m, pts, name="pts", encoding="compact", **layer)
    return fz.save_html(m, tmp_path / "pts.html")


def _premultiplied(px: list[int]) -> np.ndarray:
    a = np.asarray(px, dtype=float).reshape(H, W, 4)
    return np.concatenate([a[..., :3] * a[..., 3:] / 255.0, a[..., 3:]], axis=2)


@pytest.mark.parametrize(
    ("paint", "zoom"),
    [
        ({"column": "kind"}, 5),
        ({"column": "kind"}, 8),
        ({"size": "value"}, 6),
        ({}, 4),
        ({"style": {"fillColor": "transparent", "weight": 2}}, 8),  # rings: rows with a gap
    ],
)
def test_the_blended_image_is_the_picture_the_sprites_make(tmp_path, paint, zoom):
    n = 40_000
    rng = np.random.default_rng(4)
    columns = {"kind": rng.choice(["a", "b", "c"], n), "value": rng.uniform(1, 100, n)}
    xy = (rng.uniform(74, 86, n), rng.uniform(38, 46, n))
    path = _saved(tmp_path, columns, xy, cluster=False, **paint)
    with browser_page(offline=True, viewport=(W, H)) as (page, log):
        open_map(page, path)
        raster = page.evaluate(DRAW, [zoom, "raster"])
        sprite = page.evaluate(DRAW, [zoom, "sprite"])
    a, b = _premultiplied(raster["px"]), _premultiplied(sprite["px"])
    diff = np.abs(a - b).max(axis=2)
    assert raster["drawn"] == sprite["drawn"] > 1000
    assert (b[..., 3] > 0).mean() > 0.05  # the picture is not empty
    # The sprite path rounds every stamp to 8 bits (Skia's blends round down), which adds up
    # where hundreds overlap; the blend keeps floats: a few levels apart (of 255) where dense.
    assert diff.max() <= 16 and diff.mean() < 1.0
    assert real_errors(log) == []


def test_clustered_singles_blend_under_the_clusters(tmp_path):
    n = 60_000
    rng = np.random.default_rng(8)
    columns = {"kind": rng.choice(["a", "b"], n)}
    xy = (rng.uniform(60, 100, n), rng.uniform(30, 52, n))
    path = _saved(tmp_path, columns, xy, cluster=True, column="kind")
    with browser_page(offline=True, viewport=(W, H)) as (page, log):
        open_map(page, path)
        counts = page.evaluate(
            """() => { const st = Object.values(ftzgeo.maps)[0];
              const cloud = st.layers.find(e => e.layer instanceof ftzgeo.PointCloud).layer;
              const out = {};
              for (const mode of ["raster", "sprite"]) {
                ftzgeo.pointMode = mode; cloud._redraw();
                const c = cloud._canvas, d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
                let painted = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) painted++; }
                out[mode] = {painted, items: cloud.items().reduce((s, t) => s + t.count, 0)};
              }
              return out; }"""
        )
    assert counts["raster"]["items"] == counts["sprite"]["items"] > 0
    # The same pixels are painted (singles blended, then the clusters' circles drawn on top).
    assert abs(counts["raster"]["painted"] - counts["sprite"]["painted"]) <= 0.002 * W * H
    assert real_errors(log) == []


def test_a_whole_number_tooltip_shows_the_number_as_written(tmp_path):
    n = 30_000
    rng = np.random.default_rng(6)
    ids = rng.choice(10**9, n, replace=False) - 5 * 10**8  # either sign, up to nine digits
    xy = (rng.uniform(79, 81, n), rng.uniform(41, 43, n))
    path = _saved(tmp_path, {"id": ids}, xy, cluster=False, tooltip="id")
    with browser_page(offline=True, viewport=(W, H)) as (page, log):
        open_map(page, path)
        one = page.evaluate(
            """() => {
              const st = Object.values(ftzgeo.maps)[0];
              st.map.setView([42, 80], 12, {animate: false});
              const cloud = st.layers.find(e => e.layer instanceof ftzgeo.PointCloud).layer;
              cloud._redraw();
              const items = cloud.items(), it = items[Math.floor(items.length / 2)];
              return {x: it.x, y: it.y, member: it.members[0]};
            }"""
        )
        page.mouse.move(one["x"], one["y"])
        page.wait_for_selector(".leaflet-tooltip", timeout=10_000)
        tip = page.locator(".leaflet-tooltip").last.inner_text()
        member = page.evaluate(
            """(i) => Object.values(ftzgeo.maps)[0].layers
                 .find(e => e.layer instanceof ftzgeo.PointCloud).data.t[i]""",
            one["member"],
        )
    assert tip == str(member) and int(tip) in set(ids.tolist())
    assert real_errors(log) == [] and log.unexpected == []
