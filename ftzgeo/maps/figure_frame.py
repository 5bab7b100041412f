"""The static figure's frame: an extent that fills the canvas, the scale bar, legend and credits.

Everything here is drawn inside the map frame, so a figure wastes no canvas on margins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import geopandas as gpd
import numpy as np
from pyproj import CRS

from ..errors import InvalidArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["annotate", "data_extent", "frame_map"]


Box = tuple[float, float, float, float]


def _china(countries: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """China's outline in the basemap."""
    return countries.loc[countries["iso3"] == "CHN"].geometry


def data_extent(frames: dict[str, gpd.GeoDataFrame], extent: object = None) -> Box:
    """The lon/lat box a figure frames.

    Parameters
    ----------
    frames : dict of str to GeoDataFrame
        The layers drawn, in EPSG:4326.
    extent : None, "data", "xinjiang", "china" or (lon_min, lat_min, lon_max, lat_max)
        None or ``"data"``: the FTZ layers, ports and corridors (not the basemap);
        ``"xinjiang"``: the region's outline; ``"china"``: China's outline (the national view
        of the pilot FTZs); a box: exactly that.

    Raises
    ------
    InvalidArgumentError
        For anything else, or a box that is not lon/lat in order.
    """
    if isinstance(extent, str) and extent in ("xinjiang", "china"):
        from ..io import load

        outline = load("xinjiang") if extent == "xinjiang" else _china(load("countries"))
        x0, y0, x1, y1 = (float(v) for v in outline.total_bounds)
        return x0, y0, x1, y1
    if isinstance(extent, (tuple, list)) and len(extent) == 4:
        try:
            x0, y0, x1, y1 = (float(v) for v in extent)
        except (TypeError, ValueError):
            x0 = y0 = x1 = y1 = float("nan")
        if -180 <= x0 < x1 <= 180 and -90 <= y0 < y1 <= 90:
            return x0, y0, x1, y1
    if extent is not None and extent != "data":
        raise InvalidArgumentError(
            f"extent takes 'data', 'xinjiang', 'china' or (lon_min, lat_min, lon_max, lat_max) in "
            f"degrees, got {extent!r}"
        )
    core = [g for n, g in frames.items() if n not in ("countries", "xinjiang", "cities") and len(g)]
    boxes = np.array([g.to_crs(4326).total_bounds for g in core or frames.values()])
    return boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()


def _nice_length_km(span_km: float) -> float:
    target = span_km / 5
    base = 10 ** np.floor(np.log10(target))
    return float(max(m * base for m in (1, 2, 5) if m * base <= target) if target >= base else base)


#: Where the map frame sits on the canvas (figure fractions): it fills the figure, with room
#: for the title; the legend, the scale bar and the credits are drawn inside it.
_FRAME = {"left": 0.01, "right": 0.99, "bottom": 0.01, "top": 0.95}


def frame_map(ax: Axes, box: Box, crs: CRS) -> None:
    """Frame the data's extent plus a margin, in projected metres, with a scale bar.

    The extent is widened or heightened to the frame's own shape, so the map fills it.
    """
    x0, y0, x1, y1 = box
    frame = gpd.GeoSeries.from_xy([x0, x1, x0, x1], [y0, y0, y1, y1], crs=4326).to_crs(crs)
    fx, fy = frame.x.to_numpy(), frame.y.to_numpy()
    pad_x, pad_y = 0.04 * (fx.max() - fx.min()), 0.04 * (fy.max() - fy.min())
    left, right = fx.min() - pad_x, fx.max() + pad_x
    bottom, top = fy.min() - pad_y, fy.max() + pad_y
    w_in, h_in = cast("Figure", ax.figure).get_size_inches()
    shape = ((_FRAME["top"] - _FRAME["bottom"]) * h_in) / (
        (_FRAME["right"] - _FRAME["left"]) * w_in
    )
    width, height = right - left, top - bottom
    if height / width < shape:  # too wide for the frame: show more to the north and south
        grow = (width * shape - height) / 2
        bottom, top = bottom - grow, top + grow
    else:  # too tall: show more to the east and west
        grow = (height / shape - width) / 2
        left, right = left - grow, right + grow
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#dfe8ee")
    ax.set_xlabel("")
    ax.set_ylabel("")
    _scale_bar(ax)


def _scale_bar(ax: Axes) -> None:
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


#: The figure's credits, per language ({centre} is the projection's centre).
CREDITS = {
    "en": (
        "Boundaries: Natural Earth (de facto lines). Data: ftzgeo geodata, sources in SOURCES.md.\n"
        "Lines run straight between sourced waypoints. Projection: azimuthal equidistant "
        "centred at {centre}."
    ),
    "zh": (
        "边界：Natural Earth（实际控制线）。数据：ftzgeo 地理数据，来源见 SOURCES.md。\n"
        "线路在有来源的途经点之间以直线绘制。投影：以 {centre} 为中心的方位等距投影。"
    ),
}


def annotate(
    fig: Figure,
    ax: Axes,
    handles: list[Artist],
    title: str | None,
    centre: str,
    lang: str = "en",
) -> None:
    """Legend and credits (in `lang`) inside the frame, the title above, the frame filling the figure."""
    legend = ax.legend(
        handles=handles,
        loc="lower right",
        fontsize=6.5,
        framealpha=0.92,
        borderaxespad=0.6,
        handlelength=4.5,  # long enough to show a line's dashes
    )
    legend.set_zorder(30)
    for text in legend.get_texts():
        text.set_parse_math(False)  # "$" in a layer name is a dollar sign, not mathtext
    credit = CREDITS.get(lang, CREDITS["en"]).format(centre=centre)
    ax.text(
        0.005,
        0.006,
        credit,
        transform=ax.transAxes,
        fontsize=5.5,
        color="#333333",
        parse_math=False,
        zorder=30,
        bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1.5},
    )
    if title:
        ax.set_title(title, fontsize=11, parse_math=False)
    fig.subplots_adjust(**_FRAME)
