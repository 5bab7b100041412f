"""The default map on a phone, in a notebook cell and on a desktop (headless Chromium, offline)."""

from __future__ import annotations

import os

import pytest
from browser import browser_page, missing_requirements, open_map, real_errors, settle

import ftzgeo as fz

pytestmark = pytest.mark.browser
_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]

FIRST_VIEW = ("urumqi", "kashgar", "khorgos", "almaty", "tashkent")
PANELS_JS = """() => {
  const ctl = document.querySelector('.leaflet-control-layers');
  const leg = document.querySelector('.ftz-legend');
  const area = el => { const r = el.getBoundingClientRect(); return r.width * r.height; };
  return {controlOpen: ctl.classList.contains('leaflet-control-layers-expanded'),
          legendOpen: !leg.classList.contains('ftz-collapsed'),
          covered: (area(ctl) + area(leg)) / (innerWidth * innerHeight)};
}"""


@pytest.fixture(scope="module")
def page_path(tmp_path_factory):
    return fz.save_html(fz.connectivity_map(), tmp_path_factory.mktemp("screens") / "m.html")


def _under_panels(page, gdf) -> list[str]:
    """The points drawn under a panel of the page (legend, layer control, slider, buttons)."""
    return page.evaluate(
        "(pts) => { const m = Object.values(ftzgeo.maps)[0].map, c = m.getContainer();"
        " const boxes = Array.from(c.querySelectorAll('.leaflet-control')).map(e => e.getBoundingClientRect());"
        " const r0 = c.getBoundingClientRect();"
        " return pts.filter(([id, lat, lng]) => { const p = m.latLngToContainerPoint([lat, lng]);"
        "   const x = p.x + r0.left, y = p.y + r0.top;"
        "   return boxes.some(b => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom); })"
        " .map(([id]) => id); }",
        [[r.id, r.geometry.y, r.geometry.x] for r in gdf.itertuples()],
    )


def _in_view(page, gdf) -> dict[str, bool]:
    return page.evaluate(
        "(pts) => { const m = Object.values(ftzgeo.maps)[0].map, b = m.getBounds();"
        " return Object.fromEntries(pts.map(([id, lat, lng]) => [id, b.contains([lat, lng])])); }",
        [[r.id, r.geometry.y, r.geometry.x] for r in gdf.itertuples()],
    )


@pytest.mark.parametrize(
    ("size", "small"), [((390, 844), True), ((640, 420), True), ((1280, 800), False)]
)
def test_first_view_and_panels_fit_the_screen(page_path, size, small):
    cities = fz.load("cities").set_index("id").loc[list(FIRST_VIEW)].reset_index()
    with browser_page(viewport=size, offline=True) as (page, log):
        open_map(page, page_path)
        seen = _in_view(page, cities)
        hidden = _under_panels(page, cities)
        panels = page.evaluate(PANELS_JS)
        page.locator(".ftz-legend-toggle").click()  # the legend opens and closes on demand
        toggled = page.evaluate(PANELS_JS)["legendOpen"]
    assert all(seen.values()), seen
    assert hidden == []  # the first view frames them clear of the panels that start open
    assert panels["controlOpen"] is not small and panels["legendOpen"] is not small
    assert toggled is small
    if small:
        assert panels["covered"] < 0.05  # collapsed panels leave the map to the reader
    assert real_errors(log) == [] and log.unexpected == []


