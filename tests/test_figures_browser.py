"""A published figure beside the names for the slider's year (headless Chromium, offline)."""

from __future__ import annotations

import os

import pytest
from browser import browser_page, missing_requirements, open_map, real_errors, settle

import ftzgeo as fz

pytestmark = pytest.mark.browser
_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]

_FIGURES = """() => {
  const st = Object.values(ftzgeo.maps)[0], out = {};
  st.layers.forEach(e => { if (e.key === 'land_ports') e.layer.eachLayer(l => {
    const el = l.getTooltip() && l.getTooltip().getElement();
    const fig = el && el.querySelector('.ftz-fig');
    out[l.feature.properties.id] = fig ? fig.textContent : null; }); });
  return out;
}"""


def test_each_year_shows_the_ports_own_published_trains_and_nothing_else(tmp_path):
    from ftzgeo import cli

    path = tmp_path / "trains.html"
    assert cli.main(["map", "-o", str(path), "--indicator", "freight_trains"]) == 0
    own = fz.indicators(indicator="freight_trains", period="year")
    own = own[~own["ids"].str.contains(";")]
    seen = {}
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        slider = page.locator(".ftz-slider-input")
        for year in (2016, 2019, 2023, 2024):
            slider.fill(str(year))
            settle(page)
            seen[year] = page.evaluate(_FIGURES)
        legend = page.locator(".ftz-legend-body").inner_text()
    for year, figures in seen.items():
        expected = {r.ids: f"{r.value:,.0f} trains" for r in own[own["year"] == year].itertuples()}
        shown = {port: text for port, text in figures.items() if text}
        assert set(shown) == set(expected), (year, shown)
        for port, text in shown.items():
            assert expected[port] in text
    assert seen[2019] == {port: None for port in seen[2019]}  # no figure published for 2019
    assert "Freight trains (trains)" in legend
    assert real_errors(log) == [] and log.unexpected == []


def test_an_unknown_indicator_is_refused():
    with pytest.raises(fz.errors.InvalidArgumentError, match="unknown indicator"):
        fz.connectivity_map(indicator="trains")


def test_a_compact_popup_shows_a_repeated_value_sent_once(tmp_path):
    import geopandas as gpd
    import numpy as np

    n = 400
    rng = np.random.default_rng(3)
    pts = gpd.GeoDataFrame(
        {"name": [f"p{i}" for i in range(n)], "kind": rng.choice(["road", "rail"], n)},
        geometry=gpd.points_from_xy(rng.uniform(70, 90, n), rng.uniform(35, 49, n)),
        crs=4326,
    )
    m = fz.connectivity_map(layers=["subzones"], labels=False)
    fz.maps.add_layer(m, pts, name="pts", encoding="compact", cluster=False)
    path = fz.save_html(m, tmp_path / "compact.html")
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        shown = page.evaluate(
            "() => { const st = Object.values(ftzgeo.maps)[0];"
            " const d = st.layers.find(e => e.name === 'pts').data; const out = {};"
            " for (let i = 0; i < d.n; i++) { out[d.t[i]] = ftzgeo.cell(d.cols.kind, i); }"
            " return out; }"
        )
    assert shown == dict(zip(pts["name"], pts["kind"], strict=True))
    assert real_errors(log) == []
