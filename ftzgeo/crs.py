"""Coordinate reference systems: lon/lat checks and local projected CRSs for work in metres.

ftzgeo stores everything in WGS84 lon/lat (EPSG:4326). Whenever a computation needs metres
(buffers, nearest points), it happens in a CRS chosen for the data at hand: UTM for small
extents, an azimuthal equidistant projection centred on the data otherwise.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
from pyproj import CRS, Transformer

from .errors import FtzgeoError, Problem, ValidationError

__all__ = [
    "WGS84",
    "aeqd_crs",
    "ensure_wgs84",
    "local_crs",
    "utm_crs",
]

WGS84 = CRS.from_epsg(4326)


def utm_crs(lon: float, lat: float) -> CRS:
    """Return the WGS84 UTM zone CRS containing a point.

    Parameters
    ----------
    lon, lat : float
        Degrees.

    Returns
    -------
    pyproj.CRS
        EPSG:326NN (north) or EPSG:327NN (south).
    """
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise FtzgeoError(f"({lon}, {lat}) is not a lon/lat position in degrees")
    zone = int((lon + 180) // 6) % 60 + 1
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


@lru_cache(maxsize=4096)
def aeqd_crs(lon: float, lat: float) -> CRS:
    """Return an azimuthal equidistant CRS on the WGS84 ellipsoid centred at (lon, lat).

    Distances from the centre are true; elsewhere the scale error grows roughly as
    ``(d / R)² / 6`` (about 0.3 % at 1,000 km).
    """
    return CRS.from_proj4(
        f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs"
    )


@lru_cache(maxsize=4096)
def _to_metres(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    crs = aeqd_crs(lon, lat)
    return (
        Transformer.from_crs(WGS84, crs, always_xy=True),
        Transformer.from_crs(crs, WGS84, always_xy=True),
    )


def local_crs(data: gpd.GeoDataFrame | gpd.GeoSeries) -> CRS:
    """Choose a projected CRS in metres suited to the extent of `data`.

    Parameters
    ----------
    data : GeoDataFrame or GeoSeries
        In EPSG:4326.

    Returns
    -------
    pyproj.CRS
        The UTM zone of the centre if the data spans less than 6° of longitude, otherwise an
        azimuthal equidistant projection centred on the data's bounding box.
    """
    data = ensure_wgs84(data)
    x0, y0, x1, y1 = data.total_bounds
    if not np.all(np.isfinite([x0, y0, x1, y1])):
        raise FtzgeoError("cannot choose a local CRS for empty data")
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if x1 - x0 < 6:
        return utm_crs(cx, cy)
    return aeqd_crs(round(cx, 3), round(cy, 3))


def ensure_wgs84(data: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.GeoDataFrame | gpd.GeoSeries:
    """Return `data` in EPSG:4326, reprojecting a copy if it is in another CRS.

    Raises
    ------
    ValidationError
        If `data` has no CRS: degrees cannot be told from metres without one.
    """
    if data.crs is None:
        raise ValidationError(
            "input",
            [
                Problem(
                    "CRS",
                    "data has no CRS",
                    "set one, e.g. gdf.set_crs('EPSG:4326') for lon/lat degrees",
                )
            ],
        )
    if data.crs.equals(WGS84):
        return data
    return data.to_crs(WGS84)


def transformers_for(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    """Return (to metres, back to lon/lat) transformers of an AEQD centred near (lon, lat).

    The centre is rounded to 0.01° so nearby features share transformers.
    """
    return _to_metres(round(float(lon), 2), round(float(lat), 2))
