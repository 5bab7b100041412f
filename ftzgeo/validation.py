"""Check a GeoDataFrame against a layer schema, collecting every problem before raising.

:func:`validate` never changes its input. It gathers all problems it finds (missing columns,
values outside their domain, duplicate ids, missing/invalid/empty geometry, a missing or foreign
CRS, coordinates outside the layer's extent or with latitude and longitude swapped, NaN and
infinite values) and raises one :class:`~ftzgeo.errors.ValidationError` listing each with
where it is and how to fix it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import shapely

from .errors import Problem, ValidationError
from .kinds import TYPE_NAMES
from .schema import LayerSchema, get_schema
from .validation_columns import check_attributes, check_table, row_problems

__all__ = ["check", "validate"]

log = logging.getLogger(__name__)


def _check_crs(gdf: gpd.GeoDataFrame, schema: LayerSchema) -> list[Problem]:
    if gdf.crs is None:
        return [
            Problem(
                "CRS",
                "the GeoDataFrame has no CRS",
                "set it: gdf.set_crs('EPSG:4326') if coordinates are lon/lat degrees",
            )
        ]
    if not gdf.crs.equals(schema.crs):
        return [
            Problem(
                "CRS",
                f"CRS is {gdf.crs.to_string()}, expected {schema.crs}",
                f"reproject first: gdf.to_crs({schema.crs!r})",
            )
        ]
    return []


def _check_geometry(
    gdf: gpd.GeoDataFrame, schema: LayerSchema, check_extent: bool
) -> list[Problem]:
    idc = schema.id_column
    geoms = gdf.geometry.to_numpy()
    problems: list[Problem] = []
    missing = shapely.is_missing(geoms)
    problems += row_problems(
        gdf, missing, idc, lambda p: "geometry is missing", "give the row a geometry"
    )
    empty = shapely.is_empty(geoms) & ~missing
    problems += row_problems(
        gdf, empty, idc, lambda p: "geometry is empty", "give the row a non-empty geometry"
    )
    ok = ~missing & ~empty
    types = shapely.get_type_id(geoms)
    names = np.array(TYPE_NAMES)
    type_names = np.where(types >= 0, names[np.clip(types, 0, 7)], "None")
    wrong_type = ok & ~np.isin(type_names, schema.geometry_types)
    problems += row_problems(
        gdf,
        wrong_type,
        idc,
        lambda p: f"geometry is a {type_names[p]}",
        f"layer {schema.name!r} takes {' or '.join(schema.geometry_types)}",
    )
    coords_finite = np.ones(len(geoms), dtype=bool)
    if ok.any():
        coords, owner = shapely.get_coordinates(geoms[ok], return_index=True)
        bad_rows = np.unique(owner[~np.isfinite(coords).all(axis=1)])
        coords_finite[np.flatnonzero(ok)[bad_rows]] = False
        # Heights count too where there are any: a NaN z would be written as invalid JSON.
        with_z = np.flatnonzero(ok)[shapely.has_z(geoms[ok])]
        if len(with_z):
            xyz, owner_z = shapely.get_coordinates(geoms[with_z], include_z=True, return_index=True)
            coords_finite[with_z[np.unique(owner_z[~np.isfinite(xyz).all(axis=1)])]] = False
    nonfinite = ok & ~coords_finite
    problems += row_problems(
        gdf,
        nonfinite,
        idc,
        lambda p: "geometry has NaN or infinite coordinates (x, y or z)",
        "fix the coordinates, or drop heights with shapely.force_2d",
    )
    ok &= coords_finite
    invalid = ok & ~shapely.is_valid(geoms)
    problems += row_problems(
        gdf,
        invalid,
        idc,
        lambda p: f"geometry is invalid ({shapely.is_valid_reason(geoms[p])})",
        "repair it, e.g. gdf.geometry.make_valid(), and check the result",
    )
    if check_extent and ok.any():
        problems += _check_extent(gdf, geoms, ok, schema)
    return problems


def _check_extent(
    gdf: gpd.GeoDataFrame, geoms: np.ndarray, ok: np.ndarray, schema: LayerSchema
) -> list[Problem]:
    x0, y0, x1, y1 = schema.bounds
    b = np.full((len(geoms), 4), np.nan)
    b[ok] = shapely.bounds(geoms[ok])
    inside = (b[:, 0] >= x0) & (b[:, 1] >= y0) & (b[:, 2] <= x1) & (b[:, 3] <= y1)
    swapped = (b[:, 1] >= x0) & (b[:, 0] >= y0) & (b[:, 3] <= x1) & (b[:, 2] <= y1)
    degrees = (np.abs(b[:, [0, 2]]) <= 180).all(axis=1) & (np.abs(b[:, [1, 3]]) <= 90).all(axis=1)
    out = ok & ~inside
    extent = f"lon {x0:g}..{x1:g}, lat {y0:g}..{y1:g}"

    def what(p: int) -> str:
        lon, lat = b[p, 0], b[p, 1]
        if swapped[p]:
            return f"coordinates look like (lat, lon): first corner x={lon:.4f}, y={lat:.4f}"
        if not degrees[p]:
            return f"coordinates x={lon:.1f}, y={lat:.1f} are not degrees (projected data?)"
        return f"geometry extends outside layer {schema.name!r} extent ({extent})"

    return row_problems(
        gdf,
        out,
        schema.id_column,
        what,
        "store lon/lat in that order in EPSG:4326; swap x and y if they were reversed, "
        "or reproject with to_crs('EPSG:4326')",
    )


def check(
    gdf: object,
    layer: str | LayerSchema,
    *,
    check_extent: bool = True,
    known_sources: Iterable[str] | None = None,
) -> list[Problem]:
    """Return every problem of `gdf` against a layer's schema, without raising.

    Parameters
    ----------
    gdf : GeoDataFrame
        Data to check; it is not modified.
    layer : str or LayerSchema
        Layer whose schema applies.
    check_extent : bool, default True
        Also check that features lie within the layer's extent (catches swapped lat/lon).
    known_sources : iterable of str, optional
        Valid keys for the ``source`` column; by default any key matching the pattern is accepted.

    Returns
    -------
    list of Problem
        Empty if the data is valid.
    """
    schema = get_schema(layer)
    if not schema.geometry_types:  # a table (the indicators): columns and ids only
        return check_table(gdf, schema, known_sources)
    if not isinstance(gdf, gpd.GeoDataFrame):
        return [
            Problem(
                "input",
                f"expected a GeoDataFrame, got {type(gdf).__name__}",
                "build one with geopandas.GeoDataFrame(df, geometry=..., crs='EPSG:4326') "
                "or read a file with ftzgeo.read(path, layer=...)",
            )
        ]
    if gdf._geometry_column_name not in gdf.columns:
        return [
            Problem(
                "geometry",
                "the GeoDataFrame has no active geometry column",
                "set one with gdf.set_geometry('<column>') or build it with geometry=...",
            )
        ]
    problems = _check_crs(gdf, schema) + check_attributes(gdf, schema, known_sources)
    if gdf.geometry.name in gdf.columns:
        problems += _check_geometry(gdf, schema, check_extent)
    return problems


def validate(
    gdf: object,
    layer: str | LayerSchema,
    *,
    check_extent: bool = True,
    known_sources: Iterable[str] | None = None,
    subject: str | None = None,
) -> gpd.GeoDataFrame:
    """Validate `gdf` against a layer's schema and return it unchanged.

    Parameters
    ----------
    gdf : GeoDataFrame
        Data to validate; never modified.
    layer : str or LayerSchema
        Layer whose schema applies (see :func:`ftzgeo.layers`).
    check_extent : bool, default True
        Check that features lie in the layer's extent (catches lat/lon swaps and projected data).
    known_sources : iterable of str, optional
        Valid keys for the ``source`` column.
    subject : str, optional
        What to call the data in the error message (e.g. a file name).

    Returns
    -------
    GeoDataFrame
        The same object, so calls can be chained.

    Raises
    ------
    ValidationError
        Listing every problem found, each with where it is and how to fix it.
    """
    schema = get_schema(layer)
    problems = check(gdf, schema, check_extent=check_extent, known_sources=known_sources)
    if problems:
        raise ValidationError(subject or f"data for layer {schema.name!r}", problems)
    log.debug("validated %d features for layer %s", len(gdf), schema.name)  # type: ignore[arg-type]
    return gdf
