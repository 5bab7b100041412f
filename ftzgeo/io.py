"""Load the shipped layers, read users' files into validated layers, write files atomically."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from . import catalog
from .atomic import file_error, write_atomic
from .errors import (
    DataFileError,
    FileMissingError,
    InvalidArgumentError,
    Problem,
    ValidationError,
)
from .schema import get_schema
from .validation import validate

__all__ = ["load", "load_all", "read", "write"]

log = logging.getLogger(__name__)

_LON_NAMES = ("lon", "lng", "long", "longitude", "x")
_LAT_NAMES = ("lat", "latitude", "y")


def _normalise(gdf: gpd.GeoDataFrame, layer: str) -> gpd.GeoDataFrame:
    """Give columns the dtypes the schema declares (GeoJSON readers guess)."""
    schema = get_schema(layer)
    out = gdf.copy()
    for col in schema.columns:
        if col.name not in out.columns:
            continue
        values = out[col.name]
        if col.kind == "bool" and not pd.api.types.is_bool_dtype(values):
            known = values.dropna()
            if (
                known.isin([0, 1, True, False]).all()
                and not known.map(lambda v: isinstance(v, str)).any()
            ):
                out[col.name] = values.astype("boolean")
            continue
        whole = values.dropna()
        if (
            col.kind in ("int", "year")
            and pd.api.types.is_float_dtype(values)
            and np.all(np.mod(whole.to_numpy(), 1) == 0)
        ):
            out[col.name] = values.astype("Int64")
    return out


def load(name: str) -> gpd.GeoDataFrame:
    """Load one of ftzgeo's shipped layers.

    Parameters
    ----------
    name : str
        Layer name; see :func:`ftzgeo.layers`.

    Returns
    -------
    GeoDataFrame
        Validated, in EPSG:4326, one row per feature with its provenance columns
        (``source``, ``geometry_quality``, ``accuracy_m``). A fresh copy on every call.

    Raises
    ------
    UnknownLayerError
        If no layer has that name.

    Examples
    --------
    >>> import ftzgeo as fz
    >>> ports = fz.load("land_ports")
    >>> ports.crs.to_epsg()
    4326
    """
    e = catalog.entry(name)
    gdf = _read_file(e.path)
    gdf = _normalise(gdf, name)
    return validate(
        gdf, name, known_sources=catalog.source_keys(), subject=f"shipped layer {name!r}"
    )


def load_all() -> dict[str, gpd.GeoDataFrame]:
    """Load every shipped layer.

    Returns
    -------
    dict of str to GeoDataFrame
        Keyed by layer name, in catalog order.
    """
    return {e.name: load(e.name) for e in catalog.entries()}


_FORMATS_HELP = "GeoJSON, GeoPackage, Shapefile, FlatGeobuf, GeoParquet or CSV with lon/lat columns"


def _read_file(path: Path, file_layer: str | None = None) -> gpd.GeoDataFrame:
    import pyogrio

    if path.is_file():
        try:
            path.open("rb").close()  # an unreadable file is a permissions problem, say so
        except OSError as exc:
            raise file_error(exc, path, "read") from exc
    try:
        tables = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as exc:  # GDAL's own wording says little: say what we accept
        raise DataFileError(
            f"cannot read {path}: not a geodata file ftzgeo can open ({_FORMATS_HELP})"
        ) from exc
    if file_layer is None and len(tables) > 1:
        raise ValidationError(
            str(path),
            [
                Problem(
                    "tables",
                    f"the file holds {len(tables)} tables: {', '.join(tables)}",
                    "choose one with file_layer=... (ftzgeo never picks one silently)",
                )
            ],
        )
    if file_layer is not None and file_layer not in tables:
        raise ValidationError(
            str(path),
            [
                Problem(
                    f"file_layer={file_layer!r}", "no such table", f"tables: {', '.join(tables)}"
                )
            ],
        )
    try:
        kwargs = {"layer": file_layer} if file_layer else {}
        return gpd.read_file(path, engine="pyogrio", datetime_as_string=True, **kwargs)
    except Exception as exc:  # pyogrio raises several unrelated types
        raise DataFileError(f"cannot read {path}: {exc}") from exc


def _pick(
    columns: Sequence[str], wanted: str | None, names: Sequence[str], what: str, path: Path
) -> str:
    if wanted is not None:
        if wanted not in columns:
            raise ValidationError(
                str(path),
                [
                    Problem(
                        f"column {wanted!r}",
                        f"{what} column not found",
                        f"columns are: {', '.join(columns)}",
                    )
                ],
            )
        return wanted
    lowered = {c.lower(): c for c in columns}
    for n in names:
        if n in lowered:
            return lowered[n]
    raise ValidationError(
        str(path),
        [
            Problem(
                "columns",
                f"no {what} column found (looked for {', '.join(names)})",
                f"name it {names[0]!r} or pass {what}=... to read()",
            )
        ],
    )


def _read_csv(
    path: Path, lon: str | None, lat: str | None, crs: str, encoding: str
) -> gpd.GeoDataFrame:
    try:
        frame = pd.read_csv(path, encoding=encoding)
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"cannot read CSV {path}: it is not {encoding} text. Save the file as "
            "UTF-8, or pass its encoding, e.g. encoding='gb18030' or 'cp1251'"
        ) from exc
    except LookupError as exc:
        raise InvalidArgumentError(f"unknown encoding {encoding!r}") from exc
    except Exception as exc:
        raise DataFileError(f"cannot read CSV {path}: {exc}") from exc
    lon_col = _pick(list(frame.columns), lon, _LON_NAMES, "lon", path)
    lat_col = _pick(list(frame.columns), lat, _LAT_NAMES, "lat", path)
    x = pd.to_numeric(frame[lon_col], errors="coerce")
    y = pd.to_numeric(frame[lat_col], errors="coerce")
    bad = x.isna() | y.isna()
    if bad.any():
        problems = [
            Problem(
                f"line {i + 2} of {path.name}",
                f"{lon_col}={frame[lon_col].iloc[i]!r}, {lat_col}={frame[lat_col].iloc[i]!r} "
                "is not a pair of numbers",
                "write decimal degrees, e.g. 80.41 and 44.21",
            )
            for i in np.flatnonzero(bad.to_numpy())[:20]
        ]
        raise ValidationError(str(path), problems)
    data = frame.drop(columns=[lon_col, lat_col])
    return gpd.GeoDataFrame(data, geometry=gpd.points_from_xy(x, y), crs=crs)


def read(
    path: str | os.PathLike[str],
    *,
    layer: str,
    lon: str | None = None,
    lat: str | None = None,
    file_layer: str | None = None,
    crs: str = "EPSG:4326",
    check_extent: bool = True,
    encoding: str = "utf-8",
) -> gpd.GeoDataFrame:
    """Read a user's file as a validated ftzgeo layer.

    Parameters
    ----------
    path : str or path-like
        GeoJSON, GeoPackage, Shapefile, FlatGeobuf, GeoParquet (``.parquet``) or CSV with
        longitude/latitude columns.
    layer : str
        Which layer's schema the data must follow (e.g. ``"land_ports"``), so the result can
        extend or replace that layer.
    lon, lat : str, optional
        CSV coordinate columns; by default ``lon``/``lng``/``longitude``/``x`` and
        ``lat``/``latitude``/``y`` (any case) are recognised.
    file_layer : str, optional
        Table inside a multi-table file (GeoPackage); required when there are several.
    crs : str, default "EPSG:4326"
        CRS of CSV coordinates. Files that declare a CRS are reprojected to EPSG:4326.
    check_extent : bool, default True
        Check that features lie in the layer's extent.
    encoding : str, default "utf-8"
        Text encoding of a CSV file.

    Returns
    -------
    GeoDataFrame
        In EPSG:4326, validated against the layer's schema.

    Raises
    ------
    DataFileError
        If the file cannot be read.
    ValidationError
        Listing every problem (which row, what, how to fix it).
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise FileMissingError(f"no such file: {path}")
    if path.is_dir() and path.suffix.lower() != ".gdb":  # a File Geodatabase is a folder
        raise DataFileError(f"cannot read {path}: it is a folder; give a file ({_FORMATS_HELP})")
    if path.stat().st_size == 0:
        raise DataFileError(f"cannot read {path}: the file is empty")
    try:
        CRS.from_user_input(crs)
    except Exception as exc:
        raise InvalidArgumentError(
            f"crs={crs!r} is not a coordinate reference system; give e.g. 'EPSG:4326'"
        ) from exc
    suffix = path.suffix.lower()
    if suffix == ".csv":
        gdf = _read_csv(path, lon, lat, crs, encoding)
    elif suffix in (".parquet", ".geoparquet"):
        try:
            gdf = gpd.read_parquet(path)
        except Exception as exc:
            raise DataFileError(f"cannot read GeoParquet {path}: {exc}") from exc
    else:
        gdf = _read_file(path, file_layer)
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        log.info("reprojecting %s from %s to EPSG:4326", path, gdf.crs.to_string())
        gdf = gdf.to_crs("EPSG:4326")
    gdf = _normalise(gdf, layer)
    return validate(gdf, layer, check_extent=check_extent, subject=str(path))


