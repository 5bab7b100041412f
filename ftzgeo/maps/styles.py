"""Colours, dashes and widths per layer, mode and status: pure data, shared by map and legend.

Every visual rule lives here so the legend is built from the same table the layers are drawn
with, and tests can check one against the other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..errors import InvalidArgumentError

__all__ = [
    "FLOW_COLOR",
    "LAYER_GROUPS",
    "LAYER_TITLES",
    "PIPELINE_WIDTHS",
    "PORT_MODE_SHAPES",
    "PORT_SYMBOLS",
    "PRODUCT_COLORS",
    "SHAPED_LAYERS",
    "STATUS_DASH",
    "STATUS_LABELS",
    "SYMBOLS_BY_SHAPE",
    "PortSymbol",
    "base_style",
    "check_style",
    "pipeline_weight",
    "symbol_table",
]

STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "operating": "operating",
        "under_construction": "under construction",
        "suspended": "construction suspended",
        "planned": "planned",
        "closed": "closed",
    }
)

#: Leaflet ``dashArray`` by status; solid lines are operating.
STATUS_DASH: Mapping[str, str | None] = MappingProxyType(
    {
        "operating": None,
        "under_construction": "10 7",
        "suspended": "10 5 2 5",
        "planned": "3 7",
        "closed": "1 6",
    }
)

#: Opacity by status: what does not run yet is drawn lighter.
STATUS_OPACITY: Mapping[str, float] = MappingProxyType(
    {"operating": 0.9, "under_construction": 0.8, "suspended": 0.6, "planned": 0.6, "closed": 0.5}
)

_STYLES: dict[str, dict[str, object]] = {
    "countries": {"color": "#7a7a7a", "weight": 1, "fillColor": "#f3f1ec", "fillOpacity": 1.0},
    "xinjiang": {"color": "#a0522d", "weight": 2, "fill": False, "dashArray": "6 4"},
    "subzones": {"color": "#b2182b", "weight": 2, "fillColor": "#ef3b2c", "fillOpacity": 0.45},
    "zones": {
        "color": "#54278f",
        "weight": 2,
        "fillColor": "#9e9ac8",
        "fillOpacity": 0.8,
        "radius": 6,
    },
    "land_ports": {
        "color": "#08306b",
        "weight": 2,
        "fillColor": "#ffffff",
        "fillOpacity": 1.0,
        "radius": 6,
    },
    "border_crossings": {
        "color": "#807dba",
        "weight": 2,
        "fillColor": "#efedf5",
        "fillOpacity": 1.0,
        "radius": 5,
    },
    "hubs": {
        "color": "#00441b",
        "weight": 1.5,
        "fillColor": "#41ab5d",
        "fillOpacity": 0.9,
        "radius": 5,
    },
    "ftzs": {
        "color": "#67000d",
        "weight": 1.5,
        "fillColor": "#fb6a4a",
        "fillOpacity": 0.9,
        "radius": 6,
    },
    "pipelines": {"color": "#e6550d", "weight": 4},
    "rail": {"color": "#252525", "weight": 3},
    "roads": {"color": "#2171b5", "weight": 3},
    "cities": {
        "color": "#252525",
        "weight": 1,
        "fillColor": "#fdd835",
        "fillOpacity": 1.0,
        "radius": 5,
    },
    "routes": {"color": "#e7298a", "weight": 7, "opacity": 0.85},
    "user": {
        "color": "#1b9e77",
        "weight": 3,
        "fillColor": "#66c2a5",
        "fillOpacity": 0.5,
        "radius": 5,
    },
}

LAYER_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "countries": "Countries (Natural Earth)",
        "xinjiang": "Xinjiang",
        "subzones": "FTZ sub-zones",
        "zones": "Economic zones",
        "hubs": "Hubs: airports, bonded zones, dry ports",
        "land_ports": "Land ports",
        "border_crossings": "Border crossings (Central Asia)",
        "pipelines": "Pipelines",
        "rail": "Railways",
        "roads": "Roads",
        "cities": "Cities",
        "ftzs": "China's pilot free trade zones",
        "routes": "Routes",
    }
)

#: Layer-control group of each layer.
LAYER_GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "countries": "Basemap",
        "xinjiang": "Basemap",
        "subzones": "Free Trade Zone",
        "zones": "Free Trade Zone",
        "hubs": "Free Trade Zone",
        "land_ports": "Borders",
        "border_crossings": "Borders",
        "pipelines": "Network",
        "rail": "Network",
        "roads": "Network",
        "cities": "Places",
        "ftzs": "Free Trade Zone",
        "routes": "Analysis",
    }
)

#: Pipeline colour by what it carries.
PRODUCT_COLORS: Mapping[str, str] = MappingProxyType(
    {"natural_gas": "#e6550d", "crude_oil": "#7f2704"}
)


@dataclass(frozen=True)
class PortSymbol:
    """How one mode of a port is drawn: the one table the page, legend and figure read.

    Attributes
    ----------
    shape : str
        Name of the shape (``circle``, ``square``, ``ring``); a port's symbol stacks the shapes
        of its modes.
    element : str
        SVG element of the shape in an 18×18 box.
    attrs : mapping
        Its SVG attributes; paint not given here comes from the layer's style.
    marker : str
        matplotlib marker of the same shape, for the figure.
    size : float
        matplotlib marker area (points²).
    """

    shape: str
    element: str
    attrs: Mapping[str, float | str]
    marker: str
    size: float

    @property
    def stroke(self) -> str | None:
        """Outline colour fixed by the symbol (the pipeline ring), or None for the layer's."""
        value = self.attrs.get("stroke")
        return str(value) if value is not None else None

    @property
    def hollow(self) -> bool:
        """Whether the shape is drawn without fill."""
        return self.attrs.get("fill") == "none"


