"""read(): users' files in every supported format, validated; write(): atomic."""

from __future__ import annotations

import os

import geopandas as gpd
import pandas as pd
import pytest

import ftzgeo as fz
from ftzgeo.errors import DataFileError, ValidationError


def test_load_returns_fresh_copies():
    a = fz.load("land_ports")
    a.loc[a.index[0], "name_en"] = "changed"
    assert fz.load("land_ports").loc[a.index[0], "name_en"] != "changed"


def test_load_all_has_every_layer():
    layers = fz.load_all()
    assert list(layers) == list(fz.layers().index)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".parquet", ".fgb"])
def test_roundtrip_formats(tmp_path, suffix, ports):
    path = fz.write(ports, tmp_path / f"ports{suffix}")
    back = fz.read(path, layer="land_ports")
    assert len(back) == len(ports)
    assert back.crs.to_epsg() == 4326
    # FlatGeobuf reorders features along its spatial index: compare by id.
    back = back.set_index("id").loc[ports["id"]]
    assert back.geometry.geom_equals_exact(ports.set_index("id").geometry, tolerance=1e-9).all()
    assert back["opened"].dtype == ports["opened"].dtype
    assert back["seasonal"].tolist() == ports["seasonal"].tolist()


def test_csv_with_lon_lat_columns(tmp_path, ports):
    frame = pd.DataFrame(ports.drop(columns="geometry"))
    frame["Longitude"] = ports.geometry.x
    frame["Latitude"] = ports.geometry.y
    path = tmp_path / "ports.csv"
    frame.to_csv(path, index=False)
    back = fz.read(path, layer="land_ports")
    assert (back.geometry.x.round(9) == ports.geometry.x.round(9).to_numpy()).all()


def test_csv_bad_row_names_the_line_and_fix(tmp_path, ports):
    frame = pd.DataFrame(ports.drop(columns="geometry"))
    frame["lon"] = ports.geometry.x.astype(object)
    frame["lat"] = ports.geometry.y
    frame.loc[frame.index[2], "lon"] = "80°24'E"
    path = tmp_path / "ports.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(ValidationError) as info:
        fz.read(path, layer="land_ports")
    msg = str(info.value)
    assert "line 4 of ports.csv" in msg and "decimal degrees" in msg


def test_csv_without_coordinates(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,name_en\na,A\n")
    with pytest.raises(ValidationError, match="no lon column"):
        fz.read(path, layer="land_ports")


def test_projected_file_is_reprojected(tmp_path, ports):
    path = fz.write(ports.to_crs(32644), tmp_path / "utm.gpkg")
    back = fz.read(path, layer="land_ports")
    assert back.crs.to_epsg() == 4326
    moved_km = fz.measures.distance_km(back.geometry, ports.geometry.reset_index(drop=True))
    assert (moved_km < 1e-6).all()  # under a millimetre after the round trip through UTM


def test_read_validates(tmp_path, ports):
    bad = ports.copy()
    bad.loc[bad.index[0], "status"] = "maybe"
    path = fz.write(bad, tmp_path / "bad.geojson")
    with pytest.raises(ValidationError) as info:
        fz.read(path, layer="land_ports")
    assert str(path) in str(info.value) and "status='maybe'" in str(info.value)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        fz.read(tmp_path / "nope.geojson", layer="land_ports")
    junk = tmp_path / "junk.geojson"
    junk.write_text("{not json")
    with pytest.raises(DataFileError, match="cannot read"):
        fz.read(junk, layer="land_ports")


def test_write_is_atomic(tmp_path, ports, monkeypatch):
    target = tmp_path / "ports.geojson"
    fz.write(ports, target)
    before = target.read_bytes()

    def broken(self, path, *args, **kwargs):
        with open(path, "w") as fh:
            fh.write('{"type": "FeatureCollection", "features": [')  # half a file
        raise RuntimeError("disk full")

    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", broken)
    with pytest.raises(DataFileError, match="disk full"):
        fz.write(ports, target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["ports.geojson"], "no temporary file may be left behind"


def test_write_refuses_unknown_suffix(tmp_path, ports):
    with pytest.raises(DataFileError, match="cannot tell the format"):
        fz.write(ports, tmp_path / "ports.xyz")


def test_user_layer_extends_shipped_layer(tmp_path, ports, valid_port_row):
    extra = gpd.GeoDataFrame([valid_port_row], geometry="geometry", crs=4326)
    path = fz.write(extra, tmp_path / "extra.geojson")
    mine = fz.read(path, layer="land_ports")
    both = pd.concat([ports, mine], ignore_index=True)
    assert len(fz.validate(both, "land_ports")) == len(ports) + 1


# --- Reading whatever a user hands over: one clear error each. ---


def _file(folder, name, text):
    path = folder / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda d: d, fz.errors.DataFileError, "it is a folder"),
        (lambda d: _file(d, "empty.geojson", ""), fz.errors.DataFileError, "empty"),
        (lambda d: _file(d, "x.xyz", "hello"), fz.errors.DataFileError, "GeoJSON, GeoPackage"),
        (lambda d: d / "missing.geojson", FileNotFoundError, "no such file"),
    ],
)
def test_unreadable_inputs_say_what_is_wrong(tmp_path, make, error, match):
    with pytest.raises(error, match=match) as info:
        fz.read(make(tmp_path), layer="land_ports")
    assert isinstance(info.value, fz.errors.FtzgeoError)


