"""The static figure (ftzgeo.maps.figure): drawn, saved, reproducible."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
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


def _boxes(fig, texts):
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in texts]


def test_the_figure_is_labelled_without_overlap_and_the_labels_are_text_in_svg(tmp_path):
    fig = fz.export.static_map(path=tmp_path / "m.svg")
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_zorder() == 20]
    names = {t.get_text() for t in labels}
    assert {"Kashgar Area", "Khorgos Area", "Urumqi Area", "Almaty", "Tashkent"} <= names
    assert "KAZAKHSTAN" in names  # countries, in capitals
    boxes = _boxes(fig, labels)
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    legend = ax.get_legend().get_window_extent(fig.canvas.get_renderer())
    assert not any(b.overlaps(legend) for b in boxes)  # labels keep off the legend
    svg = (tmp_path / "m.svg").read_text()
    assert ">Kashgar Area<" in svg and ">Almaty<" in svg  # text, not outlines
    quiet = fz.export.static_map(labels=False)
    assert not [t for t in quiet.axes[0].texts if t.get_zorder() == 20]


def test_the_map_fills_the_canvas_and_frames_all_of_xinjiang():
    fig = fz.export.static_map(title=None)
    fig.canvas.draw()
    ax = fig.axes[0]
    frame = ax.get_window_extent(fig.canvas.get_renderer())
    assert frame.width * frame.height >= 0.8 * fig.bbox.width * fig.bbox.height
    # The legend and the credits lie inside the frame.
    inner = [ax.get_legend(), *[t for t in ax.texts if "Natural Earth" in t.get_text()]]
    for artist in inner:
        box = artist.get_window_extent(fig.canvas.get_renderer())
        assert frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
    # Xinjiang, projected the way the figure is, lies wholly inside the axes limits.
    x0, y0, x1, y1 = fz.load("xinjiang").to_crs(fig.ftzgeo_crs).total_bounds
    (ax0, ax1), (ay0, ay1) = ax.get_xlim(), ax.get_ylim()
    assert ax0 < x0 and x1 < ax1 and ay0 < y0 and y1 < ay1


def test_extent_year_size_and_routes_are_explicit_parameters(tmp_path):
    rail = fz.network.build_network(modes=("rail",), year=2011)
    route = fz.routing.route_feature(rail, fz.routing.shortest_path(rail, "urumqi", "almaty"))
    fig = fz.export.static_map(extent="xinjiang", year=2011, routes=route, size=(8, 8), dpi=100)
    assert tuple(fig.get_size_inches()) == (8, 8) and fig.dpi == 100
    x0, y0, x1, y1 = fz.load("xinjiang").to_crs(fig.ftzgeo_crs).total_bounds
    (ax0, ax1), (ay0, ay1) = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    assert ax0 < x0 and x1 < ax1 and ay0 < y0 and y1 < ay1
    assert (ax1 - ax0) < 1.6 * (x1 - x0)  # framed on Xinjiang, not the whole corridor
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "FTZ sub-zones" not in legend  # the FTZ opened in 2023
    assert not any("under construction" in t for t in legend)
    with pytest.raises(fz.errors.InvalidArgumentError, match="extent takes"):
        fz.export.static_map(extent=(80, 50, 70, 40))


def test_cli_figure_options(tmp_path, capsys):
    from ftzgeo.cli import main

    out = tmp_path / "f.svg"
    args = [
        "figure",
        "-o",
        str(out),
        "--extent",
        "70,35,90,50",
        "--year",
        "2015",
        "--title",
        "A $5 map",
    ]
    assert main([*args, "--route", "urumqi:almaty", "--mode", "rail", "--size", "9x6"]) == 0
    svg = out.read_text()
    assert ">A $5 map<" in svg and "Routes" in svg
    assert main(["figure", "-o", str(out), "--size", "big"]) == 2
    assert main(["figure", "-o", str(out), "--no-labels", "--title", ""]) == 0
    assert ">Almaty<" not in out.read_text()


def test_a_chinese_figure_writes_every_glyph_with_a_cjk_font(tmp_path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would fail here
        fig = fz.export.static_map(lang="zh", path=tmp_path / "zh.png")
        fz.export.static_map(lang="zh", path=tmp_path / "zh.pdf")
    ax = fig.axes[0]
    texts = {t.get_text() for t in ax.texts}
    cities = fz.load("cities").set_index("id")
    assert cities.loc["almaty", "name_zh"] in texts and "哈萨克斯坦" in texts
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "铁路: 运营中" in legend and "枢纽：机场、综合保税区、陆港" in legend
    assert ax.get_title() == "中国（新疆）自由贸易试验区及其与中亚的联系"
    credit = next(t for t in texts if "Natural Earth" in t)
    assert credit.startswith("边界") and "方位等距投影" in credit  # the credits in Chinese too
    family = fz.maps.fonts.cjk_family()
    assert all(
        family in t.get_fontfamily() for t in ax.texts if any(ord(c) > 0x2E80 for c in t.get_text())
    )


def test_a_chinese_figure_without_a_cjk_font_says_what_to_install(monkeypatch):
    from ftzgeo.maps import fonts

    fonts.cjk_family.cache_clear()
    monkeypatch.setattr(fonts, "CJK_FAMILIES", ("No Such CJK Font",))
    try:
        with pytest.raises(fz.errors.MissingDependencyError, match="fonts-wqy-microhei"):
            fz.export.static_map(lang="zh")
    finally:
        fonts.cjk_family.cache_clear()


def test_lines_under_construction_are_dashed_in_the_figure():
    from matplotlib.collections import LineCollection

    fig = fz.export.static_map(layers=["rail"], labels=False)
    styles_drawn = [
        c.get_linestyle()[0] for c in fig.axes[0].collections if isinstance(c, LineCollection)
    ]
    dashed = [s for s in styles_drawn if s[1] is not None]
    building = fz.load("rail")["status"].eq("under_construction").sum()
    assert building and len(dashed) == building  # one dashed stroke per line under construction


def test_a_figure_lists_the_ports_own_published_figures_for_its_year(tmp_path):
    def box(year):
        fig = fz.export.static_map(indicator="freight_trains", year=year, labels=False)
        return next(t.get_text() for t in fig.axes[0].texts if "Freight trains" in t.get_text())

    own = fz.indicators(indicator="freight_trains", period="year")
    own = own[~own["ids"].str.contains(";")]
    names = fz.load("land_ports").set_index("id")["name_en"]
    for year in (2016, 2023, 2024):
        text = box(year)
        for row in own[own["year"] == year].itertuples():
            assert f"{names[row.ids]}: " in text and f"{row.value:,.0f} trains" in text
        assert "16,400" not in text  # the two ports' shared total is never put on one
    assert box(2019).endswith("none published")
    with pytest.raises(fz.errors.InvalidArgumentError, match="unknown indicator"):
        fz.export.static_map(indicator="trains")
