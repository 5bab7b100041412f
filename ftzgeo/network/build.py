"""Build the multimodal rail/road network: :func:`build_network`."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
) -> nx.MultiDiGraph:
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
    costs = _costs(defaults, speeds, border_dwell_h, gauge_change_h, mode_change_h, other_border_h)
    inputs = _Inputs.load(modes, status, year, links, places, ports, crossings, countries)
    crs = local_crs(inputs.extent())
    to_m = Transformer.from_crs(WGS84, crs, always_xy=True)
    to_ll = Transformer.from_crs(crs, WGS84, always_xy=True)

    lines = read_lines(inputs.links, to_m, costs.speeds)
    place_list = read_places(inputs.places, inputs.crossings, to_m)
    pieces = split_lines(lines, place_list, snap_tolerance_m, port_snap_m)
    stated = known_countries(inputs.places)
    nodes = cluster_nodes(pieces, place_list, snap_tolerance_m, to_ll, inputs.countries, stated)

    G: nx.MultiDiGraph = nx.MultiDiGraph(
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
    builder.link_ports(border_link_km, costs.speeds, modes)
    builder.join_variants(costs.dwell, costs.other_h, costs.gauge_h, costs.change_h)
    builder.attach_places(place_list, access_km, defaults.access_speed_kmh)
    if builder.dropped:
        log.info(
            "dropped %d line pieces that cross a border away from an open crossing point",
            len(builder.dropped),
        )
    return G


@dataclass(frozen=True)
class _Costs:
    """Speeds and the hours of each kind of transfer, defaults overridden by the caller's."""

    speeds: dict[str, float]
    dwell: dict[str, float]
    gauge_h: float
    change_h: float
    other_h: float


def _costs(
    defaults: NetworkDefaults,
    speeds: Mapping[str, float] | None,
    border_dwell_h: Mapping[str, float] | None,
    gauge_change_h: float | None,
    mode_change_h: float | None,
    other_border_h: float | None,
) -> _Costs:
    def hours(name: str, value: float | None) -> float:
        if value is None:
            return float(getattr(defaults, name))
        return check_number(name, value, minimum=0.0)

    return _Costs(
        speeds={**defaults.speed_kmh, **check_numbers("speeds", speeds, above=0.0)},
        dwell={
            **defaults.border_dwell_h,
            **check_numbers("border_dwell_h", border_dwell_h, minimum=0.0),
        },
        gauge_h=hours("gauge_change_h", gauge_change_h),
        change_h=hours("mode_change_h", mode_change_h),
        other_h=hours("other_border_h", other_border_h),
    )


@dataclass(frozen=True)
class _Inputs:
    """The layers a network is built from, filtered to the statuses and year asked for."""

    links: dict[str, gpd.GeoDataFrame]
    places: Mapping[str, gpd.GeoDataFrame]
    crossings: dict[str, gpd.GeoDataFrame]
    countries: gpd.GeoDataFrame

    @classmethod
    def load(
        cls,
        modes: Sequence[str],
        status: Sequence[str],
        year: int | None,
        links: Mapping[str, gpd.GeoDataFrame] | None,
        places: Mapping[str, gpd.GeoDataFrame] | None,
        ports: gpd.GeoDataFrame | None,
        crossings: gpd.GeoDataFrame | None,
        countries: gpd.GeoDataFrame | None,
    ) -> _Inputs:
        if links is None:
            shipped = {"rail": "rail", "road": "roads"}
            links = {m: load(shipped[m]) for m in modes}
        chosen = {m: visible(g, status, year) for m, g in links.items() if m in modes}
        if places is None:
            places = {"city": load("cities"), "subzone": load("subzones"), "hub": load("hubs")}
        border = {
            "port": visible(load("land_ports") if ports is None else ports, status, year),
            "crossing": visible(
                load("border_crossings") if crossings is None else crossings, status, year
            ),
        }
        outline = load("countries") if countries is None else countries.to_crs(WGS84)
        return cls(chosen, places, border, outline)

    def extent(self) -> gpd.GeoSeries:
        """Every line and place in WGS84, to choose the local projection from."""
        frames = [g.to_crs(WGS84) for g in self.links.values() if len(g)] + [
            g.to_crs(WGS84) for g in self.places.values()
        ]
        if not frames:
            raise InvalidArgumentError(
                "nothing to build a network from: no lines match these modes, statuses and year"
            )
        return gpd.GeoSeries(pd.concat([f.geometry for f in frames]), crs=WGS84)
