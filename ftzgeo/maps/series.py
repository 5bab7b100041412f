"""Published yearly figures of a layer's features, as data the page draws into popup charts.

Only whole calendar years (``period == "year"``) from :func:`ftzgeo.indicators`, so the points of
one chart compare; a figure covering several features names them. The page builds each chart
with SVG calls from these numbers (``ftzgeo.js``: ``seriesChart``): no HTML from data.
"""

from __future__ import annotations

import geopandas as gpd

from ..indicator_table import LABELS, UNITS, indicators

__all__ = ["SERIES_LAYERS", "feature_series", "own_figures"]

#: Layers whose features have published figures in the indicators table.
SERIES_LAYERS = frozenset({"land_ports", "pipelines", "subzones", "hubs"})


def feature_series(layer: str, gdf: gpd.GeoDataFrame) -> list[list[dict] | None]:
    """Per feature of `gdf` (by ``id``): its yearly series, one per indicator, or None.

    Each series is ``{"l": label, "u": unit, "c": names of the other features the figures
    cover, or None, "p": [[year, value, qualifier, note], ...]}`` in year order.
    """
    table = indicators(period="year")
    table = table[table["layer"] == layer]
    names = dict(zip(gdf["id"], gdf.get("name_en", gdf["id"]), strict=True))
    # Each figure under every feature it covers, grouped by (indicator, the features covered).
    groups: dict[str, dict[tuple[str, str], list[dict]]] = {}
    columns = ["indicator", "ids", "year", "value", "qualifier", "note"]
    for rec in table[columns].to_dict("records"):
        key = (str(rec["indicator"]), str(rec["ids"]))
        for ident in set(key[1].split(";")):
            groups.setdefault(ident, {}).setdefault(key, []).append(rec)
    out: list[list[dict] | None] = []
    for ident in gdf["id"]:
        series = []
        for (indicator, ids), rows in sorted(groups.get(ident, {}).items()):
            others = [names.get(i, i) for i in ids.split(";") if i != ident]
            points = [
                [
                    int(r["year"]),
                    float(r["value"]),
                    str(r["qualifier"]),
                    r["note"] if isinstance(r["note"], str) else None,
                ]
                for r in sorted(rows, key=lambda r: r["year"])
            ]
            series.append(
                {
                    "l": LABELS[indicator],
                    "u": UNITS[indicator],
                    "c": ", ".join(str(o) for o in others) or None,
                    "p": points,
                }
            )
        out.append(series or None)
    return out


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


def own_figures(
    layer: str, gdf: gpd.GeoDataFrame, indicator: str, year: int | None
) -> list[tuple[str, str]]:
    """``(feature name, figure)`` for each feature of `gdf` with its own `indicator` figure.

    Only a whole year's figure of the feature alone (a total shared with other features is not
    put on one of them), for `year`, or with no `year` the newest one with its year, e.g.
    ``("Khorgos (Horgos) railway port", "8,730 trains")``; in the order of `gdf`.
    """
    table = indicators(indicator=indicator, period="year")
    own = table[(table["layer"] == layer) & ~table["ids"].str.contains(";")]
    if year is not None:
        own = own[own["year"] == int(year)]
    newest = own.sort_values("year").groupby("ids").last()
    marks = {"at_least": "≥ ", "about": "~ "}
    out = []
    for ident, name in zip(gdf["id"], gdf.get("name_en", gdf["id"]), strict=True):
        if ident in newest.index:
            r = newest.loc[ident]
            when = "" if year is not None else f" ({r['year']})"
            out.append(
                (str(name), f"{marks.get(r['qualifier'], '')}{_fmt(r['value'])} {r['unit']}{when}")
            )
    return out
