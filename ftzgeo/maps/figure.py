"""Static figures (matplotlib) of the same layers and styles as the interactive map, for papers.

Drawn in an azimuthal equidistant projection centred on the data, on the offline basemap
(Natural Earth countries), with a legend from the same style table as the web map, a scale bar
and a source credit. No network is used, and folium is never imported.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from ..atomic import write_atomic
from ..checks import check_int, check_year
from ..crs import aeqd_crs
from ..errors import InvalidArgumentError
from ..kinds import geometry_kinds
from ..status import in_service
from .figure_frame import annotate, data_extent, frame_map
from .figure_labels import place_labels
from .fonts import cjk_family
from .frames import DEFAULT_LAYERS, LayersArg, resolve_layers
from .i18n import check_lang, tr
from .styles import (
    LAYER_TITLES,
    PORT_SYMBOLS,
    SHAPED_LAYERS,
    STATUS_LABELS,
    base_style,
    feature_style,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["DEFAULT_FIGURE_LAYERS", "static_map"]

#: The same layers, in the same order, as the interactive map.
DEFAULT_FIGURE_LAYERS: tuple[str, ...] = DEFAULT_LAYERS
_PX_TO_PT = 0.75  # Leaflet widths are CSS pixels; matplotlib's are points
_AREA_LAYERS = ("countries", "xinjiang", "subzones")
_Style = dict[str, object]


def _num(style: _Style, key: str, default: float = 1.0) -> float:
    value = style.get(key, default)
    return float(value) if isinstance(value, (int, float)) else default


def _colour(style: _Style, key: str, default: str = "none") -> str:
    value = style.get(key)
    return value if isinstance(value, str) else default


def _dashes(dash: object) -> Any:
    """A Leaflet ``dashArray`` as a matplotlib line style."""
    if not isinstance(dash, str) or not dash:
        return "solid"
    return (0, tuple(float(v) * _PX_TO_PT for v in dash.split()))


def _line_kw(style: _Style) -> dict[str, Any]:
    return {
        "color": _colour(style, "color"),
        "linewidth": _num(style, "weight") * _PX_TO_PT,
        "linestyle": _dashes(style.get("dashArray")),
    }


def _draw_areas(ax: Axes, name: str, proj: gpd.GeoDataFrame, label: str) -> list[Artist]:
    from matplotlib.patches import Patch

    st = base_style(name)
    fill = _colour(st, "fillColor") if st.get("fill", True) else "none"
    edge = _colour(st, "color")
    proj.plot(
        ax=ax,
        facecolor=fill,
        edgecolor=edge,
        linewidth=_num(st, "weight") * _PX_TO_PT,
        linestyle=_dashes(st.get("dashArray")),
        zorder=1 if name == "countries" else 3,
    )
    return [Patch(facecolor=fill, edgecolor=edge, label=label)]


def _draw_lines(ax: Axes, name: str, proj: gpd.GeoDataFrame, label: str) -> list[Artist]:
    """One stroke per feature in its own style (status dash, pipeline width and product colour)."""
    from matplotlib.lines import Line2D

    handles: list[Artist] = []
    statuses = proj["status"] if "status" in proj else np.zeros(len(proj))
    for status, part in proj.groupby(statuses):
        state = status if isinstance(status, str) else None
        caps = part.get("capacity_bcm_per_year", [None] * len(part))
        products = part.get("product", [None] * len(part))
        for geom, cap, product in zip(part.geometry, caps, products, strict=True):
            st = feature_style(name, state, cap, product if isinstance(product, str) else None)
            gpd.GeoSeries([geom], crs=proj.crs).plot(
                ax=ax, alpha=_num(st, "opacity"), zorder=4, **_line_kw(st)
            )
        handles.append(
            Line2D(
                [],
                [],
                label=f"{label}: {STATUS_LABELS.get(state or '', str(status).replace('_', ' '))}",
                **_line_kw(feature_style(name, state)),
            )
        )
    return handles


def _draw_ports(ax: Axes, name: str, proj: gpd.GeoDataFrame, label: str) -> list[Artist]:
    """A symbol per mode, stacked as on the page (:data:`~ftzgeo.maps.styles.PORT_SYMBOLS`)."""
    from matplotlib.lines import Line2D

    st = base_style(name)
    modes = proj["modes"] if "modes" in proj else pd.Series([""] * len(proj), index=proj.index)
    handles: list[Artist] = []
    for mode, sym in PORT_SYMBOLS.items():
        part = proj[modes.fillna("").str.split(";").apply(lambda ms, m=mode: m in ms).to_numpy()]
        if not len(part):
            continue
        face = "none" if sym.hollow else _colour(st, "fillColor")
        edge = sym.stroke or _colour(st, "color")
        ax.scatter(
            part.geometry.x,
            part.geometry.y,
            s=sym.size,
            marker=sym.marker,
            facecolors=face,
            edgecolors=edge,
            linewidths=1.5,
            zorder=6,
        )
        handles.append(
            Line2D(
                [],
                [],
                marker=sym.marker,
                linestyle="none",
                markerfacecolor=face,
                markeredgecolor=edge,
                label=f"{label}: {mode}",
            )
        )
    return handles


def _draw_points(ax: Axes, name: str, proj: gpd.GeoDataFrame, label: str) -> list[Artist]:
    from matplotlib.lines import Line2D

    st = base_style(name)
    face, edge = _colour(st, "fillColor"), _colour(st, "color")
    where = proj.geometry.representative_point()
    ax.scatter(
        where.x,
        where.y,
        s=_num(st, "radius", 5.0) * 6,
        c=face,
        edgecolors=edge,
        linewidths=1,
        zorder=7,
    )
    return [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markerfacecolor=face,
            markeredgecolor=edge,
            label=label,
        )
    ]


def _draw_layer(ax: Axes, name: str, proj: gpd.GeoDataFrame) -> list[Artist]:
    label = LAYER_TITLES.get(name, name)
    kinds = geometry_kinds(proj.geometry)
    if name in _AREA_LAYERS:
        return _draw_areas(ax, name, proj, label)
    if name in SHAPED_LAYERS and kinds == {"point"}:
        return _draw_ports(ax, name, proj, label)
    if kinds == {"line"}:
        return _draw_lines(ax, name, proj, label)
    if kinds == {"polygon"} and name not in LAYER_TITLES:
        return _draw_areas(ax, name, proj, label)
    return _draw_points(ax, name, proj, label)


def _draw_routes(ax: Axes, routes: gpd.GeoDataFrame, crs: CRS) -> list[Artist]:
    from matplotlib.lines import Line2D

    st = base_style("routes")
    kw = _line_kw(st)
    routes.to_crs(crs).plot(ax=ax, alpha=_num(st, "opacity"), zorder=5, **kw)
    return [Line2D([], [], color=kw["color"], linewidth=3, label=LAYER_TITLES["routes"])]


def _figures_box(
    ax: Axes, frames: dict[str, gpd.GeoDataFrame], indicator: str, year: int | None, lang: str
) -> None:
    """A box in the frame listing the features' own published `indicator` for `year`."""
    from ..indicator_table import LABELS, UNITS, check_indicator
    from .series import SERIES_LAYERS, own_figures

    indicator = check_indicator(indicator)
    rows = [
        r
        for name, gdf in frames.items()
        if name in SERIES_LAYERS
        for r in own_figures(name, gdf, indicator, year)
    ]
    head = f"{tr(LABELS[indicator], lang)} ({UNITS[indicator]})" + (f", {year}" if year else "")
    body = "\n".join(f"{name}: {figure}" for name, figure in rows) or tr("none published", lang)
    ax.text(
        0.005,
        0.995,
        f"{head}\n{body}",
        transform=ax.transAxes,
        va="top",
        fontsize=6.5,
        parse_math=False,
        zorder=30,
        bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": "#999999", "pad": 3},
    )


