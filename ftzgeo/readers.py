"""Read users' files (GeoJSON, GeoPackage, Shapefile, FlatGeobuf, GeoParquet, CSV) into validated layers."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import CRS

from .atomic import file_error
from .catalog import source_keys
from .errors import (
    DataFileError,
    FileMissingError,
    InvalidArgumentError,
    Problem,
    SuspectCoordinatesWarning,
    ValidationError,
)
from .schema import USER_SCHEMA, get_schema
from .validation import validate

__all__ = ["normalise", "read", "read_file"]

log = logging.getLogger(__name__)

_LON_NAMES = ("lon", "lng", "long", "longitude", "x")
_LAT_NAMES = ("lat", "latitude", "y")


def normalise(gdf: gpd.GeoDataFrame, layer: str) -> gpd.GeoDataFrame:
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


_FORMATS_HELP = "GeoJSON, GeoPackage, Shapefile, FlatGeobuf, GeoParquet or CSV with lon/lat columns"


def read_file(path: Path, file_layer: str | None = None) -> gpd.GeoDataFrame:
    """Read one table of a vector file as it is (no schema), with errors that say how to fix them.

    Raises
    ------
    FileMissingError, FileAccessError, DataFileError
        A missing or unreadable file, a folder, an empty file, an unknown format, or a
        GeoPackage with several tables and no `file_layer`.
    """
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
    layer: str | None = None,
    lon: str | None = None,
    lat: str | None = None,
    file_layer: str | None = None,
    crs: str = "EPSG:4326",
    check_extent: bool = True,
    encoding: str = "utf-8",
) -> gpd.GeoDataFrame:
    """Read a user's file: your own points, lines or areas, or a version of a shipped layer.

    Without `layer`, the file is your own data: only its geometry, CRS, coordinates and text
    encoding are checked, and a ``source`` column (if any) must say ``"user"``, give a URL, or
    name a key of :func:`ftzgeo.sources`. With `layer`, the data must follow that layer's full
    schema, so it can extend or replace the shipped layer.

    Parameters
    ----------
    path : str or path-like
        GeoJSON, GeoPackage, Shapefile, FlatGeobuf, GeoParquet (``.parquet``) or CSV with
        longitude/latitude columns.
    layer : str, optional
        Which shipped layer's schema the data must follow (e.g. ``"land_ports"``).
    lon, lat : str, optional
        CSV coordinate columns; by default ``lon``/``lng``/``longitude``/``x`` and
        ``lat``/``latitude``/``y`` (any case) are recognised.
    file_layer : str, optional
        Table inside a multi-table file (GeoPackage); required when there are several.
    crs : str, default "EPSG:4326"
        CRS of CSV coordinates. Files that declare a CRS are reprojected to EPSG:4326.
    check_extent : bool, default True
        Check that features lie in the layer's extent (without `layer`: on Earth, so a
        projected file declared as lon/lat is caught).
    encoding : str, default "utf-8"
        Text encoding of a CSV file.

    Returns
    -------
    GeoDataFrame
        In EPSG:4326, validated against the layer's schema (or the checks for your own data).

    Warns
    -----
    SuspectCoordinatesWarning
        Without `layer`, naming points that look like (lat, lon) instead of (lon, lat).

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
        gdf = read_file(path, file_layer)
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        log.info("reprojecting %s from %s to EPSG:4326", path, gdf.crs.to_string())
        gdf = gdf.to_crs("EPSG:4326")
    if layer is None:
        validate(gdf, USER_SCHEMA, check_extent=check_extent, subject=str(path))
        if check_extent:
            _check_swapped(gdf, path)
        _check_user_sources(gdf, path)
        return gdf
    gdf = normalise(gdf, layer)
    return validate(gdf, layer, check_extent=check_extent, subject=str(path))


_CITATION_PREFIXES = ("http://", "https://", "doi:")


def _where(path: Path, i: int) -> str:
    """Where row `i` (0-based) of a file is: the line a spreadsheet shows for a CSV."""
    return (
        f"line {i + 2} of {path.name}"
        if path.suffix.lower() == ".csv"
        else f"row {i} of {path.name}"
    )


def _check_swapped(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Warn about points whose (lat, lon), not (lon, lat), lies among the file's other points.

    The core of the file is the 5th–95th percentile box of its points (at least ten of them);
    a point outside that box whose swapped coordinate falls inside it was probably typed in the
    wrong order. A real outlier can look the same (a Moscow office in a Central Asian table), so
    this is a warning that names the rows, not an error.
    """
    pts = gdf.geometry[gdf.geometry.geom_type == "Point"]
    if len(pts) < 10:
        return
    x, y = pts.x.to_numpy(), pts.y.to_numpy()
    x0, x1 = np.percentile(x, [5, 95])
    y0, y1 = np.percentile(y, [5, 95])
    pad_x, pad_y = 0.1 * (x1 - x0) + 0.05, 0.1 * (y1 - y0) + 0.05
    x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y, y1 + pad_y

    def within(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (a >= x0) & (a <= x1) & (b >= y0) & (b <= y1)

    suspect = ~within(x, y) & within(y, x)
    rows = [
        f"{_where(path, gdf.index.get_loc(i))} (lon={lon:.4f}, lat={lat:.4f})"
        for i, lon, lat in zip(pts.index[suspect], x[suspect], y[suspect], strict=True)
    ]
    if rows:
        warnings.warn(
            f"{path.name}: {len(rows)} point(s) look like (lat, lon): swapped, they would lie among "
            f"the file's other points (lon {x0:.2f}..{x1:.2f}, lat {y0:.2f}..{y1:.2f}): "
            f"{'; '.join(rows[:20])}. Swap their longitude and latitude if so.",
            SuspectCoordinatesWarning,
            stacklevel=3,
        )


def _check_user_sources(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """A user's ``source`` says "user", a URL or DOI, or a key of ftzgeo's sources table."""
    if "source" not in gdf.columns:
        return
    known = source_keys()
    problems = []
    for i, value in enumerate(gdf["source"].tolist()):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        items = [v.strip() for v in str(value).split(";") if v.strip()]
        bad = [
            v
            for v in items
            if v != "user" and v not in known and not v.startswith(_CITATION_PREFIXES)
        ]
        if bad:
            problems.append(
                Problem(
                    _where(path, i),
                    f"source {', '.join(map(repr, bad))} is neither 'user', a URL nor a "
                    "source ftzgeo knows",
                    "write source='user' for your own data, or the URL (or doi:) of what you cite",
                )
            )
    if problems:
        raise ValidationError(str(path), problems[:20])
