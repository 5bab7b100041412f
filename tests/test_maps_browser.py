"""The saved map in headless Chromium (Debian's chromium via Playwright), fully offline."""

from __future__ import annotations

import os

import pytest
from browser import browser_page, missing_requirements, open_map, real_errors, settle
from test_compose import EVIL, evil_layer

import ftzgeo as fz
from ftzgeo.maps.timeline import as_of

pytestmark = pytest.mark.browser

_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]

COUNTS_JS = """() => {
  const s = Object.values(ftzgeo.maps)[0];
  const out = {};
  s.layers.forEach(e => { out[e.key] = e.count(); });
  return out;
}"""


@pytest.fixture(scope="module")
def default_map(tmp_path_factory):
    assert _missing is None, _missing
    path = tmp_path_factory.mktemp("maps") / "default.html"
    return fz.export.save_html(fz.maps.connectivity_map(), path)


def test_default_map_draws_every_layer_without_errors(default_map, shipped):
    with browser_page() as (page, log):
        open_map(page, default_map)
        counts = page.evaluate(COUNTS_JS)
        legend = page.locator(".ftz-legend")
        assert legend.is_visible()
        box = legend.bounding_box()
        assert box["width"] > 100 and box["height"] > 100
        assert page.locator(".leaflet-control-layers").is_visible()
        assert page.locator(".leaflet-control-scale").is_visible()
        assert page.locator(".ftz-fullscreen").is_visible()
        assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    assert real_errors(log) == []
    assert log.unexpected == [], "the page asked for something that is neither Leaflet nor a tile"
    for name in counts:
        assert counts[name] == len(shipped[name]), name


def test_year_slider_changes_what_is_drawn(default_map, shipped):
    with browser_page() as (page, log):
        open_map(page, default_map)
        before = page.evaluate(COUNTS_JS)
        slider = page.locator(".ftz-slider-input")
        for year in (2011, 1995, 2013):
            slider.fill(str(year))  # fires input and change
            settle(page)
            counts = page.evaluate(COUNTS_JS)
            label = page.locator(".ftz-slider-label").inner_text()
            assert label == f"as of {year}"
            for name, n in counts.items():
                assert n == len(as_of(shipped[name], year)), (year, name)
            ports = page.evaluate(
                "() => { const s = Object.values(ftzgeo.maps)[0]; const ids = [];"
                " s.layers.find(e => e.key === 'land_ports').layer"
                ".eachLayer(l => ids.push(l.feature.properties.id));"
                " return ids; }"
            )
            assert ("khorgos-rail" in ports) == (year >= 2012)
        assert counts["rail"] < before["rail"]
        slider.fill(slider.get_attribute("max"))
        settle(page)
        assert page.evaluate(COUNTS_JS) == before
    assert real_errors(log) == []


def test_map_opened_at_a_year(tmp_path, shipped):
    path = fz.export.save_html(fz.maps.connectivity_map(year=2011, tiles=None), tmp_path / "y.html")
    with browser_page() as (page, log):
        open_map(page, path)
        counts = page.evaluate(COUNTS_JS)
        assert page.locator(".ftz-slider-label").inner_text() == "as of 2011"
    in_2011 = as_of(shipped["pipelines"], 2011)
    assert counts["pipelines"] == len(in_2011)
    # Gas lines A and B (2009, 2010) and the oil line into Alashankou (2006); not C (2014).
    assert {"cagp-a", "cagp-b", "kcop-atasu-alashankou"} <= set(in_2011["id"])
    assert "cagp-c" not in set(in_2011["id"])
    assert real_errors(log) == [] and log.tiles_blocked == []


def test_popups_show_escaped_text_and_canaries_never_fire(tmp_path):
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    fz.maps.add_layer(m, evil_layer(), name="evil")
    path = fz.export.save_html(m, tmp_path / "evil.html")
    with browser_page() as (page, log):
        open_map(page, path)
        texts = page.evaluate(
            """() => {
              const s = Object.values(ftzgeo.maps)[0];
              const out = [];
              s.layers.find(e => e.name === 'evil').layer.eachLayer(l => {
                l.openTooltip();
                l.fire('click', {latlng: l.getLatLng ? l.getLatLng() : l.getBounds().getCenter()});
                const pops = document.querySelectorAll('.leaflet-popup-content');
                const pop = pops[pops.length - 1];  // a closed popup fades out for 200 ms
                const tip = l.getTooltip().getElement();
                const title = pop.querySelector('b').textContent;
                out.push([title, tip.textContent, pop.innerHTML.includes('<img')]);
              });
              return out;
            }"""
        )
        page.mouse.move(600, 400)
        settle(page)
        fired = page.evaluate(
            "() => [window.__pwned, document.querySelectorAll('img[src=x]').length]"
        )
    assert [t[0] for t in texts] == EVIL
    assert [t[1] for t in texts] == EVIL
    assert not any(t[2] for t in texts), "a tag from data was parsed as HTML"
    assert fired == [None, 0]
    assert log.dialogs == []
    assert real_errors(log) == []


