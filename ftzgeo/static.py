"""Static maps (matplotlib) of the same layers and styles as the interactive map, for papers.

Drawn in an azimuthal equidistant projection centred on the data, on the offline basemap
(Natural Earth countries), with a legend from the same style table as the web map, a scale bar
and a source credit. No network is used.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np

from .crs import aeqd_crs
from .errors import InvalidArgumentError, InvalidArgumentTypeError
from .io import load
from .maps.compose import DEFAULT_LAYERS
from .maps.styles import LAYER_TITLES, PORT_MODE_SHAPES, base_style, feature_style

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["DEFAULT_FIGURE_LAYERS", "static_map"]

#: The same layers, in the same order, as the interactive map.
DEFAULT_FIGURE_LAYERS: tuple[str, ...] = DEFAULT_LAYERS
_MARKERS = {"circle": "o", "square": "s", "ring": "o"}
_PX_TO_PT = 0.75  # Leaflet widths are CSS pixels; matplotlib's are points


def _dashes(dash: str | None) -> tuple | str:
    if not dash:
        return "solid"
    return (0, tuple(float(v) * _PX_TO_PT for v in dash.split()))


def _extent(frames: dict[str, gpd.GeoDataFrame]) -> tuple[float, float, float, float]:
    core = [g for n, g in frames.items() if n not in ("countries", "xinjiang", "cities") and len(g)]
    boxes = np.array([g.to_crs(4326).total_bounds for g in core or frames.values()])
    return boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()


def _nice_length_km(span_km: float) -> float:
    target = span_km / 5
    base = 10 ** np.floor(np.log10(target))
    return float(max(m * base for m in (1, 2, 5) if m * base <= target) if target >= base else base)


def static_map(
    *,
    layers: Sequence[str] | Mapping[str, gpd.GeoDataFrame | None] = DEFAULT_FIGURE_LAYERS,
    routes: gpd.GeoDataFrame | None = None,
    title: str | None = "China (Xinjiang) Pilot Free Trade Zone and its links to Central Asia",
    figsize: tuple[float, float] = (11.0, 8.0),
    dpi: int = 150,
    path: str | os.PathLike[str] | None = None,
) -> Figure:
    """Draw the layers as a static figure (PNG, SVG or PDF), offline.

    Parameters
    ----------
    layers : sequence of str or mapping of str to GeoDataFrame
        As for :func:`ftzgeo.maps.connectivity_map`; ``None`` values load the shipped layer.
    routes : GeoDataFrame, optional
        Routes drawn on top (e.g. :func:`ftzgeo.routing.route_feature`).
    title : str, optional
        Figure title.
    figsize, dpi
        Size in inches and resolution.
    path : str or path-like, optional
        Also save the figure here (format from the suffix: .png, .svg, .pdf), atomically.

    Returns
    -------
    matplotlib.figure.Figure
    """
    # A bare Figure (no pyplot): no global backend switch, nothing kept alive by pyplot.
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if isinstance(layers, str):
        raise InvalidArgumentTypeError(
            "layers= takes a list of layer names or a {name: GeoDataFrame} mapping"
        )
    items = layers.items() if isinstance(layers, Mapping) else ((n, None) for n in layers)
    frames = {name: (load(name) if gdf is None else gdf.to_crs(4326)) for name, gdf in items}
    if "countries" not in frames:
        frames = {"countries": load("countries"), **frames}
    x0, y0, x1, y1 = _extent(frames)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    crs = aeqd_crs(round(cx, 2), round(cy, 2))

    fig = Figure(figsize=figsize, dpi=dpi)
    ax = fig.subplots()
    handles: list = []
    for name, gdf in frames.items():
        if not len(gdf):
            continue
        proj = gdf.to_crs(crs)
        label = LAYER_TITLES.get(name, name)
        if name in ("countries", "xinjiang", "subzones"):
            st = base_style(name)
            fill = st.get("fillColor", "none") if st.get("fill", True) else "none"
            proj.plot(
                ax=ax,
                facecolor=fill,
                edgecolor=st["color"],
                linewidth=float(st["weight"]) * _PX_TO_PT,
                alpha=None,
                linestyle=_dashes(st.get("dashArray")),
                zorder=1 if name == "countries" else 3,
            )
            handles.append(Patch(facecolor=fill, edgecolor=st["color"], label=label))
        elif name in ("pipelines", "rail", "roads"):
            for status, part in proj.groupby(
                proj["status"] if "status" in proj else np.zeros(len(proj))
            ):
                caps = (
                    part["capacity_bcm_per_year"]
                    if "capacity_bcm_per_year" in part
                    else [None] * len(part)
                )
                for (_, row), cap in zip(part.iterrows(), caps, strict=True):
                    st = feature_style(
                        name, status if isinstance(status, str) else None, cap, row.get("product")
                    )
                    gpd.GeoSeries([row.geometry], crs=crs).plot(
                        ax=ax,
                        color=st["color"],
                        linewidth=float(st["weight"]) * _PX_TO_PT,
                        linestyle=_dashes(st.get("dashArray")),
                        alpha=float(st.get("opacity", 1.0)),
                        zorder=4,
                    )
                st = feature_style(name, status if isinstance(status, str) else None)
                handles.append(
                    Line2D(
                        [],
                        [],
                        color=st["color"],
                        linewidth=float(st["weight"]) * _PX_TO_PT,
                        linestyle=_dashes(st.get("dashArray")),
                        label=f"{label}: {str(status).replace('_', ' ')}",
                    )
                )
        elif name == "land_ports":
            st = base_style(name)
            for mode, shape in PORT_MODE_SHAPES.items():
                part = proj[proj["modes"].str.split(";").apply(lambda ms, m=mode: m in ms)]
                if not len(part):
                    continue
                size = 90 if shape == "ring" else 40
                face = "none" if shape == "ring" else st["fillColor"]
                edge = "#e6550d" if shape == "ring" else st["color"]
                ax.scatter(
                    part.geometry.x,
                    part.geometry.y,
                    s=size,
                    marker=_MARKERS[shape],
                    facecolors=face,
                    edgecolors=edge,
                    linewidths=1.5,
                    zorder=6,
                )
                handles.append(
                    Line2D(
                        [],
                        [],
                        marker=_MARKERS[shape],
                        linestyle="none",
                        markerfacecolor=face,
                        markeredgecolor=edge,
                        label=f"{label}: {mode}",
                    )
                )
        else:
            st = base_style(name)
            ax.scatter(
                proj.geometry.centroid.x,
                proj.geometry.centroid.y,
                s=float(st.get("radius", 5)) * 6,
                c=st.get("fillColor"),
                edgecolors=st["color"],
                linewidths=1,
                zorder=7,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="none",
                    markerfacecolor=st.get("fillColor"),
                    markeredgecolor=st["color"],
                    label=label,
                )
            )
    if routes is not None and len(routes):
        st = base_style("routes")
        routes.to_crs(crs).plot(
            ax=ax,
            color=st["color"],
            linewidth=float(st["weight"]) * _PX_TO_PT,
            alpha=float(st["opacity"]),
            zorder=5,
        )
        handles.append(Line2D([], [], color=st["color"], linewidth=3, label="Routes"))
    # Frame: the data's extent plus a margin, in projected metres.
    frame = gpd.GeoSeries.from_xy([x0, x1, x0, x1], [y0, y0, y1, y1], crs=4326).to_crs(crs)
    fx, fy = frame.x.to_numpy(), frame.y.to_numpy()
    pad_x, pad_y = 0.06 * (fx.max() - fx.min()), 0.06 * (fy.max() - fy.min())
    ax.set_xlim(fx.min() - pad_x, fx.max() + pad_x)
    ax.set_ylim(fy.min() - pad_y, fy.max() + pad_y)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#dfe8ee")
    _scale_bar(ax)
    ax.set_xlabel("")
    ax.set_ylabel("")
    legend = ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, framealpha=0.95
    )
    for text in legend.get_texts():
        text.set_parse_math(False)  # "$" in a layer name is a dollar sign, not mathtext
    credit = (
        "Boundaries: Natural Earth (de facto lines). Data: ftzgeo geodata, sources in SOURCES.md. "
        "Lines run straight between sourced waypoints. Projection: azimuthal equidistant "
        f"centred at {cx:.1f}°E {cy:.1f}°N."
    )
    fig.text(0.01, 0.01, credit, fontsize=6, color="#444444", parse_math=False)
    if title:
        ax.set_title(title, fontsize=11, parse_math=False)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    if path is not None:
        _save(fig, Path(path))
    return fig


def _scale_bar(ax) -> None:
    """A scale bar in kilometres (true along the bar near the projection centre)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = _nice_length_km((x1 - x0) / 1000)
    left, bottom = x0 + 0.04 * (x1 - x0), y0 + 0.05 * (y1 - y0)
    ax.plot(
        [left, left + km * 1000],
        [bottom, bottom],
        color="black",
        linewidth=3,
        zorder=10,
        solid_capstyle="butt",
    )
    ax.text(
        left + km * 500,
        bottom + 0.012 * (y1 - y0),
        f"{km:g} km",
        ha="center",
        va="bottom",
        fontsize=8,
        zorder=10,
    )


def _save(fig, path: Path) -> None:
    from .atomic import write_atomic

    path = path.expanduser()
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise InvalidArgumentError(f"static_map saves .png, .svg or .pdf, got {path.name!r}")
    fmt = suffix[1:]
    # No dates and fixed element ids: the same figure gives the same bytes on every run.
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}.get(fmt)

    def save(tmp: Path) -> None:
        import matplotlib

        with matplotlib.rc_context({"svg.hashsalt": "ftzgeo"}):
            fig.savefig(tmp, format=fmt, metadata=metadata)

    write_atomic(path, save)
