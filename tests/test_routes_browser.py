"""Routes on the map know their years, and each has its own colour, label and legend row."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from browser import browser_page, missing_requirements, open_map, real_errors, settle
from maputils import embedded_layers, legend_html, shown

import ftzgeo as fz

pytestmark = pytest.mark.browser
_missing = missing_requirements()
if _missing and os.environ.get("FTZGEO_SKIP_BROWSER") == "1":
    pytestmark = [pytest.mark.browser, pytest.mark.skip(reason=_missing)]


def _routes() -> pd.DataFrame:
    rail = fz.network.build_network(modes=("rail",))
    road = fz.network.build_network(modes=("road",))
    return pd.concat(
        [
            fz.routing.route_feature(rail, fz.routing.shortest_path(rail, "urumqi", "almaty")),
            fz.routing.route_feature(road, fz.routing.shortest_path(road, "kashgar", "bishkek")),
        ],
        ignore_index=True,
    )


def test_a_route_dates_from_the_newest_line_or_crossing_it_uses():
    routes = _routes()
    rail = fz.network.build_network(modes=("rail",))
    steps = fz.routing.route_to_gdf(rail, fz.routing.shortest_path(rail, "urumqi", "almaty"))
    port = fz.load("land_ports").set_index("id").loc[steps["port"].dropna().iloc[0]]
    assert routes["opened"].iloc[0] >= port["opened"]  # not before its border crossing opened
    assert routes["opened"].iloc[0] == pd.to_numeric(steps["opened"]).max()
    assert set(routes["status"]) == {"operating"}


def test_routes_hide_outside_their_years_and_each_has_a_colour_label_and_legend_row(tmp_path):
    routes = _routes()
    m = fz.connectivity_map(layers=["subzones"], routes=routes)
    path = fz.save_html(m, tmp_path / "routes.html")
    html = path.read_text()
    feats = embedded_layers(html)["routes"]["data"]["features"]
    colours = {f["properties"]["_s"]["color"] for f in feats}
    labels = [shown(f["properties"]["_l"]) for f in feats]
    legend = shown(legend_html(html))
    counts = {}
    with browser_page(offline=True) as (page, log):
        open_map(page, path)
        slider = page.locator(".ftz-slider-input")
        for year in sorted({*routes["opened"], min(routes["opened"]) - 1}):
            slider.fill(str(int(year)))
            settle(page)
            counts[int(year)] = page.evaluate(
                "() => Object.values(ftzgeo.maps)[0].layers.find(e => e.key === 'routes').count()"
            )
        slider.fill(str(int(max(routes["opened"]))))
        settle(page)
        on_map = page.evaluate(  # visible, not merely present: placed mid-route, not under a label
            "() => Array.from(document.querySelectorAll('.ftz-label-routes'))"
            ".filter(e => getComputedStyle(e).visibility !== 'hidden').map(e => e.textContent)"
        )
    expected = {y: int((routes["opened"] <= y).sum()) for y in counts}
    assert counts == expected and counts[min(counts)] == 0  # none before its year
    assert len(colours) == len(routes)  # one colour each
    for label, row in zip(labels, routes.itertuples(), strict=True):
        assert f"{row.length_km:.0f} km" in label and f"{row.travel_time_h:.1f} h" in label
        assert "→" in label
        assert label in legend  # a legend row names each route
    assert set(on_map) == set(labels)
    assert real_errors(log) == [] and log.unexpected == []
