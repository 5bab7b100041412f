"""The shipped data against itself, its sources' official figures and the basemap.

What the geometry measures is computed here and compared with the official attributes; the
tolerances are stated and justified next to each test.
"""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

import ftzgeo as fz
from ftzgeo import catalog, measures

# Natural Earth 1:50m borders are generalised; a point on the real border can be this far from them.
BORDER_SLACK_KM = 5.0


def test_subzone_areas_match_the_state_council_plan(shipped):
    """Each footprint is drawn at its official area (the shape is schematic, the area is not).

    Tolerance 0.1 %: the disc is a 96-gon fitted to the official area, so only rounding of the
    stored coordinates (1e-6°, ~0.1 m) separates the two. A footprint measured in degrees, or
    drawn with lat/lon swapped, misses by far more (see the next test).
    """
    sz = shipped["subzones"]
    measured = measures.area_km2(sz)
    assert np.allclose(measured, sz["official_area_km2"], rtol=1e-3)
    # The plan's total (179.66 km²) is the sum of the three areas.
    assert measured.sum() == pytest.approx(179.66, abs=0.05)


def test_degree_area_would_have_failed_the_subzone_check(shipped):
    sz = shipped["subzones"]
    naive = (
        shapely.area(sz.geometry.to_numpy()) * 111.32**2
    )  # square degrees times km² per square degree at the equator
    assert not np.allclose(naive, sz["official_area_km2"], rtol=0.05)


LINE_LAYERS = ("rail", "roads", "pipelines")


def _line_rows():
    shipped = {layer: fz.load(layer) for layer in LINE_LAYERS}
    return [
        pytest.param(layer, row, id=f"{layer}/{row['id']}")
        for layer, gdf in shipped.items()
        for _, row in gdf.iterrows()
    ]


LINES = _line_rows()


@pytest.mark.parametrize(("layer", "row"), LINES)
def test_drawn_length_is_within_ten_percent_of_the_official_length(layer, row):
    """Each line is traced through sourced waypoints dense enough that its geodesic length is
    0.9-1.1 of the published length. A line with no published length, or one that cannot be
    held to it, is flagged schematic and says why."""
    official, reason = row["length_km_official"], row["schematic_reason"]
    if row["geometry_quality"] == "schematic":  # a schematic line always says why
        assert isinstance(reason, str) and len(reason) > 20
    if pd.isna(reason) and pd.notna(official):
        km = measures.length_km(row.geometry)
        assert 0.9 <= km / official <= 1.1, (km, official)
        assert row["length_source"], "an official length cites its source"
    else:
        assert row["geometry_quality"] == "schematic"
        assert isinstance(reason, str) and len(reason) > 20


@pytest.mark.parametrize(("layer", "row"), LINES)
def test_no_kilometres_in_a_country_the_line_never_enters(layer, row, shipped):
    """``length_by_country`` puts no more than the line's stated accuracy in a country that is
    not in its ``countries``, give or take Natural Earth's generalised 1:50m borders."""
    listed = set(row["countries"].split(";"))
    line = gpd.GeoDataFrame([row], geometry="geometry", crs="EPSG:4326")
    table = measures.length_by_country(line, shipped["countries"])
    slack_km = row["accuracy_m"] / 1000 + BORDER_SLACK_KM
    outside = table[table["iso3"].notna() & ~table["iso3"].isin(listed)]
    assert outside["length_km"].sum() <= slack_km, outside
    # Every listed country is really reached (a ferry's ports lie on the coasts).
    polygons = shipped["countries"].dropna(subset=["iso3"]).set_index("iso3").geometry
    for iso in listed:
        assert measures.distance_km(row.geometry, polygons[iso]) <= slack_km, iso


@pytest.mark.parametrize(
    "layer", ["subzones", "zones", "hubs", "land_ports", "border_crossings", *LINE_LAYERS]
)
def test_every_status_carries_a_dated_source(layer, shipped):
    """Statuses and opening years were re-checked: each cites a source and the month of it."""
    keys = catalog.source_keys()
    gdf = shipped[layer]
    for _, row in gdf.iterrows():
        cited = [k for k in (row["status_source"] or "").split(";") if k]
        assert cited and set(cited) <= keys, row["id"]
        assert row["status_as_of"] and "2000-01" <= row["status_as_of"] <= "2026-12", row["id"]


def test_lines_are_drawn_through_their_waypoints(shipped):
    wps = catalog.waypoints()
    keys = catalog.source_keys()
    assert set(wps["source"]) <= keys
    for layer in ("rail", "roads", "pipelines"):
        for _, row in shipped[layer].iterrows():
            via = row["via"].split(";")
            assert len(via) >= 2, row["id"]
            expected = np.array([[wps.geometry[w].x, wps.geometry[w].y] for w in via])
            got = np.asarray(row.geometry.coords)
            assert got.shape == expected.shape, row["id"]
            assert np.allclose(got, expected, atol=1e-6), row["id"]
            # A line cites the sources of the points it is drawn through.
            assert set(wps.loc[via, "source"]) <= set(row["source"].split(";")), row["id"]


