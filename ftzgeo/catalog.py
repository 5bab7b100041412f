"""Which layers ftzgeo ships, where their files are, and what each declares about itself.

The catalog is ``geodata/catalog.json``; the sources it and every feature cite are in
``geodata/sources.json`` (described for people in ``geodata/SOURCES.md``). In an installed
wheel the folder is the subpackage ``ftzgeo.geodata``; in a source checkout it is the
repository's ``geodata/`` folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from .errors import DataFileError, UnknownLayerError

__all__ = [
    "CatalogEntry",
    "data_dir",
    "data_year",
    "entries",
    "entry",
    "layers",
    "source_keys",
    "sources",
    "waypoints",
]


@dataclass(frozen=True)
class CatalogEntry:
    """What the catalog declares about one shipped layer."""

    name: str
    file: str
    title: str
    description: str
    geometry_type: str
    count: int
    columns: tuple[str, ...]
    license: str
    attribution: str

    @property
    def path(self) -> Path:
        """Path of the layer's GeoJSON file."""
        return data_dir() / self.file


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """Return the folder holding the shipped geodata.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    DataFileError
        If neither the installed data nor a source checkout's ``geodata/`` is found.
    """
    installed = Path(__file__).resolve().parent / "geodata"
    if (installed / "catalog.json").is_file():
        return installed
    checkout = Path(__file__).resolve().parent.parent / "geodata"
    if (checkout / "catalog.json").is_file():
        return checkout
    raise DataFileError(
        "ftzgeo's geodata folder was not found (looked in "
        f"{installed} and {checkout}); reinstall the package with pip install ftzgeo"
    )


def _read_json(name: str) -> Any:
    path = data_dir() / name
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"cannot read {path}: {exc}; reinstall ftzgeo") from exc


@lru_cache(maxsize=1)
def _entries() -> dict[str, CatalogEntry]:
    raw = _read_json("catalog.json")
    out = {}
    for item in raw["layers"]:
        out[item["name"]] = CatalogEntry(
            name=item["name"],
            file=item["file"],
            title=item["title"],
            description=item["description"],
            geometry_type=item["geometry_type"],
            count=int(item["count"]),
            columns=tuple(item["columns"]),
            license=item["license"],
            attribution=item["attribution"],
        )
    return out


def data_year() -> int:
    """The year the shipped data was last checked (``data_as_of`` in ``catalog.json``)."""
    return int(str(_read_json("catalog.json")["data_as_of"])[:4])


def entries() -> tuple[CatalogEntry, ...]:
    """Return every catalog entry, in catalog order."""
    return tuple(_entries().values())


def entry(name: str) -> CatalogEntry:
    """Return the catalog entry of layer `name`.

    Raises
    ------
    UnknownLayerError
        If there is no such layer; the message suggests close names.
    """
    found = _entries()
    if name not in found:
        raise UnknownLayerError(name, found)
    return found[name]


def layers() -> pd.DataFrame:
    """List the shipped layers.

    Returns
    -------
    pandas.DataFrame
        One row per layer, indexed by name, with ``title``, ``description``,
        ``geometry_type``, ``count``, ``license`` and ``attribution``.

    Examples
    --------
    >>> import ftzgeo as fz
    >>> "land_ports" in fz.layers().index
    True
    """
    rows = [
        {
            "name": e.name,
            "title": e.title,
            "description": e.description,
            "geometry_type": e.geometry_type,
            "count": e.count,
            "license": e.license,
            "attribution": e.attribution,
        }
        for e in entries()
    ]
    return pd.DataFrame(rows).set_index("name")


@lru_cache(maxsize=1)
def _sources() -> dict[str, dict[str, str]]:
    return dict(_read_json("sources.json")["sources"])


def sources() -> pd.DataFrame:
    """Return the sources table every feature's ``source`` keys refer to.

    Returns
    -------
    pandas.DataFrame
        Indexed by key, with ``title``, ``publisher``, ``url``, ``accessed`` and ``used_for``.
    """
    frame = pd.DataFrame.from_dict(_sources(), orient="index")
    frame.index.name = "key"
    return frame


def source_keys() -> frozenset[str]:
    """Return the set of valid source keys."""
    return frozenset(_sources())


def waypoints() -> gpd.GeoDataFrame:
    """Return the named, sourced waypoints that the shipped lines are drawn through.

    Every vertex of the ``rail``, ``roads`` and ``pipelines`` layers is one of these points; a
    line's ``via`` column lists its waypoint ids in order.

    Returns
    -------
    GeoDataFrame
        Indexed by waypoint id, with ``name``, ``source`` (a key of :func:`sources`),
        ``accuracy_m`` and ``note``, in EPSG:4326.
    """
    frame = pd.read_csv(
        data_dir() / "waypoints.csv", keep_default_na=False, na_values={"lon": [""], "lat": [""]}
    )
    gdf = gpd.GeoDataFrame(
        frame.drop(columns=["lon", "lat"]),
        geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
        crs="EPSG:4326",
    )
    return gdf.set_index("id")
