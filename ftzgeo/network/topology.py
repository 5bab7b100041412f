"""Topology from non-topological lines: cut lines at junctions and places, merge nearby ends.

All distances are in the local projected CRS (metres) the builder chose.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from scipy.spatial import cKDTree
from shapely.geometry import LineString
from shapely.ops import substring

from ..crs import WGS84
from ..geodesic import GEOD
from .inputs import Line, Place

__all__ = ["Clusters", "cluster_nodes", "edge_geom", "km", "split_lines"]


def split_lines(
    lines: list[Line], places: list[Place], tol_m: float, port_snap_m: float
) -> list[tuple[Line, LineString]]:
    """Cut each line where a line end, a shared vertex or a place lies within tolerance.

    Land ports cut lines of their modes within `port_snap_m`; everything else within `tol_m`.
    Candidate pairs come from one bulk spatial-index query per tolerance.
    """
    if not lines:
        return []
    geoms = np.array([ln.geometry for ln in lines], dtype=object)
    starts = shapely.get_point(geoms, 0)
    ends = shapely.get_point(geoms, -1)
    # Vertices shared by two or more lines are junctions even when no line ends there.
    inner = [c for ln in lines for c in np.asarray(ln.geometry.coords)[1:-1]]
    rounded = pd.Series([tuple(np.round(c, 0)) for c in inner], dtype=object)
    shared = shapely.points(
        np.array(list(rounded[rounded.duplicated()].unique()), dtype=float).reshape(-1, 2)
    )
    plain = [pl.point for pl in places if not pl.crosses]
    points = np.concatenate([starts, ends, shared, np.array(plain, dtype=object)])
    cuts: dict[int, set[float]] = {}

    def collect(cand_points: np.ndarray, tol: float, keep) -> None:
        if not len(cand_points):
            return
        tree = shapely.STRtree(cand_points)
        line_i, pt_i = tree.query(geoms, predicate="dwithin", distance=tol)
        if keep is not None:
            ok = np.array([keep(li, pi) for li, pi in zip(line_i, pt_i, strict=True)], dtype=bool)
            line_i, pt_i = line_i[ok], pt_i[ok]
        if not len(line_i):
            return
        pos = shapely.line_locate_point(geoms[line_i], cand_points[pt_i])
        length = shapely.length(geoms[line_i])
        inside = (pos > tol_m) & (pos < length - tol_m)
        for li, d in zip(line_i[inside], pos[inside], strict=True):
            cuts.setdefault(int(li), set()).add(round(float(d), 3))

    collect(points, tol_m, None)
    ports = [pl for pl in places if pl.crosses]
    port_points = np.array([pl.point for pl in ports], dtype=object)
    collect(port_points, port_snap_m, lambda li, pi: lines[li].mode in ports[pi].attrs["modes"])

    out = []
    for i, ln in enumerate(lines):
        positions = [0.0, *sorted(cuts.get(i, ())), ln.geometry.length]
        if len(positions) == 2:
            out.append((ln, ln.geometry))
            continue
        for a, b in itertools.pairwise(positions):
            if b - a > 0:
                out.append((ln, substring(ln.geometry, a, b)))
    return out


def _clusters(points: np.ndarray, tol_m: float) -> np.ndarray:
    """Union-find clusters of points closer than `tol_m`."""
    n = len(points)
    parent = np.arange(n)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in cKDTree(points).query_pairs(tol_m):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    roots = np.array([find(i) for i in range(n)])
    _, labels = np.unique(roots, return_inverse=True)
    return labels


def _countries_of(lonlat: np.ndarray, countries: gpd.GeoDataFrame) -> list[str | None]:
    pts = gpd.GeoSeries(gpd.points_from_xy(lonlat[:, 0], lonlat[:, 1]), crs=WGS84)
    named = countries.dropna(subset=["iso3"])
    hit = gpd.sjoin(
        gpd.GeoDataFrame(geometry=pts), named[["iso3", "geometry"]], predicate="within", how="left"
    )
    hit = hit[~hit.index.duplicated()]
    out = [v if isinstance(v, str) else None for v in hit["iso3"]]
    # Points just outside every polygon (coast, generalised borders): nearest country.
    missing = [i for i, v in enumerate(out) if v is None]
    if missing:
        near = gpd.sjoin_nearest(
            gpd.GeoDataFrame(geometry=pts.iloc[missing].to_crs(3857)),
            named[["iso3", "geometry"]].to_crs(3857),
            how="left",
            max_distance=20_000,
        )
        near = near[~near.index.duplicated()]
        for i, v in zip(missing, near["iso3"], strict=True):
            out[i] = v if isinstance(v, str) else None
    return out


def edge_geom(coords_m: np.ndarray, to_ll: Transformer) -> LineString:
    """Projected coordinates back to a lon/lat line."""
    x, y = to_ll.transform(coords_m[:, 0], coords_m[:, 1])
    return LineString(np.column_stack([x, y]))


def km(geom: LineString) -> float:
    """Geodesic length of a lon/lat line."""
    return GEOD.geometry_length(geom) / 1000.0


@dataclass
class Clusters:
    """Line ends and places merged into nodes: where each cluster is, and in which country."""

    labels: np.ndarray  # cluster of every piece end (starts, then ends) and every place
    lonlat: np.ndarray  # cluster centres, lon/lat
    country: list[str | None]  # country of each cluster
    place_cluster: dict[str, int]  # place node -> cluster
    ports_at: dict[int, list[Place]]  # crossing points by cluster


def cluster_nodes(
    pieces: list[tuple[Line, LineString]],
    places: list[Place],
    tol_m: float,
    to_ll: Transformer,
    countries: gpd.GeoDataFrame,
    stated: dict[tuple[float, float], str],
) -> Clusters:
    """Merge piece ends and places closer than `tol_m` into nodes and give each a country.

    Where a node holds a point whose country the data states (a sourced waypoint, a city), that
    wins over the generalised borders of the country polygons.
    """
    pts = [np.asarray(p.coords[0]) for _, p in pieces] + [
        np.asarray(p.coords[-1]) for _, p in pieces
    ]
    n_ends = len(pts)
    pts += [np.asarray(pl.point.coords[0]) for pl in places]
    xy = np.vstack(pts) if pts else np.zeros((0, 2))
    labels = _clusters(xy, tol_m) if len(xy) else np.zeros(0, dtype=int)
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    centre = np.zeros((n_clusters, 2))
    np.add.at(centre, labels, xy)
    centre /= np.bincount(labels, minlength=n_clusters)[:, None]
    lon, lat = to_ll.transform(centre[:, 0], centre[:, 1])
    lonlat = np.column_stack([lon, lat])
    country = _countries_of(lonlat, countries) if n_clusters else []
    if len(xy):
        mx, my = to_ll.transform(xy[:, 0], xy[:, 1])
        for (lon_i, lat_i), cluster in zip(
            np.round(np.column_stack([mx, my]), 4), labels, strict=True
        ):
            iso = stated.get((float(lon_i), float(lat_i)))
            if iso:
                country[int(cluster)] = iso
    place_cluster = {pl.node: int(labels[n_ends + i]) for i, pl in enumerate(places)}
    ports_at: dict[int, list[Place]] = {}
    for pl in places:
        if pl.crosses:
            ports_at.setdefault(place_cluster[pl.node], []).append(pl)
    return Clusters(labels, lonlat, country, place_cluster, ports_at)
