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
