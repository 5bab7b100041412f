"""validate(): every listed problem gives a clear error naming the feature and the fix."""

from __future__ import annotations

import math

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon

import ftzgeo as fz
from ftzgeo.errors import UnknownLayerError, ValidationError


def problems_of(gdf, layer="land_ports", **kw):
    with pytest.raises(ValidationError) as info:
        fz.validate(gdf, layer, **kw)
    return info.value, str(info.value)


def test_valid_data_passes_and_is_returned_unchanged(valid_ports):
    before = valid_ports.copy()
    assert fz.validate(valid_ports, "land_ports") is valid_ports
    assert valid_ports.equals(before)


def test_missing_column(valid_ports):
    _err, msg = problems_of(valid_ports.drop(columns=["neighbour_iso3"]))
    assert "column 'neighbour_iso3'" in msg and "missing" in msg and "add it" in msg


def test_unknown_status_names_feature_and_allowed_values(valid_ports):
    bad = valid_ports.copy()
    bad.loc[1, "status"] = "open"
    _err, msg = problems_of(bad)
    assert "id='test-port-2'" in msg
    assert "status='open'" in msg and "'operating'" in msg


def test_duplicate_ids(valid_ports):
    bad = valid_ports.copy()
    bad.loc[1, "id"] = "test-port"
    err, msg = problems_of(bad)
    assert "not unique" in msg and "give every feature its own id" in msg
    assert len([p for p in err.problems if "not unique" in p.what]) == 2


def test_invalid_geometry_is_explained():
    bowtie = Polygon([(80, 44), (81, 45), (81, 44), (80, 45)])
    row = {
        "id": "bow",
        "name_en": "Bow",
        "name_zh": None,
        "status": "operating",
        "opened": 2023,
        "source": "natural-earth",
        "geometry_quality": "schematic",
        "accuracy_m": 1.0,
        "official_area_km2": 1.0,
        "area_source": "natural-earth",
        "approved": "2023-10-31",
        "includes": None,
        "focus_industries": None,
        "geometry": bowtie,
    }
    gdf = gpd.GeoDataFrame([row], geometry="geometry", crs=4326)
    _err, msg = problems_of(gdf, "subzones")
    assert (
        "id='bow'" in msg
        and "invalid" in msg
        and "Self-intersection" in msg
        and "make_valid" in msg
    )


def test_empty_and_missing_geometry(valid_ports):
    bad = valid_ports.copy()
    bad.loc[0, "geometry"] = Point()
    bad.loc[1, "geometry"] = None
    _err, msg = problems_of(bad)
    assert "geometry is empty" in msg and "geometry is missing" in msg


def test_wrong_geometry_type(valid_ports):
    bad = valid_ports.copy()
    bad.loc[0, "geometry"] = LineString([(80, 44), (81, 44)])
    _err, msg = problems_of(bad)
    assert "geometry is a LineString" in msg and "takes Point" in msg


def test_missing_crs(valid_ports):
    _err, msg = problems_of(valid_ports.set_crs(None, allow_override=True))
    assert "no CRS" in msg and "set_crs('EPSG:4326')" in msg


def test_projected_crs_is_refused_with_fix(valid_ports):
    _err, msg = problems_of(valid_ports.to_crs(32644))
    assert "EPSG:32644" in msg and "to_crs('EPSG:4326')" in msg


def test_projected_numbers_labelled_as_degrees_are_caught(valid_ports):
    bad = valid_ports.copy()
    bad.loc[0, "geometry"] = Point(500000.0, 4900000.0)
    _err, msg = problems_of(bad)
    assert "id='test-port'" in msg and "not degrees" in msg


def test_swapped_lat_lon_is_diagnosed(valid_ports):
    bad = valid_ports.copy()
    bad.loc[0, "geometry"] = Point(45.2, 82.6)  # (lat, lon) by mistake
    _err, msg = problems_of(bad)
    assert "look like (lat, lon)" in msg and "swap x and y" in msg


def test_outside_region(valid_ports):
    bad = valid_ports.copy()
    bad.loc[0, "geometry"] = Point(2.35, 48.85)  # Paris is not a Xinjiang land port
    _err, msg = problems_of(bad)
    assert "outside layer 'land_ports' extent" in msg


@pytest.mark.parametrize("value", [math.nan, math.inf, -5.0])
def test_nan_inf_and_negative_accuracy(valid_ports, value):
    bad = valid_ports.copy()
    bad.loc[0, "accuracy_m"] = value
    _err, msg = problems_of(bad)
    assert "accuracy_m" in msg and "id='test-port'" in msg


def test_nan_coordinates(valid_ports):
    bad = valid_ports.copy()
    bad.loc[0, "geometry"] = Point(math.nan, 44.0)
    _err, msg = problems_of(bad)
    assert "NaN or infinite coordinates" in msg


def test_bad_list_item_domain(valid_ports):
    bad = valid_ports.copy()
    bad.loc[0, "modes"] = "road;ferry"
    _err, msg = problems_of(bad)
    assert "modes='ferry'" in msg


def test_all_problems_collected_in_one_error(valid_ports):
    bad = valid_ports.copy()
    bad.loc[0, "status"] = "??"
    bad.loc[1, "geometry"] = Point(45.2, 82.6)
    bad = bad.drop(columns=["source"])
    err, msg = problems_of(bad)
    assert len(err.problems) >= 3
    assert msg.startswith("data for layer 'land_ports': ")


def test_unknown_source_key(valid_ports):
    bad = valid_ports.copy()
    bad.loc[0, "source"] = "natural-earth;made-up-source"
    _err, msg = problems_of(bad, known_sources=fz.catalog.source_keys())
    assert "made-up-source" in msg and "sources.json" in msg


def test_not_a_geodataframe():
    _err, msg = problems_of([1, 2, 3])
    assert "expected a GeoDataFrame, got list" in msg


def test_long_error_is_summarised(valid_port_row):
    rows = [dict(valid_port_row, id=f"p{i}", status="bad") for i in range(100)]
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
    _err, msg = problems_of(gdf)
    assert "80 more rows" in msg
    assert len(msg.splitlines()) < 60


def test_unknown_layer_suggests_close_names(valid_ports):
    with pytest.raises(UnknownLayerError) as info:
        fz.validate(valid_ports, "land_port")
    assert "'land_ports'" in str(info.value)
    with pytest.raises(KeyError):
        fz.load("nope")


def test_a_geodataframe_without_geometry_is_one_clear_problem():
    with pytest.raises(ValidationError, match="no active geometry column"):
        fz.validate(gpd.GeoDataFrame({"id": ["a"]}), "cities")


def test_nan_heights_are_refused_and_messages_show_plain_values(shipped):
    import numpy as np

    cities = shipped["cities"].iloc[:2].copy()
    cities["geometry"] = [Point(80, 40, np.nan), Point(81, 41, 5)]
    with pytest.raises(ValidationError, match="force_2d") as info:
        fz.validate(cities, "cities")
    assert len(info.value.problems) == 1  # a finite height is fine
    ports = shipped["land_ports"].iloc[:1].copy()
    ports["accuracy_m"] = np.float64(-40.59)
    with pytest.raises(ValidationError, match=r"accuracy_m=-40\.59 is below") as info:
        fz.validate(ports, "land_ports")
    assert "np.float64" not in str(info.value)
