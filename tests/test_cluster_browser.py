"""100,000 of a user's points, clustered, in headless Chromium offline: every one reachable."""

from __future__ import annotations

import os

import geopandas as gpd
import numpy as np
import pytest
from browser import browser_page, missing_requirements, open_map, real_errors, settle

import ftzgeo as fz

pytestmark = pytest.mark.browser
_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]

N = 100_000
LAYER_JS = "() => Object.values(ftzgeo.maps)[0].layers.find(e => e.name === 'Shipments')"


def _points() -> gpd.GeoDataFrame:
    """Dense knots around the sub-zones, a thin spread over the region, and 120 points sharing
    one spot (they can only be told apart in a list, 50 at a time)."""
    rng = np.random.default_rng(3)
    centres = np.array([[87.62, 43.83], [75.99, 39.47], [80.42, 44.21]])
    knot = centres[rng.integers(0, 3, N - 20_120)] + rng.normal(0, 0.15, (N - 20_120, 2))
    spread = np.column_stack([rng.uniform(70, 92, 20_000), rng.uniform(37, 48, 20_000)])
    same = np.tile([[82.0, 45.0]], (120, 1))
    xy = np.vstack([knot, spread, same])
    return gpd.GeoDataFrame(
        {
            "name": [f"shipment {i}" for i in range(N)],
            "kind": np.where(np.arange(N) % 3, "rail", "road"),
        },
        geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]),
        crs=4326,
    )


def _find(page, name: str) -> dict | None:
    """The drawn item (a point or a cluster) that holds the point called `name`, or None."""
    return page.evaluate(
        f"(name) => {{ const e = ({LAYER_JS})(); const k = e.data.t.indexOf(name);"
        " return e.layer.items().find(t => t.members.includes(k)) || null; }",
        name,
    )


def test_every_point_of_100k_is_reachable_by_zooming(tmp_path):
    pts = _points()
    with pytest.warns(fz.errors.LargeLayerWarning, match="100,000 features"):
        m = fz.connectivity_map(layers={"subzones": None, "Shipments": pts}, tiles=None)
    path = fz.save_html(m, tmp_path / "shipments.html")
    rng = np.random.default_rng(11)
    sample = [*rng.choice(N - 120, 8, replace=False).tolist(), N - 1]  # N - 1: 120th at its spot
    reached = {}
    with browser_page(offline=False) as (page, log):
        open_map(page, path)
        start = page.evaluate(
            "() => { const m = Object.values(ftzgeo.maps)[0].map; return [m.getCenter(), m.getZoom()]; }"
        )
        first = page.evaluate(f"() => ({LAYER_JS})().layer.items()")
        for i in sample:
            page.evaluate(
                "([c, z]) => { Object.values(ftzgeo.maps)[0].map.setView(c, z, {animate: false}); }",
                start,
            )
            settle(page)
            for _ in range(30):
                item = _find(page, pts["name"].iloc[i])
                if (
                    item is None
                ):  # a zoom step framed the cluster's bounds: pan to it, as a reader would
                    page.evaluate(
                        "(ll) => { Object.values(ftzgeo.maps)[0].map.panTo(ll, {animate: false}); }",
                        [pts.geometry.y.iloc[i], pts.geometry.x.iloc[i]],
                    )
                    settle(page)
                    item = _find(page, pts["name"].iloc[i])
                if item["count"] == 1:
                    page.mouse.move(item["x"], item["y"])
                    page.wait_for_selector(".leaflet-tooltip", timeout=5000)
                    reached[i] = page.locator(".leaflet-tooltip").last.inner_text()
                    break
                zoom = page.evaluate("() => Object.values(ftzgeo.maps)[0].map.getZoom()")
                page.mouse.click(item["x"], item["y"])
                settle(page)
                after = page.evaluate("() => Object.values(ftzgeo.maps)[0].map.getZoom()")
                if after == zoom:  # the last zoom: the cluster's popup lists its points
                    page.wait_for_selector(".ftz-list", timeout=5000)
                    name = pts["name"].iloc[i]
                    while name not in page.locator(".ftz-list li").all_inner_texts():
                        if not page.locator(".ftz-more").is_visible():
                            break
                        page.locator(".ftz-more").click()  # the next 50
                    entry = page.locator(".ftz-pick", has_text=name)
                    if entry.count():
                        entry.first.click()  # the entry opens that point's own popup
                        page.wait_for_selector(".leaflet-popup-content b", timeout=5000)
                        reached[i] = page.locator(".leaflet-popup-content b").last.inner_text()
                    break
        # The page's switch shows every point on its own.
        page.locator(".ftz-cluster-switch input").uncheck()
        settle(page)
        unclustered = page.evaluate(f"() => ({LAYER_JS})().layer.items().every(t => t.count === 1)")
    assert sum(t["count"] for t in first) == N  # the first view accounts for every point
    assert max(t["count"] for t in first) > 1000  # and groups them
    assert reached == {i: pts["name"].iloc[i] for i in sample}
    assert unclustered
    assert real_errors(log) == [] and log.unexpected == []
