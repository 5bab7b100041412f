"""Reading a user's own file with no layer=: geometry, CRS, coordinates and encoding only."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import ftzgeo as fz
from ftzgeo.errors import DataFileError, ValidationError


def _csv(factories, path, **rename):
    frame = pd.DataFrame(factories.drop(columns="geometry"))
    frame["lon"], frame["lat"] = factories.geometry.x, factories.geometry.y
    frame.rename(columns=rename).to_csv(path, index=False)
    return path


def test_a_plain_csv_of_points_needs_no_layer(tmp_path, factories):
    back = fz.read(_csv(factories, tmp_path / "factories.csv"))
    assert len(back) == len(factories)
    assert back.crs.to_string() == "EPSG:4326"
    assert list(back["名称"]) == list(factories["名称"])  # Chinese text and column names kept
    assert back.geometry.geom_equals_exact(factories.geometry, tolerance=1e-9).all()
    assert back["employees"].tolist() == factories["employees"].tolist()


@pytest.mark.parametrize(("lon", "lat"), [("Longitude", "Latitude"), ("lng", "lat"), ("X", "Y")])
def test_coordinate_columns_are_detected(tmp_path, factories, lon, lat):
    back = fz.read(_csv(factories, tmp_path / "f.csv", lon=lon, lat=lat))
    assert back.geometry.x.round(5).tolist() == factories.geometry.x.round(5).tolist()


def test_named_coordinate_columns(tmp_path, factories):
    path = _csv(factories, tmp_path / "f.csv", lon="东经", lat="北纬")
    with pytest.raises(ValidationError, match="no lon column found"):
        fz.read(path)
    back = fz.read(path, lon="东经", lat="北纬")
    assert back.geometry.y.round(5).tolist() == factories.geometry.y.round(5).tolist()


@pytest.mark.parametrize("suffix", [".geojson", ".parquet", ".gpkg"])
def test_geojson_geoparquet_and_geopackage_need_no_layer(tmp_path, factories, suffix):
    path = tmp_path / f"factories{suffix}"
    if suffix == ".parquet":
        factories.to_parquet(path)
    else:
        factories.to_file(path)
    back = fz.read(path)
    assert back["sector"].tolist() == factories["sector"].tolist()
    assert back.geometry.geom_equals_exact(factories.geometry, tolerance=1e-9).all()


def test_a_projected_file_is_reprojected_and_a_mislabelled_one_refused(tmp_path, factories):
    path = tmp_path / "projected.gpkg"
    factories.to_crs("EPSG:32644").to_file(path)
    back = fz.read(path)
    assert back.crs.to_string() == "EPSG:4326"
    assert back.geometry.geom_equals_exact(factories.geometry, tolerance=1e-6).all()
    # Metres written into a lon/lat CSV: caught, with the row and the fix.
    frame = pd.DataFrame({"name": ["a"], "lon": [500000.0], "lat": [4850000.0]})
    frame.to_csv(tmp_path / "metres.csv", index=False)
    with pytest.raises(ValidationError) as err:
        fz.read(tmp_path / "metres.csv")
    assert "reproject" in str(err.value) or "swap" in str(err.value)


def test_a_bad_row_gets_one_clear_error(tmp_path, factories):
    path = _csv(factories, tmp_path / "f.csv")
    text = path.read_text(encoding="utf-8").splitlines()
    cells = text[3].split(",")
    cells[-1] = "forty-four"
    text[3] = ",".join(cells)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        fz.read(path)
    assert "line 4" in str(err.value) and "decimal degrees" in str(err.value)


def test_rows_with_latitude_and_longitude_swapped_are_named(tmp_path, factories):
    swapped = factories.copy()
    rows = [3, 17]
    swapped.geometry = [
        type(g)(g.y, g.x) if i in rows else g for i, g in enumerate(factories.geometry)
    ]
    path = _csv(swapped, tmp_path / "f.csv")
    with pytest.warns(fz.errors.SuspectCoordinatesWarning) as caught:
        back = fz.read(path)
    msg = str(caught[0].message)
    # CSV rows are named by the line a spreadsheet shows (the header is line 1).
    assert "line 5 of f.csv" in msg and "line 19 of f.csv" in msg and "2 point(s)" in msg
    assert len(back) == len(factories)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fz.read(_csv(factories, tmp_path / "ok.csv"))  # the right file raises no warning
        fz.read(path, check_extent=False)  # and a user who means it can say so


def test_a_real_outlier_is_read_and_at_most_warned_about(tmp_path):
    """Moscow in a table of Central Asian places is data, not an error."""
    places = pd.concat(
        [
            pd.DataFrame(
                {
                    "name": fz.load("cities")["name_en"],
                    "lon": fz.load("cities").geometry.x,
                    "lat": fz.load("cities").geometry.y,
                }
            ),
            pd.DataFrame({"name": ["Moscow office"], "lon": [37.62], "lat": [55.75]}),
        ],
        ignore_index=True,
    )
    path = tmp_path / "places.csv"
    places.to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", fz.errors.SuspectCoordinatesWarning)
        back = fz.read(path)
    assert len(back) == len(places) and back.geometry.iloc[-1].x == pytest.approx(37.62)


def test_an_unreadable_file_still_says_what_is_wrong(tmp_path):
    path = tmp_path / "notes.geojson"
    path.write_text("not json at all", encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot read"):
        fz.read(path)


def test_sources_of_users_rows_are_user_a_url_or_a_known_key(tmp_path, factories):
    ok = factories.assign(source=["user"] * 48 + ["https://example.org/registry", "cnpc-cagp"])
    ok.to_file(tmp_path / "ok.geojson")
    assert len(fz.read(tmp_path / "ok.geojson")) == 50
    made_up = factories.assign(source=["user"] * 49 + ["my guess"])
    made_up.to_file(tmp_path / "bad.geojson")
    with pytest.raises(ValidationError) as err:
        fz.read(tmp_path / "bad.geojson")
    assert "row 49" in str(err.value) and "source='user'" in str(err.value)


def test_layer_keeps_the_full_schema_check(tmp_path, factories):
    path = _csv(factories, tmp_path / "f.csv")
    with pytest.raises(ValidationError, match="required column is missing"):
        fz.read(path, layer="land_ports")


def test_the_file_on_disk_is_not_changed(tmp_path, factories):
    path = _csv(factories, tmp_path / "f.csv")
    before = path.read_bytes()
    fz.read(path)
    assert path.read_bytes() == before
