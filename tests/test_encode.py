"""Size budget: quantization bound, compact encoding, simplification, size report."""

from __future__ import annotations

import datetime
import json
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from maputils import embedded_layers
from shapely.geometry import LineString

import ftzgeo as fz
from ftzgeo.maps.layers import (
    COMPACT_THRESHOLD,
    LargeLayerWarning,
    feature_collection,
    quantization_error_m,
)
from ftzgeo.measures import GEOD


def random_points(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    return gpd.GeoDataFrame(
        {
            "id": np.arange(n),
            "name_en": [f"point <{i}>" for i in range(n)],
            "value": rng.random(n).round(3),
        },
        geometry=gpd.points_from_xy(rng.uniform(70, 95, n), rng.uniform(35, 50, n)),
        crs=4326,
    )


def decode_compact(data: dict) -> np.ndarray:
    xy = np.cumsum(np.asarray(data["xy"], dtype=np.int64).reshape(-1, 2), axis=0)
    return xy / 10.0 ** data["p"]


@pytest.mark.parametrize("precision", [4, 5, 6])
def test_quantization_error_is_within_the_stated_bound_in_metres(shipped, precision):
    bound = quantization_error_m(precision)
    for name in ("land_ports", "rail", "subzones", "cities"):
        text, info = feature_collection(
            shipped[name], layer=name, precision=precision, encoding="geojson"
        )
        assert info.max_error_m == pytest.approx(bound)
        drawn = [
            np.asarray(f["geometry"]["coordinates"], dtype=float).reshape(-1, 2).tolist()
            for f in json.loads(text)["features"]
        ]
        for feature, geom in zip(drawn, shipped[name].geometry, strict=True):
            original = shapely.get_coordinates(geom)
            a = np.asarray(feature)
            err = GEOD.inv(original[:, 0], original[:, 1], a[:, 0], a[:, 1])[2]
            assert err.max() <= bound, (name, err.max(), bound)
    assert quantization_error_m(5) < 1.0  # "about 1 m"


def test_compact_points_roundtrip_and_are_small():
    pts = random_points(20_000)
    text, info = feature_collection(pts, encoding="compact", precision=5)
    data = json.loads(text)
    assert info.encoding == "compact" and data["n"] == len(pts)
    xy = decode_compact(data)
    # Points are stored in spatial order; every column follows the same order.
    order = [int(i) for i in data["cols"]["id"]]
    assert data["t"][0] == f"point <{order[0]}>"  # raw text: the browser escapes it with esc()
    err = GEOD.inv(
        pts.geometry.x.to_numpy()[order], pts.geometry.y.to_numpy()[order], xy[:, 0], xy[:, 1]
    )[2]
    assert err.max() <= quantization_error_m(5)
    ids_only = pts[["id", "geometry"]]
    text, _ = feature_collection(ids_only, encoding="compact", tooltip="id", fields=[("id", "id")])
    assert len(text) / len(ids_only) <= 30, f"{len(text) / len(ids_only):.1f} bytes per point"
    bare = pts[["geometry"]]
    text, _ = feature_collection(bare, encoding="compact", tooltip=None, fields=[])
    assert len(text) / len(bare) <= 16


def test_compact_lines_roundtrip():
    rng = np.random.default_rng(3)
    lines = gpd.GeoDataFrame(
        {"id": range(50)},
        geometry=[
            LineString(np.column_stack([np.linspace(70, 80, 40), 40 + rng.random(40)]))
            for _ in range(50)
        ],
        crs=4326,
    )
    text, _info = feature_collection(lines, encoding="compact")
    data = json.loads(text)
    assert data["len"] == [40] * 50
    xy = decode_compact(data)
    orig = np.vstack([np.asarray(g.coords) for g in lines.geometry])
    assert np.abs(xy - orig).max() <= 0.5e-5 + 1e-12


def test_large_layers_switch_to_compact_and_the_user_is_told():
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    with pytest.warns(LargeLayerWarning, match="canvas"):
        info = fz.maps.add_layer(m, random_points(COMPACT_THRESHOLD + 1), name="big")
    assert info.encoding == "compact"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        small = fz.maps.add_layer(m, random_points(10), name="small")
    assert small.encoding == "geojson"
    report = fz.maps.size_report(m)
    assert report.loc["big", "encoding"] == "compact"
    assert report.loc["big", "bytes_per_feature"] < 45  # with a name, an id and a value per point
    page = fz.export.map_html(m)
    assert report.loc["small", "bytes"] < len(page)
    raw = embedded_layers(page)
    assert raw["small"]["data"]["features"][1]["properties"]["_t"] == "point &lt;1&gt;"


def test_compact_refuses_raw_html_and_mixed_geometry(shipped):
    with pytest.raises(fz.FtzgeoError, match="raw_html_columns"):
        feature_collection(random_points(5), encoding="compact", raw_html_columns=["name_en"])
    mixed = gpd.GeoDataFrame(
        geometry=[shapely.Point(80, 40), LineString([(80, 40), (81, 41)])], crs=4326
    )
    with pytest.raises(fz.FtzgeoError, match="only Points, only LineStrings or only polygons"):
        feature_collection(mixed, encoding="compact")


def test_simplification_keeps_its_error_bound_and_reports_what_it_did(shipped):
    rng = np.random.default_rng(5)
    x = np.linspace(75, 80, 2000)
    wiggly = gpd.GeoDataFrame(
        {"id": ["w"]},
        geometry=[LineString(np.column_stack([x, 40 + 0.002 * rng.standard_normal(2000)]))],
        crs=4326,
    )
    full, _ = feature_collection(wiggly, encoding="geojson")
    simple, info = feature_collection(wiggly, simplify_m=500, encoding="geojson")
    assert len(simple) < 0.3 * len(full)
    assert info.max_error_m <= 500 + quantization_error_m(5)
    drawn = np.asarray(json.loads(simple)["features"][0]["geometry"]["coordinates"])
    # Independent check: every original vertex is within the bound of the drawn line (geodesic metres).
    local = fz.crs.aeqd_crs(77.5, 40.0)
    orig_m = gpd.GeoSeries(wiggly.geometry, crs=4326).to_crs(local).iloc[0]
    drawn_m = gpd.GeoSeries([LineString(drawn)], crs=4326).to_crs(local).iloc[0]
    assert shapely.hausdorff_distance(orig_m, drawn_m) <= info.max_error_m * 1.01 + 1
    # Countries: islands the simplifier drops count in the reported error, which stays honest.
    _, countries = feature_collection(
        shipped["countries"], layer="countries", precision=4, simplify_m=2000
    )
    assert countries.max_error_m >= 2000 * 0.5


def test_default_map_size_report(shipped):
    m = fz.maps.connectivity_map()
    report = fz.maps.size_report(m)
    assert report.loc["Land ports", "features"] == len(shipped["land_ports"])
    basemap = report.loc[["Countries (Natural Earth)", "Xinjiang"]]
    data = report.drop(index=basemap.index)
    # Data layers: quantization only (about 1 m). Basemap: simplified to 2 km, honestly reported.
    assert (data["max_error_m"] <= quantization_error_m(5) + 0.01).all()  # rounded to cm
    assert (basemap["encoding"] == "compact").all() and (basemap["max_error_m"] >= 2000).all()
    # About 210 features, each with its full provenance (sources, notes, official figures) in the
    # popup and its name in both languages for the page's switch: the layers stay under 660 kB.
    assert report["bytes"].sum() < 660_000


def test_repeated_text_is_sent_once_and_every_popup_still_shows_it():
    import json

    import geopandas as gpd

    from ftzgeo.maps.encode import EncodeOptions, encode_layer

    n = 1000
    rng = np.random.default_rng(0)
    kinds = rng.choice(["road", "rail", "air", None], n)
    pts = gpd.GeoDataFrame(
        {"kind": kinds, "name": [f"p{i}" for i in range(n)]},
        geometry=gpd.points_from_xy(rng.uniform(70, 95, n), rng.uniform(35, 50, n)),
        crs=4326,
    )
    text, _ = encode_layer(pts, EncodeOptions(encoding="compact", cluster=False))
    data = json.loads(text)
    cols = data["cols"]
    assert sorted(cols["kind"]["k"]) == ["air", "rail", "road"]  # each distinct value once
    # The names are the tooltip's: sent once, in "t" (unique text stays as it is).
    assert cols["name"] == "t"
    assert sorted(data["t"]) == sorted(pts["name"])
    # Decoded as the page does (ftzgeo.cell), the rows hold their own values, in drawn order.
    decoded = [None if j < 0 else cols["kind"]["k"][j] for j in cols["kind"]["i"]]
    by_name = {
        n: k if isinstance(k, str) else None for n, k in zip(pts["name"], pts["kind"], strict=True)
    }
    assert decoded == [by_name[name] for name in data["t"]]


def test_whole_number_tooltips_go_as_numbers_and_once():
    from ftzgeo.maps.encode import EncodeOptions, encode_layer

    pts = random_points(3000)
    opts = EncodeOptions(encoding="compact", cluster=False, tooltip="id", fields=[("id", "id")])
    data = json.loads(encode_layer(pts, opts)[0])
    # Numbers, which the page shows as String(n): the same text as str(n) for whole numbers.
    assert all(type(t) is int for t in data["t"]) and sorted(data["t"]) == list(range(3000))
    assert data["cols"]["id"] == "t"  # the popup's id column is the tooltip's: sent once
    flags = pts.assign(id=pts["id"] % 2 == 0)  # booleans are not numbers here: "True", not "true"
    flagged = json.loads(encode_layer(flags, opts)[0])
    assert sorted(set(flagged["t"])) == ["False", "True"]


@pytest.mark.parametrize("dtype", ["object", "string", "str"])
def test_a_text_column_encodes_the_same_whatever_pandas_stores_it_as(dtype):
    from ftzgeo.maps.encode import EncodeOptions, encode_layer

    if dtype == "str" and not isinstance(pd.Series(["a"]).dtype, pd.StringDtype):
        pytest.skip("pandas < 3 has no 'str' dtype (its astype(str) writes None as 'None')")
    n = 2000
    rng = np.random.default_rng(3)
    kinds = rng.choice(np.array(["road", "rail", "air", None], dtype=object), n)
    names = np.array([f"p{i}" if i % 7 else None for i in range(n)], dtype=object)
    base = gpd.GeoDataFrame(
        {"kind": kinds, "name": names},
        geometry=gpd.points_from_xy(rng.uniform(70, 95, n), rng.uniform(35, 50, n)),
        crs=4326,
    )
    opts = EncodeOptions(encoding="compact", cluster=False)
    stored = base.assign(kind=base["kind"].astype(dtype), name=base["name"].astype(dtype))
    expected = json.loads(encode_layer(base, opts)[0])
    assert json.loads(encode_layer(stored, opts)[0]) == expected
    assert sorted(expected["cols"]["kind"]["k"]) == ["air", "rail", "road"]


@pytest.mark.parametrize("precision", [5, 10])  # 10: no room for the index, one stable sort
def test_points_are_ordered_by_rows_then_longitude_as_lexsort_orders_them(precision):
    from ftzgeo.maps.compact import _row_order

    rng = np.random.default_rng(5)
    xy = np.column_stack([rng.uniform(-180, 180, 50_000), rng.uniform(-90, 90, 50_000)])
    xy[:1000] = np.round(xy[:1000], 1)  # ties in longitude and rows on the 0.1° lines
    xy[1000:2000] = xy[:1000]  # duplicates: their order is kept
    xy[2000:2100, 0] = xy[2100:2200, 0] + 10.0 ** -(precision + 2)  # ties once quantized
    q = np.round(xy * 10.0**precision).astype(np.int64)
    expected = np.lexsort((q[:, 0], np.floor(xy[:, 1] * 10)))
    assert np.array_equal(_row_order(xy, q), expected)
    assert len(_row_order(np.zeros((0, 2)), np.zeros((0, 2), dtype=np.int64))) == 0
    metres = xy * 1e5  # metres labelled as degrees: a key that would not fit in 64 bits
    q = np.round(metres * 10.0**precision).astype(np.int64)
    expected = np.lexsort((q[:, 0], np.floor(metres[:, 1] * 10)))
    assert np.array_equal(_row_order(metres, q), expected)


@pytest.mark.parametrize("encoding", ["geojson", "compact"])
def test_points_without_a_finite_coordinate_are_dropped_like_missing_ones(encoding):
    from ftzgeo.maps.encode import EncodeOptions, encode_layer

    lon, lat = [80.0, np.nan, 81.0, np.inf, 82.0, 83.0], [40.0, np.nan, 41.0, 42.0, np.nan, 43.0]
    gdf = gpd.GeoDataFrame(
        {"id": [1, 2, 3, 4, 5, 6]}, geometry=gpd.points_from_xy(lon, lat), crs=4326
    )
    text, info = encode_layer(gdf, EncodeOptions(encoding=encoding, cluster=False, tooltip="id"))

    def refuse(constant):
        raise AssertionError(f"{constant} in the layer's JSON")

    layer = json.loads(text, parse_constant=refuse)
    assert info.count == 3
    if encoding == "compact":
        xy = np.cumsum(np.asarray(layer["xy"]).reshape(-1, 2), axis=0) / 10.0 ** layer["p"]
        ids = layer["t"]
    else:
        xy = np.array([f["geometry"]["coordinates"] for f in layer["features"]])
        ids = [int(f["properties"]["_t"]) for f in layer["features"]]
    pairs = sorted(zip(ids, map(tuple, xy.tolist()), strict=True))  # each id with its own point
    assert pairs == [(1, (80.0, 40.0)), (3, (81.0, 41.0)), (6, (83.0, 43.0))]


@pytest.mark.parametrize("encoding", ["geojson", "compact"])
def test_a_shape_with_a_vertex_that_is_not_a_number_is_refused_by_row(encoding):
    from ftzgeo.errors import ValidationError
    from ftzgeo.maps.encode import EncodeOptions, encode_layer

    good = LineString([(80, 40), (81, 41)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # shapely warns while building them
        holed = shapely.Polygon([(80, 40), (81, np.nan), (81, 41), (80, 40)])
        line = LineString([(80, 40), (np.inf, 41), (82, 42)])
    gdf = gpd.GeoDataFrame(
        {"name": ["ok", "ring", "ok2", "line"]},
        geometry=[good, holed, good, line],
        crs=4326,
        index=["a", "b", "c", "d"],
    )
    with pytest.raises(ValidationError) as caught:
        encode_layer(gdf, EncodeOptions(encoding=encoding, cluster=False))
    assert [p.where for p in caught.value.problems] == ["row 'b'", "row 'd'"]
    assert "not a finite number" in str(caught.value)
    # The same shapes without the broken rows encode (the check names only those).
    text, info = encode_layer(gdf.loc[["a", "c"]], EncodeOptions(encoding=encoding))
    assert info.count == 2 and "NaN" not in text


def test_a_compact_layer_with_nothing_to_draw_is_an_empty_layer_not_an_error():
    from ftzgeo.maps.encode import EncodeOptions, encode_layer

    nowhere = gpd.GeoDataFrame(
        {"id": [1, 2]}, geometry=gpd.points_from_xy([np.nan, 80.0], [np.nan, np.inf]), crs=4326
    )
    text, info = encode_layer(nowhere, EncodeOptions(encoding="compact", cluster=False))
    assert info.count == 0
    assert json.loads(text)["features"] == []


def test_dates_in_a_compact_layer_are_text_as_its_geojson_popups_show_them():
    from ftzgeo.maps.encode import EncodeOptions, encode_layer

    when = [pd.Timestamp("2024-01-01"), pd.NaT, pd.Timestamp("2025-06-30 12:00")]
    gdf = gpd.GeoDataFrame(
        {"when": when, "day": [datetime.date(2024, 5, 1), None, datetime.date(2023, 1, 2)]},
        geometry=gpd.points_from_xy([80.0, 81.0, 82.0], [40.0, 40.0, 40.0]),
        crs=4326,
    )
    layer = json.loads(encode_layer(gdf, EncodeOptions(encoding="compact", cluster=False))[0])
    cols = layer["cols"]  # one row of points at 40°N: sent west to east, as given
    assert cols["when"] == ["2024-01-01 00:00:00", None, "2025-06-30 12:00:00"]
    assert cols["day"] == ["2024-05-01", None, "2023-01-02"]
    popup = json.loads(encode_layer(gdf, EncodeOptions(encoding="geojson"))[0])
    assert "2025-06-30 12:00:00" in popup["features"][2]["properties"]["_p"]


def _wiggly_ring(rng, cx: float, cy: float, r: float, n: int) -> np.ndarray:
    angles = np.sort(rng.uniform(0, 2 * np.pi, n))
    radius = r * (1 + 0.3 * rng.standard_normal(n).clip(-2, 2) / 2)
    return np.column_stack([cx + radius * np.cos(angles), cy + radius * np.sin(angles)])


@pytest.mark.parametrize("seed", range(4))
def test_the_simplification_error_is_shapelys_distance_exactly(seed):
    from ftzgeo.maps.prepare import farthest_vertex_m

    rng = np.random.default_rng(seed)
    outer = _wiggly_ring(rng, 0, 0, 100_000, 3000)
    hole = _wiggly_ring(rng, 10_000, 0, 20_000, 800)
    parts = [
        shapely.Polygon(outer, [hole]),
        shapely.Polygon(_wiggly_ring(rng, 150_000, 0, 90_000, 3000)),  # overlaps the first
    ]
    line = shapely.LineString(np.cumsum(rng.normal(0, 1000, (20_000, 2)), axis=0))
    for shape in (shapely.MultiPolygon(parts), parts[0], line):
        for tolerance in (200, 5_000, 60_000):
            simple = shape.simplify(tolerance, preserve_topology=tolerance < 60_000)
            vertices = shapely.points(shapely.get_coordinates(shape))
            expected = float(shapely.distance(vertices, simple).max())
            got = farthest_vertex_m(shape, simple)
            assert got == expected or (np.isnan(got) and np.isnan(expected)), (tolerance, got)


def test_the_simplification_error_stays_exact_and_fast_for_many_parts_and_long_lines():
    from ftzgeo.maps.prepare import farthest_vertex_m

    rng = np.random.default_rng(9)
    ring = np.linspace(0, 2 * np.pi, 100)[:-1]
    parts = [
        shapely.Polygon(np.column_stack([x + 50 * np.cos(ring), y + 50 * np.sin(ring)]))
        for x, y in rng.uniform(0, 100_000, (200, 2))
    ]
    many = shapely.MultiPolygon(parts)  # parts overlap here and there
    simple = many.simplify(5, preserve_topology=True)
    vertices = shapely.points(shapely.get_coordinates(many))
    assert farthest_vertex_m(many, simple) == float(shapely.distance(vertices, simple).max())
    # n x m above 2**31 (no int32 overflow, which warns and would pick the O(n m) path)
    line = shapely.LineString(np.column_stack([np.arange(50_000.0), np.zeros(50_000)]))
    assert farthest_vertex_m(line, line) == 0.0


def test_popup_columns_keep_labels_types_and_exact_ids():
    from ftzgeo.maps.encode import EncodeOptions, encode_layer

    n = 400
    rng = np.random.default_rng(2)
    pts = gpd.GeoDataFrame(
        {
            0: np.arange(n),
            "": [f"x{i}" for i in range(n)],
            "code": np.arange(n) % 2,
            "ok": np.arange(n) % 2 == 1,
            "big": 2**53 + np.arange(n, dtype=np.int64),
        },
        geometry=gpd.points_from_xy(rng.uniform(70, 95, n), rng.uniform(35, 50, n)),
        crs=4326,
    )
    fields = [(0, "zero"), ("", "blank"), ("code", "code"), ("ok", "ok")]
    opts = EncodeOptions(encoding="compact", cluster=False, tooltip="code", fields=fields)
    data = json.loads(encode_layer(pts, opts)[0])
    assert [f[0] for f in data["fields"]] == [0, "", "code", "ok"]  # falsy labels kept
    assert set(data["cols"]) == {"0", "", "code", "ok"}
    assert data["cols"]["code"] == "t"
    assert all(type(v) is bool for v in data["cols"]["ok"])  # True is not sent as the 1 of "t"
    big = EncodeOptions(encoding="compact", cluster=False, tooltip="big", fields=[])
    texts = json.loads(encode_layer(pts, big)[0])["t"]
    # Beyond 2**53 - 1 a browser rounds numbers: such ids travel as their exact text.
    assert sorted(texts) == sorted(str(v) for v in pts["big"])


def test_json_text_writes_numpy_columns_as_the_standard_library_writes_their_values():
    from ftzgeo.maps.jsontext import dumps

    rng = np.random.default_rng(3)
    floats = rng.uniform(-1e6, 1e6, 1000).round(3)
    floats[[3, 7, 11]] = [np.nan, np.inf, -np.inf]
    value = {
        "i": rng.integers(-(2**62), 2**62, 1000),
        "u": np.arange(5, dtype=np.uint8),
        "f": floats,
        "b": np.array([True, False]),
        "s": np.float32(0.5),
        "t": ["Khorgos", "霍尔果斯", None],
    }
    text = dumps(value)
    plain = {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in value.items()}
    plain["f"] = [None if not np.isfinite(v) else v for v in plain["f"]]
    plain["s"] = 0.5
    assert json.loads(text) == plain
    assert "霍尔果斯" in text and " " not in text.replace("Khorgos", "")
    # What orjson refuses (a 70-bit integer, a strided array) goes through the standard
    # library, with the same values: non-finite floats null at any depth, float32 as written.
    narrow = np.array([[0.1, np.nan], [1e-7, 3.3]], dtype=np.float32)
    odd = {"strided": floats[::2], "n": np.int64(-3), "f32": narrow, "0d": np.array(7)}
    odd["f16"] = np.array([65504, 0.1], dtype=np.float16)
    odd["py"] = {"nan": float("nan"), "list": [1.5, float("-inf")]}
    expected = {"strided": plain["f"][::2], "n": -3, "f32": [[0.1, None], [1e-7, 3.3]], "0d": 7}
    expected["f16"] = [65504.0, 0.099975586]  # float16 0.1 as float32 text, on both paths
    expected["py"] = {"nan": None, "list": [1.5, None]}
    assert json.loads(dumps(odd)) == expected  # orjson writes it
    assert json.loads(dumps({**odd, "big": 2**70})) == {**expected, "big": 2**70}  # the fallback
    assert dumps(value) == text  # the same value, the same text
    with pytest.raises(TypeError):  # as json.dumps: a date has no JSON form
        dumps({"day": datetime.date(2024, 1, 1), "big": 2**70})
    with pytest.raises(TypeError):
        dumps({"day": datetime.date(2024, 1, 1)})


def test_what_a_layer_holds_is_read_from_each_geometrys_type_once_as_geopandas_names_it():
    from shapely.geometry import LinearRing, MultiPolygon, Point, Polygon

    from ftzgeo.kinds import (
        geometry_kinds,
        kind_and_multipart,
        kind_and_multipart_of_ids,
        kinds_of_ids,
        type_names_of_ids,
    )
    from ftzgeo.maps.encode import EncodeOptions, encode_layer

    square = Polygon([(80, 40), (81, 40), (81, 41)])
    geoms = [Point(80, 40), MultiPolygon([square]), LinearRing([(0, 0), (1, 0), (1, 1)])]
    gdf = gpd.GeoDataFrame({"id": [1, 2, 3, 4, 5]}, geometry=[*geoms, None, Polygon()], crs=4326)
    present = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    ids = shapely.get_type_id(gdf.geometry.to_numpy())
    ids[gdf.geometry.is_empty.to_numpy()] = -1
    assert type_names_of_ids(ids) == tuple(sorted(present.geom_type.unique()))
    assert kinds_of_ids(ids) == geometry_kinds(gdf.geometry)
    assert kind_and_multipart_of_ids(ids) == kind_and_multipart(gdf.geometry)
    _, info = encode_layer(gdf, EncodeOptions(encoding="geojson"))
    assert info.geometry_types == ("LinearRing", "MultiPolygon", "Point")
