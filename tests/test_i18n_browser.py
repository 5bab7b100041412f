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


_EXPECTED = {
    "zh": dict(
        slider="截至 2011 年",
        button="图例",
        rail="铁路",
        basemap="底图",
        legend="铁路: 运营中",
        full="全屏",
        almaty="阿拉木图",
        status="状态",
        khunjerab="红其拉甫",
    ),
    "en": dict(
        slider="as of 2011",
        button="Legend",
        rail="Railways",
        basemap="Basemap",
        legend="Railways: operating",
        full="Full screen",
        almaty="Almaty",
        status="Status",
        khunjerab="Khunjerab",
    ),
}


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
        want, other_lang = _EXPECTED[lang], _EXPECTED["en" if lang == "zh" else "zh"]
        assert view["slider"] == want["slider"] and view["button"] == want["button"]
        assert want["rail"] in view["control"] and want["basemap"] in view["groups"]
        assert want["legend"] in view["legend"] and view["full"] == want["full"]
        assert want["almaty"] in view["labels"] and other_lang["almaty"] not in view["labels"]
        assert want["status"] in view["heads"] and other_lang["status"] not in view["heads"]
        assert view["title"].startswith(want["khunjerab"])
    assert real_errors(log) == [] and log.unexpected == []
