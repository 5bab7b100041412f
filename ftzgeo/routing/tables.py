"""Connectivity tables: every origin to every destination, and two scenarios side by side."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import networkx as nx
import pandas as pd

from ..errors import InvalidArgumentError
from .compiled import CompiledGraph
from .paths import _totals, route_summary
from .places import DEFAULT_DESTINATIONS, _check_weight, _no_route, _to, resolve_place

__all__ = ["compare_scenarios", "connectivity_table", "with_exit_port_indicator"]


def _default_origins(G: nx.MultiDiGraph) -> list[str]:
    return sorted(
        n for n, d in G.nodes(data=True) if d.get("kind") == "subzone" and not d.get("arrival")
    )


def _default_destinations(G: nx.MultiDiGraph) -> list[str]:
    return [f"city:{c}" for c in DEFAULT_DESTINATIONS if f"city:{c}" in G]


def connectivity_table(
    G: nx.MultiDiGraph | None = None,
    *,
    origins: Sequence[str] | None = None,
    destinations: Sequence[str] | None = None,
    weight: str = "travel_time_h",
    networks: Sequence[tuple[str, ...]] = (("road",), ("rail",), ("rail", "road")),
    indicator: str | None = None,
    indicator_year: int | None = None,
    **build_kwargs: Any,
) -> pd.DataFrame:
    """Distance, time, crossings and ports from each origin to each destination.

    Parameters
    ----------
    G : networkx.MultiDiGraph, optional
        A network to use. Without one, a network is built for each entry of `networks`
        (road only, rail only, multimodal) with `build_kwargs` (e.g. ``year=2011``).
    origins, destinations : sequence of str
        Places (ids or names); by default the FTZ sub-zones and Almaty, the Central Asian
        capitals and Islamabad.
    weight : {"travel_time_h", "length_km"}
        Which route to pick: the fastest or the shortest.
    indicator, indicator_year : str and int, optional
        Carry a published figure of the route's exit port (its first Chinese land port) for
        that year, e.g. ``indicator="freight_trains", indicator_year=2024``: see
        :func:`with_exit_port_indicator` (no figure: NaN, the gap stays a gap).

    Returns
    -------
    pandas.DataFrame
        One row per origin, destination and network: ``km``, ``hours``,
        ``border_crossings``, ``ports`` (China's land ports), ``crossings`` (every border
        crossing point, in order), ``countries`` (in order), ``gauge_changes``, ``modes``,
        ``reachable`` and, for an unreachable pair, ``why_unreachable``: what the network
        reaches and which lines were dropped at borders with no crossing point.
    """
    from ..network import build_network

    _check_weight(weight)
    graphs = (
        [("given", G)]
        if G is not None
        else [("+".join(m), build_network(modes=m, **build_kwargs)) for m in networks]
    )
    rows = []
    for label, g in graphs:
        o_nodes = [resolve_place(g, o) for o in origins] if origins else _default_origins(g)
        d_nodes = (
            [resolve_place(g, d) for d in destinations]
            if destinations
            else _default_destinations(g)
        )
        cg = CompiledGraph.from_graph(g, weight)
        _, pred = cg.distances(o_nodes, predecessors=True)
        for i, o in enumerate(o_nodes):
            for d in d_nodes:
                path = [o] if o == d else cg.path(pred[i], o, _to(g, d))
                base = {
                    "origin": g.nodes[o].get("name"),
                    "destination": g.nodes[d].get("name"),
                    "network": label,
                }
                if path is None:
                    why = str(_no_route(g, o, d)).split(": ", 1)[-1]
                    rows.append({**base, "reachable": False, "why_unreachable": why})
                    continue
                s = route_summary(g, path, weight=weight)
                rows.append({**base, "reachable": True, **_totals(s)})
    cols = [
        "origin",
        "destination",
        "network",
        "reachable",
        "km",
        "hours",
        "border_crossings",
        "ports",
        "crossings",
        "countries",
        "gauge_changes",
        "modes",
        "why_unreachable",
    ]
    table = pd.DataFrame(rows).reindex(columns=cols)
    if indicator is None:
        return table
    return with_exit_port_indicator(table, indicator, _year_of(indicator_year))


def _year_of(year: int | None) -> int:
    if year is None:
        raise InvalidArgumentError("indicator= needs indicator_year= (the figure's year)")
    return int(year)


def with_exit_port_indicator(table: pd.DataFrame, indicator: str, year: int) -> pd.DataFrame:
    """Add the published `indicator` of each route's exit port in `year` (a copy of `table`).

    The exit port is the first of China's land ports in ``ports``. Its figure is a whole
    calendar year's from :func:`ftzgeo.indicators`, the port's own figure first (e.g. the rail
    port's trains) and else one for the whole port (its road and rail parts); never a figure
    that adds other ports in. Where none was published the value is NaN.

    Returns
    -------
    pandas.DataFrame
        With ``exit_port``, ``<indicator>``, ``<indicator>_unit``, ``<indicator>_qualifier``
        (exact / at_least / about) and ``<indicator>_row`` (the indicators row, to cite).
    """
    from ..indicator_table import indicators

    figures = indicators(indicator=indicator, year=year, period="year")
    out = table.copy()
    ports = out["ports"].fillna("").astype(str).str.split(", ").str[0]
    out["exit_port"] = ports.where(ports != "", None)
    picked = [_figure_for(figures, port) for port in out["exit_port"]]
    out[indicator] = [r["value"] if r is not None else float("nan") for r in picked]
    for suffix in ("unit", "qualifier"):
        out[f"{indicator}_{suffix}"] = [r[suffix] if r is not None else None for r in picked]
    out[f"{indicator}_row"] = [r["id"] if r is not None else None for r in picked]
    return out


def _port_base(ident: str) -> str:
    """A land port's id without its mode: the road and rail parts of one port share it."""
    return re.sub(r"-(road|rail)$", "", ident)


def _figure_for(figures: pd.DataFrame, port: str | None) -> pd.Series | None:
    """The row for `port`: its own figure first, then one covering it, exact ones first."""
    if not port:
        return None
    home = _port_base(port)
    ids = figures["ids"].str.split(";")
    # The port's own figure, or one for the whole port that includes it: never its twin's
    # (the rail port's trains for a road exit) nor a total with other ports.
    covering = figures[
        ids.apply(lambda each: port in each and {_port_base(i) for i in each} == {home})
    ]
    if covering.empty:
        return None
    own = covering["ids"] == port
    exact = covering["qualifier"] == "exact"
    ranked = covering.assign(_own=own, _exact=exact).sort_values(
        ["_own", "_exact", "id"], ascending=[False, False, True]
    )
    return ranked.iloc[0]


def compare_scenarios(
    base,
    scenario,
    *,
    origins: Sequence[str] | None = None,
    destinations: Sequence[str] | None = None,
    weight: str = "travel_time_h",
    labels: tuple[str, str] = ("base", "scenario"),
    indicator: str | None = None,
    indicator_year: int | None = None,
) -> pd.DataFrame:
    """The connectivity table for two networks side by side, with the time saved per pair.

    Parameters
    ----------
    base, scenario : networkx.MultiDiGraph
        E.g. ``build_network()`` and ``build_network(status=("operating", "under_construction"))``.
    indicator, indicator_year : str and int, optional
        Carry the exit port's published figure in each network (see :func:`connectivity_table`).

    Returns
    -------
    pandas.DataFrame
        Per origin and destination: km and hours in each network, ``hours_saved`` (positive
        when the scenario is faster), ``km_saved``, ``newly_reachable`` and
        ``no_longer_reachable``; ports used in each.
    """
    options: dict[str, Any] = dict(origins=origins, destinations=destinations, weight=weight)
    if indicator is not None:
        options.update(indicator=indicator, indicator_year=indicator_year)
    a = connectivity_table(base, **options)
    b = connectivity_table(scenario, **options)
    keys = ["origin", "destination"]
    keep = ["reachable", "km", "hours", "border_crossings", "ports", "gauge_changes", "modes"]
    if indicator is not None:
        keep += ["exit_port", indicator, f"{indicator}_row"]
    merged = a[keys + keep].merge(
        b[keys + keep], on=keys, suffixes=(f"_{labels[0]}", f"_{labels[1]}")
    )
    merged["hours_saved"] = merged[f"hours_{labels[0]}"] - merged[f"hours_{labels[1]}"]
    merged["km_saved"] = merged[f"km_{labels[0]}"] - merged[f"km_{labels[1]}"]
    was = merged[f"reachable_{labels[0]}"].fillna(False).astype(bool)
    now = merged[f"reachable_{labels[1]}"].fillna(False).astype(bool)
    merged["newly_reachable"] = ~was & now
    merged["no_longer_reachable"] = was & ~now
    return merged
