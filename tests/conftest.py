"""Shared fixtures: the shipped layers, loaded once per session."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point

import ftzgeo as fz


@pytest.fixture(scope="session")
def shipped() -> dict[str, gpd.GeoDataFrame]:
    return fz.load_all()


@pytest.fixture
def ports(shipped) -> gpd.GeoDataFrame:
    return shipped["land_ports"].copy()


@pytest.fixture
def valid_port_row() -> dict:
    """One feature that satisfies the land_ports schema."""
    return {
        "id": "test-port",
        "name_en": "Test port",
        "name_zh": None,
        "status": "operating",
        "opened": 1992,
        "source": "natural-earth",
        "geometry_quality": "approximate",
        "accuracy_m": 1000.0,
        "neighbour_iso3": "KAZ",
        "counterpart": "Somewhere",
        "modes": "road;rail",
        "seasonal": False,
        "location_note": None,
        "geometry": Point(82.6, 45.2),
    }


@pytest.fixture
def valid_ports(valid_port_row) -> gpd.GeoDataFrame:
    second = dict(valid_port_row, id="test-port-2", geometry=Point(80.4, 44.2))
    return gpd.GeoDataFrame([valid_port_row, second], geometry="geometry", crs="EPSG:4326")


@pytest.fixture
def factories() -> gpd.GeoDataFrame:
    """A user's table as analysts bring it: 50 invented factories (not real places) near the
    three sub-zones, with English and Chinese names, a sector and a head count."""
    import numpy as np

    rng = np.random.default_rng(7)
    centres = [(87.62, 43.83), (75.99, 39.47), (80.42, 44.21)]
    sectors = ["garments", "food processing", "electronics", "pharmaceuticals", "logistics"]
    rows = []
    for i in range(50):
        lon, lat = centres[i % 3]
        rows.append(
            {
                "name": f"Factory {i + 1}",
                "名称": f"工厂{i + 1}号",
                "sector": sectors[i % len(sectors)],
                "employees": int(rng.integers(20, 3000)),
                "lon": round(lon + rng.normal(0, 0.08), 5),
                "lat": round(lat + rng.normal(0, 0.05), 5),
            }
        )
    frame = gpd.pd.DataFrame(rows)
    return gpd.GeoDataFrame(
        frame.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
        crs="EPSG:4326",
    )
