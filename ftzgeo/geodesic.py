"""The ellipsoid and geometry on it: the one :class:`pyproj.Geod` and geodesic densification.

>>> from shapely.geometry import LineString
>>> line = densify_geodesic(LineString([(75.99, 39.47), (87.62, 43.82)]), max_segment_km=100)
>>> len(line.coords) > 10
True
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry.base import BaseGeometry

from .crs import split_antimeridian
from .errors import InvalidArgumentError

__all__ = ["GEOD", "densify_geodesic", "reproject"]

#: The WGS84 ellipsoid every ftzgeo measure uses (Karney's algorithms).
GEOD = Geod(ellps="WGS84")


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
