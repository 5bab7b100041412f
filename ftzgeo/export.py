"""Output in one place: the HTML page, the static figure and the layer files.

A thin face over :mod:`ftzgeo.maps.page`, :mod:`ftzgeo.maps.figure` and :mod:`ftzgeo.io`,
so ``fz.export.save_html(m, "map.html")`` keeps working.
"""

from __future__ import annotations

from .io import export_layers
from .maps.figure import static_map
from .maps.page import map_html, save_html, stable_ids

__all__ = ["export_layers", "map_html", "save_html", "stable_ids", "static_map"]
