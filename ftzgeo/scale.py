"""Large point sets matched to ports, zones and corridors, in-process or on a Dask cluster.

Each function takes either a GeoDataFrame (runs here, in this process) or a dask-geopandas
GeoDataFrame (runs partition by partition on whatever cluster the active ``dask.distributed``
client points at: a ``LocalCluster`` on a laptop, or a real one), and gives the same answer.
Distances are true distances on the WGS84 ellipsoid, never degrees. Points are never collected
on one worker: per-point results stay partitioned, counts are summed per partition.

Install the Dask engine with ``pip install "ftzgeo[scale]"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from .crs import WGS84
from .errors import InvalidArgumentError, MissingDependencyError
from .geodesic import distance_m
from .io import load
from .measures import buffer_m

__all__ = ["assign_nearest", "corridor_usage", "in_zones", "is_dask", "to_dask"]

_A = 6378137.0  # WGS84 semi-major axis, m


def _dask_geopandas():
    try:
        import dask_geopandas
    except ImportError as exc:  # pragma: no cover - exercised when the extra is missing
        raise MissingDependencyError("dask-geopandas", "running on Dask", extra="scale") from exc
    return dask_geopandas


def is_dask(points: Any) -> bool:
    """Whether `points` is a dask-geopandas GeoDataFrame (without importing Dask otherwise)."""
    return type(points).__module__.startswith("dask_geopandas")


def to_dask(
    points: gpd.GeoDataFrame, *, npartitions: int | None = None, chunksize: int | None = None
):
    """Partition an in-memory GeoDataFrame for Dask (``pip install "ftzgeo[scale]"``)."""
    dgpd = _dask_geopandas()
    if npartitions is None and chunksize is None:
        chunksize = 250_000
    return dgpd.from_geopandas(points, npartitions=npartitions, chunksize=chunksize)


def _unit_xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lam, phi = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def _check_points(
    points: gpd.GeoDataFrame, where: str
) -> tuple[gpd.GeoDataFrame, np.ndarray, np.ndarray]:
    """The points in lon/lat, which rows hold a real point, and those points' (lon, lat).

    None, empty and NaN-coordinate points have no answer (None) and never stop the job; a
    geometry of another type is refused. Each geometry's type and coordinates are read once.
    """
    if points.crs is None:
        raise InvalidArgumentError(
            f"{where}: points have no CRS; set it, e.g. points.set_crs('EPSG:4326')"
        )
    if not points.crs.equals(WGS84):
        points = points.to_crs(WGS84)
    geoms = points.geometry.to_numpy()
    if (np.asarray(shapely.get_type_id(geoms)) > 0).any():  # 0: Point; -1: None
        raise InvalidArgumentError(
            f"{where}: takes points; use representative_point() for other geometries"
        )
    empty = shapely.is_empty(geoms)  # GEOS refuses the x of an empty point; None has NaN
    if empty.any():
        geoms = np.where(empty, None, geoms)
    x, y = shapely.get_x(geoms), shapely.get_y(geoms)
    present = np.isfinite(x) & np.isfinite(y)
    if present.all():
        return points, present, np.column_stack([x, y])
    return points, present, np.column_stack([x[present], y[present]])


#: The WGS84 geodesic distance between two points, divided by their angle on the unit sphere
#: (geodetic latitude taken as the sphere's), lies between the smallest and the largest radius
#: of curvature of the ellipsoid: a(1 - e²) (meridian, at the equator) and a²/b (at the poles).
#: A candidate farther on the sphere than _RATIO times the nearest one can never be nearest on
#: the ellipsoid (the ratio of the two radii, 1.0101, with a margin for rounding).
_B = _A * (1 - 1 / 298.257223563)
_E2 = 1 - (_B / _A) ** 2
_RATIO = (_A**2 / _B) / (_A * (1 - _E2)) * (1 + 1e-9)


def _exact_nearest(
    lon: np.ndarray, lat: np.ndarray, tree: cKDTree, target_lonlat: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Geodesic distance (km) to the nearest target and its index, for each point, exactly.

    The sphere only shortlists: the exact ellipsoidal distance is computed for the nearest
    candidate on the sphere and for any other candidate close enough to it (within
    :data:`_RATIO`) to win; where the `k`-th candidate is still that close, the search widens
    (2k) for those points. Ties go to the lower target index, as a brute-force argmin does.
    """
    n_t = tree.n
    k = min(k, n_t)
    chord, cand = tree.query(_unit_xyz(lon, lat), k=k, workers=-1)  # a thread per core
    chord, cand = chord.reshape(len(lon), k), cand.reshape(len(lon), k)
    angle = 2 * np.arcsin(np.clip(chord / 2, 0.0, 1.0))
    # Every (point, candidate) pair that can win, in one call (threads share it): the nearest on
    # the sphere always, any other candidate within _RATIO of it. Candidates come nearest first.
    rows, col = np.nonzero(angle <= angle[:, :1] * _RATIO + 1e-15)
    t = cand[rows, col]
    d = distance_m(lon[rows], lat[rows], target_lonlat[t, 0], target_lonlat[t, 1]) / 1000.0
    first = col == 0  # exactly one per point, in point order
    best, best_i = d[first], t[first]
    for j in range(1, k):  # a point has at most one pair per column: no clashes in an update
        at = np.flatnonzero(col == j)
        r, dj, tj = rows[at], d[at], t[at]
        better = (dj < best[r]) | ((dj == best[r]) & (tj < best_i[r]))
        best[r[better]], best_i[r[better]] = dj[better], tj[better]
    wider = rows[col == k - 1] if k < n_t else rows[:0]
    if len(wider):  # the k-th candidate could still win: look further for those points
        b, i = _exact_nearest(lon[wider], lat[wider], tree, target_lonlat, 2 * k)
        best[wider], best_i[wider] = b, i
    return best, best_i


