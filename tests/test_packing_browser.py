"""Packed layers in headless Chromium offline: the same data as plain ones, a notice where the
browser cannot unpack, and a million points drawn with every one in view reachable."""

from __future__ import annotations

import os

import geopandas as gpd
import pytest
from browser import browser_page, missing_requirements, open_map, real_errors, settle
from samples import random_points

import ftzgeo as fz

pytestmark = pytest.mark.browser
_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]

ENTRY = "(name) => Object.values(ftzgeo.maps)[0].layers.find(e => e.name === name)"


def _points(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    return random_points(n, seed, suffix=" <i>")


def _map(layers: dict) -> fz.maps.compose.FtzMap:
    m = fz.connectivity_map(layers=["subzones"], slider=False, labels=False)
    for name, (pts, compress) in layers.items():
        fz.maps.add_layer(
            m, pts, name=name, column="kind", cluster=False, encoding="compact", compress=compress
        )
    return m


def test_packed_and_plain_layers_decode_to_the_same_coordinates_and_properties(tmp_path):
    pts = _points(30_000)
    path = fz.save_html(_map({"packed": (pts, True), "plain": (pts, False)}), tmp_path / "p.html")
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        same = page.evaluate(
            f"""() => {{
              const get = {ENTRY}, a = get("packed"), b = get("plain");
              const xa = a.layer._xy, xb = b.layer._xy;
              let coords = xa.lon.length === xb.lon.length;
              for (let i = 0; coords && i < xa.lon.length; i++) {{
                coords = xa.lon[i] === xb.lon[i] && xa.lat[i] === xb.lat[i];
              }}
              return {{ data: JSON.stringify(a.data) === JSON.stringify(b.data), coords,
                        n: xa.lon.length }};
            }}"""
        )
    assert same == {"data": True, "coords": True, "n": 30_000}
    assert real_errors(log) == [] and log.unexpected == []


def test_a_browser_that_cannot_unpack_shows_a_notice_and_the_rest_of_the_map(tmp_path):
    m = _map({'Mine <b onmouseover="x()">': (_points(2000), True), "plain": (_points(50), False)})
    path = fz.save_html(m, tmp_path / "old.html")
    with browser_page(offline=True) as (page, log):
        page.add_init_script("delete window.DecompressionStream;")
        open_map(page, path)
        names = page.evaluate("() => Object.values(ftzgeo.maps)[0].layers.map(e => e.name)")
        notice = page.locator(".ftz-notice")
        text = notice.inner_text()
        page.evaluate("() => ftzgeo.setLang(Object.values(ftzgeo.maps)[0].map, 'zh')")
        text_zh = notice.inner_text()
        markup = page.evaluate("() => document.querySelector('.ftz-notice').children.length")
    assert "plain" in names and "FTZ sub-zones" in names
    assert not any(n.startswith("Mine") for n in names)
    assert 'Mine <b onmouseover="x()">' in text and "compress=False" in text  # shown as text
    assert "DecompressionStream" in text_zh and "图层" in text_zh
    assert markup == 0
    assert real_errors(log) == [] and log.unexpected == []


def test_a_million_points_draw_offline_and_every_one_in_view_is_reachable(tmp_path):
    n = 1_000_000
    pts = _points(n, seed=2)
    path = fz.save_html(_map({"million": (pts, "auto")}), tmp_path / "million.html")
    with browser_page(offline=True, viewport=(1280, 800)) as (page, log):
        page.set_default_timeout(300_000)
        open_map(page, path)
        page.evaluate(
            "() => { Object.values(ftzgeo.maps)[0].map.setView([42, 80], 4, {animate: false}); }"
        )
        settle(page)
        first = page.evaluate(f"() => ({ENTRY})('million').layer.items().length")
        page.evaluate(
            "() => { Object.values(ftzgeo.maps)[0].map.setView([42, 80], 8, {animate: false}); }"
        )
        settle(page)
        # Every point drawn at zoom 8 is the one the page finds under the pointer at its spot.
        reach = page.evaluate(
            f"""() => {{
              const layer = ({ENTRY})('million').layer, items = layer.items();
              let missed = 0;
              for (const it of items) {{
                const hit = layer._nearest({{ containerPoint: L.point(it.x, it.y) }});
                if (!hit || hit.members[0] !== it.members[0]) {{ missed++; }}
              }}
              return {{ drawn: items.length, missed, one: items[Math.floor(items.length / 2)] }};
            }}"""
        )
        one = reach["one"]
        page.mouse.move(one["x"], one["y"])
        page.wait_for_selector(".leaflet-tooltip", timeout=10_000)
        tip = page.locator(".leaflet-tooltip").last.inner_text()
        name = page.evaluate(f"(i) => ({ENTRY})('million').data.t[i]", one["members"][0])
    assert first == n  # at zoom 4 every point is drawn
    assert reach["drawn"] > 10_000 and reach["missed"] == 0
    assert tip == name and name.endswith("<i>")  # the name as text, not markup
    assert real_errors(log) == [] and log.unexpected == []


def test_two_maps_in_one_page_each_unpack_their_own_layers(tmp_path):
    def parts(m):
        root = m.get_root()
        root.render()
        return root.header.render(), root.html.render(), root.script.render()

    h1, b1, s1 = parts(_map({"small": (_points(500, 1), False)}))
    h2, b2, s2 = parts(_map({"big": (_points(30_000, 2), True)}))
    # As a notebook or report shows two maps: each map's blocks come just before its script.
    page = (
        f"<!DOCTYPE html><html><head>{h1}{h2}</head><body>{b1}<script>{s1}</script>"
        f"{b2}<script>{s2}</script></body></html>"
    )
    path = tmp_path / "two.html"
    path.write_text(fz.maps.page._self_contained(page), encoding="utf-8")
    with browser_page(offline=True) as (page_, log):
        page_.goto(path.as_uri(), wait_until="load")
        page_.wait_for_function(
            "() => window.ftzgeo && ftzgeo.pending() === 0 && Object.keys(ftzgeo.maps).length === 2"
        )
        counts = page_.evaluate(
            "() => Object.values(ftzgeo.maps).map(s => Object.fromEntries("
            "s.layers.filter(e => e.data && e.data.n).map(e => [e.name, e.data.n])))"
        )
    assert {"small": 500} in [{k: v for k, v in c.items() if k == "small"} for c in counts]
    assert any(c.get("big") == 30_000 for c in counts)
    assert real_errors(log) == [] and log.unexpected == []


def test_damaged_data_gives_a_notice_naming_the_damage_not_the_browser(tmp_path):
    m = _map({"first": (_points(2000), True), "second": (_points(2000, 1), True)})
    html = fz.export.map_html(m)
    start = html.index('<script type="application/octet-stream" data-ftz="gzip-base64"')
    cut = html.index(">", start) + 1
    broken = html[:cut] + "AAAA" + html[cut + 4000 :]  # the first block's data, truncated
    path = tmp_path / "broken.html"
    path.write_text(broken, encoding="utf-8")
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        notices = page.locator(".ftz-notice").all_inner_texts()
        names = page.evaluate("() => Object.values(ftzgeo.maps)[0].layers.map(e => e.name)")
    assert len(notices) == 1 and "“first”" in notices[0] and "damaged" in notices[0]
    assert "second" in names and "first" not in names
    assert log.page_errors == []


def test_a_hidden_map_redraws_without_error(tmp_path):
    path = fz.save_html(_map({"dense": (_points(50_000), "auto")}), tmp_path / "hidden.html")
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        page.evaluate(
            "() => { const m = Object.values(ftzgeo.maps)[0].map; "
            "m.getContainer().style.display = 'none'; m.invalidateSize(); }"
        )
        hidden = page.evaluate(f"() => ({ENTRY})('dense').layer.items().length")
        page.evaluate(
            "() => { const m = Object.values(ftzgeo.maps)[0].map; "
            "m.getContainer().style.display = ''; m.invalidateSize(); }"
        )
        settle(page)
        shown = page.evaluate(f"() => ({ENTRY})('dense').layer.items().length")
    assert hidden == 0 and shown > 20_000
    assert real_errors(log) == []