#: Land port and crossing symbol by mode, in drawing order (bottom to top): square rail, circle
#: road, ring (gas colour) pipeline.
PORT_SYMBOLS: Mapping[str, PortSymbol] = MappingProxyType(
    {
        "rail": PortSymbol(
            "square", "rect", {"x": 4, "y": 4, "width": 10, "height": 10}, "s", 40.0
        ),
        "road": PortSymbol("circle", "circle", {"cx": 9, "cy": 9, "r": 5}, "o", 40.0),
        "pipeline": PortSymbol(
            "ring",
            "circle",
            {"cx": 9, "cy": 9, "r": 8, "stroke": PRODUCT_COLORS["natural_gas"], "fill": "none"},
            "o",
            90.0,
        ),
    }
)

#: Shape name by mode (derived from :data:`PORT_SYMBOLS`).
PORT_MODE_SHAPES: Mapping[str, str] = MappingProxyType(
    {mode: sym.shape for mode, sym in PORT_SYMBOLS.items()}
)

#: Symbols by shape name, as the page's runtime reads them.
SYMBOLS_BY_SHAPE: Mapping[str, PortSymbol] = MappingProxyType(
    {sym.shape: sym for sym in PORT_SYMBOLS.values()}
)


def symbol_table() -> dict[str, dict[str, object]]:
    """The port symbols as plain data for the page: ``{shape: {"el": ..., "attrs": {...}}}``."""
    return {s.shape: {"el": s.element, "attrs": dict(s.attrs)} for s in PORT_SYMBOLS.values()}


#: Layers whose points are drawn as a shape per mode (circle road, square rail, ring pipeline).
SHAPED_LAYERS = frozenset({"land_ports", "border_crossings"})

#: Colour of flow lines (maps.flowmap); their width follows the value.
FLOW_COLOR = "#6a3d9a"

#: Capacities (bcm/y) shown in the pipeline width legend.
PIPELINE_WIDTHS: tuple[float, ...] = (15.0, 25.0, 30.0)


def pipeline_weight(capacity_bcm_per_year: float | None) -> float:
    """Line width in pixels for a pipeline of the given capacity (2 px + 1 px per 5 bcm/y)."""
    if capacity_bcm_per_year is None or capacity_bcm_per_year != capacity_bcm_per_year:
        return 3.0
    return round(2.0 + float(capacity_bcm_per_year) / 5.0, 1)