def test_a_tap_on_each_port_on_a_phone_reaches_that_port(page_path):
    ports = fz.load("land_ports")
    reached, missed = {}, []
    with browser_page(viewport=(390, 844), offline=True) as (page, log):
        open_map(page, page_path)
        start = page.evaluate(
            "() => { const m = Object.values(ftzgeo.maps)[0].map; return [m.getCenter(), m.getZoom()]; }"
        )
        for port in ports.itertuples():
            page.evaluate(
                "([c, z]) => { const m = Object.values(ftzgeo.maps)[0].map; m.closePopup();"
                " m.setView(c, z, {animate: false}); }",
                start,
            )
            settle(page)
            x, y = page.evaluate(
                "(ll) => { const p = Object.values(ftzgeo.maps)[0].map.latLngToContainerPoint(ll);"
                " return [p.x, p.y]; }",
                [port.geometry.y, port.geometry.x],
            )
            page.mouse.click(x, y)
            popup = page.locator(".leaflet-popup-content").last
            popup.wait_for(timeout=10000)
            settle(page)  # the popup may pan the map into view: tap once it stands still
            picks = popup.locator(".ftz-pick")
            if picks.count():  # several features under the finger: a list, each entry opens one
                entry = picks.filter(has_text=port.name_en)
                if not entry.count():
                    missed.append(port.id)
                    continue
                entry.first.click()
                page.wait_for_function(
                    "() => { const c = document.querySelectorAll('.leaflet-popup-content');"
                    " return c.length && !c[c.length - 1].querySelector('.ftz-pick'); }",
                    timeout=10000,
                )
                popup = page.locator(".leaflet-popup-content").last
            reached[port.id] = popup.inner_text().split("\n")[0]
    assert missed == []
    for port in ports.itertuples():
        assert reached[port.id].startswith(port.name_en), (port.id, reached[port.id])
    assert real_errors(log) == [] and log.unexpected == []


def test_a_tap_next_to_a_small_dot_still_reaches_it(page_path):
    """Cities are 10 px dots: a tap 10 px off the centre (inside a 24 px target) opens the city,
    not the country under it."""
    cities = fz.load("cities")
    capitals = cities[cities["role"].str.contains("capital")]
    opened = {}
    with browser_page(viewport=(1280, 800), offline=True) as (page, log):
        open_map(page, page_path)
        page.evaluate(
            "() => { Object.values(ftzgeo.maps)[0].map.setView([42, 72], 6, {animate: false}); }"
        )
        settle(page)
        for city in capitals.itertuples():
            x, y = page.evaluate(
                "(ll) => { const p = Object.values(ftzgeo.maps)[0].map.latLngToContainerPoint(ll);"
                " return [p.x, p.y]; }",
                [city.geometry.y, city.geometry.x],
            )
            if not (60 < x < 900 and 60 < y < 740):
                continue
            page.evaluate("() => Object.values(ftzgeo.maps)[0].map.closePopup()")
            page.mouse.click(x + 10, y)
            popup = page.locator(".leaflet-popup-content").last
            popup.wait_for(timeout=10000)
            opened[city.name_en] = popup.inner_text()
    assert len(opened) >= 2, opened
    for name, text in opened.items():
        assert name in text, (name, text[:80])
    assert real_errors(log) == [] and log.unexpected == []


def test_a_sub_zone_stays_reachable_where_points_crowd_it(page_path):
    zones = fz.load("subzones")
    reached = {}
    with browser_page(viewport=(1280, 800), offline=True) as (page, log):
        open_map(page, page_path)
        for zone in zones.itertuples():
            centre = zone.geometry.representative_point()
            for zoom in (7, 9, 11):
                page.evaluate(
                    "([c, z]) => { const m = Object.values(ftzgeo.maps)[0].map; m.closePopup();"
                    " m.setView(c, z, {animate: false}); }",
                    [[centre.y, centre.x], zoom],
                )
                settle(page)
                page.mouse.click(640, 400)  # the map's centre: the sub-zone
                popup = page.locator(".leaflet-popup-content").last
                popup.wait_for(timeout=10000)
                reached[(zone.id, zoom)] = popup.inner_text()
    title = {z.id: z.name_en.split(",")[0] for z in zones.itertuples()}
    for (ident, zoom), text in reached.items():
        assert title[ident] in text, (ident, zoom, text[:80])  # its popup, or a list naming it
    assert real_errors(log) == [] and log.unexpected == []