def static_map(
    *,
    layers: LayersArg = DEFAULT_FIGURE_LAYERS,
    routes: gpd.GeoDataFrame | None = None,
    title: str | None = "China (Xinjiang) Pilot Free Trade Zone and its links to Central Asia",
    labels: bool = True,
    extent: str | tuple[float, float, float, float] | None = None,
    year: int | None = None,
    size: tuple[float, float] = (11.0, 8.0),
    dpi: int = 150,
    lang: str = "en",
    indicator: str | None = None,
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """Draw the layers as a static figure (PNG, SVG or PDF), offline.

    Parameters
    ----------
    layers : sequence of str or mapping of str to GeoDataFrame
        As for :func:`ftzgeo.maps.connectivity_map` (the same resolver: your version of a
        known layer is validated; ``None`` values load the shipped layer).
    routes : GeoDataFrame, optional
        Routes drawn on top (e.g. :func:`ftzgeo.routing.route_feature`).
    title : str, optional
        Figure title.
    labels : bool, default True
        Name the sub-zones, capitals and FTZ cities, countries and operating land ports, in that
        order of precedence, never overlapping (as on the web map).
    extent : None, "data", "xinjiang" or (lon_min, lat_min, lon_max, lat_max)
        What the frame shows (widened to the canvas's shape): by default the FTZ layers,
        ports and corridors.
    year : int, optional
        Draw the network as it stood in this year (what was operating and opened by then).
    size : (float, float), default (11, 8)
        Figure size in inches.
    dpi : int, default 150
        Resolution of a PNG.
    lang : {"en", "zh"}, default "en"
        Language of labels, legend and the default title; ``"zh"`` writes with an installed CJK
        font (:func:`ftzgeo.maps.fonts.cjk_family`), embedded in PNG, PDF and (as outlines) SVG.
    indicator : str, optional
        List, in a box in the frame, this published figure (e.g. ``"freight_trains"``) of each
        port, pipeline or sub-zone with one of its own for `year` (the newest, with its year,
        when no year is given); "none published" when there is none.
    path : str or path-like, optional
        Also save the figure here (format from the suffix: .png, .svg, .pdf), atomically.

    Returns
    -------
    matplotlib.figure.Figure
        Its ``ftzgeo_crs`` attribute is the projection the map is drawn in.

    Examples
    --------
    >>> from ftzgeo.maps.figure import static_map
    >>> fig = static_map(layers=["subzones", "land_ports"], title=None)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:2]
    ['Countries (Natural Earth)', 'FTZ sub-zones']
    """
    # A bare Figure (no pyplot): no global backend switch, nothing kept alive by pyplot.
    from matplotlib.figure import Figure

    year = check_year("year", year)
    lang = check_lang(lang)
    family = cjk_family() if lang == "zh" else None  # fails early, saying what to install
    if title is not None:
        title = tr(title, lang)
    frames = {name: gdf.to_crs(4326) for name, gdf in resolve_layers(layers)}
    if year is not None:
        frames = {name: gdf[in_service(gdf, year)] for name, gdf in frames.items()}
        routes = None if routes is None else routes[in_service(routes, year)]
    box = data_extent(frames, extent)
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    crs = aeqd_crs(round(cx, 2), round(cy, 2))
    width, height = (float(v) for v in size)
    fig = Figure(figsize=(width, height), dpi=check_int("dpi", dpi, minimum=10, maximum=1200))
    ax = fig.subplots()
    handles: list[Artist] = []
    for name, gdf in frames.items():
        drawn = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
        if len(drawn):
            handles += _draw_layer(ax, name, drawn.to_crs(crs))
    if routes is not None and len(routes):
        handles += _draw_routes(ax, routes, crs)
    frame_map(ax, box, crs)
    annotate(fig, ax, handles, title, f"{cx:.1f}°E {cy:.1f}°N", lang)
    if indicator is not None:  # the published figures, listed in the frame
        _figures_box(ax, frames, indicator, year, lang)
    if lang != "en":
        _translate(fig, ax, lang, family)
    if labels:  # after the layout: labels are measured where they land
        place_labels(ax, frames, crs, lang=lang, family=family)
    fig.ftzgeo_crs = crs  # type: ignore[attr-defined]  # the projection the axes are drawn in
    fig.ftzgeo_lang = lang  # type: ignore[attr-defined]
    if path is not None:
        _save(fig, Path(path))
    return fig


def _translate(fig: Figure, ax: Axes, lang: str, family: str | None) -> None:
    """Legend rows ("Railways: operating") word by word, and every text in the CJK font."""
    from matplotlib.text import Text

    legend = ax.get_legend()
    for text in legend.get_texts() if legend is not None else ():
        whole = text.get_text()
        words = tr(whole, lang)
        if words == whole:  # "Railways: operating": layer and status apart
            words = ": ".join(tr(part, lang) for part in whole.split(": "))
        text.set_text(words)
    if family:
        for text in fig.findobj(Text):
            text.set_fontfamily([family, "DejaVu Sans"])


def _save(fig: Figure, path: Path) -> None:
    path = path.expanduser()
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise InvalidArgumentError(f"static_map saves .png, .svg or .pdf, got {path.name!r}")
    fmt = suffix[1:]
    # No dates and fixed element ids: the same figure gives the same bytes on every run.
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}.get(fmt)

    def save(tmp: Path) -> None:
        import matplotlib

        # Text stays text in SVG (searchable, editable), except Chinese: as outlines, so it
        # shows without the reader having the font.
        fonttype = "path" if getattr(fig, "ftzgeo_lang", "en") == "zh" else "none"
        with matplotlib.rc_context({"svg.hashsalt": "ftzgeo", "svg.fonttype": fonttype}):
            fig.savefig(tmp, format=fmt, metadata=metadata)

    write_atomic(path, save)
