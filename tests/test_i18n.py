"""The map in Chinese: names from name_zh, and every word of the page from one table."""

from __future__ import annotations

import html

import pytest
from maputils import embedded_layers, legend_html, shown

import ftzgeo as fz
from ftzgeo.maps import popups, styles
from ftzgeo.maps.i18n import PAGE_TEXT, tr

UNTRANSLATED = {"IATA", "ISO 3166"}  # codes, the same in both languages


def test_every_word_the_map_is_built_from_has_a_chinese_translation():
    words = {
        *styles.LAYER_TITLES.values(),
        *styles.LAYER_GROUPS.values(),
        *styles.STATUS_LABELS.values(),
        *(label for fields in popups.DEFAULT_FIELDS.values() for _, label in fields),
    } - UNTRANSLATED
    missing = sorted(w for w in words if tr(w, "zh") == w)
    assert missing == []
    assert set(PAGE_TEXT["zh"]) == set(PAGE_TEXT["en"])


@pytest.fixture(scope="module")
def zh_page():
    return fz.export.map_html(fz.connectivity_map(lang="zh"))


def test_labels_and_tooltips_take_name_zh_and_fall_back_to_english(zh_page):
    cities = fz.load("cities").set_index("id")
    feats = {
        f["properties"]["id"]: f["properties"]
        for f in embedded_layers(zh_page)["cities"]["data"]["features"]
    }
    for ident, row in cities.iterrows():
        expected = row["name_zh"] if isinstance(row["name_zh"], str) else row["name_en"]
        assert shown(feats[ident]["_l"]) == expected.split(",")[0]
        assert shown(feats[ident]["_t"]) == expected
        if isinstance(row["name_zh"], str):  # the English name travels along for the switch
            assert f'data-en="{html.escape(row["name_en"].split(",")[0])}"' in feats[ident]["_l"]
    assert cities["name_zh"].notna().sum() >= len(cities) - 1  # one city lacks a sourced name


def test_control_legend_popups_and_page_words_are_chinese(zh_page):
    layers = embedded_layers(zh_page)
    names = {v["options"]["name"] for v in layers.values()}
    groups = {v["options"]["group"] for v in layers.values()}
    assert {"陆路口岸", "铁路", "城市", "自贸试验区片区"} <= names  # the layer control
    assert {"底图", "交通网络", "边境"} <= groups
    legend = shown(legend_html(zh_page))
    assert "图例" in legend and "铁路: 运营中" in legend and "虚线" in legend
    port = layers["land_ports"]["data"]["features"][0]["properties"]["_p"]
    for en, zh in (("Status", "状态"), ("Sources", "来源"), ("Neighbour", "邻国")):
        assert f'<th data-k="{en}">{zh}</th>' in port  # Chinese, with the key for the switch
    assert "截至 {y} 年" in zh_page and "as of {y}" in zh_page  # both languages travel along
    english = fz.export.map_html(fz.connectivity_map())
    en_port = embedded_layers(english)["land_ports"]["data"]["features"][0]["properties"]["_p"]
    assert "图例" not in legend_html(english) and "<th>Status</th>" in en_port


def test_unknown_languages_are_refused():
    with pytest.raises(fz.errors.InvalidArgumentError, match="lang takes one of en, zh"):
        fz.connectivity_map(lang="fr")


def test_a_chinese_popup_shows_the_english_name_beside_not_the_same_name_twice(zh_page):
    cities = fz.load("cities").set_index("id")
    feats = {
        f["properties"]["id"]: f["properties"]
        for f in embedded_layers(zh_page)["cities"]["data"]["features"]
    }
    popup = feats["almaty"]["_p"]
    zh = cities.loc["almaty", "name_zh"]
    assert popup.startswith(
        f'<b><span class="ftz-n" data-en="Almaty">{zh}</span></b> '
        f'<span class="ftz-n" data-en="{zh}" lang="en">Almaty</span>'
    )
    assert shown(popup).count(zh) == 1


def test_sub_zone_labels_are_short_in_both_languages(zh_page):
    feats = embedded_layers(zh_page)["subzones"]["data"]["features"]
    zh = {shown(f["properties"]["_l"]) for f in feats}
    assert zh == {"乌鲁木齐片区", "喀什片区", "霍尔果斯片区"}


@pytest.mark.parametrize("encoding", ["geojson", "compact"])
def test_a_column_asked_for_by_name_is_shown_as_it_is(encoding):
    import folium
    import geopandas as gpd
    from shapely.geometry import Point

    pts = gpd.GeoDataFrame(
        {"name_en": ["Almaty", "B"], "name_zh": ["阿拉木图", "乙"]},
        geometry=[Point(77, 43), Point(78, 44)],
        crs=4326,
    )
    m = folium.Map()
    fz.maps.add_layer(m, pts, name="pts", tooltip="name_zh", encoding=encoding, cluster=False)
    data = next(iter(embedded_layers(m.get_root().render()).values()))["data"]
    if encoding == "compact":
        assert sorted(data["t"]) == ["乙", "阿拉木图"] and "t2" not in data
    else:
        tips = sorted(shown(f["properties"]["_t"]) for f in data["features"])
        assert tips == ["乙", "阿拉木图"]
        assert all("ftz-n" not in f["properties"]["_t"] for f in data["features"])
