"""The Chinese map in headless Chromium: labels, legend, control and slider speak Chinese."""

from __future__ import annotations

import os

import pytest
from browser import browser_page, missing_requirements, open_map, real_errors, settle

import ftzgeo as fz

pytestmark = pytest.mark.browser
_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]


def test_lang_zh_reaches_every_part_of_the_page(tmp_path):
    path = fz.save_html(fz.connectivity_map(lang="zh", year=2011), tmp_path / "zh.html")
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        page.evaluate(
            "() => { Object.values(ftzgeo.maps)[0].map.setView([43, 77], 6, {animate: false}); }"
        )
        settle(page)
        slider = page.locator(".ftz-slider-label").inner_text()
        button = page.locator(".ftz-legend-toggle").inner_text()
        control = page.locator(".leaflet-control-layers").inner_text()
        groups = page.evaluate(
            "() => Array.from(document.querySelectorAll('.ftz-overlay')).map(e => e.dataset.group)"
        )
        labels = page.evaluate(
            "() => Array.from(document.querySelectorAll('.ftz-label'))"
            ".filter(e => getComputedStyle(e).visibility !== 'hidden').map(e => e.textContent)"
        )
    assert slider == "截至 2011 年"
    assert button == "图例"
    assert "铁路" in control and "陆路口岸" in control and "底图" in groups
    assert "阿拉木图" in labels and "Almaty" not in labels
    assert real_errors(log) == [] and log.unexpected == []


_READ = """() => ({
  slider: document.querySelector('.ftz-slider-label').textContent,
  button: document.querySelector('.ftz-legend-toggle').textContent,
  legend: document.querySelector('.ftz-legend-body').textContent,
  control: document.querySelector('.leaflet-control-layers').textContent,
  groups: Array.from(document.querySelectorAll('.ftz-overlay')).map(e => e.dataset.group),
  labels: Array.from(document.querySelectorAll('.ftz-label'))
    .filter(e => getComputedStyle(e).visibility !== 'hidden').map(e => e.textContent),
  full: document.querySelector('.ftz-fullscreen').title,
  lang: document.documentElement.lang,
  pressed: document.querySelector('.ftz-lang [aria-pressed=true]').getAttribute('lang'),
})"""

_POPUP = """() => {
  const st = Object.values(ftzgeo.maps)[0];
  let hit = null;
  st.layers.find(e => e.key === 'land_ports').layer.eachLayer(l => {
    if (l.feature.properties.id === 'khunjerab') { hit = l; }
  });
  hit.fire('click', {latlng: hit.getLatLng()});
  const box = document.querySelector('.leaflet-popup-content');
  return {heads: Array.from(box.querySelectorAll('th')).map(e => e.textContent),
          title: box.querySelector('b').textContent};
}"""


@pytest.mark.parametrize("start", ["en", "zh"])
def test_the_switch_turns_the_whole_page_and_back(tmp_path, start):
    path = fz.save_html(fz.connectivity_map(lang=start, year=2011), tmp_path / f"{start}.html")
    other = "zh" if start == "en" else "en"
    seen = {}
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        for lang in (start, other, start, other):
            if lang != start or seen:
                page.locator(f".ftz-lang-{lang}").click()
            page.evaluate(  # the same view each time (a popup may have panned the map)
                "() => { Object.values(ftzgeo.maps)[0].map.setView([43, 77], 6, {animate: false}); }"
            )
            settle(page)
            seen.setdefault(lang, []).append({**page.evaluate(_READ), **page.evaluate(_POPUP)})
            page.keyboard.press("Escape")
    for lang, views in seen.items():
        assert views[0] == views[1]  # switching back and forth gives the same page
        view = views[0]
        assert view["lang"] == lang and view["pressed"] == lang
        if lang == "zh":
            assert view["slider"] == "截至 2011 年" and view["button"] == "图例"
            assert "铁路" in view["control"] and "底图" in view["groups"]
            assert "铁路: 运营中" in view["legend"] and view["full"] == "全屏"
            assert "阿拉木图" in view["labels"] and "Almaty" not in view["labels"]
            assert "状态" in view["heads"] and "Status" not in view["heads"]
            assert view["title"].startswith("红其拉甫")
        else:
            assert view["slider"] == "as of 2011" and view["button"] == "Legend"
            assert "Railways" in view["control"] and "Basemap" in view["groups"]
            assert "Railways: operating" in view["legend"] and view["full"] == "Full screen"
            assert "Almaty" in view["labels"] and "阿拉木图" not in view["labels"]
            assert "Status" in view["heads"] and "状态" not in view["heads"]
            assert view["title"].startswith("Khunjerab")
    assert real_errors(log) == [] and log.unexpected == []
