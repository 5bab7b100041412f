"""Routes on the map: a colour, a legend row and a label each (origin → destination, km, hours)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from .labels import short_label

__all__ = ["ROUTE_COLOURS", "routes_painted"]


#: Distinct, saturated colours for routes drawn together (ColorBrewer Set1 without its grey).
ROUTE_COLOURS = ("#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf")


def _route_text(names: pd.Series, km: pd.Series, hours: pd.Series, lang: str) -> list[str | None]:
    """Route labels: "origin → destination · km · h" in `lang` (None where a name is missing)."""
    unit_km, unit_h = ("公里", "小时") if lang == "zh" else ("km", "h")
    out: list[str | None] = []
    for name, d, h in zip(names, km, hours, strict=True):
        if not isinstance(name, str):
            out.append(None)
            continue
        short = " → ".join(short_label(e) for e in name.split(" → "))
        out.append(
            f"{short} · {d:.0f} {unit_km} · {h:.1f} {unit_h}" if d == d and h == h else short
        )
    return out


def routes_painted(
    routes: gpd.GeoDataFrame, labels: bool, lang: str
) -> tuple[gpd.GeoDataFrame, dict[str, object]]:
    """Routes with a colour and a legend row each, and a label: origin → destination, km, hours.

    The label is the route's name in both languages (Chinese where both ends have a Chinese
    name), so the page's switch turns it. The caller's frame is not changed.
    """
    if not {"name_en", "length_km", "travel_time_h"} <= set(routes.columns):
        return routes, {}
    km, hours = routes["length_km"], routes["travel_time_h"]
    zh = routes["name_zh"] if "name_zh" in routes.columns else pd.Series(None, index=routes.index)
    texts = {
        "name_en": _route_text(routes["name_en"], km, hours, "en"),
        "name_zh": _route_text(zh, km, hours, "zh"),
    }
    column = "origin → destination"  # the legend's heading for the routes (translated there)
    shown = [z or e for e, z in zip(texts["name_en"], texts["name_zh"], strict=True)]
    out = routes.assign(**texts, **{column: shown if lang == "zh" else texts["name_en"]})
    paint: dict[str, object] = {"label": "name_en" if labels else None, "tooltip": "name_en"}
    if len(out) > 1:
        paint.update(column=column, cmap=list(ROUTE_COLOURS))
    return out, paint