def test_the_default_page_opens_with_no_network_at_all(tmp_path, shipped, monkeypatch):
    """No `assets` step, an empty cache: Leaflet comes inside the page from the installed package."""
    monkeypatch.setenv("FTZGEO_ASSETS_DIR", str(tmp_path / "assets"))
    path = fz.save_html(fz.connectivity_map(), tmp_path / "offline.html")
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        counts = page.evaluate(COUNTS_JS)
        assert page.locator(".ftz-legend").is_visible()
    assert log.served == [] and log.tiles_blocked == [] and log.unexpected == [], (
        "a request left the file"
    )
    assert real_errors(log) == []
    for name, n in counts.items():
        assert n == len(shipped[name]), name


def test_the_notebook_display_draws_with_no_network(tmp_path, shipped, monkeypatch):
    """What Jupyter shows for `m` (an iframe with the page inline) draws offline."""
    monkeypatch.setenv("FTZGEO_ASSETS_DIR", str(tmp_path / "assets"))
    m = fz.connectivity_map(layers=["subzones", "land_ports"])
    cell = tmp_path / "cell.html"
    cell.write_text(f"<!DOCTYPE html><html><body>{m._repr_html_()}</body></html>", encoding="utf-8")
    with browser_page(offline=True) as (page, log):
        page.goto(cell.as_uri(), wait_until="load")
        frame = page.frames[1]
        frame.wait_for_function("() => window.ftzgeo && Object.keys(window.ftzgeo.maps).length > 0")
        counts = frame.evaluate(COUNTS_JS)
    assert log.served == [] and log.tiles_blocked == [] and log.unexpected == []
    assert real_errors(log) == []
    assert counts["land_ports"] == len(shipped["land_ports"])


def test_self_contained_map_with_tiles_still_draws_when_tiles_fail(tmp_path, shipped, monkeypatch):
    from browser import NODE_MODULES

    from ftzgeo import assets

    monkeypatch.setenv("FTZGEO_ASSETS_DIR", str(tmp_path / "assets"))
    assets.add(NODE_MODULES)
    path = fz.export.save_html(
        fz.maps.connectivity_map(tiles=tuple(fz.maps.compose.DEFAULT_TILES)),
        tmp_path / "tiles.html",
    )
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        counts = page.evaluate(COUNTS_JS)
    assert log.unexpected == [] and log.served == []  # only tile requests, all refused
    assert log.tiles_blocked
    assert real_errors(log) == []
    assert counts["countries"] == len(shipped["countries"])


def test_large_point_layer_is_drawn_on_canvas_filtered_and_escaped(tmp_path):
    import warnings

    import geopandas as gpd
    import numpy as np

    rng = np.random.default_rng(0)
    n = 20_000
    pts = gpd.GeoDataFrame(
        {
            "id": np.arange(n),
            "name_en": [EVIL[i % len(EVIL)] for i in range(n)],
            "status": np.where(np.arange(n) % 4 == 0, "planned", "operating"),
            "opened": np.where(np.arange(n) % 2 == 0, 2005, 2020),
        },
        geometry=gpd.points_from_xy(rng.uniform(76, 88, n), rng.uniform(39, 46, n)),
        crs=4326,
    )
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fz.maps.LargeLayerWarning)
        fz.maps.add_layer(m, pts, name="shipments", cluster=False)
    path = fz.export.save_html(m, tmp_path / "big.html")
    with browser_page() as (page, log):
        open_map(page, path)
        page.evaluate(
            "() => { const s = Object.values(ftzgeo.maps)[0]; s.map.setView([42.5, 82], 7, {animate: false}); }"
        )
        settle(page)
        counts = page.evaluate(COUNTS_JS)
        painted = page.evaluate(
            "() => { const c = document.querySelector('canvas.ftz-cloud');"
            " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            " let k = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) k++; return k; }"
        )
        # Hover and click on a drawn point: tooltip and popup show the text, escaped.
        target = page.evaluate(
            "() => { const s = Object.values(ftzgeo.maps)[0]; const e = s.layers.find(l => l.name === 'shipments');"
            " const d = e.data; let best = null;"
            " e.layer.items().forEach(q => {"
            "   const dd = (q.x - 500) ** 2 + (q.y - 400) ** 2; if (!best || dd < best[0]) best = [dd, q]; });"
            " const q = best[1]; return [q.x, q.y, d.t[q.members[0]], q.count]; }"
        )
        page.mouse.move(target[0], target[1])
        page.wait_for_selector(".leaflet-tooltip", timeout=5000)
        tip = page.locator(".leaflet-tooltip").last.inner_text()
        page.mouse.click(target[0], target[1])
        wait_text = (
            "(t) => { const b = document.querySelector('.leaflet-popup-content b');"
            " return b && b.textContent === t; }"
        )
        page.wait_for_function(wait_text, arg=target[2], timeout=5000)
        popup = page.locator(".leaflet-popup-content b").inner_text()
        page.locator(".ftz-slider-input").fill("2010")
        settle(page)
        in_2010 = page.evaluate(COUNTS_JS)
        fired = page.evaluate(
            "() => [window.__pwned, document.querySelectorAll('img[src=x]').length]"
        )
    assert counts["user"] == n
    assert target[3] == 1  # not clustered: every point drawn on its own
    assert painted > 10_000
    assert tip == target[2] and popup == target[2]
    expected = int(((pts["status"] == "operating") & (pts["opened"] <= 2010)).sum())
    assert in_2010["user"] == expected
    assert fired == [None, 0] and log.dialogs == []
    assert real_errors(log) == []


