"""Maps, asserted on the rendered HTML (what only a browser shows is in test_maps_browser.py)."""

from __future__ import annotations

import html as htmllib
import re

import geopandas as gpd
import pytest
from maputils import data_blocks, embedded_layers, feature_count, legend_html, shown
from shapely.geometry import LineString, Point

import ftzgeo as fz
from ftzgeo.errors import FtzgeoError, ValidationError
from ftzgeo.maps import styles
from ftzgeo.maps.compose import DEFAULT_LAYERS
from ftzgeo.maps.layers import map_layers
from ftzgeo.maps.legend import legend_entries
from ftzgeo.maps.timeline import as_of

EVIL = [
    '<img src=x onerror="window.__pwned=1">',
    "${window.__pwned=2}",
    "`${alert(3)}`",
    "</script><script>window.__pwned=4</script>",
    "{% raw %}{{ 7*7 }}{% endraw %}",
]


@pytest.fixture(scope="module")
def default_html():
    return fz.export.map_html(fz.maps.connectivity_map())


def evil_layer() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": [f"e{i}" for i in range(len(EVIL))],
            "name_en": EVIL,
            "comment": [f"note {s}" for s in EVIL],
        },
        geometry=[Point(80 + i, 44) for i in range(len(EVIL))],
        crs=4326,
    )


def test_every_layer_is_embedded_with_its_feature_count(default_html, shipped):
    layers = embedded_layers(default_html)
    assert set(layers) == set(DEFAULT_LAYERS)
    for name in DEFAULT_LAYERS:
        assert feature_count(layers[name]) == len(shipped[name]), name


def test_page_loads_nothing_from_outside_and_only_leaflet_when_linked(default_html):
    loads = r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"'
    assert re.findall(loads, default_html) == []
    linked = fz.export.map_html(fz.maps.connectivity_map(), self_contained=False)
    cdn = f"https://cdn.jsdelivr.net/npm/leaflet@{fz.assets.LEAFLET_VERSION}/dist/leaflet"
    assert set(re.findall(loads, linked)) == {f"{cdn}.js", f"{cdn}.css"}
    for page in (default_html, linked):
        assert "font-awesome" not in page and "bootstrap" not in page


def test_styles_follow_status(default_html, shipped):
    layers = embedded_layers(default_html)
    for name in ("rail", "roads", "pipelines"):
        by_id = {f["properties"]["id"]: f["properties"] for f in layers[name]["data"]["features"]}
        for _, row in shipped[name].iterrows():
            style = by_id[row["id"]]["_s"]
            assert style.get("dashArray") == styles.STATUS_DASH[row["status"]], row["id"]
            assert by_id[row["id"]]["_st"] == row["status"]


def test_pipeline_width_follows_capacity(default_html, shipped):
    feats = embedded_layers(default_html)["pipelines"]["data"]["features"]
    weight = {f["properties"]["id"]: f["properties"]["_s"]["weight"] for f in feats}
    pipes = shipped["pipelines"].set_index("id")
    assert weight["cagp-c"] > weight["cagp-a"]  # 25 vs 15 bcm/y
    for pid, w in weight.items():
        assert w == styles.pipeline_weight(pipes.loc[pid, "capacity_bcm_per_year"])


def test_ports_symbol_by_mode(default_html, shipped):
    feats = embedded_layers(default_html)["land_ports"]["data"]["features"]
    shapes = {f["properties"]["id"]: f["properties"]["_s"]["shape"] for f in feats}
    for _, row in shipped["land_ports"].iterrows():
        for mode in row["modes"].split(";"):
            assert styles.PORT_MODE_SHAPES[mode] in shapes[row["id"]]


def test_legend_lists_what_the_map_draws(default_html):
    legend = legend_html(default_html)
    m = fz.maps.connectivity_map()
    infos = map_layers(m)
    for info in infos:
        assert htmllib.escape(info.name) in legend
    labels = [shown(label) for _, _, label in legend_entries(infos)]
    assert "Pipelines: gas, 25 bcm/y" in labels and "Railways: under construction" in labels
    assert "Pipelines: crude oil" in labels
    assert "Land ports: rail" in labels and "Land ports: road" in labels
    # Legend line widths are the widths drawn.
    for cap in (15.0, 25.0, 30.0):
        assert f'stroke-width="{styles.pipeline_weight(cap)}"' in legend


