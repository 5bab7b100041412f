"""Geodesic measures on the WGS84 ellipsoid: lengths, areas, distances, metre buffers.

Nothing here measures in degrees. Lengths, areas and point distances use
:class:`pyproj.Geod` (Karney's algorithms, accurate to nanometres); buffers and nearest
points are computed in an azimuthal equidistant projection centred on each feature.
"""

from __future__ import annotations

import math
from typing import TypeAlias

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from .checks import check_number
from .crs import ensure_wgs84, split_antimeridian, transformers_for
from .errors import InvalidArgumentError, InvalidArgumentTypeError
from .geodesic import GEOD, densify_geodesic
from .geodesic import reproject as _reproject

__all__ = [
    "GEOD",
    "area_km2",
    "buffer_m",
    "densify_geodesic",
    "distance_km",
    "distance_matrix_km",
    "length_by_country",
    "length_km",
]

#: Largest buffer distance: an azimuthal equidistant projection stays true along its radii,
#: but beyond a few thousand kilometres the shape around the feature folds over the globe.
MAX_BUFFER_M = 5_000_000.0

#: What the measures take: a GeoDataFrame, a GeoSeries or one shapely geometry.
GeoLike: TypeAlias = gpd.GeoDataFrame | gpd.GeoSeries | BaseGeometry


def _series(data: GeoLike) -> gpd.GeoSeries:
    if isinstance(data, BaseGeometry):
        return gpd.GeoSeries([data], crs="EPSG:4326")
    if isinstance(data, gpd.GeoDataFrame):
        data = data.geometry
    if not isinstance(data, gpd.GeoSeries):
        raise InvalidArgumentTypeError(
            f"expected a GeoDataFrame, GeoSeries or shapely geometry, got {type(data).__name__}"
        )
    return ensure_wgs84(data)


def _result(data: GeoLike, values: np.ndarray, name: str) -> pd.Series | float:
    if isinstance(data, BaseGeometry):
        return float(values[0])
    index = data.index
    return pd.Series(values, index=index, name=name)


def length_km(data: GeoLike) -> pd.Series | float:
    """Geodesic length of each geometry, in kilometres.

    Parameters
    ----------
    data : GeoDataFrame, GeoSeries or shapely geometry
        Lines (points give 0; polygons give their perimeter, holes included). Any CRS; a copy is reprojected
        to EPSG:4326 if needed.

    Returns
    -------
    pandas.Series or float
        ``length_km`` per row (a float for a single geometry).

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> round(length_km(LineString([(0, 0), (1, 0)])), 3)
    111.319
    """
    geoms = _series(data)
    return _result(data, _lengths_km(geoms.to_numpy()), "length_km")


def _lengths_km(geoms: np.ndarray) -> np.ndarray:
    """Geodesic length of each geometry, vectorised: one Geod.inv call for all segments."""
    n = len(geoms)
    out = np.full(n, np.nan)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    out[present] = 0.0
    if not present.any():
        return out
    idx = np.flatnonzero(present)
    # Polygons are measured along their rings (perimeter); points have no length.
    sub = geoms[idx]
    is_area = np.isin(shapely.get_type_id(sub), [3, 6])
    lines = np.where(is_area, shapely.boundary(sub), sub)
    lines[np.isin(shapely.get_type_id(sub), [0, 4])] = None
    parts, owner = shapely.get_parts(lines, return_index=True)
    coords, part_of = shapely.get_coordinates(parts, return_index=True)
    if len(coords) < 2:
        return out
    same = part_of[1:] == part_of[:-1]
    a, b = coords[:-1][same], coords[1:][same]
    seg_km = np.asarray(GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])[2]) / 1000.0
    per_part = np.bincount(part_of[1:][same], weights=seg_km, minlength=len(parts))
    out[idx] = np.bincount(owner, weights=per_part, minlength=len(idx))
    return out


def area_km2(data: GeoLike) -> pd.Series | float:
    """Geodesic area of each polygon, in square kilometres.

    Parameters
    ----------
    data : GeoDataFrame, GeoSeries or shapely geometry
        Polygons or multipolygons (other types give 0). Ring orientation does not matter.

    Returns
    -------
    pandas.Series or float
        ``area_km2`` per row.
    """
    geoms = _series(data)
    oriented = shapely.orient_polygons(geoms.to_numpy())  # exterior CCW, holes CW
    vals = np.array([_area_km2(g) for g in oriented])
    return _result(data, vals, "area_km2")


# Quarters of the globe by longitude: a geodesic ring is unambiguous within each.
_SECTORS = tuple(shapely.box(x, -90.0, x + 90.0, 90.0) for x in (-180.0, -90.0, 0.0, 90.0))


