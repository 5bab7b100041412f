"""Static figures, layer export round trips, flow maps."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from maputils import embedded_layers
from PIL import Image

import ftzgeo as fz
from ftzgeo.maps.styles import base_style


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])


def _has_colour(img: np.ndarray, hex_colour: str, tol: int = 30, min_pixels: int = 20) -> bool:
    dist = np.abs(img[:, :, :3].astype(int) - _rgb(hex_colour)).sum(axis=2)
    return int((dist <= tol).sum()) >= min_pixels


def test_static_map_png_is_not_blank_and_shows_the_layers(tmp_path):
    path = tmp_path / "map.png"
    fz.export.static_map(path=path)
    img = np.asarray(Image.open(path).convert("RGB"))
    assert img.shape[0] > 500 and img.shape[1] > 500
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 50, "the image is blank"
    for layer in ("pipelines", "rail", "roads", "cities", "countries"):
        st = base_style(layer)
        colour = st.get("fillColor") if layer in ("cities", "countries") else st["color"]
        assert _has_colour(img, colour), f"no {layer} colour {colour} in the figure"


def test_static_map_svg_and_bad_suffix(tmp_path):
    fz.export.static_map(layers=["subzones", "land_ports"], path=tmp_path / "m.svg")
    assert (tmp_path / "m.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    with pytest.raises(fz.FtzgeoError, match=r"\.png, \.svg or \.pdf"):
        fz.export.static_map(layers=["subzones"], path=tmp_path / "m.gif")
    assert not (tmp_path / "m.gif").exists()


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


def test_flows_follow_routes_with_width_by_value_and_escaped_labels():
    data = pd.DataFrame(
        {
            "origin": ["khorgos-road", "alashankou-rail", "torugart"],
            "destination": ["almaty", "almaty", "bishkek"],
            "value": [100.0, 25.0, 4.0],
            "label": ["<b>big</b>", "medium", "${alert(1)}"],
        }
    )
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    routed = fz.maps.flows(m, data, label="label", unit="kt", title="Freight")
    assert list(routed["value"]) == [100.0, 25.0, 4.0]
    # Each flow follows a real route: at least as long as the straight line.
    for row in routed.itertuples():
        a, b = row.geometry.coords[0], row.geometry.coords[-1]
        assert row.length_km >= fz.measures.GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000 * 0.999
    page = fz.export.map_html(m)
    layers = embedded_layers(page)
    widths = {
        k: v["data"]["features"][0]["properties"]["_s"]["weight"]
        for k, v in layers.items()
        if not k.endswith("(direction)") and k in ("<b>big</b>", "medium", "${alert(1)}")
    }
    assert widths["<b>big</b>"] > widths["medium"] > widths["${alert(1)}"]
    assert (
        layers["<b>big</b>"]["data"]["features"][0]["properties"]["_t"] == "&lt;b&gt;big&lt;/b&gt;"
    )
    assert "<b>big</b> (direction)" in layers
    assert "Freight" in page and "kt" in page


def test_flows_report_bad_rows():
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    bad = pd.DataFrame(
        {
            "origin": ["khorgos-road", "atlantis"],
            "destination": ["almaty", "almaty"],
            "value": [-1, 3],
        }
    )
    with pytest.raises(fz.ValidationError) as info:
        fz.maps.flows(m, bad)
    msg = str(info.value)
    assert "row 0" in msg and "non-negative" in msg and "row 1" in msg and "atlantis" in msg


def test_cli_figure_and_export(tmp_path, capsys):
    from ftzgeo.cli import main

    assert main(["figure", "-o", str(tmp_path / "f.png"), "--layers", "subzones,rail"]) == 0
    assert (tmp_path / "f.png").stat().st_size > 10_000
    assert (
        main(["export", "-o", str(tmp_path / "out"), "--to", "geojson", "--layers", "land_ports"])
        == 0
    )
    assert len(gpd.read_file(tmp_path / "out" / "land_ports.geojson")) == len(fz.load("land_ports"))


def test_svg_and_pdf_figures_are_byte_identical_across_runs(tmp_path):
    for suffix in ("svg", "pdf"):
        a = fz.export.static_map(layers=("land_ports",), path=tmp_path / f"a.{suffix}")
        b = fz.export.static_map(layers=("land_ports",), path=tmp_path / f"b.{suffix}")
        del a, b
        assert (tmp_path / f"a.{suffix}").read_bytes() == (tmp_path / f"b.{suffix}").read_bytes()


def test_dollar_signs_in_titles_are_text_not_math():
    fig = fz.export.static_map(layers=("land_ports",), title="Tariffs of $5 and $6")
    titles = [t.get_text() for ax in fig.axes for t in (ax.title,)]
    assert "Tariffs of $5 and $6" in titles
    assert all(not t.get_parse_math() for ax in fig.axes for t in (ax.title,))
