"""The multimodal connectivity network: rail and road lines, places, land ports and borders.

:func:`build_network` turns line layers (the shipped ``rail`` and ``roads``, or a user's own,
non-topological data) into a :class:`networkx.MultiDiGraph`:

* lines are cut where they pass within ``snap_tolerance_m`` of a line end, a shared vertex or
  a place, and their ends are merged within that tolerance (in a local equidistant projection);
* places (cities, FTZ sub-zones, land ports) are nodes of their own, joined to the network by
  ``access`` edges;
* rail nodes are kept apart by gauge, so a change between 1435 and 1520 mm is an explicit
  ``transfer`` edge that costs ``gauge_change_h``; road and rail meet through ``transfer``
  edges that cost ``mode_change_h``;
* a border can only be crossed at a named crossing point of the right mode, through a
  ``border`` edge that costs the crossing's dwell time: China's borders at an open land port
  (``land_ports``), the borders between China's neighbours at a ``border_crossings`` point. A
  line piece that crosses a border where the data has no open crossing point is dropped and
  listed in ``G.graph["dropped"]``: the network never carries a route across a border it cannot
  name.

Every default is a published figure or a stated assumption (see :data:`DEFAULTS`), and every one
can be overridden per call, per mode or per port.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from scipy.spatial import cKDTree
from shapely.geometry import LineString, Point
from shapely.ops import substring

from .checks import check_choices, check_number, check_numbers, check_year
from .crs import WGS84, local_crs
from .errors import InvalidArgumentError
from .io import load
from .measures import GEOD
from .schema import STATUSES

__all__ = [
    "DEFAULTS",
    "NetworkDefaults",
    "arrival",
    "build_network",
    "build_pipeline_network",
    "graph_from_gdfs",
    "graph_to_gdfs",
]

log = logging.getLogger(__name__)

STATUSES_TODAY = ("operating",)


@dataclass(frozen=True)
class NetworkDefaults:
    """Default speeds and waiting times of the network model.

    Attributes
    ----------
    speed_kmh : mapping
        Average speed on a line by mode, used where a line has no ``speed_kmh`` of its own.
    access_speed_kmh : float
        Speed on the short links that join places to the network.
    border_dwell_h : mapping
        Time to clear a land port, by mode.
    other_border_h : float
        Time to clear a border crossing between China's neighbours that has no dwell time of its
        own in the ``border_crossings`` layer.
    gauge_change_h : float
        Time to move freight between 1435 and 1520 mm wagons.
    mode_change_h : float
        Time to move between road and rail at a node where both meet.
    sources : mapping
        Where each figure comes from.
    """

    speed_kmh: Mapping[str, float] = field(default_factory=lambda: {"rail": 53.9, "road": 42.0})
    access_speed_kmh: float = 40.0
    border_dwell_h: Mapping[str, float] = field(
        default_factory=lambda: {
            "rail": 40.6,
            "road": 9.9,
            # Per port, PRC side, CAREC CPMM 2022 (one year's sample: noisy, but measured).
            "alashankou-road": 81.3,
            "khorgos-road": 23.5,
            "alashankou-rail": 30.5,
            "khorgos-rail": 34.8,
            "torugart": 50.1,
        }
    )
    other_border_h: float = 3.9
    gauge_change_h: float = 1.5
    mode_change_h: float = 6.0
    sources: Mapping[str, str] = field(
        default_factory=lambda: {
            "speed_kmh": "CAREC CPMM 2022, speed without delay, all corridors: road 42.0, rail 53.9 km/h "
            "(https://cpmm.carecprogram.org/?p=130)",
            "border_dwell_h": "CAREC CPMM 2022, average time to clear a border crossing point: road 9.9 h, "
            "rail 40.6 h (https://cpmm.carecprogram.org/?p=130); per port, PRC 2022 report "
            "(https://cpmm.carecprogram.org/2022-report/peoples-republic-of-china) and Torugart outbound, "
            "Kyrgyz 2022 report (https://cpmm.carecprogram.org/2022-report/kyrgyz-republic)",
            "other_border_h": "CAREC CPMM 2022 road clearance, mean of the country averages of Kazakhstan "
            "4.3, Kyrgyz Republic 2.8, Tajikistan 4.1 and Uzbekistan 4.2 h "
            "(https://cpmm.carecprogram.org/2022-report/kazakhstan and the other 2022 country reports)",
            "gauge_change_h": "whole-train container transshipment at Alashankou, 1.5 h (2024, "
            "https://khabarasia.com/techsci/20240707-china-europe-railway-express-accelerates-with-record-growth-)",
            "mode_change_h": "assumption (no published figure used): road-rail transfer at a terminal",
            "access_speed_kmh": "assumption: local roads between a place and the network",
        }
    )


DEFAULTS = NetworkDefaults()

# What a border edge is called by the kind of place it crosses at.
CROSSING_KINDS = {"port": "land_port", "crossing": "border_crossing"}


@dataclass
class _Line:
    ident: str
    mode: str
    gauge: int | None
    status: str
    opened: int | None
    speed_kmh: float
    geometry: LineString  # projected, metres


@dataclass
class _Place:
    node: str
    kind: str
    ident: str
    name: str
    point: Point  # projected
    lonlat: tuple[float, float]
    country: str | None = None
    attrs: dict = field(default_factory=dict)

    @property
    def crosses(self) -> bool:
        """Whether this place is a border crossing point (a land port or a crossing)."""
        return self.kind in CROSSING_KINDS

    @property
    def sides(self) -> tuple[str, str]:
        """The two countries a crossing point joins: its own side first."""
        return self.attrs["home_iso3"], self.attrs["neighbour_iso3"]


def _visible(gdf: gpd.GeoDataFrame, status: Sequence[str], year: int | None) -> gpd.GeoDataFrame:
    """Features in the network as of `year` with a status in `status`."""
    keep = (
        gdf["status"].isin(status) if "status" in gdf.columns else pd.Series(True, index=gdf.index)
    )
    if year is not None and "opened" in gdf.columns:
        opened = gdf["opened"]
        running = gdf["status"].isin(["operating", "closed"]) if "status" in gdf.columns else keep
        # As it stood in `year`: opened by then (unknown opening years count as open).
        keep &= running & (opened.isna() | (opened <= year))
    return gdf[keep.fillna(False).astype(bool)]


def _explode_lines(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    return gdf.explode(index_parts=False, ignore_index=True)


def _int_or_none(value: object) -> int | None:
    if value is None or value is pd.NA:
        return None
    try:
        if np.isnan(value):  # type: ignore[arg-type]
            return None
    except TypeError:
        pass
    return int(value)  # type: ignore[arg-type]


def _lines(
    links: Mapping[str, gpd.GeoDataFrame],
    to_m: Transformer,
    speeds: Mapping[str, float],
) -> list[_Line]:
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
                _Line(
                    ident=ident,
                    mode=mode,
                    gauge=_int_or_none(gauges[i]) if mode == "rail" else None,
                    status=str(status[i]),
                    opened=_int_or_none(opened[i]),
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
            value = _float(row.get(column))
            if value is not None:
                out[mode] = value
                break
    return out


def _places(
    places: Mapping[str, gpd.GeoDataFrame],
    crossings: Mapping[str, gpd.GeoDataFrame],
    to_m: Transformer,
) -> list[_Place]:
    out: list[_Place] = []
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
                }
            out.append(
                _Place(
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
                )
            )
    return out


def _split_lines(
    lines: list[_Line], places: list[_Place], tol_m: float, port_snap_m: float
) -> list[tuple[_Line, LineString]]:
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


def _edge_geom(coords_m: np.ndarray, to_ll: Transformer) -> LineString:
    x, y = to_ll.transform(coords_m[:, 0], coords_m[:, 1])
    return LineString(np.column_stack([x, y]))


def _km(geom: LineString) -> float:
    return GEOD.geometry_length(geom) / 1000.0


def build_network(
    *,
    modes: Sequence[str] = ("rail", "road"),
    status: Sequence[str] = STATUSES_TODAY,
    year: int | None = None,
    links: Mapping[str, gpd.GeoDataFrame] | None = None,
    places: Mapping[str, gpd.GeoDataFrame] | None = None,
    ports: gpd.GeoDataFrame | None = None,
    crossings: gpd.GeoDataFrame | None = None,
    countries: gpd.GeoDataFrame | None = None,
    snap_tolerance_m: float = 2000.0,
    port_snap_m: float = 15000.0,
    access_km: float = 60.0,
    border_link_km: float = 30.0,
    speeds: Mapping[str, float] | None = None,
    border_dwell_h: Mapping[str, float] | None = None,
    gauge_change_h: float | None = None,
    mode_change_h: float | None = None,
    other_border_h: float | None = None,
    defaults: NetworkDefaults = DEFAULTS,
):
    """Build the multimodal rail/road network as it stands (or stood in `year`).

    Parameters
    ----------
    modes : sequence of {"rail", "road"}
        Modes to include.
    status : sequence of str
        Line and port statuses to include; add ``"under_construction"`` / ``"planned"`` for
        scenarios.
    year : int, optional
        The network as it stood in that year: only what was operating and opened by then.
    links : mapping of mode to GeoDataFrame, optional
        Your own lines per mode (e.g. an OpenStreetMap extract) instead of the shipped
        ``rail``/``roads``; they need not be topological. Optional columns: ``id``, ``status``,
        ``opened``, ``gauge_mm``, ``speed_kmh``.
    places : mapping of kind to GeoDataFrame, optional
        Origins and destinations; by default
        ``{"city": cities, "subzone": subzones, "hub": hubs}``.
    ports : GeoDataFrame, optional
        China's land ports (default: the shipped layer); a ``dwell_h`` column overrides per
        port.
    crossings : GeoDataFrame, optional
        Border crossings between China's neighbours (default: the shipped
        ``border_crossings``), with ``country_iso3``, ``neighbour_iso3``, ``modes`` and
        optionally ``dwell_h_road`` / ``dwell_h_rail``.
    countries : GeoDataFrame, optional
        Country polygons with ``iso3`` (default: the shipped layer).
    snap_tolerance_m : float, default 2000
        Line ends, shared vertices and places closer than this are one node.
    port_snap_m : float, default 15000
        A line passing this close to a crossing point (land port or border crossing) of its
        mode is routed through it.
    access_km : float, default 60
        Longest access link from a place to the network.
    border_link_km : float, default 30
        Longest link from a land port to the nearest node on the neighbour's side when the
        lines on both sides end short of each other (e.g. Alashankou–Dostyk).
    speeds : mapping, optional
        Speed by mode or by line id, overriding :attr:`NetworkDefaults.speed_kmh`.
    border_dwell_h : mapping, optional
        Dwell time by mode (China's land ports) or by port or crossing id, overriding the
        defaults.
    gauge_change_h, mode_change_h, other_border_h : float, optional
        Override the defaults.
    defaults : NetworkDefaults
        The default figures.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes carry ``x``, ``y`` (lon/lat), ``kind`` (``junction``/``city``/``subzone``/
        ``hub``/``port``/``crossing``), ``country``, ``mode``, ``gauge_mm``; edges carry
        ``mode``, ``length_km``, ``speed_kmh``, ``travel_time_h``, ``status``, ``opened``,
        ``id``, ``geometry`` and, for ``border`` and ``transfer`` edges, ``port`` (the
        crossing's id), ``crossing_kind`` (``land_port``/``border_crossing``),
        ``crossing_name``, ``border`` and ``gauge_change``.
        ``G.graph`` records the parameters and what was dropped.
    """
    import networkx as nx

    modes = check_choices("modes", modes, ("rail", "road"))
    status = check_choices("status", status, STATUSES)
    year = check_year("year", year)
    for name, value in (
        ("snap_tolerance_m", snap_tolerance_m),
        ("port_snap_m", port_snap_m),
        ("access_km", access_km),
        ("border_link_km", border_link_km),
    ):
        check_number(name, value, minimum=0.0)
    speeds_all = {**defaults.speed_kmh, **check_numbers("speeds", speeds, above=0.0)}
    dwell = {
        **defaults.border_dwell_h,
        **check_numbers("border_dwell_h", border_dwell_h, minimum=0.0),
    }
    hours = {
        name: getattr(defaults, name) if value is None else check_number(name, value, minimum=0.0)
        for name, value in (
            ("gauge_change_h", gauge_change_h),
            ("mode_change_h", mode_change_h),
            ("other_border_h", other_border_h),
        )
    }
    gauge_h, change_h, other_h = (
        hours["gauge_change_h"],
        hours["mode_change_h"],
        hours["other_border_h"],
    )

    if links is None:
        shipped = {"rail": "rail", "road": "roads"}
        links = {m: load(shipped[m]) for m in modes}
    else:
        links = {m: g for m, g in links.items() if m in modes}
    links = {m: _visible(g, status, year) for m, g in links.items()}
    if places is None:
        places = {"city": load("cities"), "subzone": load("subzones"), "hub": load("hubs")}
    crossing_frames = {
        "port": _visible(load("land_ports") if ports is None else ports, status, year),
        "crossing": _visible(
            load("border_crossings") if crossings is None else crossings, status, year
        ),
    }
    countries = load("countries") if countries is None else countries.to_crs(WGS84)
    known_countries = _known_countries(places)

    frames = [g.to_crs(WGS84) for g in links.values() if len(g)] + [
        g.to_crs(WGS84) for g in places.values()
    ]
    if not frames:
        raise InvalidArgumentError(
            "nothing to build a network from: no lines match these modes, statuses and year"
        )
    crs = local_crs(pd.concat([f.geometry for f in frames]).pipe(gpd.GeoSeries, crs=WGS84))
    to_m = Transformer.from_crs(WGS84, crs, always_xy=True)
    to_ll = Transformer.from_crs(crs, WGS84, always_xy=True)

    lines = _lines(links, to_m, speeds_all)
    place_list = _places(places, crossing_frames, to_m)
    pieces = _split_lines(lines, place_list, snap_tolerance_m, port_snap_m)

    # Nodes: piece ends and places, merged within tolerance.
    pts = [np.asarray(p.coords[0]) for _, p in pieces] + [
        np.asarray(p.coords[-1]) for _, p in pieces
    ]
    n_ends = len(pts)
    pts += [np.asarray(pl.point.coords[0]) for pl in place_list]
    xy = np.vstack(pts) if pts else np.zeros((0, 2))
    labels = _clusters(xy, snap_tolerance_m) if len(xy) else np.zeros(0, dtype=int)
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    centre = np.zeros((n_clusters, 2))
    np.add.at(centre, labels, xy)
    centre /= np.bincount(labels, minlength=n_clusters)[:, None]
    lon, lat = to_ll.transform(centre[:, 0], centre[:, 1])
    cl_lonlat = np.column_stack([lon, lat])
    cl_country = _countries_of(cl_lonlat, countries) if n_clusters else []
    # Where a node is a point whose country is known (a sourced waypoint, a city), that wins
    # over the generalised borders of the country polygons.
    if len(xy):
        mx, my = to_ll.transform(xy[:, 0], xy[:, 1])
        for (lon_i, lat_i), cluster in zip(
            np.round(np.column_stack([mx, my]), 4), labels, strict=True
        ):
            stated = known_countries.get((float(lon_i), float(lat_i)))
            if stated:
                cl_country[int(cluster)] = stated

    place_cluster = {pl.node: int(labels[n_ends + i]) for i, pl in enumerate(place_list)}
    ports_at: dict[int, list[_Place]] = {}
    for pl in place_list:
        if pl.crosses:
            ports_at.setdefault(place_cluster[pl.node], []).append(pl)

    G = nx.MultiDiGraph(
        crs="EPSG:4326",
        name="ftzgeo multimodal network",
        modes=tuple(modes),
        status=tuple(status),
        year=year,
        snap_tolerance_m=snap_tolerance_m,
        defaults=defaults,
        dropped=[],
    )

    def variant(cluster: int, side: str | None, mode: str, gauge: int | None) -> str:
        key = f"n{cluster}:{side or '-'}:{mode}{gauge or ''}"
        if key not in G:
            G.add_node(
                key,
                x=float(cl_lonlat[cluster, 0]),
                y=float(cl_lonlat[cluster, 1]),
                kind="junction",
                cluster=cluster,
                country=side or cl_country[cluster],
                mode=mode,
                gauge_mm=gauge,
            )
        return key

    def port_for(cluster: int, mode: str) -> _Place | None:
        for pl in ports_at.get(cluster, []):
            if mode in pl.attrs["modes"]:
                return pl
        return None

    def side_at(cluster: int, other: int, mode: str) -> str | None:
        port = port_for(cluster, mode)
        if port is None:
            return None
        home, neighbour = port.sides
        return neighbour if cl_country[other] == neighbour else home

    dropped: list[dict] = G.graph["dropped"]

    def add_both(u: str, v: str, **attrs: object) -> None:
        geom = attrs.pop("geometry")
        G.add_edge(u, v, geometry=geom, **attrs)
        G.add_edge(v, u, geometry=geom.reverse(), **attrs)

    for k, (ln, piece) in enumerate(pieces):
        a, b = int(labels[k]), int(labels[len(pieces) + k])
        if a == b:
            continue
        ca, cb = cl_country[a], cl_country[b]
        sa, sb = side_at(a, b, ln.mode), side_at(b, a, ln.mode)
        ea, eb = sa or ca, sb or cb
        geom = _edge_geom(np.asarray(piece.coords), to_ll)
        km = _km(geom)
        base = {
            "mode": ln.mode,
            "id": ln.ident,
            "status": ln.status,
            "opened": ln.opened,
            "gauge_mm": ln.gauge,
            "speed_kmh": ln.speed_kmh,
            "length_km": km,
            "travel_time_h": km / ln.speed_kmh,
            "geometry": geom,
        }
        if ea != eb and ea and eb:
            port = _nearest_port(piece, ln.mode, ports_at, port_snap_m, {ea, eb})
            if port is None:
                what = "open port" if "CHN" in (ea, eb) else "open crossing point in the data"
                dropped.append(
                    {"id": ln.ident, "mode": ln.mode, "reason": f"crosses {ea}-{eb} with no {what}"}
                )
                continue
            # Route the crossing through the port: a -> port on a's side, port -> b on b's.
            pc = place_cluster[port.node]
            for end, end_side, other_side, first in ((a, sa, ea, True), (b, sb, eb, False)):
                ends = [
                    np.asarray(piece.coords[0 if first else -1]),
                    np.asarray(port.point.coords[0]),
                ]
                part = _edge_geom(np.vstack(ends), to_ll)
                part_km = _km(part)
                attrs = {
                    **base,
                    "geometry": part,
                    "length_km": part_km,
                    "travel_time_h": part_km / ln.speed_kmh,
                }
                add_both(
                    variant(end, end_side, ln.mode, ln.gauge),
                    variant(pc, other_side, ln.mode, ln.gauge),
                    **attrs,
                )
            continue
        add_both(variant(a, sa, ln.mode, ln.gauge), variant(b, sb, ln.mode, ln.gauge), **base)

    _link_ports(
        G, ports_at, cl_lonlat, cl_country, variant, border_link_km, speeds_all, add_both, modes
    )
    _join_variants(G, ports_at, dwell, other_h, gauge_h, change_h, add_both)
    _attach_places(
        G, place_list, place_cluster, cl_country, access_km, defaults.access_speed_kmh, add_both
    )
    G.graph["dropped"] = dropped
    if dropped:
        log.info(
            "dropped %d line pieces that cross a border away from an open crossing point",
            len(dropped),
        )
    return G


def _known_countries(places: Mapping[str, gpd.GeoDataFrame]) -> dict[tuple[float, float], str]:
    """Countries stated by the data for exact points: sourced waypoints and places."""
    from .catalog import waypoints

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


def _nearest_port(
    piece: LineString, mode: str, ports_at: dict, max_m: float, sides: set[str]
) -> _Place | None:
    """The crossing point of `mode` between the two countries in `sides` nearest the piece."""
    best, best_d = None, max_m
    for port_list in ports_at.values():
        for port in port_list:
            if mode in port.attrs["modes"] and set(port.sides) == sides:
                d = piece.distance(port.point)
                if d <= best_d:
                    best, best_d = port, d
    return best


def _link_ports(
    G, ports_at, cl_lonlat, cl_country, variant, max_km, speeds, add_both, modes
) -> None:
    """Join a port to the nearest node on a side of the border that its lines stop short of.

    Lines often end at the last town before the border (Alashankou station, Dostyk station;
    Tacheng): the port is then linked to the nearest node of the same mode on that side,
    within `max_km`, by a connector edge.
    """
    for cluster, port_list in ports_at.items():
        for port in port_list:
            for mode in port.attrs["modes"]:
                if mode not in modes:
                    continue
                here = [
                    n
                    for n, d in G.nodes(data=True)
                    if d.get("cluster") == cluster and d["mode"] == mode
                ]
                present = {G.nodes[n]["country"] for n in here}
                for side in port.sides:
                    if side in present:
                        continue
                    far = [
                        (n, d)
                        for n, d in G.nodes(data=True)
                        if d.get("mode") == mode
                        and d.get("country") == side
                        and d.get("cluster") != cluster
                    ]
                    if not far:
                        continue
                    x, y = cl_lonlat[cluster]
                    fx = np.array([d["x"] for _, d in far])
                    fy = np.array([d["y"] for _, d in far])
                    dist = (
                        np.asarray(GEOD.inv(np.full(len(far), x), np.full(len(far), y), fx, fy)[2])
                        / 1000.0
                    )
                    i = int(np.argmin(dist))
                    if dist[i] > max_km:
                        continue
                    target, tdata = far[i]
                    gauge = tdata.get("gauge_mm")
                    speed = speeds[mode]
                    add_both(
                        variant(cluster, side, mode, gauge),
                        target,
                        mode=mode,
                        id=f"link:{port.ident}",
                        status="operating",
                        opened=None,
                        gauge_mm=gauge,
                        speed_kmh=speed,
                        length_km=float(dist[i]),
                        travel_time_h=float(dist[i]) / speed,
                        geometry=LineString([(x, y), (tdata["x"], tdata["y"])]),
                        connector=True,
                    )


def _dwell_h(port: _Place, mode: str, dwell: Mapping[str, float], other_h: float) -> float:
    """Hours to clear `port` by `mode`: its own figure, an override by id, else the default.

    China's land ports default to the CAREC averages by mode; crossings between its neighbours
    to `other_h`.
    """
    own = port.attrs["dwell_h"].get(mode)
    if own is not None:
        return own
    if port.ident in dwell:
        return float(dwell[port.ident])
    return float(dwell[mode]) if port.kind == "port" else other_h


def _join_variants(G, ports_at, dwell, other_h, gauge_h, change_h, add_both) -> None:
    """Border, gauge-change and mode-change edges between the variants of each cluster."""
    by_cluster: dict[int, list[str]] = {}
    for n, d in G.nodes(data=True):
        if d.get("kind") == "junction":
            by_cluster.setdefault(d["cluster"], []).append(n)
    for cluster, nodes in by_cluster.items():
        for i, u in enumerate(nodes):
            for v in nodes[i + 1 :]:
                du, dv = G.nodes[u], G.nodes[v]
                point = LineString([(du["x"], du["y"]), (dv["x"], dv["y"])])
                common = {
                    "length_km": 0.0,
                    "speed_kmh": None,
                    "status": "operating",
                    "opened": None,
                    "geometry": point,
                }
                gauge_change = (
                    du["mode"] == dv["mode"] == "rail"
                    and du["gauge_mm"] is not None
                    and dv["gauge_mm"] is not None
                    and du["gauge_mm"] != dv["gauge_mm"]
                )
                if du["country"] != dv["country"]:
                    if du["mode"] != dv["mode"]:
                        continue
                    sides = {du["country"], dv["country"]}
                    port = next(
                        (
                            p
                            for p in ports_at.get(cluster, [])
                            if du["mode"] in p.attrs["modes"] and set(p.sides) == sides
                        ),
                        None,
                    )
                    if port is None:
                        continue
                    wait = _dwell_h(port, du["mode"], dwell, other_h)
                    hours = wait + (gauge_h if gauge_change else 0.0)
                    add_both(
                        u,
                        v,
                        mode="border",
                        id=port.ident,
                        port=port.ident,
                        crossing_kind=CROSSING_KINDS[port.kind],
                        crossing_name=port.name,
                        border="-".join(sorted((du["country"], dv["country"]))),
                        border_crossing=True,
                        gauge_change=gauge_change,
                        travel_time_h=hours,
                        **common,
                    )
                elif du["mode"] != dv["mode"]:
                    add_both(
                        u, v, mode="transfer", id="mode-change", travel_time_h=change_h, **common
                    )
                elif gauge_change:
                    add_both(
                        u,
                        v,
                        mode="transfer",
                        id="gauge-change",
                        gauge_change=True,
                        travel_time_h=gauge_h,
                        **common,
                    )
                elif du["mode"] == "rail" and du["gauge_mm"] != dv["gauge_mm"]:
                    # One side's gauge is not stated (a train ferry, a user's line): the lines
                    # meet here, and no gauge change is claimed or charged.
                    add_both(
                        u, v, mode="transfer", id="gauge-unstated", travel_time_h=0.0, **common
                    )


def arrival(node: str) -> str:
    """The node a route to place `node` ends at (places are never passed through)."""
    return f"{node}>"


def _attach_places(
    G, place_list, place_cluster, cl_country, access_km, access_speed, add_both
) -> None:
    """Add each place as a departure node and an arrival node joined to the network.

    Access edges only leave the departure node and only enter the arrival node, so no route
    can pass through a place: a city next to a border or a port cannot bridge two countries
    or two modes without the border or transfer edge that costs time.
    """
    junctions = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") == "junction"]
    jx = np.array([d["x"] for _, d in junctions])
    jy = np.array([d["y"] for _, d in junctions])
    j_country = np.array([d["country"] for _, d in junctions], dtype=object)
    j_mode = np.array([d["mode"] for _, d in junctions], dtype=object)
    j_cluster = np.array([d["cluster"] for _, d in junctions])
    for pl in place_list:
        cluster = place_cluster[pl.node]
        country = pl.country or cl_country[cluster]
        attrs = dict(
            x=pl.lonlat[0],
            y=pl.lonlat[1],
            kind=pl.kind,
            id=pl.ident,
            name=pl.name,
            country=country,
            mode=None,
            gauge_mm=None,
        )
        G.add_node(pl.node, **attrs)
        G.add_node(arrival(pl.node), arrival=True, **attrs)
        if not junctions:
            continue
        dist = (
            np.asarray(
                GEOD.inv(np.full(len(jx), pl.lonlat[0]), np.full(len(jx), pl.lonlat[1]), jx, jy)[2]
            )
            / 1000.0
        )
        for mode in ("rail", "road"):
            if pl.crosses and mode not in pl.attrs.get("modes", ()):
                continue
            # A crossing point is reached on its own side; other places on their country's side.
            side = pl.sides[0] if pl.crosses else country
            mask = (j_mode == mode) & (j_country == side)
            own = np.flatnonzero(mask & (j_cluster == cluster))
            if len(own):
                candidates = own
            elif mask.any():
                candidates = [int(np.argmin(np.where(mask, dist, np.inf)))]
            else:
                candidates = []
            for i in candidates:
                if dist[i] > access_km:
                    continue
                node, d = junctions[i]
                km = float(dist[i])
                common = dict(
                    mode="access",
                    id=f"access:{pl.ident}",
                    status="operating",
                    opened=None,
                    gauge_mm=None,
                    speed_kmh=access_speed,
                    length_km=km,
                    travel_time_h=km / access_speed,
                )
                G.add_edge(
                    pl.node, node, geometry=LineString([pl.lonlat, (d["x"], d["y"])]), **common
                )
                G.add_edge(
                    node,
                    arrival(pl.node),
                    geometry=LineString([(d["x"], d["y"]), pl.lonlat]),
                    **common,
                )


def graph_to_gdfs(G, *, nodes: bool = True, edges: bool = True):
    """Convert a network to GeoDataFrames, in the manner of OSMnx.

    Returns
    -------
    GeoDataFrame or (GeoDataFrame, GeoDataFrame)
        Nodes indexed by node id (point geometry from ``x``/``y``); edges indexed by
        ``(u, v, key)`` with their ``geometry``.
    """
    if not (nodes or edges):
        raise InvalidArgumentError("ask for nodes, edges or both")
    out = []
    if nodes:
        data = dict(G.nodes(data=True))
        frame = pd.DataFrame.from_dict(data, orient="index")
        gdf_nodes = gpd.GeoDataFrame(
            frame,
            geometry=gpd.points_from_xy(frame["x"], frame["y"]),
            crs=G.graph.get("crs", "EPSG:4326"),
        )
        gdf_nodes.index.name = "node"
        out.append(gdf_nodes)
    if edges:
        rows = [{"u": u, "v": v, "key": k, **d} for u, v, k, d in G.edges(keys=True, data=True)]
        frame = pd.DataFrame(rows).set_index(["u", "v", "key"])
        out.append(
            gpd.GeoDataFrame(frame, geometry="geometry", crs=G.graph.get("crs", "EPSG:4326"))
        )
    return out[0] if len(out) == 1 else tuple(out)


def graph_from_gdfs(
    gdf_nodes: gpd.GeoDataFrame, gdf_edges: gpd.GeoDataFrame, *, graph_attrs: dict | None = None
):
    """Rebuild a network from the GeoDataFrames of :func:`graph_to_gdfs`.

    Parameters
    ----------
    gdf_nodes : GeoDataFrame
        Indexed by node id; ``x``/``y`` are taken from the geometry when missing.
    gdf_edges : GeoDataFrame
        Indexed by ``(u, v, key)``.
    graph_attrs : dict, optional
        Graph attributes (default: ``{"crs": "EPSG:4326"}``).
    """
    import networkx as nx

    G = nx.MultiDiGraph(**(graph_attrs or {"crs": "EPSG:4326"}))
    nodes = gdf_nodes.copy()
    if "x" not in nodes.columns:
        nodes["x"] = nodes.geometry.x
        nodes["y"] = nodes.geometry.y
    for node, row in nodes.drop(columns=nodes.geometry.name).iterrows():
        G.add_node(
            node, **{k: v for k, v in row.items() if not (isinstance(v, float) and np.isnan(v))}
        )
    for (u, v, k), row in gdf_edges.iterrows():
        attrs = {c: val for c, val in row.items() if not (isinstance(val, float) and np.isnan(val))}
        G.add_edge(u, v, key=k, **attrs)
    return G


def build_pipeline_network(
    *,
    product: str | None = "natural_gas",
    status: Sequence[str] = STATUSES_TODAY,
    year: int | None = None,
):
    """A pipeline system as a graph: each line from its first to its last waypoint.

    Parameters
    ----------
    product : {"natural_gas", "crude_oil"} or None, default "natural_gas"
        Which pipelines: the Central Asia–China gas lines, the Kazakhstan–China oil line, or
        both (None).
    status, year
        As in :func:`build_network`.

    Nodes are the named waypoints (``geodata/waypoints.csv``); edges carry ``line``,
    ``product``, ``capacity_bcm_per_year`` (gas), ``capacity_mt_per_year`` (oil) and
    ``length_km``; ``entry_port`` edges join each line's end in China to its land port.
    Capacity delivered through a port is the sum over its lines.

    Returns
    -------
    networkx.MultiDiGraph
    """
    import networkx as nx

    from .catalog import waypoints

    pipes = _visible(load("pipelines"), status, year)
    if product is not None:
        pipes = pipes[pipes["product"] == product]
    wps = waypoints()
    G = nx.MultiDiGraph(
        crs="EPSG:4326", name="ftzgeo gas pipelines", status=tuple(status), year=year
    )
    for _, row in pipes.iterrows():
        via = row["via"].split(";")
        for name in via:
            p = wps.geometry[name]
            G.add_node(name, x=p.x, y=p.y, kind="waypoint", name=wps.loc[name, "name"])
        for a, b in itertools.pairwise(via):
            geom = LineString([wps.geometry[a].coords[0], wps.geometry[b].coords[0]])
            G.add_edge(
                a,
                b,
                id=row["id"],
                line=row["line"] if isinstance(row["line"], str) else None,
                product=row["product"],
                capacity_bcm_per_year=_float(row["capacity_bcm_per_year"]),
                capacity_mt_per_year=_float(row["capacity_mt_per_year"]),
                length_km=_km(geom),
                status=row["status"],
                opened=_int_or_none(row["opened"]),
                geometry=geom,
            )
        port = row.get("entry_port")
        if isinstance(port, str):
            G.add_node(f"port:{port}", kind="port", id=port)
            G.add_edge(
                via[-1],
                f"port:{port}",
                id=row["id"],
                line=row["line"] if isinstance(row["line"], str) else None,
                product=row["product"],
                capacity_bcm_per_year=_float(row["capacity_bcm_per_year"]),
                capacity_mt_per_year=_float(row["capacity_mt_per_year"]),
                length_km=0.0,
                status=row["status"],
                opened=_int_or_none(row["opened"]),
                geometry=LineString([wps.geometry[via[-1]].coords[0]] * 2),
                entry_port=True,
            )
    return G


def capacity_by_port(G) -> pd.DataFrame:
    """Design capacity delivered through each land port, by line, from a pipeline network."""
    columns = ["id", "port", "line", "product", "capacity_bcm_per_year", "capacity_mt_per_year"]
    rows = [
        (d["id"], v.split(":", 1)[1], *(d[c] for c in columns[2:]))
        for _, v, d in G.edges(data=True)
        if d.get("entry_port")
    ]
    return pd.DataFrame(rows, columns=columns)


def _float(value: object) -> float | None:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if np.isfinite(f) else None
