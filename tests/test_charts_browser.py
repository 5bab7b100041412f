"""Popups chart the published yearly figures (headless Chromium, offline), built from numbers."""

from __future__ import annotations

import itertools
import os

import pytest
from browser import browser_page, missing_requirements, open_map, real_errors, settle

import ftzgeo as fz

pytestmark = pytest.mark.browser
_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]

#: Open a feature's own popup (a click at a crowded spot would list its neighbours first).
_SHOW = """(hit) => {
  const content = typeof hit._ftzPopup === 'function' ? hit._ftzPopup() : hit._ftzPopup;
  L.popup({maxWidth: 380}).setLatLng(hit.getLatLng()).setContent(content).openOn(hit._map);
}"""
_OPEN = (
    """(id) => {
  const st = Object.values(ftzgeo.maps)[0]; let hit = null;
  st.layers.forEach(e => { if (e.layer.eachLayer) e.layer.eachLayer(l => {
    if (l.feature && l.feature.properties.id === id && e.key === 'land_ports') hit = l; }); });
  ("""
    + _SHOW
    + """)(hit);
  const box = document.querySelector('.leaflet-popup-content');
  return Array.from(box.querySelectorAll('.ftz-chart')).map(svg => ({
    title: svg.previousElementSibling.textContent,
    points: Array.from(svg.querySelectorAll('circle')).map(c => ({
      tip: c.querySelector('title').textContent, hollow: c.getAttribute('fill') === '#fff'})),
    lines: svg.querySelectorAll('line').length - 1,
    html: svg.outerHTML}));
}"""
)


def test_a_ports_popup_charts_every_published_year_it_covers(tmp_path):
    path = fz.save_html(fz.connectivity_map(), tmp_path / "m.html")
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        charts = page.evaluate(_OPEN, "khorgos-rail")
        page.locator(".ftz-lang-zh").click()
        settle(page)
        zh = page.evaluate(_OPEN, "khorgos-rail")
    rows = fz.indicators(feature="khorgos-rail", period="year")
    assert sum(len(c["points"]) for c in charts) == len(rows)  # every yearly figure, no more
    own = rows[(rows["ids"] == "khorgos-rail") & (rows["indicator"] == "freight_trains")]
    chart = next(c for c in charts if c["title"] == "Freight trains (trains)")
    assert [p["tip"].split(":")[0] for p in chart["points"]] == [str(y) for y in own["year"]]
    for point, row in zip(chart["points"], own.itertuples(), strict=True):
        assert f"{row.value:,.0f}" in point["tip"]
        assert point["hollow"] is (row.qualifier != "exact")  # "over 7,000" is not exact
    years = list(own["year"])
    assert chart["lines"] == sum(b - a == 1 for a, b in itertools.pairwise(years))
    assert any("covers" in c["title"] for c in charts)  # the Alashankou + Khorgos total says so
    assert any(c["title"].startswith("货运班列") for c in zh)  # the switch turns the charts too
    assert real_errors(log) == [] and log.unexpected == []


def test_chart_text_from_data_is_never_markup(tmp_path):
    ports = fz.load("land_ports").head(1)
    evil = "<img src=x onerror=alert(1)>"
    series = [{"l": evil, "u": evil, "c": evil, "p": [[2020, 5.0, "exact", evil]]}]
    ports = ports.assign(_ind=[series])
    m = fz.connectivity_map(layers={"land_ports": None})
    fz.maps.add_layer(m, ports, name="evil", layer="land_ports")
    path = fz.save_html(m, tmp_path / "evil.html")
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        page.evaluate(
            "() => { const st = Object.values(ftzgeo.maps)[0];"
            " const e = st.layers.find(x => x.name === 'evil'); let hit = null;"
            " e.layer.eachLayer(l => { hit = l; }); (" + _SHOW + ")(hit); }"
        )
        settle(page)
        images = page.evaluate(
            "() => document.querySelectorAll('.leaflet-popup-content img').length"
        )
        text = page.locator(".leaflet-popup-content .ftz-charts").inner_text()
    assert images == 0 and evil in text
    assert log.dialogs == [] and real_errors(log) == []
