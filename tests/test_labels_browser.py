"""Permanent labels of a user's layer in headless Chromium: never overlapping, revealed by zoom."""

from __future__ import annotations

import os

import pytest
from browser import browser_page, missing_requirements, open_map, real_errors, settle

import ftzgeo as fz

pytestmark = pytest.mark.browser
_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]

VISIBLE_BOXES_JS = """() => Array.from(document.querySelectorAll('.ftz-label'))
  .filter(el => getComputedStyle(el).visibility !== 'hidden')
  .map(el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, el.textContent]; })
  .filter(b => b[2] > 0 && b[3] > 0 && b[0] < innerWidth && b[1] < innerHeight)"""


def _overlaps(boxes: list[list]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                out.append((a[4], b[4]))
    return out


def test_fifty_labels_never_overlap_and_zooming_in_reveals_more(tmp_path, factories):
    m = fz.connectivity_map(layers=["subzones"], tiles=None)
    fz.maps.add_layer(m, factories, name="Factories", label="name")
    path = fz.save_html(m, tmp_path / "labels.html")
    with browser_page() as (page, log):
        open_map(page, path)
        settle(page)
        wide = page.evaluate(VISIBLE_BOXES_JS)
        counts_wide = page.evaluate("() => Object.values(ftzgeo.maps)[0].labels")
        # Zoom onto the Kashgar factories: room for more of their labels.
        page.evaluate(
            "() => { Object.values(ftzgeo.maps)[0].map.setView([39.47, 75.99], 11, {animate: false}); }"
        )
        settle(page)
        close = page.evaluate(VISIBLE_BOXES_JS)
        labels = page.evaluate("() => document.querySelectorAll('.ftz-label').length")
        # A label never takes a click: the click reaches the map (a factory's popup).
        target = page.evaluate("""() => {
            const inside = r => r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
            const el = Array.from(document.querySelectorAll('.ftz-label')).find(e =>
                getComputedStyle(e).visibility !== 'hidden' && inside(e.getBoundingClientRect()));
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return {underLabel: el.contains(hit), hitIsMap: !!hit.closest('.leaflet-container')}; }""")
    names = set(factories["name"])
    # Every factory carries a label, and so do the three sub-zones and the countries.
    assert labels == len(factories) + 3 + len(fz.load("countries"))
    assert counts_wide["total"] == labels and counts_wide["shown"] == len(wide)
    assert _overlaps(wide) == [] and _overlaps(close) == []
    assert 0 < len(wide) < labels  # crowded at the wide view: some wait for a zoom
    kashgar_wide = [b for b in wide if b[4] in names and b[0] < 600]
    assert len(close) > len(kashgar_wide)
    assert {b[4] for b in close} & names
    assert target == {"underLabel": False, "hitIsMap": True}  # the map gets the click
    assert real_errors(log) == [] and log.unexpected == []


def test_the_default_map_names_capitals_and_ports_without_overlap_at_zooms_4_6_8(tmp_path):
    path = fz.save_html(fz.connectivity_map(), tmp_path / "default.html")
    cities, ports = fz.load("cities"), fz.load("land_ports")
    first = cities[
        cities["role"].str.contains("capital") | cities["id"].isin(["urumqi", "kashgar"])
    ]
    seen = {}
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        for zoom in (4, 6, 8):
            page.evaluate(
                "(z) => { Object.values(ftzgeo.maps)[0].map.setView([42.0, 76.5], z, {animate: false}); }",
                zoom,
            )
            settle(page)
            boxes = page.evaluate(VISIBLE_BOXES_JS)
            in_view = page.evaluate(
                "(pts) => { const m = Object.values(ftzgeo.maps)[0].map, s = m.getSize();"
                " return pts.filter(([n, lat, lng]) => { const p = m.latLngToContainerPoint([lat, lng]);"
                " return p.x > 40 && p.y > 40 && p.x < s.x - 320 && p.y < s.y - 40; }).map(p => p[0]); }",
                [[r.name_en.split(",")[0], r.geometry.y, r.geometry.x] for r in first.itertuples()],
            )
            seen[zoom] = (boxes, in_view)
    for zoom, (boxes, in_view) in seen.items():
        assert _overlaps(boxes) == [], zoom
        texts = {b[4] for b in boxes}
        shown = set(in_view) & texts
        assert len(shown) >= min(2, len(in_view)), (zoom, in_view, texts)
        if zoom >= 6:  # only the FTZ areas' own labels (ranked first) may cover their cities
            assert set(in_view) - texts <= {"Kashgar", "Ürümqi"}, (zoom, set(in_view) - texts)
    port_names = {n.split(",")[0] for n in ports["name_en"]}
    assert not {b[4] for b in seen[4][0]} & port_names  # ports wait for zoom 5
    assert {b[4] for b in seen[6][0]} & port_names and {b[4] for b in seen[8][0]} & port_names
    assert real_errors(log) == [] and log.unexpected == []
