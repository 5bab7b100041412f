"""Points matched to ports, zones and corridors: in-process and on a 2-worker LocalCluster agree."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ftzgeo as fz
from ftzgeo import scale

dask = pytest.importorskip(
    "dask", reason="the test command installs ftzgeo[test], which includes Dask"
)
dgpd = pytest.importorskip("dask_geopandas")

N_PARTS = 6
PER_PART = 50_000  # 300,000 points in all


def make_part(seed: int):
    """One partition of synthetic shipments, generated where it is used (never all in one place)."""
    import geopandas as gpd

    rng = np.random.default_rng(seed)
    n = PER_PART
    return gpd.GeoDataFrame(
        {"month": rng.choice(["2024-01", "2024-02", "2024-03"], n), "seed": np.full(n, seed)},
        geometry=gpd.points_from_xy(rng.uniform(72, 92, n), rng.uniform(36, 49, n)),
        crs=4326,
        index=pd.RangeIndex(seed * n, (seed + 1) * n),
    )


@pytest.fixture(scope="module")
def cluster_client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def dask_points():
    import dask.dataframe as dd

    ddf = dd.from_map(make_part, list(range(N_PARTS)))
    return dgpd.from_dask_dataframe(ddf, geometry="geometry")


@pytest.fixture(scope="module")
def local_points():
    return pd.concat([make_part(s) for s in range(N_PARTS)])


def test_nearest_port_same_on_dask_and_checked_by_brute_force(
    cluster_client, dask_points, local_points
):
    here = scale.assign_nearest(local_points, max_distance_km=300)
    there = scale.assign_nearest(dask_points, max_distance_km=300).compute().loc[here.index]
    pd.testing.assert_frame_equal(here, there)
    # Brute force on a sample: geodesic distance to every port.
    ports = fz.load("land_ports")
    ports = ports[ports["status"] == "operating"]
    sample = local_points.sample(2000, random_state=1)
    lon = np.repeat(sample.geometry.x.to_numpy(), len(ports))
    lat = np.repeat(sample.geometry.y.to_numpy(), len(ports))
    plon = np.tile(ports.geometry.x.to_numpy(), len(sample))
    plat = np.tile(ports.geometry.y.to_numpy(), len(sample))
    d = (fz.measures.GEOD.inv(lon, lat, plon, plat)[2] / 1000).reshape(len(sample), len(ports))
    best = d.min(axis=1)
    assert np.allclose(here.loc[sample.index, "distance_km"], best, rtol=0, atol=1e-6)
    expected = np.where(best <= 300, ports["id"].to_numpy()[d.argmin(axis=1)], None)
    got = np.array(
        [None if pd.isna(v) else v for v in here.loc[sample.index, "nearest"]], dtype=object
    )
    second = np.sort(d, axis=1)[:, 1]
    clear = second > best + 1e-6  # ports at one spot tie; either answer is right there
    assert (got[clear] == expected[clear]).all()
    assert clear.mean() > 0.9


def test_zones_same_on_dask(cluster_client, dask_points, local_points):
    here = scale.in_zones(local_points)
    there = scale.in_zones(dask_points).compute().loc[here.index]
    pd.testing.assert_series_equal(here, there, check_dtype=False)
    assert set(here.dropna()) <= set(fz.load("subzones")["id"])


def test_corridor_usage_same_on_dask(cluster_client, dask_points, local_points):
    here = scale.corridor_usage(local_points, corridors="rail", buffer_m=15_000, by="month")
    there = scale.corridor_usage(dask_points, corridors="rail", buffer_m=15_000, by="month")
    pd.testing.assert_frame_equal(here, there)
    assert set(here["month"]) == {"2024-01", "2024-02", "2024-03"}


def test_corridor_buffer_is_in_metres():
    import geopandas as gpd
    from shapely.geometry import LineString

    line = gpd.GeoDataFrame({"id": ["c"]}, geometry=[LineString([(80, 44), (82, 44)])], crs=4326)
    # Points 9 km and 11 km north of the line's middle (on the meridian).
    lon, lat, _ = fz.measures.GEOD.fwd([81, 81], [44, 44], [0, 0], [9000, 11000])
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    counts = scale.corridor_usage(pts, corridors=line, buffer_m=10_000)
    assert counts["points"].tolist() == [1]


def test_projected_points_and_errors():
    import geopandas as gpd

    pts = make_part(0).iloc[:100]
    a, b = scale.assign_nearest(pts.to_crs(32644)), scale.assign_nearest(pts)
    assert (a["nearest"] == b["nearest"]).all()
    assert np.allclose(a["distance_km"], b["distance_km"], atol=1e-6)
    with pytest.raises(fz.FtzgeoError, match="no CRS"):
        scale.assign_nearest(gpd.GeoDataFrame(geometry=pts.geometry.to_numpy()))
    with pytest.raises(fz.FtzgeoError, match="buffer_m"):
        scale.corridor_usage(pts, buffer_m=0)
    with pytest.raises(fz.FtzgeoError, match="by="):
        scale.corridor_usage(pts, by="nope")


def test_missing_points_get_no_answer_and_never_stop_the_job():
    import geopandas as gpd
    from shapely.geometry import Point

    pts = gpd.GeoDataFrame(
        {"id": list("abcd")},
        geometry=[Point(80.4, 44.2), None, Point(), Point(float("nan"), float("nan"))],
        crs=4326,
    )
    near = fz.scale.assign_nearest(pts, to="land_ports")
    assert near["nearest"].iloc[0] is not None and near["nearest"].iloc[1:].isna().all()
    assert near["distance_km"].iloc[1:].isna().all()
    assert fz.scale.in_zones(pts).iloc[1:].isna().all()
    # Only the one real point is counted (once per corridor it lies in).
    assert fz.scale.corridor_usage(pts, corridors="rail", buffer_m=10_000)["points"].max() == 1


def test_points_without_a_coordinate_leave_every_other_answer_in_its_row():
    import geopandas as gpd
    from shapely.geometry import Point

    targets = gpd.GeoDataFrame(
        {"id": ["west", None, "east"]},
        geometry=[Point(75, 40), Point(80, 44), Point(88, 45)],
        crs=4326,
    )
    geoms = [Point(75.1, 40), None, Point(80, 44.1), Point(float("nan"), 3), Point(), Point(88, 45)]
    near = fz.scale.assign_nearest(gpd.GeoDataFrame(geometry=geoms, crs=4326), to=targets)
    assert near["nearest"].tolist() == ["west", None, None, None, None, "east"]  # no id: None
    distance = near["distance_km"].to_numpy()
    assert np.isfinite(distance[[0, 2, 5]]).all() and np.isnan(distance[[1, 3, 4]]).all()
    assert distance[5] == 0 and 8 < distance[0] < 9 and 11 < distance[2] < 12
    assert near["nearest"].dtype == object


def test_repeated_indexes_keep_each_points_own_answer():
    import geopandas as gpd

    sub = fz.load("subzones")
    pts = gpd.GeoDataFrame(
        geometry=list(sub.geometry.representative_point()[:2]), index=[0, 0], crs=4326
    )
    assert fz.scale.in_zones(pts).tolist() == list(sub["id"][:2])
    near = fz.scale.assign_nearest(pts, to="subzones")
    assert near["nearest"].tolist() == list(sub["id"][:2])


def test_the_sphere_to_ellipsoid_bound_that_makes_the_shortlist_exact_holds():
    import numpy as np

    from ftzgeo.measures import GEOD
    from ftzgeo.scale import _RATIO, _unit_xyz

    rng = np.random.default_rng(7)
    n = 100_000
    lon1, lat1 = rng.uniform(-180, 180, n), np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    lon2 = lon1 + rng.normal(0, 30, n)
    lat2 = np.clip(lat1 + rng.normal(0, 30, n), -89.9, 89.9)
    chord = np.linalg.norm(_unit_xyz(lon1, lat1) - _unit_xyz(lon2, lat2), axis=1)
    angle = 2 * np.arcsin(np.clip(chord / 2, 0, 1))
    ratio = np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])[angle > 1e-6] / angle[angle > 1e-6]
    assert ratio.max() / ratio.min() <= _RATIO


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), ties=st.integers(0, 40))
def test_nearest_port_is_the_brute_force_geodesic_nearest(seed, ties):
    """Random points over the region, plus points on the geodesic midpoints between pairs of
    ports (near-ties), against the argmin of the exact distance to every port."""
    import geopandas as gpd
    import numpy as np

    from ftzgeo.measures import GEOD

    ports = fz.load("land_ports")
    ports = ports[ports["status"] == "operating"].reset_index(drop=True)
    plon, plat = ports.geometry.x.to_numpy(), ports.geometry.y.to_numpy()
    rng = np.random.default_rng(seed)
    lon, lat = list(rng.uniform(60, 100, 300)), list(rng.uniform(30, 52, 300))
    for _ in range(ties):
        a, b = rng.choice(len(ports), 2, replace=False)
        inv = GEOD.inv(plon[a], plat[a], plon[b], plat[b])
        mid = GEOD.fwd(plon[a], plat[a], inv[0], inv[2] / 2)
        lon.append(mid[0])
        lat.append(mid[1])
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=4326)
    got = scale.assign_nearest(pts, candidates=1)
    lon_a, lat_a = np.repeat(lon, len(ports)), np.repeat(lat, len(ports))
    d = np.asarray(GEOD.inv(lon_a, lat_a, np.tile(plon, len(lon)), np.tile(plat, len(lon)))[2])
    d = d.reshape(len(lon), len(ports)) / 1000
    assert got["nearest"].tolist() == ports["id"].to_numpy()[d.argmin(axis=1)].tolist()
    np.testing.assert_allclose(got["distance_km"], d.min(axis=1), rtol=0, atol=1e-9)


def test_in_zones_is_the_first_zone_that_contains_each_point_whatever_the_zones_shape():
    import geopandas as gpd
    import numpy as np
    from shapely.geometry import MultiPolygon, Point, Polygon

    ring = [(80 + np.cos(a), 44 + 0.8 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 5000)]
    zones = gpd.GeoDataFrame(
        {"id": ["detailed", "overlapping", "holed", "parts", None]},
        geometry=[
            Polygon(ring),  # 5,000 vertices
            Polygon([(79.5, 43.5), (81.5, 43.5), (81.5, 44.5), (79.5, 44.5)]),  # overlaps it
            Polygon(
                [(82, 43), (84, 43), (84, 45), (82, 45)],
                [[(82.5, 43.5), (83.5, 43.5), (83.5, 44.5), (82.5, 44.5)]],
            ),
            MultiPolygon(
                [Polygon([(85, 43), (86, 43), (86, 44)]), Polygon([(87, 43), (88, 43), (88, 44)])]
            ),
            Polygon([(70, 30), (71, 30), (71, 31)]),  # a zone without an id
        ],
        crs=4326,
    )
    rng = np.random.default_rng(5)
    xy = np.column_stack([rng.uniform(69, 89, 4000), rng.uniform(29, 46, 4000)])
    geoms = [Point(x, y) for x, y in xy]
    geoms += [Point(82, 44), Point(82.5, 44.0), Point(84, 45), None, Point()]  # edges, gaps
    pts = gpd.GeoDataFrame(geometry=geoms, crs=4326)
    got = fz.scale.in_zones(pts, zones=zones)

    def first_zone(point):
        if point is None or point.is_empty:
            return None
        for ident, zone in zip(zones["id"], zones.geometry, strict=True):
            if zone.contains(point):
                return None if ident is None or ident != ident else ident  # NaN id: None
        return None

    assert got.tolist() == [first_zone(p) for p in geoms]
    assert {"detailed", "overlapping", "holed", "parts"} <= set(got.dropna())