def test_popup_shows_official_next_to_measured_and_sources(default_html, shipped):
    feats = embedded_layers(default_html)["subzones"]["data"]["features"]
    popup = next(f["properties"]["_p"] for f in feats if f["properties"]["id"] == "kashgar")
    assert "Official area (km²)</th><td>28.48" in popup
    assert "Drawn area, geodesic (km²)</th><td>28.48" in popup
    assert "schematic, ± 15 km" in popup
    assert 'target="_blank" rel="noopener noreferrer"' in popup
    ports = embedded_layers(default_html)["land_ports"]["data"]["features"]
    khorgos = next(f["properties"]["_p"] for f in ports if f["properties"]["id"] == "khorgos-rail")
    assert "Counterpart</th><td>Altynkol" in khorgos and "Neighbour</th><td>KAZ" in khorgos


def test_text_from_data_is_escaped_everywhere():
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    fz.maps.add_layer(m, evil_layer(), name='Mine <b onmouseover="x()">')
    fz.maps.add_layer(m, evil_layer(), name="labelled", label="name_en")
    page = fz.export.map_html(m)
    # Nothing from the data can close the script element or open a tag, and template syntax
    # in data is neither evaluated nor an error: it stays text.
    assert "</script><script>window.__pwned" not in page
    assert '<img src=x onerror="window' not in page
    assert "{% raw %}{{ 7*7 }}{% endraw %}" in page
    layers = embedded_layers(page)
    feats = layers['Mine <b onmouseover="x()">']["data"]["features"]
    for feat, raw in zip(feats, EVIL, strict=True):
        props = feat["properties"]
        assert props["_t"] == htmllib.escape(raw, quote=True)
        assert htmllib.escape(raw, quote=True) in props["_p"]
        assert f"note {htmllib.escape(raw, quote=True)}" in props["_p"]
    assert "Mine &lt;b onmouseover=&quot;x()&quot;&gt;" in legend_html(page)


def test_data_blocks_hold_raw_text_that_can_never_be_markup():
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    fz.maps.add_layer(m, evil_layer(), name="compact", encoding="compact", cluster=False)
    page = fz.export.map_html(m)
    blocks = data_blocks(page)
    # No "</", "<!" or "<script" (any case) is left in a block: nothing can end it or open a
    # comment; the data's own "<" there are written \u003c.
    assert blocks and not any(re.search(r"<(?:[/!]|script)", t, re.I) for t in blocks.values())
    assert any("\\u003c/script" in t for t in blocks.values())
    # The page parses each block's text as JSON: a compact layer's names come back exactly as
    # given (the page escapes them when it shows them).
    names = embedded_layers(page)["compact"]["data"]["t"]
    assert sorted(names) == sorted(EVIL)
    # Every block is read by the layer call naming it, and by nothing else.
    for block_id in blocks:
        assert page.count(f'ftzgeo.data("{block_id}")') == 1


def test_raw_html_only_on_explicit_opt_in():
    gdf = gpd.GeoDataFrame(
        {"id": ["a"], "name_en": ["A"], "link": ['<a href="https://example.org">doc</a>']},
        geometry=[Point(80, 44)],
        crs=4326,
    )
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    fz.maps.add_layer(m, gdf, name="escaped")
    fz.maps.add_layer(m, gdf, name="trusted", raw_html_columns=["link"])
    layers = embedded_layers(fz.export.map_html(m))
    assert "&lt;a href=" in layers["escaped"]["data"]["features"][0]["properties"]["_p"]
    assert (
        '<a href="https://example.org">doc</a>'
        in layers["trusted"]["data"]["features"][0]["properties"]["_p"]
    )


def test_user_layer_replaces_shipped_layer_and_is_validated(shipped):
    mine = shipped["land_ports"].iloc[:3].copy()
    m = fz.maps.connectivity_map(layers={"land_ports": mine, "subzones": None}, tiles=None)
    layers = embedded_layers(fz.export.map_html(m))
    assert len(layers["land_ports"]["data"]["features"]) == 3
    bad = mine.copy()
    bad.loc[bad.index[0], "status"] = "open"
    with pytest.raises(ValidationError, match="status='open'"):
        fz.maps.connectivity_map(layers={"land_ports": bad}, tiles=None)


def test_user_layer_is_not_mutated_and_projected_input_works(shipped):
    mine = shipped["rail"].to_crs(32644)
    before = mine.copy()
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    info = fz.maps.add_layer(m, mine, name="projected rail", layer="rail")
    assert info.count == len(mine)
    assert mine.crs == before.crs and mine.geom_equals(before).all()
    feats = embedded_layers(fz.export.map_html(m))["rail"]["data"]["features"]
    x, y = feats[0]["geometry"]["coordinates"][0]
    assert 70 < x < 110 and 30 < y < 50  # lon/lat again


