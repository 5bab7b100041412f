"""GCJ-02, the offset datum of Chinese web maps (Gaode/AMap, Tencent), for drawing only.

Tiles from Chinese providers are drawn in GCJ-02: inside China their streets lie a few hundred
metres from where WGS84 puts them. To land on such tiles, what the page draws inside China is
shifted into GCJ-02 at encoding time; the data, and every measure made from it, stay in WGS84.

The transform is the published one (the Krasovsky-ellipsoid polynomial used by every open
implementation, e.g. ``googollee/eviltransform``); it applies only inside China's outline, as the
providers do.
"""

from __future__ import annotations

import functools

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["GCJ02_TILES", "in_china", "shift_geometries", "wgs84_to_gcj02"]

#: Tile providers (xyzservices names) drawn in GCJ-02.
GCJ02_TILES = frozenset({"Gaode.Normal", "Gaode.Satellite"})

_A = 6378245.0  # Krasovsky 1940 semi-major axis, m
_EE = 0.00669342162296594323  # its first eccentricity squared


def _offsets(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The polynomial offsets (metre-like units) at x = lon - 105, y = lat - 35."""
    pi = np.pi
    common = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += common
    dlat += (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += common
    dlon += (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    return dlon, dlat


def wgs84_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shift WGS84 longitudes/latitudes into GCJ-02 (everywhere: mask with :func:`in_china`).

    Parameters
    ----------
    lon, lat : array-like
        WGS84 degrees.

    Returns
    -------
    (ndarray, ndarray)
        GCJ-02 longitudes and latitudes.

    Examples
    --------
    >>> lon, lat = wgs84_to_gcj02(116.404, 39.915)  # central Beijing
    >>> round(float(lon), 6), round(float(lat), 6)
    (116.410244, 39.916404)
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlon, dlat = _offsets(lon - 105.0, lat - 35.0)
    rad = np.radians(lat)
    magic = 1.0 - _EE * np.sin(rad) ** 2
    root = np.sqrt(magic)
    dlat = np.degrees(dlat / ((_A * (1.0 - _EE)) / (magic * root)))
    dlon = np.degrees(dlon / (_A / root * np.cos(rad)))
    return lon + dlon, lat + dlat


@functools.cache
def _china() -> BaseGeometry:
    from .io import load

    countries = load("countries")
    shape = shapely.union_all(countries.loc[countries["iso3"] == "CHN"].geometry.to_numpy())
    shapely.prepare(shape)
    return shape


def in_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Whether each point lies inside China's outline (Natural Earth), where GCJ-02 applies."""
    return np.asarray(shapely.contains_xy(_china(), np.asarray(lon), np.asarray(lat)))


def shift_geometries(geoms: np.ndarray) -> np.ndarray:
    """Geometries with every vertex inside China shifted into GCJ-02 (new objects)."""
    china = _china()

    def shift(xy: np.ndarray) -> np.ndarray:
        inside = shapely.contains_xy(china, xy[:, 0], xy[:, 1])
        out = xy.copy()
        if inside.any():
            gx, gy = wgs84_to_gcj02(xy[inside, 0], xy[inside, 1])
            out[inside, 0], out[inside, 1] = gx, gy
        return out

    return np.asarray(shapely.transform(np.asarray(geoms, dtype=object), shift))