def _nearest_partition(
    part: gpd.GeoDataFrame,
    target_xyz: np.ndarray,
    target_lonlat: np.ndarray,
    ids: np.ndarray,
    max_distance_km: float | None,
    k: int,
) -> pd.DataFrame:
    part, ok, xy = _check_points(part, "assign_nearest")
    nearest = np.full(len(part), None, dtype=object)
    distance = np.full(len(part), np.nan)
    if ok.any():
        best, best_i = _exact_nearest(
            xy[:, 0], xy[:, 1], cKDTree(target_xyz), target_lonlat, max(1, k)
        )
        names = ids.astype(object)
        names[pd.isna(names)] = None  # a target without an id names no one
        found = names[best_i]
        if max_distance_km is not None:
            found[best > max_distance_km] = None
        nearest[ok], distance[ok] = found, best  # by position: indexes may repeat
    return pd.DataFrame(
        {
            "nearest": pd.Series(nearest, index=part.index, dtype=object),
            "distance_km": pd.Series(distance, index=part.index),
        }
    )


def _targets(
    to: str | gpd.GeoDataFrame, id_column: str, status: Sequence[str] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    gdf = load(to) if isinstance(to, str) else to.to_crs(WGS84)
    if status is not None and "status" in gdf.columns:
        gdf = gdf[gdf["status"].isin(status)]
    if not len(gdf):
        raise InvalidArgumentError("no targets to match the points to (check to= and status=)")
    if id_column not in gdf.columns:
        raise InvalidArgumentError(f"the targets have no {id_column!r} column; pass id_column=...")
    pts = gdf.geometry.representative_point()
    lonlat = np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()])
    return _unit_xyz(lonlat[:, 0], lonlat[:, 1]), lonlat, gdf[id_column].to_numpy()


def assign_nearest(
    points,
    *,
    to: str | gpd.GeoDataFrame = "land_ports",
    max_distance_km: float | None = None,
    id_column: str = "id",
    candidates: int = 3,
    status: Sequence[str] | None = ("operating",),
):
    """The nearest target (land port by default) to each point, by geodesic distance.

    Parameters
    ----------
    points : GeoDataFrame or dask_geopandas.GeoDataFrame
        Points in any CRS.
    to : str or GeoDataFrame
        A layer name or your own targets (their representative points are used).
    max_distance_km : float, optional
        Farther than this, ``nearest`` is None (the distance is still given).
    id_column : str
        Column naming the targets.
    candidates : int
        Targets first short-listed on the sphere; the exact ellipsoidal distance is computed
        only for those that could be nearest, and the list grows wherever more could, so the
        answer is always the exact geodesic nearest.
    status : sequence of str, optional
        Only targets with these statuses (default: operating ports); None for all.

    Returns
    -------
    DataFrame or dask DataFrame
        Indexed like `points`: ``nearest`` (target id) and ``distance_km``.
    """
    if max_distance_km is not None and not max_distance_km >= 0:
        raise InvalidArgumentError(
            f"max_distance_km must be a non-negative number, got {max_distance_km}"
        )
    xyz, lonlat, ids = _targets(to, id_column, status)
    args = (xyz, lonlat, ids, max_distance_km, candidates)
    if is_dask(points):
        meta = pd.DataFrame(
            {"nearest": pd.Series(dtype=object), "distance_km": pd.Series(dtype=float)}
        )
        return points.map_partitions(_nearest_partition, *args, meta=meta)
    return _nearest_partition(points, *args)


