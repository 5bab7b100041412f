"""add_layer(column=, cmap=, scheme=, size=, ...) against GeoDataFrame.explore() on the same data."""

from __future__ import annotations

import folium
import mapclassify
import numpy as np
import pytest
from maputils import embedded_layers, legend_html

import ftzgeo as fz
from ftzgeo.errors import InvalidArgumentError


def _explore_colours(gdf, **kwargs) -> list[str]:
    """The fill colour explore() gives each row (in row order)."""
    m = gdf.explore(**kwargs)
    layer = next(c for c in m._children.values() if isinstance(c, folium.GeoJson))
    return [f["properties"]["__folium_color"] for f in layer.data["features"]]


def _drawn(gdf, **kwargs) -> tuple[dict, str]:
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    fz.maps.add_layer(m, gdf, name="Factories", **kwargs)
    html = fz.maps.map_html(m)
    return embedded_layers(html)["Factories"], legend_html(html)


def _colours(layer: dict) -> dict[str, str]:
    """Colour per tooltip text, from either encoding."""
    data = layer["data"]
    if data.get("f") == "ftz1":
        return {t: data["pal"][c] for t, c in zip(data["t"], data["c"], strict=True)}
    return {f["properties"]["_t"]: f["properties"]["_s"]["fillColor"] for f in data["features"]}


@pytest.mark.parametrize("encoding", ["geojson", "compact"])
def test_categories_get_explores_colours_and_a_legend_row_each(factories, encoding):
    layer, legend = _drawn(factories, column="sector", encoding=encoding)
    ours = _colours(layer)
    theirs = _explore_colours(factories, column="sector")
    assert [ours[n] for n in factories["name"]] == theirs
    for sector in factories["sector"].unique():
        assert f"<span>{sector}</span>" in legend
    assert "Factories: sector" in legend


def test_a_scheme_gives_mapclassifys_breaks_explores_colours_and_those_classes(factories):
    layer, legend = _drawn(factories, column="employees", scheme="quantiles", k=4)
    bins = mapclassify.Quantiles(factories["employees"].to_numpy(), k=4).bins
    ours = _colours(layer)
    theirs = _explore_colours(factories, column="employees", scheme="quantiles", k=4)
    assert [ours[n] for n in factories["name"]] == theirs
    lows = [factories["employees"].min(), *bins[:-1]]
    for lo, hi in zip(lows, bins, strict=True):
        assert f"<span>{lo:,.0f} – {hi:,.0f}</span>" in legend
    assert len(set(ours.values())) == 4


def test_numbers_without_a_scheme_follow_explores_continuous_ramp(factories):
    layer, legend = _drawn(factories, column="employees", cmap="Blues")
    ours = _colours(layer)
    theirs = _explore_colours(factories, column="employees", cmap="Blues")
    assert [ours[n] for n in factories["name"]] == theirs
    lo, hi = factories["employees"].min(), factories["employees"].max()
    assert f"{lo:,.6g} – {hi:,.6g}" in legend


def test_size_scales_point_areas_with_the_value_and_is_in_the_legend(factories):
    layer, legend = _drawn(factories, size="employees")
    radius = {
        f["properties"]["_t"]: f["properties"]["_s"]["radius"] for f in layer["data"]["features"]
    }
    r = np.array([radius[n] for n in factories["name"]])
    v = factories["employees"].to_numpy(dtype=float)
    big = r > 3.0  # above the smallest drawn radius, area is proportional to the value
    np.testing.assert_allclose(r[big] ** 2 / v[big], (r[big] ** 2 / v[big]).mean(), rtol=0.05)
    assert r[np.argmax(v)] == r.max()
    assert "Factories: employees" in legend and legend.count("<circle") >= 3


def test_names_are_kept_in_the_control_and_legend(factories):
    m = fz.maps.connectivity_map(layers={"subzones": None, "My factories": factories}, tiles=None)
    html = fz.maps.map_html(m)
    assert embedded_layers(html)["My factories"]["options"]["name"] == "My factories"
    assert "My factories" in legend_html(html)
    assert ">user<" not in legend_html(html)


def test_tooltip_and_popup_heading_default_to_the_name_column(factories):
    layer, _ = _drawn(factories)
    first = layer["data"]["features"][0]["properties"]
    assert first["_t"] == factories["name"].iloc[0]
    assert first["_p"].startswith(f"<b>{factories['name'].iloc[0]}</b>")


def test_a_style_override_is_what_the_legend_shows(factories):
    _, legend = _drawn(factories, style={"fillColor": "#123456", "color": "#654321"})
    assert 'fill="#123456"' in legend


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"column": "nope"}, "not a column"),
        ({"column": "sector", "cmap": "no-such-map"}, "not a matplotlib colormap"),
        ({"column": "sector", "scheme": "quantiles"}, "holds categories"),
        ({"cmap": "viridis"}, "need column="),
        ({"size": "sector"}, "not a number"),
        ({"column": "sector", "cmap": ["red", "javascript:alert(1)"]}, "not a colour"),
        ({"cluster": "yes"}, "cluster takes"),
    ],
)
def test_bad_styling_arguments_are_clear_errors(factories, kwargs, match):
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    with pytest.raises((InvalidArgumentError, TypeError), match=match):
        fz.maps.add_layer(m, factories, **kwargs)


def test_negative_sizes_are_refused(factories):
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    with pytest.raises(InvalidArgumentError, match="negative"):
        fz.maps.add_layer(m, factories.assign(employees=-factories["employees"]), size="employees")


def test_missing_values_get_their_own_colour_and_row(factories):
    data = factories.copy()
    data.loc[data.index[:3], "sector"] = None
    layer, legend = _drawn(data, column="sector")
    ours = _colours(layer)
    assert {ours[n] for n in data["name"].iloc[:3]} == {fz.maps.classify.MISSING_COLOUR}
    assert "<span>missing</span>" in legend


def test_the_users_frame_is_not_changed(factories):
    before = factories.copy()
    _drawn(factories, column="sector", size="employees", label="name")
    assert factories.equals(before)