_DRIVERS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".fgb": "FlatGeobuf"}


def write(
    gdf: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    driver: str | None = None,
    **options: object,
) -> Path:
    """Write a GeoDataFrame atomically: the file appears whole or not at all.

    Parameters
    ----------
    gdf : GeoDataFrame
        Data to write (not modified).
    path : str or path-like
        Destination; ``.geojson``/``.json``, ``.gpkg``, ``.fgb`` or ``.parquet``.
    driver : str, optional
        OGR driver name, overriding the one implied by the suffix.
    **options
        Passed to :meth:`GeoDataFrame.to_file` (e.g. ``COORDINATE_PRECISION=6`` for GeoJSON)
        or :meth:`GeoDataFrame.to_parquet`.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if driver is None and suffix not in _DRIVERS and suffix != ".parquet":
        raise DataFileError(
            f"cannot tell the format of {path.name!r}: "
            "use .geojson, .gpkg, .fgb or .parquet, or pass driver="
        )

    def writer(tmp: Path) -> None:
        try:
            if suffix == ".parquet" and driver is None:
                gdf.to_parquet(tmp, **options)
            else:
                gdf.to_file(
                    tmp,
                    driver=driver or _DRIVERS[suffix],
                    engine="pyogrio",
                    layer=path.stem,
                    **options,
                )
        except OSError:
            raise
        except Exception as exc:  # the drivers' own errors: say which file and which driver
            raise DataFileError(f"cannot write {path} ({driver or suffix}): {exc}") from exc

    return write_atomic(path, writer)