def _zones_partition(part: gpd.GeoDataFrame, zones: gpd.GeoDataFrame, id_column: str) -> pd.Series:
    part, present, xy = _check_points(part, "in_zones")
    out = pd.Series([None] * len(part), dtype=object, index=part.index, name="zone")
    rows = np.flatnonzero(present)
    if not len(rows):
        return out
    # Zone by zone, in the zones' order (a point takes the first zone it lies in): only the
    # points not yet placed and inside the zone's bounding box are tested, against the zone
    # prepared once (no index of the many points is built; by position, so indexes may repeat).
    x, y = xy[:, 0], xy[:, 1]
    ids = zones[id_column].astype(object).where(zones[id_column].notna(), None).to_numpy()
    values = np.full(len(part), None, dtype=object)
    todo = np.ones(len(rows), dtype=bool)
    for zone, ident in zip(zones.geometry.to_numpy(), ids, strict=True):
        if zone is None or zone.is_empty:
            continue
        x0, y0, x1, y1 = zone.bounds
        candidates = np.flatnonzero(todo & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        shapely.prepare(zone)  # a cache on the geometry object; its shape is untouched
        hit = candidates[shapely.contains_xy(zone, x[candidates], y[candidates])]
        values[rows[hit]] = ident
        todo[hit] = False
    return pd.Series(values, index=part.index, name="zone", dtype=object)


def in_zones(points, *, zones: str | gpd.GeoDataFrame = "subzones", id_column: str = "id"):
    """The zone (FTZ sub-zone by default) each point lies in, or None.

    Point-in-polygon is exact in lon/lat for the zones' own vertices; no distances involved.

    Returns
    -------
    Series or dask Series
        Indexed like `points`, named ``zone``.
    """
    zones_gdf = load(zones) if isinstance(zones, str) else zones.to_crs(WGS84)
    if is_dask(points):
        return points.map_partitions(
            _zones_partition, zones_gdf, id_column, meta=pd.Series(dtype=object, name="zone")
        )
    return _zones_partition(points, zones_gdf, id_column)


def _corridor_partition(
    part: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, by: Sequence[str]
) -> pd.DataFrame:
    part, present, _ = _check_points(part, "corridor_usage")
    part = part[present]
    cols = ["corridor", *by, "points"]
    if not len(part):
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c != "points" else np.int64) for c in cols}
        )
    hit = gpd.sjoin(part[[*by, part.geometry.name]], areas, predicate="within", how="inner")
    counts = hit.groupby(["corridor", *by], dropna=False).size().rename("points").reset_index()
    return counts[cols]


def corridor_usage(
    points,
    *,
    corridors: str | gpd.GeoDataFrame = "rail",
    buffer_m: float = 10_000.0,
    by: str | Sequence[str] | None = None,
    id_column: str = "id",
) -> pd.DataFrame:
    """Count points within `buffer_m` metres of each corridor line, optionally per group.

    The corridor buffers are true distances in metres (each line buffered in a projection
    centred on it). A point near two corridors counts for both.

    Parameters
    ----------
    points : GeoDataFrame or dask_geopandas.GeoDataFrame
    corridors : str or GeoDataFrame
        A line layer name (``rail``, ``roads``, ``pipelines``) or your own lines.
    buffer_m : float
        Corridor half-width, metres.
    by : str or list of str, optional
        Columns of `points` to count by (e.g. ``"month"``).

    Returns
    -------
    pandas.DataFrame
        ``corridor``, the `by` columns and ``points``, sorted; computed (small) even on Dask.
    """
    if not buffer_m > 0:
        raise InvalidArgumentError(f"buffer_m must be a positive number of metres, got {buffer_m}")
    lines = load(corridors) if isinstance(corridors, str) else corridors.to_crs(WGS84)
    by_cols = [by] if isinstance(by, str) else list(by or [])
    areas = gpd.GeoDataFrame(
        {"corridor": lines[id_column].to_numpy()},
        geometry=buffer_m_series(lines, buffer_m),
        crs=WGS84,
    )
    if is_dask(points):
        missing = [c for c in by_cols if c not in points.columns]
        if missing:
            raise InvalidArgumentError(f"by= names columns the points do not have: {missing}")
        meta = pd.DataFrame({c: pd.Series(dtype=object) for c in ["corridor", *by_cols]})
        meta["points"] = pd.Series(dtype=np.int64)
        per_part = points.map_partitions(_corridor_partition, areas, by_cols, meta=meta)
        counts = (
            per_part.groupby(["corridor", *by_cols], dropna=False)["points"]
            .sum()
            .compute()
            .reset_index()
        )
    else:
        missing = [c for c in by_cols if c not in points.columns]
        if missing:
            raise InvalidArgumentError(f"by= names columns the points do not have: {missing}")
        counts = _corridor_partition(points, areas, by_cols)
        counts = counts.groupby(["corridor", *by_cols], dropna=False)["points"].sum().reset_index()
    counts["points"] = counts["points"].astype(np.int64)
    for col in ["corridor", *by_cols]:  # one dtype whichever engine ran
        counts[col] = counts[col].astype(object)
    return counts.sort_values(["corridor", *by_cols]).reset_index(drop=True)


def buffer_m_series(lines: gpd.GeoDataFrame, distance_m: float) -> gpd.GeoSeries:
    """Metre buffers of lines (see :func:`ftzgeo.measures.buffer_m`), as a GeoSeries."""
    return gpd.GeoSeries(buffer_m(lines.geometry, distance_m).to_numpy(), crs=WGS84)