def test_a_non_utf8_csv_says_which_encoding_to_give(tmp_path, valid_port_row):
    path = tmp_path / "ports.csv"
    path.write_bytes(
        "id,name_en,lon,lat\nx,Қорғас,80.4,44.2\n".encode("cp1251", errors="replace").replace(
            b"?", b"\xc0"
        )
    )
    with pytest.raises(fz.errors.DataFileError, match="encoding="):
        fz.read(path, layer="land_ports")


def test_a_multi_table_geopackage_is_never_read_silently(tmp_path, valid_ports):
    path = tmp_path / "two.gpkg"
    valid_ports.to_file(path, layer="a", engine="pyogrio")
    valid_ports.to_file(path, layer="b", engine="pyogrio", append=False)
    with pytest.raises(fz.errors.ValidationError, match="file_layer"):
        fz.read(path, layer="land_ports")
    assert len(fz.read(path, layer="land_ports", file_layer="b")) == len(valid_ports)


def test_a_garbage_crs_is_a_clear_error(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("id,lon,lat\na,80,44\n")
    with pytest.raises(fz.errors.InvalidArgumentError, match="not a coordinate reference system"):
        fz.read(path, layer="land_ports", crs="garbage")


def test_tilde_paths_are_expanded_when_reading(tmp_path, monkeypatch, valid_ports):
    monkeypatch.setenv("HOME", str(tmp_path))
    fz.write(valid_ports, tmp_path / "p.geojson")
    assert len(fz.read("~/p.geojson", layer="land_ports")) == len(valid_ports)


# Layer export (ftzgeo.io.export_layers)


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "parquet"])
def test_export_layers_round_trip_exactly(tmp_path, fmt, shipped):
    target = tmp_path / ("layers.gpkg" if fmt == "gpkg" else "layers")
    fz.export_layers(target, format=fmt)
    for name, original in shipped.items():
        if fmt == "gpkg":
            back = fz.read(target, layer=name, file_layer=name)
        else:
            back = fz.read(
                target / f"{name}.{'geojson' if fmt == 'geojson' else 'parquet'}", layer=name
            )
        back = back[original.columns]
        pd.testing.assert_frame_equal(
            pd.DataFrame(back.drop(columns="geometry")),
            pd.DataFrame(original.drop(columns="geometry")),
            check_dtype=False,
        )
        assert back.geometry.geom_equals_exact(original.geometry, tolerance=0).all(), (fmt, name)


def test_export_refuses_bad_arguments(tmp_path):
    with pytest.raises(fz.FtzgeoError, match="format"):
        fz.export_layers(tmp_path / "x", format="kml")
    with pytest.raises(fz.FtzgeoError, match=r"\.gpkg"):
        fz.export_layers(tmp_path / "x.zip", format="gpkg")
