"""The shipped data against itself, its sources' official figures and the basemap.

What the geometry measures is computed here and compared with the official attributes; the
tolerances are stated and justified next to each test.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import Point
from shapely.ops import unary_union

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


def test_pipeline_line_a_length_against_official(shipped):
    """Line A is 1,833 km (CNPC). The geometry runs straight between places the sources name on
    the route; a chord through points of a path is never longer than the path, so the measure
    must stay below the official length. The route is far from straight across the Uzbek and
    Kazakh steppe, so we accept down to 70 %: below that the waypoints would be missing a large
    part of the route, or wrong.
    """
    pipes = shipped["pipelines"].set_index("id")
    a = pipes.loc["cagp-a"]
    km = measures.length_km(a.geometry)
    assert a["length_km_official"] == 1833
    assert 0.70 * 1833 <= km <= 1833
    # The same check in degrees would have been off by about 1/cos(42°) east-west.
    assert abs(a.geometry.length * 111.32 - km) / km > 0.15


@pytest.mark.parametrize("layer", ["rail", "pipelines"])
def test_line_lengths_are_plausible_against_official(shipped, layer):
    """Drawn lines are chords through sourced waypoints: at most the official length (5 % slack
    for stand-in end points off the line), and not absurdly short (60 %)."""
    gdf = shipped[layer].dropna(subset=["length_km_official"])
    ratio = measures.length_km(gdf) / gdf["length_km_official"]
    assert (ratio <= 1.05).all(), ratio[ratio > 1.05]
    assert (ratio >= 0.6).all(), ratio[ratio < 0.6]


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


@pytest.mark.parametrize("layer", ["rail", "roads", "pipelines"])
def test_lines_stay_within_their_accuracy_of_the_countries_they_list(shipped, layer):
    """A schematic chord may cut a corner of a neighbouring country (line A's Shymkent–Uzynagash
    chord clips Kyrgyzstan's Chu valley), but never deeper than the line's stated accuracy."""
    countries = shipped["countries"].dropna(subset=["iso3"]).set_index("iso3")
    for _, row in shipped[layer].iterrows():
        listed = row["countries"].split(";")
        home = unary_union([countries.geometry[i] for i in listed])
        for iso, poly in countries.geometry.items():
            if iso in listed:
                continue
            part = row.geometry.intersection(poly)
            if part.is_empty:
                continue
            pts = shapely.get_coordinates(measures.densify_geodesic(part, max_segment_km=1.0))
            depth = max(measures.distance_km(Point(x, y), home) for x, y in pts)
            assert depth <= row["accuracy_m"] / 1000, (row["id"], iso, depth)


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
        assert missing.empty, (layer, list(missing["id"]))


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
