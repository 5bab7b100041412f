"""Build the multimodal rail/road network: :func:`build_network`."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import geopandas as gpd
import networkx as nx
import pandas as pd
from pyproj import Transformer

from ..checks import check_choices, check_number, check_numbers, check_year
from ..crs import WGS84, local_crs
from ..errors import InvalidArgumentError
from ..io import load
from ..schema import STATUSES
from .defaults import DEFAULTS, STATUSES_TODAY, NetworkDefaults
from .edges import EdgeBuilder
from .inputs import known_countries, read_lines, read_places, visible
from .topology import cluster_nodes, split_lines

__all__ = ["build_network"]

log = logging.getLogger(__name__)


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
    links = {m: visible(g, status, year) for m, g in links.items()}
    if places is None:
        places = {"city": load("cities"), "subzone": load("subzones"), "hub": load("hubs")}
    crossing_frames = {
        "port": visible(load("land_ports") if ports is None else ports, status, year),
        "crossing": visible(
            load("border_crossings") if crossings is None else crossings, status, year
        ),
    }
    countries = load("countries") if countries is None else countries.to_crs(WGS84)
    stated = known_countries(places)

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

    lines = read_lines(links, to_m, speeds_all)
    place_list = read_places(places, crossing_frames, to_m)
    pieces = split_lines(lines, place_list, snap_tolerance_m, port_snap_m)
    nodes = cluster_nodes(pieces, place_list, snap_tolerance_m, to_ll, countries, stated)

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
    builder = EdgeBuilder(G, nodes, to_ll)
    n = len(pieces)
    for k, (ln, piece) in enumerate(pieces):
        a, b = int(nodes.labels[k]), int(nodes.labels[n + k])
        if a != b:
            builder.add_piece(ln, piece, a, b, port_snap_m)
    builder.link_ports(border_link_km, speeds_all, modes)
    builder.join_variants(dwell, other_h, gauge_h, change_h)
    builder.attach_places(place_list, access_km, defaults.access_speed_kmh)
    dropped = builder.dropped
    if dropped:
        log.info(
            "dropped %d line pieces that cross a border away from an open crossing point",
            len(dropped),
        )
    return G
