"""Property-based hardening: generated bad data, files, arguments and hostile strings.

Every public path must give a result or an FtzgeoError (never another exception, never a hang),
leave the caller's data unchanged, and keep text from data inert in the saved page.

The CI profile is derandomized (a fixed seed) and small; ``HYPOTHESIS_PROFILE=thorough pytest
tests/test_properties.py`` runs many more examples locally.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re

import geopandas as gpd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, Polygon

import ftzgeo as fz
from ftzgeo.errors import FtzgeoError

settings.register_profile(
    "ci",
    max_examples=15,
    derandomize=True,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "thorough",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

HOSTILE = [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror=alert(1)>',
    "{% raw %}{{ 7*7 }}",
    "${alert(1)}",
    "</script><script>alert(1)</script>",
    "\x1b[31m",
    '=HYPERLINK("http://x")',
    "\u202e\u0000",
]
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from([0, -1, 1e308, -0.0]),
)
coords = st.tuples(
    st.one_of(st.floats(min_value=-400, max_value=400), st.just(math.nan)),
    st.one_of(st.floats(min_value=-200, max_value=200), st.just(math.nan)),
)


@st.composite
def geometries(draw):
    kind = draw(st.sampled_from(["point", "line", "polygon", "none", "empty"]))
    if kind == "none":
        return None
    if kind == "empty":
        return Point()
    pts = draw(st.lists(coords, min_size=1, max_size=5))
    try:
        if kind == "point":
            return Point(pts[0])
        if kind == "line":
            return LineString(pts if len(pts) > 1 else pts * 2)
        return Polygon(pts + pts[:1]) if len(pts) >= 3 else Point(pts[0])
    except Exception:  # GEOS refuses some NaN rings outright: nothing a user could pass in
        return None


@st.composite
def frames(draw):
    n = draw(st.integers(min_value=0, max_value=4))
    data = {
        "id": [draw(hostile_text) for _ in range(n)],
        "name_en": [draw(hostile_text) for _ in range(n)],
        "status": [
            draw(st.sampled_from(["operating", "planned", "bogus", None])) for _ in range(n)
        ],
        "accuracy_m": [draw(numbers) for _ in range(n)],
    }
    crs = draw(st.sampled_from(["EPSG:4326", "EPSG:3857", None]))
    return gpd.GeoDataFrame(data, geometry=[draw(geometries()) for _ in range(n)], crs=crs)


def _same(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> bool:
    return a.to_wkb().equals(b.to_wkb()) and list(a.columns) == list(b.columns)


@given(gdf=frames(), layer=st.sampled_from(["land_ports", "cities", "rail", "subzones"]))
def test_validate_gives_a_result_or_an_ftzgeo_error_and_changes_nothing(gdf, layer):
    before = gdf.copy()
    with contextlib.suppress(FtzgeoError):
        fz.validate(gdf, layer)
    assert _same(gdf, before)


@given(gdf=frames())
def test_measures_never_raise_anything_but_ftzgeo_errors(gdf):
    before = gdf.copy()
    for f in (fz.measures.length_km, fz.measures.area_km2):
        try:
            values = f(gdf)
            assert len(values) == len(gdf)
        except FtzgeoError:
            pass
    assert _same(gdf, before)


@given(gdf=frames(), style_value=hostile_text, precision=st.integers(-3, 14))
def test_add_layer_keeps_hostile_text_inert_or_refuses(gdf, style_value, precision):
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None, slider=False)
    before = gdf.copy()
    try:
        fz.maps.add_layer(
            m, gdf, name=style_value, precision=precision, style={"color": style_value}
        )
    except FtzgeoError:
        assert _same(gdf, before)
        return
    assert _same(gdf, before)
    html = fz.export.map_html(m)
    # Data never becomes markup: no raw tag from data, and every data blob is valid JSON.
    for evil in ("<script>window.__pwned", "<img src=x", "</script><script>alert"):
        assert evil not in html
    for blob in re.findall(r'JSON\.parse\("((?:[^"\\]|\\.)*)"\)', html):
        json.loads(json.loads(f'"{blob}"'))


@given(
    speeds=st.dictionaries(st.sampled_from(["road", "rail"]), numbers, max_size=2),
    year=st.one_of(st.none(), st.integers(-10, 3000), st.text(max_size=4)),
    status=st.lists(st.sampled_from(["operating", "planned", "bogus"]), max_size=3),
)
@settings(max_examples=15)
def test_build_network_checks_every_argument(speeds, year, status):
    road = gpd.GeoDataFrame(
        {"id": ["r"], "status": ["operating"], "opened": [2000]},
        geometry=[LineString([(0, 0), (1, 0)])],
        crs=4326,
    )
    countries = gpd.GeoDataFrame({"iso3": ["AAA"]}, geometry=[Point(0.5, 0).buffer(5)], crs=4326)
    places = gpd.GeoDataFrame(
        {"id": ["a", "b"], "name_en": ["A", "B"], "country_iso3": ["AAA", "AAA"]},
        geometry=[Point(0, 0), Point(1, 0)],
        crs=4326,
    )
    try:
        G = fz.network.build_network(
            modes=("road",),
            links={"road": road},
            places={"city": places},
            countries=countries,
            speeds=speeds,
            year=year,
            status=status,
        )
    except FtzgeoError:
        return
    for _, _, d in G.edges(data=True):
        assert math.isfinite(d["travel_time_h"]) and d["travel_time_h"] >= 0


@given(origin=hostile_text, destination=hostile_text, k=st.integers(-5, 10**9))
@settings(max_examples=20)
def test_routing_on_hostile_names_and_huge_k(road_network, origin, destination, k):
    for call in (
        lambda: fz.routing.shortest_path(road_network, origin, destination),
        lambda: fz.routing.k_shortest_paths(road_network, "kashgar", "almaty", k),
    ):
        with contextlib.suppress(FtzgeoError):
            call()


@given(
    args=st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "route",
                    "map",
                    "measure",
                    "--year",
                    "-o",
                    "x.txt",
                    "--by-country",
                    "info",
                    "validate",
                    "cities",
                ]
            ),
            hostile_text,
        ),
        max_size=5,
    )
)
@settings(max_examples=30)
def test_the_cli_never_shows_a_traceback(capsys, tmp_path_factory, args):
    from ftzgeo.cli import main

    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("cli"))  # anything the command writes lands here
    try:
        code = main(args)
    finally:
        os.chdir(here)
    err = capsys.readouterr().err
    assert code in (0, 1, 2), (args, err)
    assert "Traceback" not in err


@given(text=st.binary(max_size=200), suffix=st.sampled_from([".csv", ".geojson", ".gpkg", ".txt"]))
def test_reading_garbage_files_gives_an_ftzgeo_error(tmp_path_factory, text, suffix):
    path = tmp_path_factory.mktemp("garbage") / f"f{suffix}"
    path.write_bytes(text)
    with contextlib.suppress(FtzgeoError):
        fz.read(path, layer="land_ports")


@pytest.fixture(scope="module")
def road_network():
    return fz.network.build_network(modes=("road",))


def test_profiles_are_registered():
    assert settings.get_profile("ci").derandomize is True
    ci, thorough = settings.get_profile("ci"), settings.get_profile("thorough")
    assert thorough.max_examples > 10 * ci.max_examples


@given(
    layers=st.one_of(
        st.lists(st.sampled_from(["subzones", "land_ports", "nope", "rail"]), max_size=3),
        hostile_text,
    ),
    year=st.one_of(st.none(), st.integers(-10, 3000), st.text(max_size=4)),
    tiles=st.one_of(st.none(), hostile_text),
)
@settings(max_examples=15)
def test_connectivity_map_arguments_give_a_map_or_an_ftzgeo_error(layers, year, tiles):
    try:
        m = fz.maps.connectivity_map(layers=layers, year=year, tiles=tiles)
    except FtzgeoError:
        return
    assert "<script>window.__pwned" not in fz.export.map_html(m)
