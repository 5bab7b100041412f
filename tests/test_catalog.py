"""Every catalog entry against its file: geometry type, count, columns, CRS, provenance."""

from __future__ import annotations

import json
import re

import pytest

import ftzgeo as fz
from ftzgeo import catalog
from ftzgeo.schema import COMMON_COLUMNS, GEOMETRY_QUALITIES, SCHEMAS, STATUSES

ENTRIES = catalog.entries()
NAMES = [e.name for e in ENTRIES]


def test_catalog_lists_every_layer_the_design_requires():
    required = {
        "subzones",
        "zones",
        "land_ports",
        "pipelines",
        "rail",
        "roads",
        "cities",
        "countries",
        "xinjiang",
    }
    assert required <= set(NAMES)
    assert set(NAMES) == set(SCHEMAS), "every layer needs a schema and every schema a layer"


def test_layers_table():
    table = fz.layers()
    assert list(table.index) == NAMES
    assert {"description", "geometry_type", "count", "license", "attribution"} <= set(table.columns)
    assert (table["count"] > 0).all()


@pytest.mark.parametrize("entry", ENTRIES, ids=NAMES)
def test_file_matches_its_catalog_entry(entry):
    raw = json.loads(entry.path.read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection"
    assert "crs" not in raw or raw["crs"]["properties"]["name"].endswith("CRS84"), (
        "GeoJSON must be WGS84 lon/lat"
    )
    feats = raw["features"]
    assert len(feats) == entry.count
    declared = set(entry.geometry_type.split("|"))
    assert {f["geometry"]["type"] for f in feats} <= declared
    for f in feats:
        assert list(f["properties"]) == list(entry.columns), (
            f"column order/names differ in {f['properties'].get('id')}"
        )
    gdf = fz.load(entry.name)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == entry.count
    assert set(SCHEMAS[entry.name].required_columns) <= set(entry.columns)


@pytest.mark.parametrize("entry", ENTRIES, ids=NAMES)
def test_every_feature_carries_provenance(entry, shipped):
    gdf = shipped[entry.name]
    keys = catalog.source_keys()
    for _, row in gdf.iterrows():
        where = f"{entry.name}/{row['id']}"
        assert row["status"] in STATUSES, where
        assert row["geometry_quality"] in GEOMETRY_QUALITIES, where
        assert row["accuracy_m"] > 0, where
        cited = [k for k in row["source"].split(";") if k]
        assert cited, where
        assert set(cited) <= keys, f"{where} cites unknown sources {set(cited) - keys}"


@pytest.mark.parametrize("entry", ENTRIES, ids=NAMES)
def test_common_columns_come_first(entry):
    n = len(COMMON_COLUMNS)
    assert list(entry.columns[: n - 1]) == [c.name for c in COMMON_COLUMNS[: n - 1]]


def test_geometry_quality_is_honest(shipped):
    # Nothing in this data set was surveyed by us; schematic shapes must say they are rough.
    for name, gdf in shipped.items():
        assert not (gdf["geometry_quality"] == "surveyed").any(), name
        schematic = gdf[gdf["geometry_quality"] == "schematic"]
        assert (schematic["accuracy_m"] >= 1000).all(), name


def test_sources_are_documented():
    table = fz.sources()
    text = (catalog.data_dir() / "SOURCES.md").read_text(encoding="utf-8")
    for key, row in table.iterrows():
        assert row["title"], key
        assert re.match(r"^https?://", row["url"]), key
        assert f"`{key}`" in text, f"SOURCES.md does not describe {key}"
    used = set()
    for gdf in fz.load_all().values():
        for value in gdf["source"]:
            used.update(value.split(";"))
    unused = set(table.index) - used - _sources_used_elsewhere()
    assert not unused, f"sources nobody cites: {sorted(unused)}"


def _sources_used_elsewhere() -> set[str]:
    """Keys cited by columns other than ``source`` (the official area, length, status and dwell
    times each cite their own), by the waypoints table or by the indicators table."""
    keys: set[str] = set()
    columns = ("area_source", "length_source", "status_source", "dwell_source")
    for gdf in fz.load_all().values():
        for column in columns:
            if column in gdf.columns:
                for value in gdf[column].dropna():
                    keys.update(value.split(";"))
    for value in catalog.waypoints()["source"]:
        keys.update(value.split(";"))
    for value in fz.indicators()["source"]:
        keys.update(value.split(";"))
    return keys


def test_licences_and_attribution():
    for e in ENTRIES:
        assert e.license and e.attribution, e.name
    assert "Natural Earth" in catalog.entry("countries").attribution
