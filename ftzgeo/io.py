"""The shipped layers in and out: load them, write any layer atomically, export the set.

Reading users' own files lives in :mod:`ftzgeo.readers`; :func:`read` is re-exported here.
"""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd

from . import catalog
from .atomic import file_error, write_atomic
from .errors import DataFileError
from .readers import normalise, read, read_file
from .validation import validate

__all__ = ["export_layers", "load", "load_all", "read", "write"]


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
    gdf = read_file(e.path)
    gdf = normalise(gdf, name)
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


_FORMATS = {"gpkg": ".gpkg", "geojson": ".geojson", "parquet": ".parquet"}


def export_layers(
    path: str | os.PathLike[str],
    *,
    format: str = "gpkg",
    layers: list[str] | None = None,
) -> Path:
    """Write the shipped layers to files, round-tripping exactly through :func:`ftzgeo.read`.

    Parameters
    ----------
    path : str or path-like
        A ``.gpkg`` file (one table per layer) for ``format="gpkg"``; a folder (one file per
        layer) for ``"geojson"`` and ``"parquet"``.
    format : {"gpkg", "geojson", "parquet"}
        Output format.
    layers : list of str, optional
        Layer names (default: all).

    Returns
    -------
    pathlib.Path
        What was written.
    """
    if format not in _FORMATS:
        raise DataFileError(f"format must be one of {', '.join(_FORMATS)}, got {format!r}")
    names = layers or [e.name for e in catalog.entries()]
    path = Path(path).expanduser()
    if format == "gpkg":
        if path.suffix.lower() != ".gpkg":
            raise DataFileError(f"a GeoPackage path ends in .gpkg, got {path.name!r}")

        def writer(tmp: Path) -> None:
            for name in names:
                # Keep Polygon and MultiPolygon apart (GeoPackage would promote all to Multi).
                load(name).to_file(
                    tmp,
                    layer=name,
                    driver="GPKG",
                    engine="pyogrio",
                    promote_to_multi=False,
                    geometry_type="Unknown",
                )

        return write_atomic(path, writer)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise file_error(exc, path) from exc
    for name in names:
        write(load(name), path / f"{name}{_FORMATS[format]}")
    return path
