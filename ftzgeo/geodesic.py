"""The ellipsoid and geometry on it: the one :class:`pyproj.Geod` and geodesic densification.

>>> from shapely.geometry import LineString
>>> line = densify_geodesic(LineString([(75.99, 39.47), (87.62, 43.82)]), max_segment_km=100)
>>> len(line.coords) > 10
True
"""

from __future__ import annotations

import itertools
import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry.base import BaseGeometry

from .crs import split_antimeridian
from .errors import InvalidArgumentError

__all__ = ["GEOD", "densify_geodesic", "distance_m", "reproject"]

#: The WGS84 ellipsoid every ftzgeo measure uses (Karney's algorithms).
GEOD = Geod(ellps="WGS84")


#: Pairs from which :func:`distance_m` splits the work across threads.
PARALLEL_FROM = 20_000


def distance_m(
    lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray
) -> np.ndarray:
    """Geodesic distance (m) on the WGS84 ellipsoid between each pair of points.

    :meth:`pyproj.Geod.inv`, exactly; for many pairs (:data:`PARALLEL_FROM`) in one chunk per
    core, in threads (PROJ runs without Python's lock, so two cores take half the time).
    """
    x1, y1, x2, y2 = (np.ascontiguousarray(a, dtype=float) for a in (lon1, lat1, lon2, lat2))

    def part(s: slice) -> np.ndarray:
        return np.asarray(GEOD.inv(x1[s], y1[s], x2[s], y2[s])[2])

    n, workers = len(x1), min(os.cpu_count() or 1, 8)
    if n < PARALLEL_FROM or workers == 1:
        return part(slice(None))
    bounds = np.linspace(0, n, workers + 1).astype(int)
    with ThreadPoolExecutor(workers) as pool:
        return np.concatenate(
            list(pool.map(part, itertools.starmap(slice, itertools.pairwise(bounds))))
        )


def reproject(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    """`geom` with every coordinate passed through `transformer` (lon/lat order kept)."""
    return shapely.transform(
        geom, lambda x, y: np.asarray(transformer.transform(x, y)), interleaved=False
    )


def densify_geodesic(geom: BaseGeometry, *, max_segment_km: float = 1.0) -> BaseGeometry:
    """Insert vertices along the geodesic so no segment is longer than `max_segment_km`.

    A straight segment in lon/lat is not the shortest path on the Earth; densifying makes
    planar operations (intersections with borders) follow the geodesic closely. A result that
    crosses the antimeridian is split there (:func:`ftzgeo.crs.split_antimeridian`).
    """
    if max_segment_km <= 0:
        raise InvalidArgumentError(f"max_segment_km must be positive, got {max_segment_km}")

    def ring(coords: np.ndarray) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for (x0, y0), (x1, y1) in itertools.pairwise(coords):
            out.append((x0, y0))
            dist = GEOD.inv(x0, y0, x1, y1)[2] / 1000.0
            n = math.ceil(dist / max_segment_km) - 1
            if n > 0:
                out.extend(GEOD.npts(x0, y0, x1, y1, n))
        out.append(tuple(coords[-1]))
        return out

    kind = geom.geom_type
    if kind == "LineString":
        return split_antimeridian(shapely.LineString(ring(np.asarray(geom.coords)[:, :2])))
    if kind == "Polygon":
        return split_antimeridian(
            shapely.Polygon(
                ring(np.asarray(geom.exterior.coords)[:, :2]),
                [ring(np.asarray(r.coords)[:, :2]) for r in geom.interiors],
            )
        )
    if kind.startswith("Multi") or kind == "GeometryCollection":
        parts = [densify_geodesic(g, max_segment_km=max_segment_km) for g in geom.geoms]
        return (
            type(geom)(parts) if kind != "GeometryCollection" else shapely.GeometryCollection(parts)
        )
    return geom
