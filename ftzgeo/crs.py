"""Coordinate reference systems: lon/lat checks and local projected CRSs for work in metres.

ftzgeo stores everything in WGS84 lon/lat (EPSG:4326). Whenever a computation needs metres
(buffers, nearest points), it happens in a CRS chosen for the data at hand: UTM for small
extents, an azimuthal equidistant projection centred on the data otherwise.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
import shapely.affinity
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from .errors import InvalidArgumentError, Problem, ValidationError

__all__ = [
    "WGS84",
    "aeqd_crs",
    "ensure_wgs84",
    "local_crs",
    "split_antimeridian",
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
        raise InvalidArgumentError(f"({lon}, {lat}) is not a lon/lat position in degrees")
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
    # The operation from_crs(WGS84, aeqd_crs(lon, lat), always_xy=True) finds, written as PROJ
    # pipelines: the same numbers (tests/test_crs.py), made 100x faster (no database search).
    aeqd = f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +ellps=WGS84"
    return (
        Transformer.from_pipeline(
            f"+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step {aeqd}"
        ),
        Transformer.from_pipeline(
            f"+proj=pipeline +step +inv {aeqd} +step +proj=unitconvert +xy_in=rad +xy_out=deg"
        ),
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
        raise InvalidArgumentError("cannot choose a local CRS for empty data")
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


def _crosses_antimeridian(coords: np.ndarray) -> bool:
    return bool(len(coords) > 1 and (np.abs(np.diff(coords[:, 0])) > 180.0).any())


def _split_line(coords: np.ndarray) -> list[np.ndarray]:
    """Cut a lon/lat path where a step jumps more than 180° of longitude (it crossed ±180)."""
    parts, current = [], [coords[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(coords):
        if abs(x1 - x0) > 180.0:
            east = x0 > 0  # leaving across +180 (eastward) or -180 (westward)
            x1u = x1 + 360.0 if east else x1 - 360.0
            edge = 180.0 if east else -180.0
            t = (edge - x0) / (x1u - x0) if x1u != x0 else 0.0
            y = y0 + t * (y1 - y0)
            current.append(np.array([edge, y]))
            parts.append(np.asarray(current))
            current = [np.array([-edge, y])]
        current.append(np.array([x1, y1]))
    parts.append(np.asarray(current))
    return [p for p in parts if len(p) > 1]


def split_antimeridian(geom: BaseGeometry) -> BaseGeometry:
    """Split a lon/lat geometry that crosses the antimeridian (±180°) into parts on each side.

    Lon/lat coordinates wrap at ±180°, so a line from 179.9° to -179.9° read as planar
    coordinates runs the long way round the world, and a polygon around such a point covers
    everything in between. This returns a MultiLineString or MultiPolygon whose parts stay on
    one side each, so planar operations (containment, intersection with borders) are right.
    Geometries that do not cross are returned unchanged.
    """
    kind = geom.geom_type if geom is not None else None
    if kind == "LineString":
        coords = np.asarray(geom.coords)[:, :2]
        if not _crosses_antimeridian(coords):
            return geom
        return shapely.MultiLineString([p.tolist() for p in _split_line(coords)])
    if kind == "Polygon":
        rings = [np.asarray(geom.exterior.coords)[:, :2]]
        rings += [np.asarray(r.coords)[:, :2] for r in geom.interiors]
        if not any(_crosses_antimeridian(r) for r in rings):
            return geom
        # Unwrap to 0..360, then clip each side and shift the eastern one back.
        unwrapped = [_unwrap(r) for r in rings]
        shifted = shapely.Polygon(unwrapped[0], unwrapped[1:])
        west = shifted.intersection(shapely.box(0.0, -90.0, 180.0, 90.0))
        east = shapely.affinity.translate(
            shifted.intersection(shapely.box(180.0, -90.0, 540.0, 90.0)), xoff=-360.0
        )
        parts = [g for g in (west, east) for g in getattr(g, "geoms", [g]) if not g.is_empty]
        return shapely.MultiPolygon([p for p in parts if p.geom_type == "Polygon"])
    if kind in ("MultiLineString", "MultiPolygon"):
        parts = [split_antimeridian(g) for g in geom.geoms]
        flat = [q for p in parts for q in getattr(p, "geoms", [p])]
        return type(geom)(flat)
    return geom


def _unwrap(ring: np.ndarray) -> np.ndarray:
    out = ring.copy()
    out[:, 0] = np.where(out[:, 0] < 0, out[:, 0] + 360.0, out[:, 0])
    return out
