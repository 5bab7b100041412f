"""Read back what a rendered ftzgeo map page contains."""

from __future__ import annotations

import json
import re

from ftzgeo.maps.packing import unpack

_LAYER_CALL = re.compile(r'ftzgeo\.addLayer\(\w+, (\{.*?\}), ftzgeo\.data\(("[^"]+")\)\);', re.S)
_DATA_BLOCK = re.compile(
    r'<script type="application/(?:json|octet-stream)"(?: data-ftz="(?:gzip-base64)")? id="([^"]+)">'
    r"(.*?)</script>",
    re.S,
)
_PACKED_ID = re.compile(
    r'<script type="application/octet-stream" data-ftz="gzip-base64" id="([^"]+)">'
)
_LEGEND_CALL = re.compile(r'ftzgeo\.addLegend\(\w+, ("(?:[^"\\]|\\.)*")\);', re.S)


def _js_string(literal: str) -> str:
    # ftzgeo writes JSON string literals, with "<\/" for "</": JSON accepts "\/" as "/".
    return json.loads(literal)


def embedded_layers(html: str) -> dict[str, dict]:
    """Map each ftzgeo layer key to ``{"options": ..., "data": FeatureCollection}``."""
    out = {}
    blocks = dict(_DATA_BLOCK.findall(html))
    packed = set(_PACKED_ID.findall(html))
    for opts, block_id in _LAYER_CALL.findall(html):
        options = json.loads(opts)
        key = json.loads(block_id)
        data = json.loads(unpack(blocks[key]) if key in packed else blocks[key])
        for column, values in (data.get("cols") or {}).items():
            if values == "t":  # as the page reads it: the tooltip's column, sent once
                data["cols"][column] = data["t"]
        out[options["key"] if options["key"] != "user" else options["name"]] = {
            "options": options,
            "data": data,
        }
    return out


def data_blocks(html: str) -> dict[str, str]:
    """The text of every data block of a page (JSON, or packed base64), by id."""
    return dict(_DATA_BLOCK.findall(html))


def legend_html(html: str) -> str:
    found = _LEGEND_CALL.findall(html)
    assert len(found) == 1, "expected exactly one legend"
    return _js_string(found[0])


def feature_count(layer: dict) -> int:
    """Features in an embedded layer, GeoJSON or compact."""
    data = layer["data"]
    return data["n"] if data.get("f") == "ftz1" else len(data["features"])


def shown(fragment: str) -> str:
    """The text an HTML fragment shows (tags dropped, entities decoded)."""
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", fragment))