def test_routes_are_drawn_on_top():
    route = gpd.GeoDataFrame(
        {"id": ["r"], "name_en": ["Kashgar → Osh"], "length_km": [1.0]},
        geometry=[LineString([(75.98, 39.47), (72.8, 40.53)])],
        crs=4326,
    )
    m = fz.maps.connectivity_map(routes=route, tiles=None)
    page = fz.export.map_html(m)
    keys = [i.key for i in map_layers(m)]
    assert keys[-1] == "routes"
    assert (
        embedded_layers(page)["routes"]["data"]["features"][0]["properties"]["_s"]["color"]
        == "#e7298a"
    )


def test_tiles(shipped):
    none = fz.export.map_html(fz.maps.connectivity_map(tiles=None))
    assert "L.tileLayer" not in none
    one = fz.export.map_html(fz.maps.connectivity_map(tiles="OpenStreetMap.HOT"))
    assert one.count("L.tileLayer") == 1
    with pytest.raises(FtzgeoError, match="unknown tiles"):
        fz.maps.connectivity_map(tiles="NoSuchTiles")
    with pytest.raises(FtzgeoError, match="API key"):
        fz.maps.connectivity_map(tiles="CartoDB.Positron")


def test_year_without_slider_filters_in_python(shipped):
    page = fz.export.map_html(fz.maps.connectivity_map(year=2011, slider=False, tiles=None))
    layers = embedded_layers(page)
    rail_ids = {f["properties"]["id"] for f in layers["rail"]["data"]["features"]}
    assert "karamay-tacheng" not in rail_ids and "cku-china-kyrgyzstan" not in rail_ids
    assert "northern-xinjiang" in rail_ids
    port_ids = {f["properties"]["id"] for f in layers["land_ports"]["data"]["features"]}
    assert "khorgos-rail" not in port_ids and "alashankou-rail" in port_ids
    assert not re.search(r"ftzgeo\.addYearSlider\(map_", page)


def test_as_of_rule(shipped):
    rail = shipped["rail"]
    for year in (1950, 1990, 2011, 2030):
        kept = as_of(rail, year)
        assert (kept["status"] == "operating").all()
        assert (kept["opened"].isna() | (kept["opened"] <= year)).all()
        dropped = rail.drop(kept.index)
        assert ((dropped["opened"] > year) | (dropped["status"] != "operating")).all()