def _area_km2(geom: BaseGeometry | None) -> float:
    if geom is None or geom.is_empty:
        return math.nan
    x0, _, x1, _ = geom.bounds
    if x1 - x0 < 359.999:
        # A ring stored across ±180° is measured the short way round.
        return abs(GEOD.geometry_area_perimeter(split_antimeridian(geom))[0]) / 1e6
    # A ring around the whole globe (a band of latitude, the whole world) is ambiguous for a
    # geodesic polygon (the whole world came out as 0): measure it by quarters.
    parts = (geom.intersection(sector) for sector in _SECTORS)
    return sum(
        abs(GEOD.geometry_area_perimeter(shapely.orient_polygons(part))[0]) / 1e6
        for part in parts
        if not part.is_empty
    )


def _xy(points: GeoLike) -> tuple[np.ndarray, np.ndarray]:
    geoms = _series(points)
    if not (geoms.geom_type == "Point").all():
        raise InvalidArgumentError(
            "distance_matrix_km takes points; use distance_km for other geometries"
        )
    return geoms.x.to_numpy(), geoms.y.to_numpy()


def _pair_distance_km(a: BaseGeometry, b: BaseGeometry) -> float:
    if a is None or b is None or a.is_empty or b.is_empty:
        return math.nan
    if a.geom_type == "Point" and b.geom_type == "Point":
        return GEOD.inv(a.x, a.y, b.x, b.y)[2] / 1000.0
    if a.intersects(b):
        return 0.0
    # Nearest points in an equidistant projection centred between the two (the geodesic
    # midpoint, right across the antimeridian too), then geodesic.
    ca, cb = a.centroid, b.centroid
    az, _, d = GEOD.inv(ca.x, ca.y, cb.x, cb.y)
    mx, my, _ = GEOD.fwd(ca.x, ca.y, az, d / 2)
    fwd, back = transformers_for(mx, my)
    pa, pb = nearest_points(_reproject(a, fwd), _reproject(b, fwd))
    (xa, xb), (ya, yb) = back.transform([pa.x, pb.x], [pa.y, pb.y])
    return GEOD.inv(xa, ya, xb, yb)[2] / 1000.0


def distance_km(a: GeoLike, b: GeoLike) -> pd.Series | float:
    """Geodesic distance between geometries, pairwise, in kilometres.

    Parameters
    ----------
    a, b : GeoDataFrame, GeoSeries or shapely geometry
        Paired by position (equal lengths), or one of them a single geometry compared with
        every row of the other. Points use the exact ellipsoidal distance; for other
        geometries the nearest points are found in a local equidistant projection and their
        geodesic distance is returned (0 where they intersect).

    Returns
    -------
    pandas.Series or float
        Indexed like the multi-row input.
    """
    ga, gb = _series(a), _series(b)
    if len(ga) == 1 and len(gb) > 1:
        ga = gpd.GeoSeries([ga.iloc[0]] * len(gb), index=gb.index, crs=ga.crs)
        shape_of = b
    elif len(gb) == 1 and len(ga) > 1:
        gb = gpd.GeoSeries([gb.iloc[0]] * len(ga), index=ga.index, crs=gb.crs)
        shape_of = a
    elif len(ga) == len(gb):
        shape_of = a
    else:
        raise InvalidArgumentError(
            f"cannot pair {len(ga)} geometries with {len(gb)}: give equal lengths or one geometry"
        )
    if (ga.geom_type == "Point").all() and (gb.geom_type == "Point").all():
        vals = (
            GEOD.inv(ga.x.to_numpy(), ga.y.to_numpy(), gb.x.to_numpy(), gb.y.to_numpy())[2] / 1000.0
        )
    else:
        vals = np.array([_pair_distance_km(p, q) for p, q in zip(ga, gb, strict=False)])
    return _result(shape_of, np.asarray(vals, dtype=float), "distance_km")


def _labels(data: GeoLike, id_column: str | None) -> pd.Index:
    if isinstance(data, gpd.GeoDataFrame) and id_column and id_column in data.columns:
        return pd.Index(data[id_column], name=id_column)
    return pd.Index(_series(data).index)


def distance_matrix_km(
    a: gpd.GeoDataFrame | gpd.GeoSeries,
    b: gpd.GeoDataFrame | gpd.GeoSeries | None = None,
    *,
    id_column: str | None = "id",
) -> pd.DataFrame:
    """Geodesic distances between every point of `a` and every point of `b`, in kilometres.

    Parameters
    ----------
    a, b : GeoDataFrame or GeoSeries of points
        `b` defaults to `a`.
    id_column : str, optional
        Column used to label rows and columns (falls back to the index).

    Returns
    -------
    pandas.DataFrame
        ``len(a) × len(b)``.
    """
    b = a if b is None else b
    xa, ya = _xy(a)
    xb, yb = _xy(b)
    lon1 = np.repeat(xa, len(xb))
    lat1 = np.repeat(ya, len(yb))
    lon2 = np.tile(xb, len(xa))
    lat2 = np.tile(yb, len(ya))
    d = GEOD.inv(lon1, lat1, lon2, lat2)[2].reshape(len(xa), len(xb)) / 1000.0
    return pd.DataFrame(d, index=_labels(a, id_column), columns=_labels(b, id_column))


