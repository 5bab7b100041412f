"""Geodesic measures, checked against independent values, never against themselves."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from ftzgeo import measures
from ftzgeo.errors import FtzgeoError, ValidationError

# WGS84 defining constants.
A = 6378137.0
F = 1 / 298.257223563
B = A * (1 - F)


def vincenty_inverse_m(lon1, lat1, lon2, lat2):
    """Vincenty (1975) inverse formula, written out independently of pyproj."""
    L = math.radians(lon2 - lon1)
    U1 = math.atan((1 - F) * math.tan(math.radians(lat1)))
    U2 = math.atan((1 - F) * math.tan(math.radians(lat2)))
    sinU1, cosU1, sinU2, cosU2 = math.sin(U1), math.cos(U1), math.sin(U2), math.cos(U2)
    lam = L
    for _ in range(200):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(cosU2 * sin_lam, cosU1 * sinU2 - sinU1 * cosU2 * cos_lam)
        cos_sigma = sinU1 * sinU2 + cosU1 * cosU2 * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cosU1 * cosU2 * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha**2
        cos_2sm = cos_sigma - 2 * sinU1 * sinU2 / cos2_alpha if cos2_alpha else 0.0
        C = F / 16 * cos2_alpha * (4 + F * (4 - 3 * cos2_alpha))
        prev = lam
        lam = L + (1 - C) * F * sin_alpha * (
            sigma + C * sin_sigma * (cos_2sm + C * cos_sigma * (-1 + 2 * cos_2sm**2))
        )
        if abs(lam - prev) < 1e-13:
            break
    u2 = cos2_alpha * (A**2 - B**2) / B**2
    AA = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
    BB = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
    d_sigma = (
        BB
        * sin_sigma
        * (
            cos_2sm
            + BB
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sm**2)
                - BB / 6 * cos_2sm * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sm**2)
            )
        )
    )
    return B * AA * (sigma - d_sigma)


def test_published_meridian_quadrant_and_equator():
    # WGS84 meridian quadrant 10,001.965729 km and equatorial circumference 40,075.016686 km
    # (NIMA TR8350.2 / any geodesy reference).
    assert measures.length_km(LineString([(0, 0), (0, 90)])) == pytest.approx(
        10001.965729, abs=1e-5
    )
    equator = LineString([(-180, 0), (-90, 0), (0, 0), (90, 0), (180, 0)])
    assert measures.length_km(equator) == pytest.approx(40075.016686, abs=1e-5)


@pytest.mark.parametrize(
    ("p", "q"),
    [
        ((87.62, 43.83), (76.95, 43.24)),  # Urumqi - Almaty area
        ((75.99, 39.47), (69.28, 41.31)),  # Kashgar - Tashkent area
        ((80.41, 44.21), (-0.13, 51.51)),  # Khorgos - London: long line
    ],
)
def test_distance_matches_independent_vincenty(p, q):
    expected_km = vincenty_inverse_m(*p, *q) / 1000
    assert measures.distance_km(Point(p), Point(q)) == pytest.approx(expected_km, abs=1e-6)


def test_distance_matrix_matches_pairwise_and_is_symmetric():
    pts = gpd.GeoDataFrame(
        {"id": ["a", "b", "c"]},
        geometry=[Point(87.6, 43.8), Point(76.9, 43.2), Point(69.3, 41.3)],
        crs=4326,
    )
    m = measures.distance_matrix_km(pts)
    assert list(m.index) == ["a", "b", "c"]
    assert np.allclose(m.to_numpy(), m.to_numpy().T)
    assert np.allclose(np.diag(m.to_numpy()), 0)
    assert m.loc["a", "c"] == pytest.approx(
        vincenty_inverse_m(87.6, 43.8, 69.3, 41.3) / 1000, abs=1e-6
    )


def test_area_of_one_degree_cell_matches_closed_form():
    # Area of an ellipsoidal quadrangle between latitudes phi1, phi2 and 1 degree of longitude,
    # from the closed form of the authalic latitude integral.
    e = math.sqrt(F * (2 - F))

    def q(phi):
        s = math.sin(phi)
        return (1 - e**2) * (
            s / (1 - e**2 * s**2) - 1 / (2 * e) * math.log((1 - e * s) / (1 + e * s))
        )

    phi1, phi2 = math.radians(43), math.radians(44)
    expected_km2 = A**2 / 2 * math.radians(1) * (q(phi2) - q(phi1)) / 1e6
    cell = Polygon([(80, 43), (81, 43), (81, 44), (80, 44)])
    # Edges of constant latitude are not geodesics; densify them as parallels before measuring.
    xs = np.linspace(80, 81, 2001)
    parallel_cell = Polygon([(x, 43) for x in xs] + [(x, 44) for x in xs[::-1]])
    assert measures.area_km2(parallel_cell) == pytest.approx(expected_km2, rel=1e-6)
    # Orientation must not matter; the geodesic-edged cell is smaller than the parallel-edged one.
    assert measures.area_km2(cell.reverse()) == pytest.approx(measures.area_km2(cell))


def test_multipolygon_with_mixed_orientation_adds_up():
    a = Polygon([(80, 43), (80.1, 43), (80.1, 43.1), (80, 43.1)])
    b = shapely.affinity.translate(a, 1, 0).reverse()
    both = measures.area_km2(MultiPolygon([a, b]))
    assert both == pytest.approx(measures.area_km2(a) + measures.area_km2(b), rel=1e-9)
    assert both > 0


def test_planar_degree_mistake_would_fail():
    """Measuring in degrees (shapely on lon/lat) is wrong by ~1/cos(lat) east-west at 44°N."""
    line = LineString([(80.0, 44.0), (85.0, 44.0)])
    geodesic = measures.length_km(line)
    naive = line.length * 111.32  # degrees times km per degree at the equator
    assert abs(naive - geodesic) / geodesic > 0.25
    square = measures.buffer_m(Point(80, 44), 10_000)
    naive_area = square.area * 111.32**2
    assert abs(naive_area - math.pi * 10**2) / (math.pi * 10**2) > 0.25
    assert measures.area_km2(square) == pytest.approx(math.pi * 10**2, rel=2e-3)


def test_buffer_is_true_in_metres_in_every_direction():
    centre = Point(80.41, 44.21)
    ring = measures.buffer_m(centre, 5_000, resolution=32).exterior
    pts = gpd.GeoSeries([Point(c) for c in ring.coords], crs=4326)
    d = measures.distance_km(pts, centre)
    assert d.min() == pytest.approx(5.0, rel=2e-3)
    assert d.max() == pytest.approx(5.0, rel=2e-3)


def test_distance_between_lines_and_polygons_uses_nearest_points():
    line = LineString([(80.0, 44.0), (80.0, 45.0)])
    box = Polygon([(81.0, 44.4), (81.5, 44.4), (81.5, 44.6), (81.0, 44.6)])
    d = measures.distance_km(line, box)
    # Nearest points lie at about the same latitude (44.4-44.6): one degree of longitude there.
    lo = vincenty_inverse_m(80, 44.6, 81, 44.6) / 1000
    hi = vincenty_inverse_m(80, 44.4, 81, 44.4) / 1000
    assert lo - 0.5 <= d <= hi + 0.5
    assert measures.distance_km(line, Point(80.0, 44.5)) == 0.0


def test_length_by_country_splits_at_the_border():
    west = Polygon([(0, -1), (1, -1), (1, 1), (0, 1)])
    east = Polygon([(1, -1), (3, -1), (3, 1), (1, 1)])
    countries = gpd.GeoDataFrame({"iso3": ["AAA", "BBB"]}, geometry=[west, east], crs=4326)
    lines = gpd.GeoDataFrame({"id": ["l"]}, geometry=[LineString([(0.5, 0), (2.5, 0)])], crs=4326)
    table = measures.length_by_country(lines, countries).set_index("iso3")
    per_deg = vincenty_inverse_m(0, 0, 1, 0) / 1000
    assert table.loc["AAA", "length_km"] == pytest.approx(per_deg / 2, rel=1e-6)
    assert table.loc["BBB", "length_km"] == pytest.approx(per_deg * 1.5, rel=1e-6)
    assert table["share"].sum() == pytest.approx(1.0)


def test_length_by_country_reports_what_lies_outside():
    west = Polygon([(0, -1), (1, -1), (1, 1), (0, 1)])
    countries = gpd.GeoDataFrame({"iso3": ["AAA"]}, geometry=[west], crs=4326)
    lines = gpd.GeoDataFrame({"id": ["l"]}, geometry=[LineString([(0.5, 0), (1.5, 0)])], crs=4326)
    table = measures.length_by_country(lines, countries)
    assert table["iso3"].isna().sum() == 1
    assert table["share"].sum() == pytest.approx(1.0)


def test_projected_input_is_measured_correctly_and_not_mutated():
    line = gpd.GeoDataFrame({"id": ["x"]}, geometry=[LineString([(80, 44), (81, 44)])], crs=4326)
    projected = line.to_crs(32644)
    before = projected.copy()
    assert measures.length_km(projected).iloc[0] == pytest.approx(
        measures.length_km(line).iloc[0], rel=1e-6
    )
    assert projected.geom_equals(before).all() and projected.crs == before.crs


def test_missing_crs_is_refused():
    naked = gpd.GeoSeries([LineString([(80, 44), (81, 44)])])
    with pytest.raises(ValidationError, match="no CRS"):
        measures.length_km(naked)


def test_bad_arguments_raise_project_errors():
    with pytest.raises(FtzgeoError):
        measures.buffer_m(Point(80, 44), float("nan"))
    with pytest.raises(FtzgeoError, match="cannot pair"):
        measures.distance_km(
            gpd.GeoSeries([Point(0, 0)] * 2, crs=4326), gpd.GeoSeries([Point(0, 0)] * 3, crs=4326)
        )
    with pytest.raises(FtzgeoError):
        measures.densify_geodesic(LineString([(0, 0), (1, 1)]), max_segment_km=0)


def test_lengths_are_vectorised_and_match_pyproj_per_part():
    from shapely.geometry import MultiLineString

    holed = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)], [[(0.2, 0.2), (0.4, 0.2), (0.4, 0.4)]])
    geoms = gpd.GeoSeries(
        [
            LineString([(80, 44), (81, 44.5), (82, 44)]),
            MultiLineString([[(0, 0), (1, 0)], [(5, 5), (5, 6)]]),
            holed,
            Point(0, 0),
            None,
        ],
        crs=4326,
    )
    got = measures.length_km(geoms)
    g = measures.GEOD
    assert got[0] == pytest.approx(g.geometry_length(geoms[0]) / 1000, rel=1e-12)
    assert got[1] == pytest.approx(
        sum(g.geometry_length(p) for p in geoms[1].geoms) / 1000, rel=1e-12
    )
    rings = g.geometry_length(holed.exterior) + g.geometry_length(holed.interiors[0])
    assert got[2] == pytest.approx(rings / 1000, rel=1e-12)  # perimeter, holes included
    assert got[3] == 0.0 and np.isnan(got[4])


# --- The antimeridian: lon/lat wraps at ±180°, the Earth does not. ---


def test_a_buffer_across_the_antimeridian_stays_around_its_point():
    from shapely.geometry import Point

    b = measures.buffer_m(Point(179.99, 0.0), 50_000)
    assert not b.contains(Point(0, 0)), "the buffer wrapped the wrong way round the world"
    assert b.contains(Point(179.9, 0.0)) and b.contains(Point(-179.9, 0.0))
    assert measures.area_km2(b) == pytest.approx(math.pi * 50**2, rel=0.01)


def test_distance_across_the_antimeridian_is_short():
    from shapely.geometry import LineString, Point

    d_points = measures.distance_km(Point(179.9, 0.0), Point(-179.9, 0.0))
    d_line = measures.distance_km(LineString([(179.9, 0.0), (179.9, 1.0)]), Point(-179.9, 0.0))
    assert d_points == pytest.approx(2 * 0.1 * 111.32, rel=0.01)
    assert d_line == pytest.approx(d_points, rel=0.01)


def test_shares_by_country_across_the_antimeridian_add_up():
    from shapely.geometry import LineString, box

    line = gpd.GeoDataFrame({"id": ["x"]}, geometry=[LineString([(170, 0), (-170, 0)])], crs=4326)
    two = gpd.GeoDataFrame(
        {"iso3": ["AAA", "BBB"]}, geometry=[box(160, -5, 180, 5), box(-180, -5, -160, 5)], crs=4326
    )
    table = measures.length_by_country(line, two).set_index("iso3")
    assert table["share"].sum() == pytest.approx(1.0)
    assert table.loc["AAA", "share"] == pytest.approx(0.5, abs=0.01)
    assert table.loc["BBB", "share"] == pytest.approx(0.5, abs=0.01)
    assert table["length_km"].sum() == pytest.approx(measures.length_km(line).iloc[0], rel=1e-3)


def test_a_buffer_past_a_quarter_of_the_earth_is_refused():
    from shapely.geometry import Point

    from ftzgeo.errors import InvalidArgumentError

    with pytest.raises(InvalidArgumentError, match="at most"):
        measures.buffer_m(Point(80, 40), 10_500_000)


def test_the_whole_world_has_the_area_of_the_earth():
    from shapely.geometry import box

    earth_km2 = 4 * math.pi * (6_371_007.2**2) / 1e6  # authalic radius of WGS84
    assert measures.area_km2(box(-180, -90, 180, 90)) == pytest.approx(earth_km2, rel=1e-4)
    assert measures.area_km2(box(-180, 0, 180, 90)) == pytest.approx(earth_km2 / 2, rel=1e-4)


def test_length_by_country_skips_missing_lines():
    from shapely.geometry import LineString

    lines = gpd.GeoDataFrame(
        {"id": ["a", "b"]}, geometry=[LineString([(80, 40), (81, 41)]), None], crs=4326
    )
    table = measures.length_by_country(lines)
    assert set(table["id"]) == {"a"} and table["share"].sum() == pytest.approx(1.0)


def test_areas_across_the_antimeridian_and_near_the_poles():
    from shapely.geometry import Point, box

    from ftzgeo.errors import InvalidArgumentError

    wrapped = Polygon([(179, 0), (-179, 0), (-179, 1), (179, 1)])
    assert measures.area_km2(wrapped) == pytest.approx(measures.area_km2(box(0, 0, 2, 1)), rel=1e-3)
    # No jump where a wide polygon crosses 90 degrees of longitude.
    a, b = (
        measures.area_km2(box(-44.95, 0, 44.95, 40)),
        measures.area_km2(box(-45.05, 0, 45.05, 40)),
    )
    assert 1.0 < b / a < 1.01
    with pytest.raises(InvalidArgumentError, match="pole"):
        measures.buffer_m(Point(0, 85), 1_000_000)


def test_distances_in_threads_are_the_ellipsoids_own_to_the_bit():
    import numpy as np

    from ftzgeo.geodesic import GEOD, PARALLEL_FROM, distance_m

    rng = np.random.default_rng(12)
    n = PARALLEL_FROM + 12_345  # split across threads, in unequal chunks
    pts = [rng.uniform(-180, 180, n), rng.uniform(-89, 89, n)] * 2
    pts[2], pts[3] = rng.uniform(-180, 180, n), rng.uniform(-89, 89, n)
    got = distance_m(*pts)
    assert got.shape == (n,)
    assert np.array_equal(got, np.asarray(GEOD.inv(*pts)[2]))  # same order, same numbers
    assert np.array_equal(distance_m(*(p[:10] for p in pts)), got[:10])  # one thread
