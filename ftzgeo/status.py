"""The as-of-year rule: what was in service in a given year, in one place.

A feature is *in service in year Y* if its status is ``operating`` or ``closed`` and it opened in
or before Y, or its opening year is unknown. Lines and ports under construction or planned are
never in service. The network (``build_network(year=...)``), the maps (``connectivity_map(year=...)``)
and the page's year slider (``visible`` in ``maps/static/ftzgeo.js``, tested against this
function) all apply this rule.
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

__all__ = ["RUNNING", "in_service", "select"]

#: Statuses of features that existed (a closed line stood in the years it ran).
RUNNING = ("operating", "closed")


def in_service(gdf: gpd.GeoDataFrame, year: int) -> pd.Series:
    """Return a boolean mask: which features were in service in `year`.

    Parameters
    ----------
    gdf : GeoDataFrame
        Features with ``status`` and, optionally, ``opened``; frames without ``status`` count as
        in service throughout.
    year : int
        The year.

    Returns
    -------
    pandas.Series of bool
        Indexed like `gdf`.

    Examples
    --------
    >>> import geopandas as gpd
    >>> gdf = gpd.GeoDataFrame({"status": ["operating", "operating", "planned"],
    ...                         "opened": [1990, 2012, None]})
    >>> in_service(gdf, 2011).tolist()
    [True, False, False]
    """
    if "status" not in gdf.columns:
        return pd.Series(True, index=gdf.index)
    ok = gdf["status"].isin(RUNNING)
    if "opened" in gdf.columns:
        opened = pd.to_numeric(gdf["opened"], errors="coerce")
        ok &= opened.isna() | (opened <= year)
    return ok.fillna(False).astype(bool)


def select(gdf: gpd.GeoDataFrame, status: Sequence[str], year: int | None) -> gpd.GeoDataFrame:
    """Features with a status in `status` and, with a `year`, in service in that year."""
    keep = (
        gdf["status"].isin(status) if "status" in gdf.columns else pd.Series(True, index=gdf.index)
    )
    if year is not None:
        keep &= in_service(gdf, year)
    return gdf[keep.fillna(False).astype(bool)]