#: Style keys a caller may set, by the kind of value each takes.
_COLOR_KEYS = ("color", "fillColor")
_NUMBER_KEYS = {
    "weight": (0.0, 50.0),
    "opacity": (0.0, 1.0),
    "fillOpacity": (0.0, 1.0),
    "radius": (0.0, 100.0),
}
_BOOL_KEYS = ("fill", "stroke")
_COLOR = re.compile(
    r"^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-zA-Z]{3,20}"
    r"|(rgb|hsl)a?\(\s*[0-9.]+%?\s*(,\s*[0-9.]+%?\s*){2,3}\))$"
)
_DASH = re.compile(r"^\d+(\.\d+)?([ ,]+\d+(\.\d+)?)*$")


def check_style(style: Mapping[str, object] | None) -> dict[str, object]:
    """Check a caller's style overrides and return them as a plain dict.

    Colours must be CSS colours (``#rgb``, ``#rrggbb``, ``#rrggbbaa``, a colour name,
    ``rgb()``/``rgba()``/``hsl()``/``hsla()``), numbers finite and in range, ``dashArray``
    numbers separated by spaces or commas. Anything else is refused, so no text reaches the page
    as markup through a style.

    Raises
    ------
    InvalidArgumentError
        Listing every bad key or value and what it accepts.
    """
    if style is None:
        return {}
    if not isinstance(style, Mapping):
        raise InvalidArgumentError(
            f"style must be a mapping such as {{'color': '#1b9e77'}}, got {style!r}"
        )
    problems = []
    for key, value in style.items():
        if key in _COLOR_KEYS:
            if not (isinstance(value, str) and _COLOR.match(value)):
                problems.append(f"{key}={value!r} is not a CSS colour (e.g. '#1b9e77' or 'teal')")
        elif key in _NUMBER_KEYS:
            low, high = _NUMBER_KEYS[key]
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            if not (ok and math.isfinite(float(value)) and low <= float(value) <= high):  # type: ignore[arg-type]
                problems.append(f"{key}={value!r} must be a number from {low:g} to {high:g}")
        elif key in _BOOL_KEYS:
            if not isinstance(value, bool):
                problems.append(f"{key}={value!r} must be True or False")
        elif key == "dashArray":
            if not (value is None or (isinstance(value, str) and _DASH.match(value))):
                problems.append(f"dashArray={value!r} must be numbers such as '10 7'")
        else:
            known = ", ".join([*_COLOR_KEYS, *_NUMBER_KEYS, *_BOOL_KEYS, "dashArray"])
            problems.append(f"unknown style key {key!r} (known: {known})")
    if problems:
        raise InvalidArgumentError("bad style: " + "; ".join(problems))
    return dict(style)


def base_style(layer: str) -> dict[str, object]:
    """Return a copy of the base style of `layer` (``"user"`` for layers ftzgeo does not know)."""
    return dict(_STYLES.get(layer, _STYLES["user"]))


def feature_style(
    layer: str, status: str | None, capacity: float | None = None, product: str | None = None
) -> dict[str, object]:
    """Style of one feature: the layer's base style with dash and opacity for its status.

    Pipelines also take their width from the gas capacity (bcm/y) and their colour from the
    product they carry.
    """
    style = base_style(layer)
    state = status if status is not None and status in STATUS_DASH else "operating"
    dash = STATUS_DASH[state]
    if dash and layer in ("pipelines", "rail", "roads", "routes", "user"):
        style["dashArray"] = dash
    opacity = style.get("opacity", 1.0)
    base = float(opacity) if isinstance(opacity, (int, float)) else 1.0
    style["opacity"] = min(base, STATUS_OPACITY[state])
    if layer == "pipelines":
        style["weight"] = pipeline_weight(capacity)
        style["color"] = PRODUCT_COLORS.get(str(product), style["color"])
    return style
