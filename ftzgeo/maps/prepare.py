"""Geometry made ready for the page: reprojected, cleaned, optionally simplified, measured.

The error each step makes is bounded or measured, so a map can say how far any drawn vertex may
lie from the data (:attr:`Prepared.max_error_m`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .. import measures
from ..crs import ensure_wgs84, transformers_for
from ..errors import Problem, ValidationError
from ..geodesic import reproject
from ..kinds import kinds_of_ids

__all__ = ["Prepared", "farthest_vertex_m", "prepare", "quantization_error_m"]


def quantization_error_m(precision: int) -> float:
    """Largest displacement (m) from rounding lon and lat to `precision` decimals.

    Half a unit in each axis; a degree of longitude is at most as long as a degree of latitude
    at the equator (111.32 km), so the diagonal bounds the error anywhere.
    """
    half = 0.5 * 10.0 ** (-precision) * 111_320.0
    return float(np.hypot(half, half))


def farthest_vertex_m(original: BaseGeometry, simple: BaseGeometry) -> float:
    """The largest distance from a vertex of `original` to `simple` (0 inside an area).

    What ``shapely.distance(points, simple).max()`` gives, but in O(n log m) for n vertices and
    m simplified vertices instead of O(n m): vertices inside a part of an area are 0 (an STR
    tree of the parts, which may overlap once simplified), and only the others look for their
    nearest segment of the simplified linework in an STR tree.

    Parameters
    ----------
    original : shapely geometry
        The geometry before simplification, in a metre projection.
    simple : shapely geometry
        The simplified geometry, in the same projection.

    Returns
    -------
    float
        Metres; NaN if either geometry is empty.
    """
    xy = shapely.get_coordinates(original)
    kind = simple.geom_type
    small = len(xy) * int(shapely.get_num_coordinates(simple)) <= 250_000  # the tree costs more
    if small or simple.is_empty or not kind.endswith(("LineString", "Polygon")):
        dist = shapely.distance(shapely.points(xy), simple)
        return float(dist.max()) if len(dist) else float("nan")
    points = shapely.points(xy)
    outside = np.ones(len(xy), dtype=bool)
    if kind.endswith("Polygon"):  # the boundary is not within: its distance is computed (~0)
        inside, _ = shapely.STRtree(shapely.get_parts(simple)).query(points, predicate="within")
        outside[inside] = False
        if not outside.any():
            return 0.0
    rings = shapely.get_parts(simple.boundary if kind.endswith("Polygon") else simple)
    coords, which = shapely.get_coordinates(rings, return_index=True)
    ends = np.flatnonzero(which[1:] == which[:-1])  # a segment from vertex i to vertex i + 1
    segments = shapely.linestrings(np.stack([coords[ends], coords[ends + 1]], axis=1))
    _, dist = shapely.STRtree(segments).query_nearest(
        points[outside], return_distance=True, all_matches=False
    )
    return float(dist.max())


def _simplify(data: gpd.GeoDataFrame, simplify_m: float) -> tuple[gpd.GeoDataFrame, float]:
    """Simplify each geometry in an equidistant projection centred on it.

    Returns the data and the largest distance (m) from an original vertex to the simplified
    geometry: the error actually made, parts dropped by the simplifier included.
    """
    out_geoms, worst = [], 0.0
    for geom in data.geometry:
        c = geom.centroid
        fwd, back = transformers_for(c.x, c.y)
        projected = reproject(geom, fwd)
        simple = projected.simplify(simplify_m, preserve_topology=True)
        # The simplified vertices are original vertices, so the error is how far the original
        # vertices lie from the simplified geometry (parts dropped by the simplifier included).
        worst = max(worst, farthest_vertex_m(projected, simple))
        out_geoms.append(reproject(simple, back))
    out = data.copy()
    out[data.geometry.name] = out_geoms
    return out, worst


@dataclass(frozen=True)
class Prepared:
    """A layer ready to encode.

    Attributes
    ----------
    data : GeoDataFrame
        In EPSG:4326, without missing or empty geometries, simplified if asked.
    geoms : numpy.ndarray
        Its geometries.
    measured : dict of str to numpy.ndarray
        ``length_km`` / ``area_km2`` measured geodesically for popups that show them.
    max_error_m : float
        Simplification error plus the quantization bound at the chosen precision.
    type_ids : numpy.ndarray
        Each geometry's shapely type id (``shapely.get_type_id``), read once for every step
        that asks what the layer holds; -1 where simplification left a geometry empty.

    When nothing is dropped, reprojected or simplified, ``data`` is the caller's own frame (no
    copy is made): it is read, never written to.
    """

    data: gpd.GeoDataFrame
    geoms: np.ndarray
    measured: dict[str, np.ndarray]
    max_error_m: float
    type_ids: np.ndarray


def _check_finite(data: gpd.GeoDataFrame, given: np.ndarray, rows: np.ndarray) -> None:
    """Refuse lines, polygons and multi-part geometries with a vertex that is not a finite number.

    Unlike a point without a coordinate (dropped: a blank row of a table), such a shape is broken
    data: drawing it would send ``NaN`` to the page, and dropping it would hide part of the layer.
    """
    if not len(rows):
        return
    xy, owner = shapely.get_coordinates(given[rows], return_index=True)
    bad = ~np.isfinite(xy).all(axis=1)
    if not bad.any():
        return
    labels = data.index[rows[np.unique(owner[bad])]]
    raise ValidationError(
        "the layer's geometries",
        [
            Problem(
                f"row {label!r}",
                "has a vertex whose coordinate is not a finite number (NaN or infinity)",
                "repair that geometry, or drop the row before adding the layer",
            )
            for label in labels
        ],
    )


def prepare(
    gdf: gpd.GeoDataFrame, *, precision: int, simplify_m: float | None, wanted: Collection[str]
) -> Prepared:
    """Reproject, drop missing and empty geometries, simplify and measure what popups show.

    A point with a coordinate that is not a finite number (a blank lon/lat read from a table
    gives ``POINT (NaN NaN)``) has no place on the map and is dropped with the missing ones; any
    other geometry with such a vertex raises :class:`~ftzgeo.errors.ValidationError`.
    """
    data = ensure_wgs84(gdf)
    given = data.geometry.to_numpy()
    ids = np.asarray(shapely.get_type_id(given))
    absent = (ids < 0) | shapely.is_empty(given)
    points = np.flatnonzero((ids == 0) & ~absent)
    if len(points):
        xy = shapely.bounds(given if len(points) == len(given) else given[points])[:, :2]
        absent[points[~np.isfinite(xy).all(axis=1)]] = True
    _check_finite(data, given, np.flatnonzero((ids > 0) & ~absent))
    if absent.any():  # a copy only when something is dropped
        data, ids = data[~absent], ids[~absent]
    simplify_error = 0.0
    if simplify_m:
        data, simplify_error = _simplify(data, float(simplify_m))
    geoms = data.geometry.to_numpy()
    if simplify_m:
        ids = np.where(shapely.is_empty(geoms), -1, np.asarray(shapely.get_type_id(geoms)))
    kinds = kinds_of_ids(ids)
    # Measure only what a popup shows (geodesic lengths of big layers are not free).
    measured: dict[str, np.ndarray] = {}
    if "line" in kinds and "length_km" in wanted and "length_km" not in data.columns:
        measured["length_km"] = np.round(
            np.asarray(measures.length_km(data.geometry), dtype=float), 1
        )
    if "polygon" in kinds and "area_km2" in wanted and "area_km2" not in data.columns:
        measured["area_km2"] = np.round(
            np.asarray(measures.area_km2(data.geometry), dtype=float), 2
        )
    error = simplify_error + quantization_error_m(precision)
    return Prepared(data, geoms, measured, error, ids)
