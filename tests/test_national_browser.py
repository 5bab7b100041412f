"""The national view of China's pilot FTZs in headless Chromium, offline: the slider's years."""

from __future__ import annotations

import os

import pytest
from browser import browser_page, missing_requirements, open_map, real_errors, settle

import ftzgeo as fz

pytestmark = pytest.mark.browser
_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]

_VISIBLE = """() => {
  const st = Object.values(ftzgeo.maps)[0], seen = new Set();
  st.layers.find(e => e.key === 'ftzs').layer.eachLayer(l => seen.add(l.feature.properties.id));
  return Array.from(seen);
}"""


def test_the_slider_shows_the_ftzs_as_they_were_approved(tmp_path):
    ftzs = fz.load("ftzs")
    area_ftz = dict(zip(ftzs["id"], ftzs["ftz_id"], strict=True))
    first_year = ftzs.groupby("ftz_id")["opened"].min()
    path = fz.save_html(fz.national_map(), tmp_path / "national.html")
    counts, in_view = {}, None
    with browser_page(viewport=(1280, 800), offline=True) as (page, log):
        open_map(page, path)
        in_view = page.evaluate(
            "(pts) => { const m = Object.values(ftzgeo.maps)[0].map, b = m.getBounds();"
            " return pts.filter(([lat, lng]) => !b.contains([lat, lng])).length; }",
            [[g.y, g.x] for g in ftzs.geometry],
        )
        slider = page.locator(".ftz-slider-input")
        assert slider.get_attribute("min") == "2013"
        for year in range(2013, 2025):
            slider.fill(str(year))
            settle(page)
            counts[year] = len({area_ftz[a] for a in page.evaluate(_VISIBLE)})
        legend = page.locator(".ftz-legend-body").inner_text()
    expected = {y: int((first_year <= y).sum()) for y in counts}
    assert counts == expected
    assert counts[2013] == 1 and counts[2020] == 21 and counts[2024] == 22
    assert in_view == 0  # the first view holds every FTZ
    assert all(str(y) in legend for y in (2013, 2015, 2017, 2018, 2019, 2020, 2023))
    assert real_errors(log) == [] and log.unexpected == []
