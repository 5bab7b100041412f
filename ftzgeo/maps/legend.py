"""Legend drawn from the same style table as the layers it explains."""

from __future__ import annotations

import folium
from branca.element import MacroElement

from ..kinds import KIND_OF_TYPE
from . import styles
from .elements import ScriptCall
from .layers import LayerInfo, map_layers
from .popups import escape

__all__ = ["Legend", "legend_entries", "legend_html"]


def _line_svg(style: dict) -> str:
    dash = f' stroke-dasharray="{style["dashArray"]}"' if style.get("dashArray") else ""
    return (
        f'<svg width="34" height="12"><line x1="1" y1="6" x2="33" y2="6" stroke="{style["color"]}" '
        f'stroke-width="{style["weight"]}" stroke-opacity="{style.get("opacity", 1)}"{dash}/></svg>'
    )


def _area_svg(style: dict) -> str:
    fill = style.get("fillColor", "none") if style.get("fill", True) else "none"
    dash = f' stroke-dasharray="{style["dashArray"]}"' if style.get("dashArray") else ""
    return (
        f'<svg width="34" height="14"><rect x="2" y="2" width="30" height="10" fill="{fill}" '
        f'fill-opacity="{style.get("fillOpacity", 0.3)}" stroke="{style["color"]}" '
        f'stroke-width="1.5"{dash}/></svg>'
    )


def _point_svg(style: dict) -> str:
    r = style.get("radius", 5)
    return (
        f'<svg width="34" height="16"><circle cx="17" cy="8" r="{r}" '
        f'fill="{style.get("fillColor")}" '
        f'stroke="{style["color"]}" stroke-width="1.5"/></svg>'
    )


def _port_svg(shape: str, layer: str = "land_ports") -> str:
    """The legend's port symbol, from the same table as the page's markers."""
    base = styles.base_style(layer)
    paint = {"stroke": base["color"], "stroke-width": 2, "fill": base["fillColor"]}
    body = ""
    for part in shape.split("+"):
        sym = styles.SYMBOLS_BY_SHAPE.get(part)
        if sym is None:
            continue
        attrs = {**paint, **sym.attrs}
        body += f"<{sym.element}" + "".join(f' {k}="{escape(v)}"' for k, v in attrs.items()) + "/>"
    return f'<svg width="34" height="18" viewBox="-8 0 34 18">{body}</svg>'


def legend_entries(layers: list[LayerInfo]) -> list[tuple[str, str, str]]:
    """Return ``(layer key, symbol SVG, label)`` rows for the layers on a map."""
    rows: list[tuple[str, str, str]] = []
    for info in layers:
        kinds = {KIND_OF_TYPE.get(t) for t in info.geometry_types}
        if info.key in styles.SHAPED_LAYERS:
            for mode in sorted(info.modes):
                shape = styles.PORT_MODE_SHAPES.get(mode)
                if shape:
                    rows.append((info.key, _port_svg(shape, info.key), f"{info.name}: {mode}"))
            continue
        if info.key == "pipelines":
            for cap in info.capacities:
                style = styles.feature_style("pipelines", "operating", cap, "natural_gas")
                rows.append((info.key, _line_svg(style), f"{info.name}: gas, {cap:g} bcm/y"))
            if "crude_oil" in info.products:
                style = styles.feature_style("pipelines", "operating", None, "crude_oil")
                rows.append((info.key, _line_svg(style), f"{info.name}: crude oil"))
            for status in info.statuses:
                if status != "operating":
                    style = styles.feature_style("pipelines", status, None)
                    rows.append(
                        (info.key, _line_svg(style), f"{info.name}: {styles.STATUS_LABELS[status]}")
                    )
            continue
        if "line" in kinds:
            for status in info.statuses or ("operating",):
                style = styles.feature_style(info.key, status)
                rows.append(
                    (
                        info.key,
                        _line_svg(style),
                        f"{info.name}: {styles.STATUS_LABELS.get(status, status)}",
                    )
                )
        elif "polygon" in kinds:
            rows.append((info.key, _area_svg(styles.base_style(info.key)), info.name))
        else:
            rows.append((info.key, _point_svg(styles.base_style(info.key)), info.name))
    return rows


def legend_html(layers: list[LayerInfo], *, title: str = "Legend", note: str | None = None) -> str:
    """Legend HTML: symbols are ftzgeo's own SVG, every label is escaped."""
    rows = "".join(
        f'<div class="ftz-row" data-layer="{escape(key)}">{svg}<span>{escape(label)}</span></div>'
        for key, svg, label in legend_entries(layers)
    )
    foot = f'<div class="ftz-note">{escape(note)}</div>' if note else ""
    return f"<h4>{escape(title)}</h4>{rows}{foot}"


class Legend(MacroElement):
    """A legend control listing the ftzgeo layers present on the map when it is rendered."""

    def __init__(self, *, title: str = "Legend", note: str | None = None) -> None:
        super().__init__()
        self._name = "ftzgeo_legend"
        self.title = title
        self.note = note

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # noqa: D102 - branca API
        m = self._parent
        if isinstance(m, folium.Map):
            html = legend_html(map_layers(m), title=self.title, note=self.note)
            call = ScriptCall("addLegend", [html], "ftzgeo_legend_call")
            call._parent = m
            call.render(**kwargs)
