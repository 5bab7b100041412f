"""add_layer(column=, cmap=, scheme=, size=, ...) against GeoDataFrame.explore() on the same data."""

from __future__ import annotations

import re
import warnings

import folium
import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
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
    shown = [
        tuple(float(x.replace(",", "")) for x in m)
        for m in re.findall(r"<span>([\d,.]+) – ([\d,.]+)</span>", legend)
    ]
    assert np.allclose(shown, list(zip(lows, bins, strict=True)), rtol=5e-4)  # 4 digits kept
    assert len(set(ours.values())) == 4


def test_class_labels_keep_the_digits_of_the_breaks():
    from ftzgeo.maps.classify import symbolize

    whole = pd.DataFrame({"v": np.arange(1, 11)})  # quantile breaks 3.25, 5.5, 7.75, 10
    labels = [e[0] for e in symbolize(whole, column="v", scheme="quantiles", k=4).entries]
    assert labels == ["1 – 3.25", "3.25 – 5.5", "5.5 – 7.75", "7.75 – 10"]
    small = pd.DataFrame({"v": [0.001, 0.002, 0.004, 0.006]})
    labels = [e[0] for e in symbolize(small, column="v", scheme="equalinterval", k=2).entries]
    assert labels == ["0.001 – 0.0035", "0.0035 – 0.006"]


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
        ({"tooltip": ["name", "sector"]}, "one column name"),
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


def test_missing_numbers_on_a_ramp_and_in_sizes_are_in_the_legend(factories):
    data = factories.copy()
    data.loc[data.index[:2], "employees"] = np.nan
    layer, legend = _drawn(data, column="employees", size="employees")
    ours = _colours(layer)
    assert {ours[n] for n in data["name"].iloc[:2]} == {fz.maps.classify.MISSING_COLOUR}
    assert "<span>missing</span>" in legend  # a grey feature always has its legend row
    assert "<span>no value</span>" in legend  # drawn at the smallest size, and said so


def test_values_outside_the_given_categories_are_grey_and_warn_nothing(factories):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no pandas deprecation on the way
        layer, legend = _drawn(factories, column="sector", categories=["garments", "logistics"])
    ours = _colours(layer)
    outside = ~factories["sector"].isin(["garments", "logistics"])
    assert {ours[n] for n in factories.loc[outside, "name"]} == {fz.maps.classify.MISSING_COLOUR}
    assert len({ours[n] for n in factories.loc[~outside, "name"]}) == 2
    assert "<span>missing</span>" in legend


def test_cmap_as_an_array_and_tooltip_as_a_flag(factories):
    colours = np.array(["#ff0000", "#00ff00", "#0000ff", "#000000", "#ffffff"])
    layer, _ = _drawn(factories, column="sector", cmap=colours)
    assert set(_colours(layer).values()) == set(colours)
    quiet, _ = _drawn(factories, tooltip=False)
    assert all("_t" not in f["properties"] for f in quiet["data"]["features"])
    named, _ = _drawn(factories, tooltip=True)
    assert [f["properties"]["_t"] for f in named["data"]["features"]] == list(factories["name"])


def test_size_on_areas_is_refused():
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    zones = fz.load("subzones").assign(n=[1, 2, 3])
    with pytest.raises(InvalidArgumentError, match="colour it by the column"):
        fz.maps.add_layer(m, zones, size="n")


def _many(n: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(5)
    return gpd.GeoDataFrame(
        {"name": [f"p{i}" if i % 10 else None for i in range(n)]},
        geometry=gpd.points_from_xy(rng.uniform(75, 88, n), rng.uniform(38, 46, n)),
        crs=4326,
    )


def test_geojson_asked_for_is_never_clustered_and_a_label_is_never_dropped():
    pts = _many(6000)
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    info = fz.maps.add_layer(m, pts, name="P", encoding="geojson")
    assert info.encoding == "geojson" and not info.cluster
    with pytest.raises(InvalidArgumentError, match="label='name' needs the GeoJSON encoding"):
        fz.maps.add_layer(m, pts, name="Q", label="name")  # refused before any warning


def test_missing_names_in_a_compact_layer_are_no_name_not_nan():
    pts = _many(6000)
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fz.errors.LargeLayerWarning)
        fz.maps.add_layer(m, pts, name="P")
    names = embedded_layers(fz.maps.map_html(m))["P"]["data"]["t"]
    assert names.count(None) == 600 and "nan" not in names and "None" not in names