def test_land_ports_sit_on_the_border_with_their_neighbour(shipped):
    """Each port is within its stated accuracy of China's border, and the nearest foreign
    country is the one it opens onto."""
    countries = shipped["countries"]
    china = countries.loc[countries["iso3"] == "CHN"].geometry.iloc[0]
    foreign = countries[(countries["iso3"] != "CHN") & countries["iso3"].notna()]
    for _, port in shipped["land_ports"].iterrows():
        to_border = measures.distance_km(port.geometry, china.boundary)
        assert to_border <= port["accuracy_m"] / 1000 + BORDER_SLACK_KM, port["id"]
        d = measures.distance_km(foreign.geometry, port.geometry)
        nearest = foreign["iso3"].iloc[int(np.argmin(d.to_numpy()))]
        assert nearest == port["neighbour_iso3"], port["id"]


def test_cities_lie_in_their_country(shipped):
    countries = shipped["countries"].dropna(subset=["iso3"]).set_index("iso3")
    for _, city in shipped["cities"].iterrows():
        if city["country_iso3"] not in countries.index:
            continue
        poly = countries.geometry[city["country_iso3"]]
        d = 0.0 if poly.contains(city.geometry) else measures.distance_km(city.geometry, poly)
        assert d <= BORDER_SLACK_KM, city["id"]


def test_subzones_and_chinese_zones_lie_in_xinjiang(shipped):
    xj = measures.buffer_m(shipped["xinjiang"].geometry.iloc[0], BORDER_SLACK_KM * 1000)
    assert shipped["subzones"].within(xj).all()
    zones = shipped["zones"]
    assert zones[zones["country_iso3"] == "CHN"].within(xj).all()


def test_line_a_km_per_country(shipped):
    """Kazakhstan carries most of line A (sources: about 1,300 km of 1,833)."""
    pipes = shipped["pipelines"]
    table = measures.length_by_country(pipes[pipes["id"] == "cagp-a"]).set_index("iso3")
    assert table["length_km"].idxmax() == "KAZ"
    assert table.loc["KAZ", "share"] > 0.5
    assert table["share"].sum() == pytest.approx(1.0)


def test_every_operating_feature_has_an_opening_year_or_says_why(shipped):
    for layer in ("land_ports", "rail", "pipelines"):
        gdf = shipped[layer]
        missing = gdf[(gdf["status"] == "operating") & gdf["opened"].isna()]
        silent = missing[~missing["notes"].fillna("").str.contains("opening year")]
        assert silent.empty, (layer, list(silent["id"]))


def test_future_lines_are_not_open_yet(shipped):
    for layer in ("rail", "pipelines", "roads"):
        gdf = shipped[layer]
        future = gdf[gdf["status"].isin(["planned", "under_construction"])]
        assert future["opened"].isna().all(), layer


def test_point_layers_have_no_duplicate_positions_without_reason(shipped):
    # Two features at one point must say they share a stand-in.
    for layer in ("land_ports", "cities"):
        gdf = shipped[layer]
        keys = [tuple(np.round([p.x, p.y], 6)) for p in gdf.geometry]
        dup = {k for k in keys if keys.count(k) > 1}
        for k in dup:
            rows = gdf[[key == k for key in keys]]
            assert all(
                isinstance(n, str) and n
                for n in rows["location_note" if layer == "land_ports" else "notes"]
            ), rows["id"].tolist()


def test_known_crossing_is_where_the_sources_put_it(shipped):
    """Independent check: Torugart port sits at the Torugart Pass (40°35′N 75°25′E)."""
    port = shipped["land_ports"].set_index("id").loc["torugart"]
    assert measures.distance_km(port.geometry, Point(75 + 25 / 60, 40 + 35 / 60)) < 2.0


def test_geodata_is_in_step_with_its_sources_of_truth():
    """Line vertices come from waypoints.csv, the catalog from the files, the SOURCES.md table
    from sources.json: ``tools/build_geodata.py --check`` finds nothing to rewrite."""
    import subprocess
    import sys
    from pathlib import Path

    tool = Path(__file__).resolve().parent.parent / "tools" / "build_geodata.py"
    if not tool.exists():
        pytest.skip("not a source checkout")
    run = subprocess.run(
        [sys.executable, str(tool), "--check"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


_MEASURES = re.compile(
    r"measures (?P<km>[\d,.]+) km against the official (?P<official>[\d,.]+) km \((?P<ratio>\d\.\d+)\)"
)
_CHORD = re.compile(r"drawn as one (?P<km>[\d,.]+) km chord")
_WITHIN = re.compile(r"within (?P<ratio>\d\.\d+) of the official length")


@pytest.mark.parametrize(("layer", "row"), LINES)
def test_a_schematic_reason_quotes_the_drawing_as_it_is(layer, row):
    """The figures a ``schematic_reason`` gives (drawn km, official km, their ratio) are the
    geometry's and the attribute's own, so a re-traced line cannot keep a stale reason."""
    reason = row["schematic_reason"]
    if not isinstance(reason, str):
        return
    km = measures.length_km(row.geometry)
    official = row["length_km_official"]
    found = 0
    for match in _MEASURES.finditer(reason):
        assert abs(float(match["km"].replace(",", "")) - km) <= 1.0, (match[0], km)
        assert abs(float(match["official"].replace(",", "")) - official) < 0.01
        assert abs(float(match["ratio"]) - km / official) <= 0.006
        found += 1
    for match in _CHORD.finditer(reason):
        assert abs(float(match["km"].replace(",", "")) - km) <= 1.0, (match[0], km)
        found += 1
    for match in _WITHIN.finditer(reason):
        assert abs(float(match["ratio"]) - km / official) <= 0.006
        found += 1
    if pd.notna(official):  # a line held to an official length says how far it is from it
        assert found or "no published length" in reason or "not settled" in reason, reason
