"""Maps: the interactive map (folium / Leaflet) and the static figure (matplotlib).

Only the interactive parts import folium, and only when first used: ``import ftzgeo.maps.figure``
loads no folium.

>>> import ftzgeo as fz
>>> m = fz.maps.connectivity_map()
>>> type(m).__name__
'FtzMap'
>>> html = fz.export.map_html(m)  # or fz.export.save_html(m, "xinjiang_ftz.html")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "LargeLayerWarning",
    "Legend",
    "YearSlider",
    "add_layer",
    "connectivity_map",
    "flow_lines",
    "flows",
    "map_html",
    "national_map",
    "save_html",
    "size_report",
    "static_map",
]

# Public name -> module that defines it (imported on first access).
_HOMES = {
    "LargeLayerWarning": "..errors",
    "Legend": ".legend",
    "YearSlider": ".timeline",
    "add_layer": ".layers",
    "connectivity_map": ".compose",
    "flow_lines": "..routing.flows",
    "flows": ".flowmap",
    "map_html": ".page",
    "national_map": ".national",
    "save_html": ".page",
    "size_report": ".layers",
    "static_map": ".figure",
}

_SUBMODULES = frozenset(
    {
        "classify",
        "compact",
        "compose",
        "elements",
        "encode",
        "figure",
        "flowmap",
        "frames",
        "geojson",
        "layers",
        "legend",
        "national",
        "page",
        "popups",
        "prepare",
        "styles",
        "timeline",
    }
)

if TYPE_CHECKING:  # pragma: no cover
    from ..errors import LargeLayerWarning
    from ..routing.flows import flow_lines
    from .compose import connectivity_map
    from .figure import static_map
    from .flowmap import flows
    from .layers import add_layer, size_report
    from .legend import Legend
    from .national import national_map
    from .page import map_html, save_html
    from .timeline import YearSlider


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        if name in _SUBMODULES:  # fz.maps.styles and friends, without an explicit import
            return importlib.import_module(f".{name}", __name__)
        raise AttributeError(f"module 'ftzgeo.maps' has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
