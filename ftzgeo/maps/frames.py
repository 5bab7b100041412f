"""Which layers a map or figure draws: the ``layers=`` argument resolved to GeoDataFrames.

One resolver for the interactive map and the static figure, so both accept the same input and
refuse it with the same message. No folium here: the figure imports this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd

from ..errors import InvalidArgumentTypeError
from ..io import load
from ..validation import validate
from .styles import LAYER_TITLES

__all__ = ["DEFAULT_LAYERS", "NATIONAL_LAYERS", "LayersArg", "resolve_layers"]

#: Drawing order, bottom to top.
DEFAULT_LAYERS: tuple[str, ...] = (
    "countries",
    "xinjiang",
    "subzones",
    "pipelines",
    "rail",
    "roads",
    "zones",
    "hubs",
    "border_crossings",
    "land_ports",
    "cities",
)

#: What the national view draws: the basemap, Xinjiang, and China's pilot FTZs.
NATIONAL_LAYERS: tuple[str, ...] = ("countries", "xinjiang", "ftzs")

#: What ``layers=`` takes: names of shipped layers, or ``{name: GeoDataFrame or None}``.
LayersArg = Sequence[str] | Mapping[str, gpd.GeoDataFrame | None]


def resolve_layers(layers: LayersArg) -> list[tuple[str, gpd.GeoDataFrame]]:
    """Resolve ``layers=`` to ``(name, GeoDataFrame)`` pairs in drawing order.

    Names load the shipped layer; a ``{name: gdf}`` entry draws the caller's own version of a
    layer, validated against that layer's schema when ftzgeo knows the name (a ``None`` value
    loads the shipped one). The countries outline is always included, so a map is readable
    without tiles. Layers ftzgeo does not know are drawn last, in the order given.

    Raises
    ------
    InvalidArgumentTypeError
        For a bare string (``layers="rail"`` would otherwise be read letter by letter).
    ValidationError
        When a caller's version of a known layer breaks its schema.
    """
    if isinstance(layers, str):
        raise InvalidArgumentTypeError(
            "layers= takes a list of layer names or a {name: GeoDataFrame} mapping, not a string"
        )
    items = layers.items() if isinstance(layers, Mapping) else ((name, None) for name in layers)
    out: list[tuple[str, gpd.GeoDataFrame]] = []
    for name, gdf in items:
        if gdf is None:
            out.append((name, load(name)))
            continue
        if name in LAYER_TITLES and name != "routes":
            validate(gdf, name, subject=f"your {name!r} layer")
        out.append((name, gdf))
    if "countries" not in {n for n, _ in out}:
        out.insert(0, ("countries", load("countries")))
    order = {n: i for i, n in enumerate(DEFAULT_LAYERS)}
    return sorted(out, key=lambda item: order.get(item[0], len(order)))
