"""Interactive maps (folium / Leaflet). The only part of ftzgeo that imports folium.

>>> import ftzgeo as fz
>>> m = fz.maps.connectivity_map()
>>> type(m).__name__
'FtzMap'
>>> html = fz.export.map_html(m)  # or fz.export.save_html(m, "xinjiang_ftz.html")
"""

from __future__ import annotations

from .compose import connectivity_map
from .flows import flow_lines, flows
from .layers import LargeLayerWarning, add_layer, size_report
from .legend import Legend
from .timeline import YearSlider

__all__ = [
    "LargeLayerWarning",
    "Legend",
    "YearSlider",
    "add_layer",
    "connectivity_map",
    "flow_lines",
    "flows",
    "size_report",
]
