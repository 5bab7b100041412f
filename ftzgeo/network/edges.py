"""Edges of the network: line pieces between node variants, border crossings, transfers, access.

:class:`EdgeBuilder` holds the graph being built and the merged nodes (:class:`Clusters`); each of
its methods adds one kind of edge. A cluster has one node *variant* per side of a border, mode and
gauge (``n12:KAZ:rail1520``), so crossing a border, changing gauge or changing mode is always an
explicit edge that costs time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from pyproj import Transformer
from shapely.geometry import LineString

from ..geodesic import GEOD
from .crossings import dwell_hours, nearest_crossing
from .defaults import CROSSING_KINDS
from .inputs import Line, Place
from .topology import Clusters, edge_geom, km

__all__ = ["EdgeBuilder", "arrival"]


def arrival(node: str) -> str:
    """The node a route to place `node` ends at (places are never passed through)."""
    return f"{node}>"


@dataclass(frozen=True)
class _JoinCosts:
    """Hours charged where variants of one place meet."""

    dwell: Mapping[str, float]
    other_h: float
    gauge_h: float
    change_h: float


@dataclass
class EdgeBuilder:
    """Adds the edges of a network to `G` over the merged nodes in `nodes`."""

    G: nx.MultiDiGraph
    nodes: Clusters
    to_ll: Transformer

    @property
    def ports_at(self) -> dict[int, list[Place]]:
        """Crossing points (land ports, border crossings) by cluster."""
        return self.nodes.ports_at

    @property
    def dropped(self) -> list[dict]:
        """Line pieces left out because they cross a border with no crossing point."""
        return self.G.graph["dropped"]

    def variant(self, cluster: int, side: str | None, mode: str, gauge: int | None) -> str:
        """The node of `cluster` for one side of a border, one mode and one gauge."""
        key = f"n{cluster}:{side or '-'}:{mode}{gauge or ''}"
        if key not in self.G:
            self.G.add_node(
                key,
                x=float(self.nodes.lonlat[cluster, 0]),
                y=float(self.nodes.lonlat[cluster, 1]),
                kind="junction",
                cluster=cluster,
                country=side or self.nodes.country[cluster],
                mode=mode,
                gauge_mm=gauge,
            )
        return key

    def port_for(self, cluster: int, mode: str) -> Place | None:
        """The crossing point of `mode` at `cluster`, if any."""
        for pl in self.ports_at.get(cluster, []):
            if mode in pl.attrs["modes"]:
                return pl
        return None

    def side_at(self, cluster: int, other: int, mode: str) -> str | None:
        """Which side of the border a line end at a crossing point is on (None: no crossing)."""
        port = self.port_for(cluster, mode)
        if port is None:
            return None
        home, neighbour = port.sides
        return neighbour if self.nodes.country[other] == neighbour else home

    def add_both(self, u: str, v: str, **attrs: object) -> None:
        """An edge in both directions (the reverse carries the reversed geometry)."""
        geom = attrs.pop("geometry")
        self.G.add_edge(u, v, geometry=geom, **attrs)
        self.G.add_edge(v, u, geometry=geom.reverse(), **attrs)  # type: ignore[attr-defined]

    def add_piece(self, ln: Line, piece: LineString, a: int, b: int, port_snap_m: float) -> None:
        """Add a piece of line between clusters `a` and `b`.

        A piece that crosses a border runs through the crossing point of its mode between the
        two countries; where the data has none, the piece is dropped and listed.
        """
        ca, cb = self.nodes.country[a], self.nodes.country[b]
        sa, sb = self.side_at(a, b, ln.mode), self.side_at(b, a, ln.mode)
        ea, eb = sa or ca, sb or cb
        geom = edge_geom(np.asarray(piece.coords), self.to_ll)
        length = km(geom)
        base = {
            "mode": ln.mode,
            "id": ln.ident,
            "status": ln.status,
            "opened": ln.opened,
            "gauge_mm": ln.gauge,
            "speed_kmh": ln.speed_kmh,
            "length_km": length,
            "travel_time_h": length / ln.speed_kmh,
            "geometry": geom,
        }
        if not (ea != eb and ea and eb):
            self.add_both(
                self.variant(a, sa, ln.mode, ln.gauge),
                self.variant(b, sb, ln.mode, ln.gauge),
                **base,
            )
            return
        port = nearest_crossing(piece, ln.mode, self.ports_at, port_snap_m, {ea, eb})
        if port is None:
            what = "open port" if "CHN" in (ea, eb) else "open crossing point in the data"
            self.dropped.append(
                {"id": ln.ident, "mode": ln.mode, "reason": f"crosses {ea}-{eb} with no {what}"}
            )
            return
        # Route the crossing through the port: a -> port on a's side, port -> b on b's.
        pc = self.nodes.place_cluster[port.node]
        for end, end_side, other_side, first in ((a, sa, ea, True), (b, sb, eb, False)):
            ends = [
                np.asarray(piece.coords[0 if first else -1]),
                np.asarray(port.point.coords[0]),
            ]
            part = edge_geom(np.vstack(ends), self.to_ll)
            part_km = km(part)
            attrs = {
                **base,
                "geometry": part,
                "length_km": part_km,
                "travel_time_h": part_km / ln.speed_kmh,
            }
            self.add_both(
                self.variant(end, end_side, ln.mode, ln.gauge),
                self.variant(pc, other_side, ln.mode, ln.gauge),
                **attrs,
            )

    def link_ports(self, max_km: float, speeds: Mapping[str, float], modes: Sequence[str]) -> None:
        """Join a port to the nearest node on a side of the border that its lines stop short of.

        Lines often end at the last town before the border (Alashankou station, Dostyk station;
        Tacheng): the port is then linked to the nearest node of the same mode on that side,
        within `max_km`, by a connector edge.
        """
        for cluster, port_list in self.ports_at.items():
            for port in port_list:
                for mode in port.attrs["modes"]:
                    if mode not in modes:
                        continue
                    here = [
                        n
                        for n, d in self.G.nodes(data=True)
                        if d.get("cluster") == cluster and d["mode"] == mode
                    ]
                    present = {self.G.nodes[n]["country"] for n in here}
                    for side in port.sides:
                        if side in present:
                            continue
                        far = [
                            (n, d)
                            for n, d in self.G.nodes(data=True)
                            if d.get("mode") == mode
                            and d.get("country") == side
                            and d.get("cluster") != cluster
                        ]
                        if not far:
                            continue
                        x, y = self.nodes.lonlat[cluster]
                        fx = np.array([d["x"] for _, d in far])
                        fy = np.array([d["y"] for _, d in far])
                        dist = (
                            np.asarray(
                                GEOD.inv(np.full(len(far), x), np.full(len(far), y), fx, fy)[2]
                            )
                            / 1000.0
                        )
                        i = int(np.argmin(dist))
                        if dist[i] > max_km:
                            continue
                        target, tdata = far[i]
                        gauge = tdata.get("gauge_mm")
                        speed = speeds[mode]
                        self.add_both(
                            self.variant(cluster, side, mode, gauge),
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

    def join_variants(
        self, dwell: Mapping[str, float], other_h: float, gauge_h: float, change_h: float
    ) -> None:
        """Border, gauge-change and mode-change edges between the variants of each cluster."""
        by_cluster: dict[int, list[str]] = {}
        for n, d in self.G.nodes(data=True):
            if d.get("kind") == "junction":
                by_cluster.setdefault(d["cluster"], []).append(n)
        costs = _JoinCosts(dwell, other_h, gauge_h, change_h)
        for cluster, nodes in by_cluster.items():
            for i, u in enumerate(nodes):
                for v in nodes[i + 1 :]:
                    self._join(cluster, nodes, u, v, costs)

    def _join(self, cluster: int, nodes: list[str], u: str, v: str, costs: _JoinCosts) -> None:
        """The edge (if any) between two variants `u`, `v` of one cluster."""
        du, dv = self.G.nodes[u], self.G.nodes[v]
        common: dict[str, object] = {
            "length_km": 0.0,
            "speed_kmh": None,
            "status": "operating",
            "opened": None,
            "geometry": LineString([(du["x"], du["y"]), (dv["x"], dv["y"])]),
        }
        gauges = (du["gauge_mm"], dv["gauge_mm"])
        rail = du["mode"] == dv["mode"] == "rail"
        gauge_change = rail and None not in gauges and gauges[0] != gauges[1]
        if du["country"] != dv["country"]:
            if du["mode"] == dv["mode"]:
                self._join_border(cluster, u, v, gauge_change, costs, common)
        elif du["mode"] != dv["mode"]:
            self.add_both(
                u, v, mode="transfer", id="mode-change", travel_time_h=costs.change_h, **common
            )
        elif gauge_change:
            self.add_both(
                u,
                v,
                mode="transfer",
                id="gauge-change",
                gauge_change=True,
                travel_time_h=costs.gauge_h,
                **common,
            )
        elif rail and gauges[0] != gauges[1]:
            # One side's gauge is not stated (a train ferry, a user's line). Where only one
            # gauge meets it, the lines simply join; where two do, it could be either, so the
            # link costs a gauge change rather than hide one.
            stated = {
                self.G.nodes[n]["gauge_mm"]
                for n in nodes
                if self.G.nodes[n]["mode"] == "rail" and self.G.nodes[n]["gauge_mm"] is not None
            }
            hours = 0.0 if len(stated) <= 1 else costs.gauge_h
            self.add_both(u, v, mode="transfer", id="gauge-unstated", travel_time_h=hours, **common)

    def _join_border(
        self,
        cluster: int,
        u: str,
        v: str,
        gauge_change: bool,
        costs: _JoinCosts,
        common: Mapping[str, object],
    ) -> None:
        """A border edge, only where a crossing point of this mode joins these two countries."""
        du, dv = self.G.nodes[u], self.G.nodes[v]
        sides = {du["country"], dv["country"]}
        port = next(
            (
                p
                for p in self.ports_at.get(cluster, [])
                if du["mode"] in p.attrs["modes"] and set(p.sides) == sides
            ),
            None,
        )
        if port is None:
            return
        wait = dwell_hours(port, du["mode"], costs.dwell, costs.other_h)
        self.add_both(
            u,
            v,
            mode="border",
            id=port.ident,
            port=port.ident,
            crossing_kind=CROSSING_KINDS[port.kind],
            crossing_name=port.name,
            border="-".join(sorted(sides)),
            border_crossing=True,
            gauge_change=gauge_change,
            travel_time_h=wait + (costs.gauge_h if gauge_change else 0.0),
            # The crossing's own opening year and status (a route through it dates from them).
            **{
                **common,
                "opened": port.attrs.get("opened"),
                "status": port.attrs.get("status") or "operating",
            },
        )

    def attach_places(self, places: list[Place], access_km: float, access_speed: float) -> None:
        """Add each place as a departure node and an arrival node joined to the network.

        Access edges only leave the departure node and only enter the arrival node, so no route
        can pass through a place: a city next to a border or a port cannot bridge two countries
        or two modes without the border or transfer edge that costs time.
        """
        junctions = [(n, d) for n, d in self.G.nodes(data=True) if d.get("kind") == "junction"]
        jx = np.array([d["x"] for _, d in junctions])
        jy = np.array([d["y"] for _, d in junctions])
        j_country = np.array([d["country"] for _, d in junctions], dtype=object)
        j_mode = np.array([d["mode"] for _, d in junctions], dtype=object)
        j_cluster = np.array([d["cluster"] for _, d in junctions])
        for pl in places:
            cluster = self.nodes.place_cluster[pl.node]
            country = pl.country or self.nodes.country[cluster]
            attrs = dict(
                x=pl.lonlat[0],
                y=pl.lonlat[1],
                kind=pl.kind,
                id=pl.ident,
                name=pl.name,
                name_zh=pl.name_zh,
                country=country,
                mode=None,
                gauge_mm=None,
            )
            self.G.add_node(pl.node, **attrs)
            self.G.add_node(arrival(pl.node), arrival=True, **attrs)
            if not junctions:
                continue
            dist = (
                np.asarray(
                    GEOD.inv(
                        np.full(len(jx), pl.lonlat[0]), np.full(len(jx), pl.lonlat[1]), jx, jy
                    )[2]
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
                candidates: list[int]
                if len(own):
                    candidates = own.tolist()
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
                    self.G.add_edge(
                        pl.node, node, geometry=LineString([pl.lonlat, (d["x"], d["y"])]), **common
                    )
                    self.G.add_edge(
                        node,
                        arrival(pl.node),
                        geometry=LineString([(d["x"], d["y"]), pl.lonlat]),
                        **common,
                    )
