"""ftzgeo: the China (Xinjiang) Pilot Free Trade Zone and its links to Central Asia, as geodata.

Curated, sourced layers loaded as GeoDataFrames; geodesic measures; a multimodal network with
routing; interactive maps.

>>> import ftzgeo as fz
>>> "land_ports" in fz.layers().index           # what ships
True
>>> ports = fz.load("land_ports")               # a validated GeoDataFrame in EPSG:4326
>>> ports.crs.to_string()
'EPSG:4326'
>>> km = fz.measures.length_km(fz.load("pipelines"))  # geodesic, never degrees
>>> bool((km > 0).all())
True
>>> m = fz.connectivity_map()                   # the interactive map (folium loads now)
>>> path = fz.save_html(m, tmp / "map.html")    # doctest: +SKIP

``import ftzgeo`` does not import folium, networkx or dask: the modules that need them are
imported on first use.
"""

from __future__ import annotations

import importlib
import importlib.metadata as _metadata
import logging as _logging
from typing import TYPE_CHECKING, Any

from . import catalog as catalog
from . import crs as crs
from . import errors as errors
from . import io as io
from . import measures as measures
from . import schema as schema
from . import validation as validation
from .catalog import layers, sources
from .errors import FtzgeoError, ValidationError
from .indicator_table import indicators
from .io import load, load_all, read, write
from .validation import validate

try:  # the installed distribution's version, the one pip reports
    __version__ = _metadata.version("ftzgeo")
except _metadata.PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
    __version__ = "0+unknown"

# A library never configures logging; applications (and the CLI) do.
_logging.getLogger(__name__).addHandler(_logging.NullHandler())

__all__ = [
    "FtzgeoError",
    "ValidationError",
    "__version__",
    "catalog",
    "connectivity_map",
    "crs",
    "errors",
    "export_layers",
    "indicators",
    "io",
    "layers",
    "load",
    "load_all",
    "measures",
    "national_map",
    "read",
    "save_html",
    "schema",
    "sources",
    "validate",
    "validation",
    "write",
]

# Modules whose dependencies are heavy (networkx, folium, dask) load on first access.
_LAZY_MODULES = frozenset(
    {"network", "routing", "maps", "export", "static", "assets", "scale", "cli"}
)

if TYPE_CHECKING:  # pragma: no cover
    from . import cli as cli
    from .maps.compose import connectivity_map
    from .maps.national import national_map
    from .maps.page import save_html


def export_layers(path: Any, **kwargs: Any) -> Any:
    """Write the shipped layers to GeoPackage/GeoJSON/GeoParquet (see :func:`ftzgeo.export.export_layers`)."""
    from .export import export_layers as _export_layers

    return _export_layers(path, **kwargs)


# The headline calls at the top level, loaded (with folium) on first use.
_LAZY_NAMES = {
    "connectivity_map": "maps.compose",
    "national_map": "maps.national",
    "save_html": "maps.page",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(f".{_LAZY_NAMES[name]}", __name__), name)
        globals()[name] = value
        return value
    if name in _LAZY_MODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'ftzgeo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_MODULES | set(_LAZY_NAMES))