STYLE_CANARY = '"><img src=x onerror="window.__pwned=1">'


def test_port_icons_are_built_as_dom_nodes_so_a_style_value_stays_inert(tmp_path):
    """Python refuses a hostile colour (tests/test_compose.py); even handed one directly, the
    page's icon builder sets it as an attribute and never parses it as markup."""
    m = fz.maps.connectivity_map(layers=["land_ports"], tiles=None)
    path = fz.export.save_html(m, tmp_path / "ports.html")
    with browser_page() as (page, log):
        open_map(page, path)
        page.evaluate(
            """(evil) => {
              const svg = ftzgeo.shapeSvg({shape: 'circle+square+ring', color: evil, fillColor: evil});
              document.body.appendChild(svg);
              return svg.outerHTML;
            }""",
            STYLE_CANARY,
        )
        settle(page)
        fired = page.evaluate(
            "() => [window.__pwned, document.querySelectorAll('img[src=x]').length,"
            " document.querySelectorAll('.ftz-icon svg').length]"
        )
    assert fired[:2] == [None, 0]
    assert fired[2] > 0, "port icons are drawn as SVG elements"
    assert real_errors(log) == []


def test_missing_geometries_and_an_empty_route_leave_the_page_whole(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    mine = gpd.GeoDataFrame(
        {"id": ["a", "b"], "name_en": ["A", "B"]}, geometry=[Point(80.4, 44.2), None], crs=4326
    )
    G = fz.network.build_network(modes=("road",))
    self_route = fz.routing.route_feature(G, fz.routing.shortest_path(G, "kashgar", "kashgar"))
    m = fz.maps.connectivity_map(
        layers={"subzones": None, "Mine": mine}, tiles=None, routes=self_route
    )
    path = fz.export.save_html(m, tmp_path / "holes.html")
    with browser_page() as (page, log):
        open_map(page, path)
        centre = page.evaluate("() => Object.values(ftzgeo.maps)[0].map.getCenter()")
        assert page.locator(".ftz-legend").is_visible()
    assert all(isinstance(v, float) and v == v for v in centre.values()), centre
    assert real_errors(log) == []


def test_the_cli_map_makes_no_request_at_all(tmp_path, monkeypatch, shipped):
    from ftzgeo.cli import main

    monkeypatch.setenv("FTZGEO_ASSETS_DIR", str(tmp_path / "assets"))
    out = tmp_path / "one.html"
    assert main(["map", "-o", str(out)]) == 0
    with browser_page(offline=True) as (page, log):
        open_map(page, out)
        counts = page.evaluate(COUNTS_JS)
    assert log.served == [] and log.tiles_blocked == [] and log.unexpected == []
    assert real_errors(log) == []
    assert counts["land_ports"] == len(shipped["land_ports"])


def test_the_page_applies_the_same_as_of_rule_as_python(default_map):
    """``visible`` in ftzgeo.js mirrors ``ftzgeo.status.in_service`` on every combination."""
    import itertools

    import geopandas as gpd

    from ftzgeo.schema import STATUSES
    from ftzgeo.status import in_service

    statuses = list(STATUSES)
    openings = [None, 1990, 2011, 2012, 2030]
    cases = list(itertools.product(statuses, openings, [1989, 2011, 2012, 2026]))
    frame = gpd.GeoDataFrame({"status": [c[0] for c in cases], "opened": [c[1] for c in cases]})
    python = [bool(in_service(frame.iloc[[i]], c[2]).iloc[0]) for i, c in enumerate(cases)]
    with browser_page() as (page, _log):
        open_map(page, default_map)
        page_says = page.evaluate(
            "(cases) => cases.map(([st, y, year]) => ftzgeo.visible({_st: st, _y: y}, year))",
            [list(c) for c in cases],
        )
    assert page_says == python
