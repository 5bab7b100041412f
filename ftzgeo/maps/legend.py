"""Legend drawn from the same style table as the layers it explains."""

from __future__ import annotations

import folium
from branca.element import MacroElement

from ..kinds import KIND_OF_TYPE
from . import styles
from .elements import ScriptCall
from .i18n import tr, word_html
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


def _ramp_svg(colours: tuple[str, ...], steps: int = 16) -> str:
    """A colour ramp as a row of small rectangles (no ids, so any number fit on a page)."""
    pick = [colours[round(i * (len(colours) - 1) / (steps - 1))] for i in range(steps)]
    w = 30 / steps
    rects = "".join(
        f'<rect x="{2 + i * w:.2f}" y="2" width="{w + 0.05:.2f}" height="10" fill="{escape(c)}"/>'
        for i, c in enumerate(pick)
    )
    return f'<svg width="34" height="14">{rects}</svg>'


def _size_svg(size: float, lines: bool, style: dict) -> str:
    colour = escape(style.get("fillColor") or style.get("color"))
    if lines:
        return (
            f'<svg width="34" height="14"><line x1="1" y1="7" x2="33" y2="7" stroke="{colour}" '
            f'stroke-width="{size}"/></svg>'
        )
    h = int(2 * size + 4)
    return (
        f'<svg width="34" height="{h}"><circle cx="17" cy="{h / 2}" r="{size}" fill="{colour}" '
        f'fill-opacity="0.7" stroke="{escape(style.get("color"))}" stroke-width="1"/></svg>'
    )


def _swatch(kind: str | None, style: dict) -> str:
    if kind == "line":
        return _line_svg(style)
    if kind == "polygon":
        return _area_svg(style)
    return _point_svg(style)


def _title(info: LayerInfo, lang: str) -> str:
    """A layer's name as legend HTML: a shipped layer's title turns with the page's language."""
    english = styles.LAYER_TITLES.get(info.key)
    if english is not None and tr(english, lang) == info.name:
        return word_html(english, lang)
    return escape(info.name)


def _symbology_rows(info: LayerInfo, kind: str | None, lang: str) -> list[tuple[str, str, str]]:
    """Rows for what a ``column=`` / ``size=`` drew: categories, classes, a ramp, sizes."""
    sym = info.symbology
    assert sym is not None
    style = {**styles.base_style(info.key), **info.style}
    rows: list[tuple[str, str, str]] = []
    title = _title(info, lang)
    if sym.column is not None:
        rows.append((info.key, "", f"{title}: {word_html(sym.column, lang)}"))
        if sym.kind == "ramp" and sym.vmin is not None and sym.vmax is not None:
            span = escape(f"{sym.vmin:,.6g} – {sym.vmax:,.6g}")
            rows.append((info.key, _ramp_svg(sym.ramp), span))
        for label, colour in sym.entries:
            swatch = _swatch(kind, {**style, "color": colour, "fillColor": colour})
            rows.append((info.key, swatch, escape(label)))
    if sym.size_column is not None:
        rows.append((info.key, "", f"{title}: {escape(sym.size_column)}"))
        for label, size in sym.size_entries:
            rows.append((info.key, _size_svg(size, kind == "line", style), escape(label)))
    return rows


def _layer_rows(info: LayerInfo, lang: str = "en") -> list[tuple[str, str, str]]:
    kinds = {KIND_OF_TYPE.get(t) for t in info.geometry_types}
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    title = _title(info, lang)
    if info.symbology is not None:
        return _symbology_rows(info, kind, lang)
    if info.key in styles.SHAPED_LAYERS:
        return [
            (info.key, _port_svg(shape, info.key), f"{title}: {word_html(mode, lang)}")
            for mode in sorted(info.modes)
            if (shape := styles.PORT_MODE_SHAPES.get(mode))
        ]
    if info.key == "pipelines":
        return _pipeline_rows(info, lang)
    if "line" in kinds:
        return [
            (
                info.key,
                _line_svg({**styles.feature_style(info.key, status), **info.style}),
                f"{title}: {word_html(styles.STATUS_LABELS.get(status, status), lang)}",
            )
            for status in info.statuses or ("operating",)
        ]
    style = {**styles.base_style(info.key), **info.style}
    svg = _area_svg(style) if "polygon" in kinds else _point_svg(style)
    return [(info.key, svg, title)]


def _pipeline_rows(info: LayerInfo, lang: str) -> list[tuple[str, str, str]]:
    rows = []
    title = _title(info, lang)
    for cap in info.capacities:
        style = styles.feature_style("pipelines", "operating", cap, "natural_gas")
        gas = f"{word_html('gas', lang)}, {cap:g} {word_html('bcm/y', lang)}"
        rows.append((info.key, _line_svg(style), f"{title}: {gas}"))
    if "crude_oil" in info.products:
        style = styles.feature_style("pipelines", "operating", None, "crude_oil")
        rows.append((info.key, _line_svg(style), f"{title}: {word_html('crude oil', lang)}"))
    for status in info.statuses:
        if status != "operating":
            style = styles.feature_style("pipelines", status, None)
            rows.append(
                (
                    info.key,
                    _line_svg(style),
                    f"{title}: {word_html(styles.STATUS_LABELS[status], lang)}",
                )
            )
    return rows


def legend_entries(layers: list[LayerInfo], lang: str = "en") -> list[tuple[str, str, str]]:
    """Return ``(layer key, symbol SVG, label HTML)`` rows for the layers on a map.

    Labels are escaped HTML whose words the page's language switch can turn.

    A layer coloured or sized by a column lists its categories, classes or ramp, and its
    reference sizes; a style override is shown as drawn.
    """
    return [row for info in layers for row in _layer_rows(info, lang)]


def legend_html(
    layers: list[LayerInfo],
    *,
    title: str = "Legend",
    note: str | None = None,
    lang: str = "en",
    figure: tuple[str, str] | None = None,
) -> str:
    """Legend HTML: symbols are ftzgeo's own SVG, every label is escaped.

    `figure` is ``(label, unit)`` of the published figure shown beside names, if any.
    """
    rows = "".join(
        f'<div class="ftz-row" data-layer="{escape(key)}">{svg}<span>{label}</span></div>'
        for key, svg, label in legend_entries(layers, lang)
    )
    foot = f'<div class="ftz-note">{word_html(note, lang)}</div>' if note else ""
    if figure is not None:
        label, unit = figure
        foot += (
            f'<div class="ftz-note"><span class="ftz-fig">· 1,234</span> '
            f"{word_html('beside a name:', lang)} {word_html(label, lang)} ({escape(unit)}) "
            f"{word_html('in the slider’s year, as published (≥ over, ~ about)', lang)}</div>"
        )
    return f"<h4>{word_html(title, lang)}</h4>{rows}{foot}"


class Legend(MacroElement):
    """A legend control listing the ftzgeo layers present on the map when it is rendered."""

    def __init__(
        self,
        *,
        title: str = "Legend",
        note: str | None = None,
        lang: str = "en",
        figure: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._name = "ftzgeo_legend"
        self.figure = figure
        self.title = title  # English: legend_html shows it in `lang`
        self.note = note
        self.lang = lang

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # noqa: D102 - branca API
        m = self._parent
        if isinstance(m, folium.Map):
            html = legend_html(
                map_layers(m), title=self.title, note=self.note, lang=self.lang, figure=self.figure
            )
            call = ScriptCall("addLegend", [html], "ftzgeo_legend_call")
            call._parent = m
            call.render(**kwargs)
