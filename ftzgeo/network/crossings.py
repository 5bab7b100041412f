"""Crossing points on the network: which one a line passes, and how long it takes to clear."""

from __future__ import annotations

from collections.abc import Mapping

from shapely.geometry import LineString

from .inputs import Place

__all__ = ["dwell_hours", "nearest_crossing"]


def nearest_crossing(
    piece: LineString, mode: str, ports_at: dict, max_m: float, sides: set[str]
) -> Place | None:
    """The crossing point of `mode` between the two countries in `sides` nearest the piece."""
    best, best_d = None, max_m
    for port_list in ports_at.values():
        for port in port_list:
            if mode in port.attrs["modes"] and set(port.sides) == sides:
                d = piece.distance(port.point)
                if d <= best_d:
                    best, best_d = port, d
    return best


def dwell_hours(port: Place, mode: str, dwell: Mapping[str, float], other_h: float) -> float:
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
