"""The national view: China's pilot free trade zones, coloured by the year of their plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import geopandas as gpd

from .frames import NATIONAL_LAYERS, LayersArg

if TYPE_CHECKING:  # pragma: no cover
    from .compose import FtzMap

__all__ = ["FTZ_YEAR_COLOURS", "NATIONAL_LAYERS", "ftzs_painted", "national_map"]

#: One colour per year in which pilot FTZs were approved (viridis, earliest darkest).
FTZ_YEAR_COLOURS = ("#440154", "#443983", "#31688e", "#21918c", "#35b779", "#90d743", "#fde725")


def ftzs_painted(ftzs: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, dict[str, object]]:
    """The pilot FTZs coloured by the year their plan was issued (a copy; a legend row each)."""
    column = "Plan issued"
    years = ftzs["approved"].astype(str).str[:4]
    order = sorted(years.dropna().unique())
    colours = [FTZ_YEAR_COLOURS[i % len(FTZ_YEAR_COLOURS)] for i in range(len(order))]
    out = ftzs.assign(**{column: years})
    return out, {"column": column, "categories": order, "cmap": colours}


def national_map(
    *,
    layers: LayersArg = NATIONAL_LAYERS,
    extent: str | tuple[float, float, float, float] | None = "china",
    year: int | None = None,
    lang: str = "en",
    tiles: str | Sequence[str] | None = None,
    start_year: int = 2013,
    **options: object,
) -> FtzMap:
    """China's pilot free trade zones on a national view, the year slider from 2013 on.

    Each point is an area of a pilot FTZ (the ``ftzs`` layer); moving the slider shows the FTZs
    as they were approved, from Shanghai (2013) to Xinjiang (2023).

    Parameters
    ----------
    layers : sequence of str or mapping of str to GeoDataFrame
        As for :func:`connectivity_map`; by default :data:`NATIONAL_LAYERS`.
    extent : str or (lon_min, lat_min, lon_max, lat_max), default "china"
        What the first view frames (as for :func:`connectivity_map`).
    year : int, optional
        Open the map as it stood in this year.
    lang : {"en", "zh"}, default "en"
        The page's first language (the page can switch).
    tiles : str, sequence of str or None
        Base layers (none by default: the page works offline).
    start_year : int, default 2013
        First year of the slider.
    **options
        Any other option of :func:`connectivity_map` (``legend``, ``labels``, ``width``, ...).

    Returns
    -------
    FtzMap
        The map.
    """
    from .compose import connectivity_map

    return connectivity_map(
        layers=layers,
        extent=extent,
        year=year,
        lang=lang,
        tiles=tiles,
        start_year=start_year,
        **options,  # type: ignore[arg-type]
    )
