"""The network's inputs, read once: lines per mode (projected) and places, with their attributes.

Every value that reaches the graph is cleaned here (years to ints, NaN to None), so the rest of
the builder works on plain typed records: :class:`Line` and :class:`Place`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point

from ..crs import WGS84
from ..status import select as visible
from .defaults import CROSSING_KINDS

__all__ = ["Line", "Place", "known_countries", "read_lines", "read_places", "visible"]


@dataclass
class Line:
    """A line piece's attributes, its geometry projected to metres."""

    ident: str
    mode: str
    gauge: int | None
    status: str
    opened: int | None
    speed_kmh: float
    geometry: LineString  # projected, metres


@dataclass
class Place:
    """An origin/destination or a crossing point, with its projected position."""

    node: str
    kind: str
    ident: str
    name: str
    point: Point  # projected
    lonlat: tuple[float, float]
    country: str | None = None
    attrs: dict = field(default_factory=dict)
    name_zh: str | None = None

    @property
    def crosses(self) -> bool:
        """Whether this place is a border crossing point (a land port or a crossing)."""
        return self.kind in CROSSING_KINDS

    @property
    def sides(self) -> tuple[str, str]:
        """The two countries a crossing point joins: its own side first."""
        return self.attrs["home_iso3"], self.attrs["neighbour_iso3"]


def _explode_lines(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    return gdf.explode(index_parts=False, ignore_index=True)


def int_or_none(value: object) -> int | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)  # type: ignore[arg-type]  # numbers, numpy scalars, numeric text
    return None if math.isnan(number) else int(number)


def float_or_none(value: object) -> float | None:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None


def read_lines(
    links: Mapping[str, gpd.GeoDataFrame],
    to_m: Transformer,
    speeds: Mapping[str, float],
) -> list[Line]:
    """Project every line once (vectorised) and keep the attributes routing needs."""
    out = []
    for mode, gdf in links.items():
        data = _explode_lines(gdf.to_crs(WGS84))
        if not len(data):
            continue
        coords, index = shapely.get_coordinates(data.geometry.to_numpy(), return_index=True)
        x, y = to_m.transform(coords[:, 0], coords[:, 1])
        geoms = shapely.linestrings(np.column_stack([x, y]), indices=index)
        n = len(data)

        def column(name: str, default: object, n: int = n, data: gpd.GeoDataFrame = data) -> list:
            return data[name].tolist() if name in data.columns else [default] * n

        ids, status, opened = (
            column("id", None),
            column("status", "operating"),
            column("opened", None),
        )
        gauges, own_speed = column("gauge_mm", None), column("speed_kmh", None)
        lengths = shapely.length(geoms)
        for i in range(n):
            if lengths[i] == 0:
                continue
            own = own_speed[i]
            speed = float(own) if isinstance(own, (int, float)) and own == own and own > 0 else None
            ident = str(ids[i]) if ids[i] is not None else f"{mode}-{i}"
            out.append(
                Line(
                    ident=ident,
                    mode=mode,
                    gauge=int_or_none(gauges[i]) if mode == "rail" else None,
                    status=str(status[i]),
                    opened=int_or_none(opened[i]),
                    speed_kmh=speed or speeds.get(ident) or speeds[mode],
                    geometry=geoms[i],
                )
            )
    return out


def _own_dwell(row: pd.Series, kind: str) -> dict[str, float]:
    """Dwell hours a crossing point states itself, by mode (``dwell_h`` applies to all)."""
    out = {}
    for mode in ("road", "rail"):
        for column in (f"dwell_h_{mode}", "dwell_h"):
            value = float_or_none(row.get(column))
            if value is not None:
                out[mode] = value
                break
    return out


def read_places(
    places: Mapping[str, gpd.GeoDataFrame],
    crossings: Mapping[str, gpd.GeoDataFrame],
    to_m: Transformer,
) -> list[Place]:
    """Places and crossing points (land ports, border crossings) as typed records."""
    out: list[Place] = []
    for kind, gdf in {**places, **crossings}.items():
        gdf = gdf.to_crs(WGS84)
        reps = gdf.geometry.representative_point()
        for (_, row), pt in zip(gdf.iterrows(), reps, strict=True):
            x, y = to_m.transform(pt.x, pt.y)
            ident = str(row.get("id"))
            attrs = {}
            if kind in CROSSING_KINDS:
                home = row.get("country_iso3") if kind == "crossing" else "CHN"
                attrs = {
                    "home_iso3": home,
                    "neighbour_iso3": row.get("neighbour_iso3"),
                    "modes": tuple(str(row.get("modes", "")).split(";")),
                    "dwell_h": _own_dwell(row, kind),
                    "opened": int_or_none(row.get("opened")),
                    "status": row.get("status") if isinstance(row.get("status"), str) else None,
                }
            out.append(
                Place(
                    node=f"{kind}:{ident}",
                    kind=kind,
                    ident=ident,
                    name=str(row.get("name_en", ident)),
                    point=Point(x, y),
                    lonlat=(pt.x, pt.y),
                    country=row.get("country_iso3")
                    if isinstance(row.get("country_iso3"), str)
                    else None,
                    attrs=attrs,
                    name_zh=row.get("name_zh") if isinstance(row.get("name_zh"), str) else None,
                )
            )
    return out


def known_countries(places: Mapping[str, gpd.GeoDataFrame]) -> dict[tuple[float, float], str]:
    """Countries stated by the data for exact points: sourced waypoints and places."""
    from ..catalog import waypoints

    known: dict[tuple[float, float], str] = {}
    wps = waypoints()
    for geom, iso in zip(wps.geometry, wps["country_iso3"], strict=True):
        if isinstance(iso, str) and iso:
            known[(round(geom.x, 4), round(geom.y, 4))] = iso
    for gdf in places.values():
        if "country_iso3" in gdf.columns:
            pts = gdf.to_crs(WGS84).geometry.representative_point()
            for geom, iso in zip(pts, gdf["country_iso3"], strict=True):
                if isinstance(iso, str) and iso:
                    known[(round(geom.x, 4), round(geom.y, 4))] = iso
    return known
