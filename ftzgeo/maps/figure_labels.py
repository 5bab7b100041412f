"""Names on the static figure: the same ranking as the web map, placed without overlap.

Candidates come from :data:`~ftzgeo.maps.labels.LABEL_LAYERS` in rank order
(:func:`~ftzgeo.maps.labels.label_rank`); each is drawn, measured with the figure's renderer,
and removed again if it touches a label already placed or leaves the map frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import geopandas as gpd
from pyproj import CRS, Transformer

from .i18n import name_column
from .labels import LABEL_LAYERS, label_rank, short_label

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

__all__ = ["place_labels"]

#: Text style per layer: (font size in points, weight, colour, upper case).
_STYLE = {
    "subzones": (8.5, "bold", "#b2182b", False),
    "cities": (7.0, "bold", "#222222", False),
    "countries": (7.0, "bold", "#6b6b6b", True),
    "land_ports": (6.0, "normal", "#4a1486", False),
}


def _candidates(frames: dict[str, gpd.GeoDataFrame], max_rank: int, lang: str) -> list[tuple]:
    out: list[tuple] = []
    for name, gdf in frames.items():
        column = LABEL_LAYERS.get(name)
        if column is None or column not in gdf.columns:
            continue
        for row, geom in zip(gdf.to_dict("records"), gdf.geometry, strict=True):
            ranked = label_rank(name, row)
            if ranked is None or ranked[0] > max_rank or geom is None or geom.is_empty:
                continue
            named = row.get(name_column(lang))
            if not isinstance(named, str) or not named:
                named = row.get(column)  # English where there is no name in the language
            if not isinstance(named, str) or not named:
                continue
            point = geom if geom.geom_type == "Point" else geom.representative_point()
            text = short_label(named)
            out.append((ranked[0], len(out), name, text, point.x, point.y))
    return sorted(out)


def place_labels(
    ax: Axes,
    frames: dict[str, gpd.GeoDataFrame],
    crs: CRS,
    *,
    max_rank: int = 3,
    lang: str = "en",
    family: str | None = None,
) -> list[Text]:
    """Label the features of `frames` (WGS84) on `ax` (drawn in `crs`), never overlapping.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The map, with its final extent and layout.
    frames : dict of str to GeoDataFrame
        The layers drawn, in EPSG:4326.
    crs : pyproj.CRS
        The projection the axes are drawn in.
    lang : {"en", "zh"}
        Names from ``name_zh`` (English where a feature has none) for ``"zh"``.
    family : str, optional
        Font family to write with (a CJK font for ``"zh"``).
    max_rank : int, default 3
        Label ranks up to this one (0 sub-zones, 1 capitals and FTZ cities, 2 countries,
        3 operating land ports, 4 other cities, 5 other ports).

    Returns
    -------
    list of matplotlib.text.Text
        The labels kept.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = cast("Figure", ax.figure)
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    to_map = Transformer.from_crs(4326, crs, always_xy=True)
    # The legend, the credits and the scale bar's text are placed first: labels keep off them.
    placed: list[Bbox] = [
        a.get_window_extent(renderer) for a in (ax.get_legend(), *ax.texts) if a is not None
    ]
    kept: list[Text] = []
    for _rank, _i, name, text, lon, lat in _candidates(frames, max_rank, lang):
        size, weight, colour, upper = _STYLE[name]
        x, y = to_map.transform(lon, lat)
        point = name in ("cities", "land_ports")
        label = ax.annotate(
            text.upper() if upper else text,
            (x, y),
            xytext=(4, 0) if point else (0, 0),
            textcoords="offset points",
            ha="left" if point else "center",
            va="center",
            fontsize=size,
            fontweight=weight,
            fontfamily=[family, "DejaVu Sans"] if family else None,
            color=colour,
            zorder=20,
            annotation_clip=True,
            # A light box, not a stroked halo: path effects would turn the text into outlines.
            bbox={
                "boxstyle": "square,pad=0.08",
                "facecolor": "white",
                "alpha": 0.6,
                "edgecolor": "none",
            },
        )
        label.set_parse_math(False)
        box = label.get_window_extent(renderer).expanded(1.08, 1.15)
        inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
        if not inside or any(box.overlaps(other) for other in placed):
            label.remove()
            continue
        placed.append(box)
        kept.append(label)
    return kept
