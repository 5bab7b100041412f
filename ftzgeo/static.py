"""Static figures, kept at their old address: the figure lives in :mod:`ftzgeo.maps.figure`."""

from __future__ import annotations

from .maps.figure import DEFAULT_FIGURE_LAYERS, static_map

__all__ = ["DEFAULT_FIGURE_LAYERS", "static_map"]
