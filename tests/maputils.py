"""Read back what a rendered ftzgeo map page contains."""

from __future__ import annotations

import json
import re

_LAYER_CALL = re.compile(
    r'ftzgeo\.addLayer\(\w+, (\{.*?\}), JSON\.parse\(("(?:[^"\\]|\\.)*")\)\);', re.S
)
_LEGEND_CALL = re.compile(r'ftzgeo\.addLegend\(\w+, ("(?:[^"\\]|\\.)*")\);', re.S)


def _js_string(literal: str) -> str:
    # ftzgeo writes JSON string literals, with "<\/" for "</": JSON accepts "\/" as "/".
    return json.loads(literal)


def embedded_layers(html: str) -> dict[str, dict]:
    """Map each ftzgeo layer key to ``{"options": ..., "data": FeatureCollection}``."""
    out = {}
    for opts, data in _LAYER_CALL.findall(html):
        options = json.loads(opts)
        out[options["key"] if options["key"] != "user" else options["name"]] = {
            "options": options,
            "data": json.loads(_js_string(data)),
        }
    return out


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