def _refuse_polar(geom: BaseGeometry, distance_m: float) -> None:
    """A buffer that would reach a pole cannot be drawn as a lon/lat polygon: refuse it."""
    xy = shapely.get_coordinates(geom)
    for pole in (90.0, -90.0):
        d = np.asarray(GEOD.inv(xy[:, 0], xy[:, 1], xy[:, 0], np.full(len(xy), pole))[2])
        if len(d) and float(d.min()) <= distance_m:
            raise InvalidArgumentError(
                f"a {distance_m / 1000:,.0f} km buffer around this geometry reaches the "
                f"{'north' if pole > 0 else 'south'} pole, which a lon/lat polygon cannot hold; "
                "use a smaller distance or a polar projection"
            )


def buffer_m(
    data: GeoLike, distance_m: float, *, resolution: int = 16
) -> gpd.GeoSeries | BaseGeometry:
    """Buffer geometries by a distance in metres.

    Each geometry is projected to an azimuthal equidistant CRS centred on it, buffered there
    and brought back to EPSG:4326, so the buffer is true to within about 0.3 % up to 1,000 km
    from the feature's centre.

    Parameters
    ----------
    data : GeoDataFrame, GeoSeries or shapely geometry
        In any CRS with a known definition.
    distance_m : float
        Buffer distance in metres (negative shrinks polygons).
    resolution : int, default 16
        Segments per quarter circle.

    Returns
    -------
    GeoSeries or shapely geometry
        In EPSG:4326.
    """
    distance_m = check_number("distance_m", distance_m, minimum=-MAX_BUFFER_M, maximum=MAX_BUFFER_M)
    geoms = _series(data)
    out = []
    for g in geoms:
        if g is None or g.is_empty:
            out.append(g)
            continue
        _refuse_polar(g, distance_m)
        c = g.centroid
        fwd, back = transformers_for(c.x, c.y)
        buffered = _reproject(_reproject(g, fwd).buffer(distance_m, quad_segs=resolution), back)
        out.append(split_antimeridian(buffered))
    if isinstance(data, BaseGeometry):
        return out[0]
    return gpd.GeoSeries(out, index=geoms.index, crs="EPSG:4326", name="geometry")


def length_by_country(
    lines: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame | None = None,
    *,
    id_column: str = "id",
    country_column: str = "iso3",
    max_segment_km: float = 1.0,
) -> pd.DataFrame:
    """Geodesic length of each line inside each country, in kilometres.

    Lines are first densified along the geodesic (`max_segment_km`), then cut by the country
    polygons, so a long segment is split where its geodesic, not its lon/lat chord, crosses
    the border.

    Parameters
    ----------
    lines : GeoDataFrame
        Lines with an `id_column`.
    countries : GeoDataFrame, optional
        Polygons with a `country_column`; the shipped ``countries`` layer by default (de facto
        Natural Earth lines, accurate to a few kilometres at borders).
    id_column, country_column : str
        Columns naming lines and countries.
    max_segment_km : float, default 1.0
        Densification step.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``iso3``, ``length_km``, ``share`` (of the line's total length); the
        part outside every country polygon is reported with ``iso3`` = None.
    """
    if countries is None:
        from .io import load

        countries = load("countries")
    lines = ensure_wgs84(lines)
    countries = ensure_wgs84(countries)
    rows = []
    for ident, geom in zip(lines[id_column], lines.geometry, strict=False):
        if geom is None or geom.is_empty:
            continue  # nothing to measure: no row, rather than a made-up zero
        dense = densify_geodesic(geom, max_segment_km=max_segment_km)
        total = GEOD.geometry_length(dense) / 1000.0
        covered = 0.0
        hits = countries.sindex.query(dense, predicate="intersects")
        for pos in hits:
            part = dense.intersection(countries.geometry.iloc[pos])
            km = GEOD.geometry_length(part) / 1000.0
            if km > 0:
                rows.append((ident, countries[country_column].iloc[pos], km, km / total))
                covered += km
        rest = total - covered
        if rest > 1e-6 * total:
            rows.append((ident, None, rest, rest / total))
    return pd.DataFrame(rows, columns=[id_column, country_column, "length_km", "share"])