def test_save_html_is_atomic_and_checks_suffix(tmp_path, monkeypatch):
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    target = fz.export.save_html(m, tmp_path / "map.html")
    before = target.read_bytes()
    assert before.startswith(b"<!DOCTYPE html>")

    def broken(_m, **_kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr(fz.maps.page, "map_html", broken)
    with pytest.raises(RuntimeError):
        fz.export.save_html(m, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
    with pytest.raises(FtzgeoError, match=r"\.html"):
        fz.export.save_html(m, tmp_path / "map.png")


def test_displays_inline_in_jupyter():
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    assert "iframe" in m._repr_html_()


def test_cli_map(tmp_path, capsys):
    from ftzgeo.cli import main

    out = tmp_path / "m.html"
    assert (
        main(
            [
                "map",
                "-o",
                str(out),
                "--year",
                "2011",
                "--tiles",
                "none",
                "--layers",
                "subzones,rail",
            ]
        )
        == 0
    )
    page = out.read_text()
    layers = embedded_layers(page)
    assert set(layers) == {"countries", "subzones", "rail"}
    assert '"value":2011' in page
    assert main(["map", "-o", str(out), "--layers", "nope"]) == 2


def test_cli_map_with_routes(tmp_path):
    from ftzgeo.cli import main

    out = tmp_path / "r.html"
    assert (
        main(
            [
                "map",
                "-o",
                str(out),
                "--tiles",
                "none",
                "--route",
                "kashgar:bishkek",
                "--route",
                "urumqi:almaty",
            ]
        )
        == 0
    )
    routes = embedded_layers(out.read_text())["routes"]["data"]["features"]
    ends = [shown(f["properties"]["_t"]).split(" → ")[1].split(" · ")[0] for f in routes]
    assert ends == ["Bishkek", "Almaty"]
    # Kashgar to Bishkek leaves China at one of the two road ports onto Kyrgyzstan.
    assert re.search(r"Torugart|Irkeshtam", routes[0]["properties"]["_p"])
    assert main(["map", "-o", str(out), "--route", "kashgar"]) == 2


@pytest.mark.parametrize(
    "style",
    [
        {"color": '"><img src=x onerror="window.__pwned=1">'},
        {"fillColor": "red;background:url(x)"},
        {"weight": float("nan")},
        {"radius": -5},
        {"opacity": "1"},
        {"dashArray": '1 2"/><script>'},
        {"onclick": "x"},
    ],
)
def test_hostile_or_broken_styles_are_refused_in_python(style, shipped):
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    with pytest.raises(fz.errors.InvalidArgumentError, match="bad style") as info:
        fz.maps.add_layer(m, shipped["land_ports"], layer="land_ports", style=style)
    assert isinstance(info.value, ValueError)


def test_good_styles_pass():
    from ftzgeo.maps.styles import check_style

    good = {
        "color": "#1b9e77",
        "fillColor": "rgba(10, 20, 30, 0.5)",
        "weight": 2,
        "dashArray": "4 2",
    }
    assert check_style(good) == good
    assert check_style({"color": "teal", "fill": False, "radius": 6.5})["radius"] == 6.5


def test_raw_html_columns_as_a_string_is_one_column():
    gdf = gpd.GeoDataFrame(
        {"id": ["a"], "name_en": ["<b>A</b>"], "n": ["<i>x</i>"]},
        geometry=[Point(80, 44)],
        crs=4326,
    )
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    fz.maps.add_layer(m, gdf, name="one", raw_html_columns="name_en", fields=[("n", "N")])
    popup = embedded_layers(fz.export.map_html(m))["one"]["data"]["features"][0]["properties"]["_p"]
    assert "&lt;i&gt;x&lt;/i&gt;" in popup  # the one-letter column "n" stays escaped
    with pytest.raises(fz.errors.InvalidArgumentError, match="does not have"):
        fz.maps.add_layer(m, gdf, name="two", raw_html_columns=["nope"])


def test_add_layer_refuses_bad_arguments_clearly(shipped):
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    ports = shipped["land_ports"]
    with pytest.raises(TypeError, match="folium map"):
        fz.maps.add_layer(None, ports)
    with pytest.raises(fz.errors.InvalidArgumentError, match="precision"):
        fz.maps.add_layer(m, ports, precision=-1)
    with pytest.raises(fz.errors.InvalidArgumentError, match="simplify_m"):
        fz.maps.add_layer(m, ports, simplify_m=-5)
    with pytest.raises(fz.errors.InvalidArgumentError, match="tooltip='nope'"):
        fz.maps.add_layer(m, ports, tooltip="nope")


def test_free_text_with_semicolons_is_not_shown_as_a_list():
    from ftzgeo.maps.popups import popup_html

    html = popup_html(
        {"name_en": "A", "notes": "first; second", "modes": "road;rail"},
        [("notes", "Notes"), ("modes", "Modes")],
    )
    assert "first; second" in html and "road; rail" in shown(html)


def test_the_page_does_not_depend_on_todays_date(monkeypatch):
    import datetime as dt

    class Later(dt.date):
        @classmethod
        def today(cls):
            return cls(2031, 1, 1)

    before = fz.export.map_html(fz.maps.connectivity_map(layers=["land_ports"], tiles=None))
    monkeypatch.setattr(dt, "date", Later)
    after = fz.export.map_html(fz.maps.connectivity_map(layers=["land_ports"], tiles=None))
    assert before == after
    assert (
        f'"max": {fz.catalog.data_year()}' in before or f'"max":{fz.catalog.data_year()}' in before
    )


def test_map_years_are_checked():
    with pytest.raises(TypeError, match="whole number"):
        fz.maps.connectivity_map(year="2011", tiles=None)
    with pytest.raises(fz.errors.InvalidArgumentError, match="at least 1800"):
        fz.maps.connectivity_map(year=-5, tiles=None)


def test_every_status_has_one_style_and_one_label():
    """Adding a status to the vocabulary without a dash, an opacity and a label fails here."""
    from ftzgeo.schema import STATUSES

    for table in (styles.STATUS_DASH, styles.STATUS_OPACITY, styles.STATUS_LABELS):
        assert set(table) == set(STATUSES)
    drawn = {styles.STATUS_DASH[s] for s in STATUSES}
    assert len(drawn) == len(STATUSES), "two statuses would look the same on the map"


def test_suspended_lines_are_never_in_service():
    frame = gpd.GeoDataFrame({"status": ["suspended", "operating"], "opened": [2014, 2014]})
    assert fz.status.in_service(frame, 2026).tolist() == [False, True]
