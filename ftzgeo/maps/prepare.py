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

from .. import measures
from ..crs import ensure_wgs84, transformers_for
from ..geodesic import reproject
from ..kinds import geometry_kinds

__all__ = ["Prepared", "prepare", "quantization_error_m"]


def quantization_error_m(precision: int) -> float:
    """Largest displacement (m) from rounding lon and lat to `precision` decimals.

    Half a unit in each axis; a degree of longitude is at most as long as a degree of latitude
    at the equator (111.32 km), so the diagonal bounds the error anywhere.
    """
    half = 0.5 * 10.0 ** (-precision) * 111_320.0
    return float(np.hypot(half, half))


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
        vertices = shapely.points(shapely.get_coordinates(projected))
        worst = max(worst, float(shapely.distance(vertices, simple).max()))
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
    """

    data: gpd.GeoDataFrame
    geoms: np.ndarray
    measured: dict[str, np.ndarray]
    max_error_m: float


def prepare(
    gdf: gpd.GeoDataFrame, *, precision: int, simplify_m: float | None, wanted: Collection[str]
) -> Prepared:
    """Reproject, drop missing and empty geometries, simplify and measure what popups show."""
    data = ensure_wgs84(gdf)
    data = data[~(data.geometry.isna() | data.geometry.is_empty)]
    simplify_error = 0.0
    if simplify_m:
        data, simplify_error = _simplify(data, float(simplify_m))
    geoms = data.geometry.to_numpy()
    kinds = geometry_kinds(geoms)
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
    return Prepared(data, geoms, measured, error)
