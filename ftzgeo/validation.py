"""Check a GeoDataFrame against a layer schema, collecting every problem before raising.

:func:`validate` never changes its input. It gathers all problems it finds (missing columns,
values outside their domain, duplicate ids, missing/invalid/empty geometry, a missing or foreign
CRS, coordinates outside the layer's extent or with latitude and longitude swapped, NaN and
infinite values) and raises one :class:`~ftzgeo.errors.ValidationError` listing each with
where it is and how to fix it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .checks import show_value
from .errors import Problem, ValidationError
from .schema import Column, LayerSchema, get_schema

__all__ = ["check", "validate"]

log = logging.getLogger(__name__)

#: Per check, rows listed one by one before the rest are summarised in one problem.
MAX_ROWS_PER_CHECK = 20


def _where(gdf: pd.DataFrame, pos: int, id_column: str) -> str:
    label = gdf.index[pos]
    if id_column in gdf.columns:
        ident = gdf[id_column].iloc[pos]
        if isinstance(ident, str) and ident:
            return f"row {label!r} (id={ident!r})"
    return f"row {label!r}"


def _row_problems(
    gdf: pd.DataFrame,
    mask: np.ndarray,
    id_column: str,
    what: Callable[[int], str],
    fix: str,
) -> list[Problem]:
    positions = np.flatnonzero(mask)
    out = [
        Problem(_where(gdf, int(p), id_column), what(int(p)), fix)
        for p in positions[:MAX_ROWS_PER_CHECK]
    ]
    if len(positions) > MAX_ROWS_PER_CHECK:
        rest = len(positions) - MAX_ROWS_PER_CHECK
        out.append(
            Problem(f"{rest} more rows", f"same problem as above ({what(int(positions[-1]))})", fix)
        )
    return out


def _is_missing(values: pd.Series) -> np.ndarray:
    miss = values.isna().to_numpy(copy=True)
    if values.dtype == object:
        miss |= values.map(lambda v: isinstance(v, str) and v.strip() == "").to_numpy(dtype=bool)
    return miss


def _list_items(value: object) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v) for v in value]
    return [str(value)]


def _type_ok(col: Column, value: object) -> bool:
    if col.kind in ("str", "list"):
        return isinstance(value, str) or (col.kind == "list" and isinstance(value, (list, tuple)))
    if col.kind == "bool":
        return isinstance(value, (bool, np.bool_))
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        return False
    if col.kind in ("int", "year"):
        return bool(np.isfinite(value)) and float(value) == int(value)
    return True


def _value_problem(col: Column, value: object) -> str | None:
    """Return what is wrong with one non-missing value, or None."""
    if not _type_ok(col, value):
        return f"{col.name}={show_value(value)} is not of type {col.kind}"
    if col.kind in ("float", "int", "year"):
        v = float(value)  # type: ignore[arg-type]
        if not np.isfinite(v):
            return f"{col.name} is {v} (NaN or infinite)"
        if col.minimum is not None and v < col.minimum:
            return f"{col.name}={show_value(value)} is below {col.minimum:g}"
        if col.maximum is not None and v > col.maximum:
            return f"{col.name}={show_value(value)} is above {col.maximum:g}"
    items = _list_items(value) if col.kind == "list" else [value]
    if col.kind == "list" and not items:
        return f"{col.name} is an empty list"
    for item in items:
        if col.domain is not None and item not in col.domain:
            allowed = ", ".join(map(repr, col.domain))
            return f"{col.name}={show_value(item)} is not one of {allowed}"
        if col.pattern is not None and isinstance(item, str) and not re.match(col.pattern, item):
            return f"{col.name}={show_value(item)} does not match {col.pattern}"
    return None


def _check_column(gdf: pd.DataFrame, col: Column, id_column: str) -> list[Problem]:
    values = gdf[col.name]
    missing = _is_missing(values)
    problems: list[Problem] = []
    if not col.nullable and missing.any():
        problems += _row_problems(
            gdf,
            missing,
            id_column,
            lambda p: f"{col.name} is missing",
            f"give every row a {col.name}",
        )
    present = ~missing
    # Infinite numbers are not "missing" to pandas: check them with the values.
    messages: list[str | None] = [None] * len(values)
    for pos in np.flatnonzero(present):
        messages[pos] = _value_problem(col, values.iloc[pos])
    bad = np.array([m is not None for m in messages], dtype=bool)
    if bad.any():
        hint = col.description or col.kind
        if col.domain is not None:
            hint = f"use one of {', '.join(map(repr, col.domain))}"
        problems += _row_problems(
            gdf, bad, id_column, lambda p: str(messages[p]), f"fix {col.name}: {hint}"
        )
    return problems


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
    problems += _row_problems(
        gdf, missing, idc, lambda p: "geometry is missing", "give the row a geometry"
    )
    empty = shapely.is_empty(geoms) & ~missing
    problems += _row_problems(
        gdf, empty, idc, lambda p: "geometry is empty", "give the row a non-empty geometry"
    )
    ok = ~missing & ~empty
    types = shapely.get_type_id(geoms)
    names = np.array(
        [
            "Point",
            "LineString",
            "LinearRing",
            "Polygon",
            "MultiPoint",
            "MultiLineString",
            "MultiPolygon",
            "GeometryCollection",
        ]
    )
    type_names = np.where(types >= 0, names[np.clip(types, 0, 7)], "None")
    wrong_type = ok & ~np.isin(type_names, schema.geometry_types)
    problems += _row_problems(
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
    problems += _row_problems(
        gdf,
        nonfinite,
        idc,
        lambda p: "geometry has NaN or infinite coordinates (x, y or z)",
        "fix the coordinates, or drop heights with shapely.force_2d",
    )
    ok &= coords_finite
    invalid = ok & ~shapely.is_valid(geoms)
    problems += _row_problems(
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

    return _row_problems(
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
    problems = _check_crs(gdf, schema)
    missing_cols = [c for c in schema.required_columns if c not in gdf.columns]
    for name in missing_cols:
        col = schema.column(name)
        problems.append(
            Problem(
                f"column {name!r}",
                "required column is missing",
                f"add it ({col.description or col.kind})",
            )
        )
    for col in schema.columns:
        if col.name in gdf.columns:
            problems += _check_column(gdf, col, schema.id_column)
    problems += _check_ids(gdf, schema)
    if known_sources is not None and "source" in gdf.columns:
        problems += _check_sources(gdf, schema, set(known_sources))
    if gdf.geometry.name in gdf.columns:
        problems += _check_geometry(gdf, schema, check_extent)
    return problems


def _check_ids(gdf: pd.DataFrame, schema: LayerSchema) -> list[Problem]:
    idc = schema.id_column
    if idc not in gdf.columns:
        return []
    ids = gdf[idc]
    dup = ids.duplicated(keep=False).to_numpy() & ~_is_missing(ids)
    return _row_problems(
        gdf,
        dup,
        idc,
        lambda p: f"id {ids.iloc[p]!r} is not unique",
        "give every feature its own id",
    )


def _check_sources(gdf: pd.DataFrame, schema: LayerSchema, known: set[str]) -> list[Problem]:
    unknown = np.array(
        [
            any(k not in known for k in _list_items(v)) if isinstance(v, str) else False
            for v in gdf["source"]
        ],
        dtype=bool,
    )

    def what(p: int) -> str:
        keys = [k for k in _list_items(gdf["source"].iloc[p]) if k not in known]
        return f"source key(s) {', '.join(map(repr, keys))} not in the sources table"

    return _row_problems(
        gdf, unknown, schema.id_column, what, "add the source to geodata/sources.json"
    )


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
