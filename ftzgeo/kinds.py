"""What kind of geometry a layer holds: points, lines or polygons (one rule for every part).

>>> import geopandas as gpd
>>> from shapely.geometry import Point, LineString
>>> sorted(geometry_kinds(gpd.GeoSeries([Point(0, 0), LineString([(0, 0), (1, 1)]), None])))
['line', 'point']
>>> geometry_kind(gpd.GeoSeries([Point(0, 0), Point(1, 1)]))
'point'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import shapely

__all__ = [
    "KIND_OF_TYPE",
    "TYPE_NAMES",
    "Kind",
    "geometry_kind",
    "geometry_kinds",
    "is_multipart",
    "kind_and_multipart",
    "kind_and_multipart_of_ids",
    "kinds_of_ids",
    "type_names_of_ids",
]

Kind = Literal["point", "line", "polygon", "collection"]

#: The kind of each shapely geometry type name.
KIND_OF_TYPE: dict[str, Kind] = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "LinearRing": "line",
    "MultiLineString": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
    "GeometryCollection": "collection",
}
#: shapely's name of each type id, in ``shapely.GeometryType`` order (``GeoSeries.geom_type``).
TYPE_NAMES: tuple[str, ...] = (
    "Point",
    "LineString",
    "LinearRing",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "GeometryCollection",
)
_KIND_OF_ID: dict[int, Kind] = {i: KIND_OF_TYPE[name] for i, name in enumerate(TYPE_NAMES)}
_MULTI_IDS = frozenset({4, 5, 6, 7})


def _type_ids(geoms: Iterable[object]) -> np.ndarray:
    arr = np.asarray(getattr(geoms, "values", geoms), dtype=object)
    ids = np.asarray(shapely.get_type_id(arr))
    # Missing geometries (-1) and empty ones carry no kind.
    return ids[(ids >= 0) & ~np.asarray(shapely.is_empty(arr), dtype=bool)]


def _kinds_of(ids: np.ndarray) -> frozenset[Kind]:
    return frozenset(_KIND_OF_ID[int(i)] for i in np.unique(ids))


def _the_one(kinds: frozenset[Kind]) -> Kind | None:
    return next(iter(kinds)) if len(kinds) == 1 else None


def _any_multipart(ids: np.ndarray) -> bool:
    return bool(np.isin(ids, list(_MULTI_IDS)).any())


def kinds_of_ids(ids: np.ndarray) -> frozenset[Kind]:
    """The kinds of geometry among shapely type ids, for callers that already hold them.

    Parameters
    ----------
    ids : numpy.ndarray
        ``shapely.get_type_id`` of geometries none of which is empty; -1 (missing) is skipped.

    Returns
    -------
    frozenset of str
        As :func:`geometry_kinds`.
    """
    return _kinds_of(ids[ids >= 0])


def kind_and_multipart_of_ids(ids: np.ndarray) -> tuple[Kind | None, bool]:
    """:func:`kind_and_multipart` from shapely type ids.

    Parameters
    ----------
    ids : numpy.ndarray
        As :func:`kinds_of_ids` takes them.

    Returns
    -------
    (kind or None, bool)
        The one kind present (None if mixed or none), and whether any geometry is multi-part.
    """
    ids = ids[ids >= 0]
    return _the_one(_kinds_of(ids)), _any_multipart(ids)


def type_names_of_ids(ids: np.ndarray) -> tuple[str, ...]:
    """The geometry type names among shapely type ids, as ``GeoSeries.geom_type`` spells them.

    Parameters
    ----------
    ids : numpy.ndarray
        As :func:`kinds_of_ids` takes them.

    Returns
    -------
    tuple of str
        Each name present once, sorted (``("LineString", "Point")``).
    """
    return tuple(sorted(TYPE_NAMES[int(i)] for i in np.unique(ids) if i >= 0))


def geometry_kinds(geoms: Iterable[object]) -> frozenset[Kind]:
    """The kinds of geometry present in `geoms` (a GeoSeries, an array or a list of geometries).

    Missing and empty geometries are skipped; ``frozenset()`` when nothing is left.
    """
    return _kinds_of(_type_ids(geoms))


def geometry_kind(geoms: Iterable[object]) -> Kind | None:
    """The one kind of geometry in `geoms`, or None if it mixes kinds or holds none."""
    return _the_one(geometry_kinds(geoms))


def kind_and_multipart(geoms: Iterable[object]) -> tuple[Kind | None, bool]:
    """:func:`geometry_kind` and :func:`is_multipart` of `geoms`, each type read once.

    Parameters
    ----------
    geoms : GeoSeries, array or list of geometries
        Missing and empty geometries are skipped.

    Returns
    -------
    (kind or None, bool)
        The one kind present (None if mixed or none), and whether any geometry is multi-part.
    """
    return kind_and_multipart_of_ids(_type_ids(geoms))


def is_multipart(geoms: Iterable[object]) -> bool:
    """Whether any geometry in `geoms` is a multi-part geometry or a collection."""
    return _any_multipart(_type_ids(geoms))
