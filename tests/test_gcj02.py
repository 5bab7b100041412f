"""GCJ-02 for Chinese basemaps: right against published pairs, applied only to what is drawn."""

from __future__ import annotations

import numpy as np
import pytest
from maputils import embedded_layers

import ftzgeo as fz
from ftzgeo.gcj02 import in_china, wgs84_to_gcj02

# (WGS84 lon, lat) -> GCJ-02 (lon, lat), as published with open implementations of the transform:
# googollee/eviltransform's test table (Shanghai, Shenzhen, Beijing) and
# wandergis/coordtransform's README example (central Beijing).
REFERENCE = [
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),
    ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),
]


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_the_shift_matches_published_pairs_within_a_metre(wgs, gcj):
    lon, lat = wgs84_to_gcj02(*wgs)
    error_m = fz.measures.GEOD.inv(float(lon), float(lat), *gcj)[2]
    assert error_m < 1.0
    shift_m = fz.measures.GEOD.inv(*wgs, *gcj)[2]
    assert 100 < shift_m < 1000  # the offset it corrects is hundreds of metres


def test_it_applies_inside_china_only():
    lon = np.array([87.62, 75.99, 76.95, 69.24])  # Urumqi, Kashgar, Almaty, Tashkent
    lat = np.array([43.83, 39.47, 43.24, 41.30])
    assert in_china(lon, lat).tolist() == [True, True, False, False]


def _drawn_xy(m, layer: str) -> np.ndarray:
    feats = embedded_layers(fz.export.map_html(m))[layer]["data"]["features"]
    return np.array([f["geometry"]["coordinates"] for f in feats], dtype=float)


def test_gaode_tiles_shift_what_is_drawn_and_nothing_else():
    ports = fz.load("land_ports")
    before = ports.copy()
    lengths = fz.measures.length_km(fz.load("rail"))
    plain = fz.connectivity_map(layers={"land_ports": ports})
    gaode = fz.connectivity_map(layers={"land_ports": ports}, tiles="Gaode (AMap)")
    xy0, xy1 = _drawn_xy(plain, "land_ports"), _drawn_xy(gaode, "land_ports")
    moved = fz.measures.GEOD.inv(xy0[:, 0], xy0[:, 1], xy1[:, 0], xy1[:, 1])[2]
    inside = in_china(ports.geometry.x.to_numpy(), ports.geometry.y.to_numpy())
    assert inside.any() and (moved[inside] > 50).all() and (moved[~inside] == 0).all()
    expected = np.column_stack(wgs84_to_gcj02(xy0[inside, 0], xy0[inside, 1]))
    assert np.allclose(xy1[inside], expected, atol=2e-5)  # the published shift, to 5 decimals
    assert ports.equals(before)  # the data are not touched
    assert fz.measures.length_km(fz.load("rail")).equals(lengths)  # nor any measure
    assert "overlays shifted to GCJ-02" in fz.export.map_html(gaode)
    # A user layer added later lands on the same tiles.
    fz.maps.add_layer(gaode, ports.iloc[:3], name="Mine")
    assert not np.allclose(_drawn_xy(gaode, "Mine"), xy0[:3])


def test_mixing_gcj02_and_wgs84_tiles_is_refused():
    with pytest.raises(fz.errors.InvalidArgumentError, match="GCJ-02"):
        fz.connectivity_map(layers=["subzones"], tiles=["Gaode (AMap)", "OpenStreetMap"])


@pytest.mark.parametrize("name", ["gaode satellite", "gaode.normal", "Gaode.Normal"])
def test_gaode_is_recognised_however_it_is_spelt(name):
    ports = fz.load("land_ports")
    xy0 = _drawn_xy(fz.connectivity_map(layers={"land_ports": ports}), "land_ports")
    xy1 = _drawn_xy(fz.connectivity_map(layers={"land_ports": ports}, tiles=name), "land_ports")
    assert not np.allclose(xy0, xy1)
    with pytest.raises(fz.errors.InvalidArgumentError, match="GCJ-02"):
        fz.connectivity_map(layers=["subzones"], tiles=[name, "OpenStreetMap"])
