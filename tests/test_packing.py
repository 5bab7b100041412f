"""Layer data packed with gzip + base64: the same data, fewer bytes, the same bytes every time."""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pytest
from maputils import data_blocks
from samples import random_points

import ftzgeo as fz
from ftzgeo.errors import InvalidArgumentError
from ftzgeo.maps.packing import (
    CHUNK,
    COMPRESS_THRESHOLD,
    LEVEL,
    gzip_bytes,
    pack,
    should_compress,
    unpack,
)

_PACKED = re.compile(
    r'<script type="application/octet-stream" data-ftz="gzip-base64" id="([^"]+)">'
)


def _points(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    return random_points(n, seed, suffix=" <b>&")


def _page(pts: gpd.GeoDataFrame, **kwargs) -> tuple[str, fz.maps.encode.LayerInfo]:
    m = fz.maps.connectivity_map(layers=["subzones"], slider=False, labels=False)
    info = fz.maps.add_layer(m, pts, name="pts", cluster=False, encoding="compact", **kwargs)
    return fz.export.map_html(m), info


def test_a_packed_layer_holds_exactly_the_plain_layers_json_in_about_half_the_bytes():
    pts = _points(20_000)
    packed_html, packed = _page(pts, compress=True)
    plain_html, plain = _page(pts, compress=False)
    assert packed.compressed and not plain.compressed
    (block_id,) = _PACKED.findall(packed_html)
    text = data_blocks(packed_html)[block_id]
    assert len(text) == packed.bytes and "<" not in text
    plain_blocks = [t for t in data_blocks(plain_html).values() if '"k":"points"' in t]
    # Its "<" are written \u003c in the page; the JSON it stands for is the size reported.
    assert len(plain_blocks) == 1 and len(plain_blocks[0].replace("\\u003c", "<")) == plain.bytes
    # The page reads the plain block with JSON.parse, where \u003c is "<": the same data.
    assert json.loads(unpack(text)) == json.loads(plain_blocks[0])
    assert packed.bytes < 0.6 * plain.bytes


def test_auto_packs_only_large_layers_and_the_size_report_says_so():
    small = _points(100)
    assert not _page(small)[1].compressed
    assert not should_compress("auto", COMPRESS_THRESHOLD) and should_compress(
        "auto", COMPRESS_THRESHOLD + 1
    )
    big = _points(60_000)  # ~1.7 MB of JSON
    m = fz.maps.connectivity_map(layers=["subzones"], slider=False, labels=False)
    with pytest.warns(fz.maps.LargeLayerWarning):
        fz.maps.add_layer(m, big, name="big", cluster=False)
    report = fz.maps.size_report(m)
    assert bool(report.loc["big", "compressed"]) and not report.loc["FTZ sub-zones", "compressed"]
    assert report.loc["big", "bytes_per_feature"] < 20


def test_the_same_layer_packs_to_the_same_bytes_in_another_process():
    text = json.dumps({"xy": list(range(5000)), "t": ["名", "x"] * 100})
    code = (
        "import json,sys; from ftzgeo.maps.packing import pack; "
        "sys.stdout.write(pack(json.dumps({'xy': list(range(5000)), 't': ['名', 'x'] * 100})))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other.stdout == pack(text)


def test_every_call_of_the_page_waits_for_packed_data():
    html, _ = _page(_points(500), compress=True)
    calls = re.findall(r"ftzgeo\.(\w+)\(", html[html.rindex("<script>") :])
    assert "addLayer" in calls
    # Each call the page makes into the runtime is wrapped in ftzgeo.run (so it runs in order,
    # after unpacking): every runtime call in the page's script is preceded by a run.
    assert calls.count("run") == len(calls) - calls.count("run") - calls.count("data")


@pytest.mark.parametrize("bad", [1, "yes", None, "AUTO"])
def test_compress_takes_auto_true_or_false(bad):
    m = fz.maps.connectivity_map(layers=["subzones"])
    with pytest.raises(InvalidArgumentError, match="compress takes"):
        fz.maps.add_layer(m, _points(10), compress=bad)


def test_a_map_rendered_twice_holds_each_layers_data_once():
    def build():
        m = fz.maps.connectivity_map(layers=["subzones"], slider=False, labels=False)
        fz.maps.add_layer(m, _points(3000), name="a", cluster=False, encoding="compact")
        fz.maps.add_layer(m, _points(10, seed=1), name="b")
        return m

    m = build()
    m.get_root().render()  # with folium's own ids (as m.save or a notebook would)
    again = fz.export.map_html(m)
    fresh = fz.export.map_html(build())
    calls = re.findall(r'ftzgeo\.data\("([^"]+)"\)', again)
    assert sorted(data_blocks(again)) == sorted(calls)  # no block left over from the first render
    assert len(data_blocks(again)) == len(data_blocks(fresh)) == 4  # countries, sub-zones, a, b


def test_list_valued_columns_are_summarised_as_text():
    pts = _points(2).assign(product=[["gas", "oil"], ["gas"]], modes=[["rail"], None])
    m = fz.maps.connectivity_map(layers=["subzones"])
    info = fz.maps.add_layer(m, pts, name="lists")
    assert info.products == ("['gas', 'oil']", "['gas']")
    assert info.modes == ("['rail']",)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 12_345])
def test_pieces_deflated_in_parallel_are_one_gzip_member_of_the_same_bytes(size):
    rng = np.random.default_rng(size)
    data = (rng.integers(0, 40, size) + 48).astype(np.uint8).tobytes()  # compressible text
    packed = gzip_bytes(data)
    assert gzip.decompress(packed) == data
    with gzip.GzipFile(fileobj=io.BytesIO(packed)) as one:  # a single member, no timestamp
        assert one.read() == data and one.mtime == 0
    assert len(packed) <= len(gzip.compress(data, compresslevel=LEVEL)) * 1.002 + 64


def test_the_packed_bytes_do_not_depend_on_the_number_of_cores(monkeypatch):
    data = json.dumps(list(range(600_000))).encode()
    many = gzip_bytes(data)
    monkeypatch.setattr("ftzgeo.maps.packing.os.cpu_count", lambda: 1)
    assert gzip_bytes(data) == many and len(data) > 2 * CHUNK
