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
