"""Tooltip and popup HTML for features, escaped in Python before it reaches the page."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from .i18n import tr
from .styles import STATUS_LABELS

__all__ = ["DEFAULT_FIELDS", "escape", "popup_html", "source_links"]


def escape(value: object) -> str:
    """HTML-escape any value (quotes included); None and NaN become an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        import pandas as pd

        if value is pd.NA:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return html.escape(str(value), quote=True)


#: (column, label) shown in popups of the shipped layers, in order.
DEFAULT_FIELDS: Mapping[str, Sequence[tuple[str, str]]] = {
    "subzones": [
        ("official_area_km2", "Official area (km²)"),
        ("area_km2", "Drawn area, geodesic (km²)"),
        ("approved", "Approved"),
        ("opened", "Opened"),
        ("includes", "Includes"),
        ("focus_industries", "Focus industries"),
    ],
    "zones": [
        ("kind", "Kind"),
        ("country_iso3", "Country"),
        ("official_area_km2", "Official area (km²)"),
        ("approved", "Approved"),
        ("opened", "Opened"),
    ],
    "hubs": [
        ("kind", "Kind"),
        ("subzone", "FTZ sub-zone"),
        ("country_iso3", "Country"),
        ("iata", "IATA"),
        ("official_area_km2", "Official area (km²)"),
        ("capacity", "Capacity"),
        ("opened", "Opened"),
        ("location_note", "Point marks"),
    ],
    "border_crossings": [
        ("country_iso3", "Country"),
        ("neighbour_iso3", "Neighbour"),
        ("counterpart", "Counterpart"),
        ("modes", "Modes"),
        ("dwell_h_road", "Time to clear by road (h, CAREC)"),
        ("dwell_h_rail", "Time to clear by rail (h, CAREC)"),
        ("opened", "Opened"),
        ("location_note", "Point marks"),
    ],
    "land_ports": [
        ("neighbour_iso3", "Neighbour"),
        ("counterpart", "Counterpart"),
        ("modes", "Modes"),
        ("seasonal", "Seasonal"),
        ("opened", "Opened"),
        ("location_note", "Point marks"),
    ],
    "pipelines": [
        ("product", "Carries"),
        ("line", "Line"),
        ("capacity_bcm_per_year", "Capacity (bcm/y)"),
        ("capacity_mt_per_year", "Capacity (Mt/y)"),
        ("length_km_official", "Official length (km)"),
        ("length_km", "Drawn length, geodesic (km)"),
        ("countries", "Countries"),
        ("opened", "Opened"),
    ],
    "rail": [
        ("gauge_mm", "Gauge (mm)"),
        ("length_km_official", "Official length (km)"),
        ("length_km", "Drawn length, geodesic (km)"),
        ("countries", "Countries"),
        ("opened", "Opened"),
        ("via", "Via"),
    ],
    "roads": [
        ("route_numbers", "Route numbers"),
        ("corridor", "Corridor"),
        ("length_km_official", "Official length (km)"),
        ("length_km", "Drawn length, geodesic (km)"),
        ("countries", "Countries"),
        ("opened", "Opened"),
        ("via", "Via"),
    ],
    "cities": [("country_iso3", "Country"), ("role", "Role")],
    "countries": [("iso3", "ISO 3166"), ("disputed", "Disputed (per source)")],
    "xinjiang": [],
    "routes": [
        ("length_km", "Length (km)"),
        ("travel_time_h", "Time (h)"),
        ("modes", "Modes"),
        ("border_crossings", "Border crossings"),
        ("ports", "Land ports"),
        ("crossings", "Crossings"),
        ("countries", "Countries"),
        ("gauge_changes", "Gauge changes"),
    ],
}


@lru_cache(maxsize=1)
def _sources_table() -> dict[str, tuple[str, str]]:
    from ..catalog import sources

    table = sources()
    return {key: (row["title"], row["url"]) for key, row in table.iterrows()}


def source_links(keys: Iterable[str]) -> str:
    """HTML list of sources: known keys become links (http/https only), others plain text."""
    table = _sources_table()
    items = []
    for key in keys:
        if key in table:
            title, url = table[key]
            if str(url).startswith(("http://", "https://")):
                link = f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">'
                items.append(f"{link}{escape(title)}</a>")
                continue
            items.append(escape(title))
        elif key.startswith(("http://", "https://")):  # a user's own citation
            link = f'<a href="{escape(key)}" target="_blank" rel="noopener noreferrer">'
            items.append(f"{link}{escape(key)}</a>")
        else:
            items.append(escape(key))
    return "<br>".join(items)


@lru_cache(maxsize=1)
def _list_columns() -> frozenset[str]:
    """Columns the schemas declare as ``;``-separated lists (free text is never split)."""
    from ..schema import SCHEMAS

    return frozenset(c.name for s in SCHEMAS.values() for c in s.columns if c.kind == "list")


def _fmt(value: object, column: str | None = None) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return (
            f"{value:,.2f}".rstrip("0").rstrip(".") if not value.is_integer() else f"{int(value):,}"
        )
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and ";" in value and column in _list_columns():
        return "; ".join(part.strip() for part in value.split(";") if part.strip())
    return "" if value is None else str(value)


def popup_html(
    props: Mapping[str, object],
    fields: Sequence[tuple[str, str]],
    *,
    title_column: str = "name_en",
    raw_html_columns: Iterable[str] = (),
    lang: str = "en",
) -> str:
    """Build a feature's popup.

    Parameters
    ----------
    props : mapping
        The feature's attributes (plus measured values such as ``length_km``).
    fields : sequence of (column, label)
        Rows to show; empty values are skipped.
    title_column : str
        Column shown as the heading (with ``name_zh`` beside it when present).
    raw_html_columns : iterable of str
        Columns whose values are trusted HTML and inserted unescaped — an explicit opt-in.
    lang : {"en", "zh"}
        Language of the row headings and status words (the field labels come translated).

    Returns
    -------
    str
        HTML in which every value from data is escaped, except opted-in columns.
    """
    raw = {raw_html_columns} if isinstance(raw_html_columns, str) else set(raw_html_columns)

    def cell(column: str, value: object) -> str:
        return str(value) if column in raw else escape(_fmt(value, column))

    title = cell(title_column, props.get(title_column, props.get("id", "")))
    # Beside the title, the name in the other language (English on a Chinese map).
    other, tag = (props.get("name_en"), "en") if lang == "zh" else (props.get("name_zh"), "zh")
    head = f"<b>{title}</b>"
    if other and isinstance(other, str) and escape(other) != title:
        head += f' <span lang="{tag}">{escape(other)}</span>'
    rows = []
    status = props.get("status")
    if isinstance(status, str):
        word = tr(STATUS_LABELS.get(status, status.replace("_", " ")), lang)
        rows.append(f"<tr><th>{tr('Status', lang)}</th><td>{escape(word)}</td></tr>")
    for column, label in fields:
        value = props.get(column)
        text = cell(column, value)
        if text:
            rows.append(f"<tr><th>{escape(label)}</th><td>{text}</td></tr>")
    quality = props.get("geometry_quality")
    if isinstance(quality, str):
        acc = props.get("accuracy_m")
        acc_text = (
            f", ± {_fmt(float(acc) / 1000)} km"
            if isinstance(acc, (int, float)) and acc == acc
            else ""
        )
        quality_text = escape(quality) + escape(acc_text)
        rows.append(
            f'<tr><th>{tr("Geometry", lang)}</th><td class="ftz-quality">{quality_text}</td></tr>'
        )
    notes = props.get("notes")
    if isinstance(notes, str) and notes:
        rows.append(f"<tr><th>{tr('Notes', lang)}</th><td>{cell('notes', notes)}</td></tr>")
    source = props.get("source")
    if isinstance(source, str) and source:
        keys = [k.strip() for k in source.split(";") if k.strip()]
        rows.append(f"<tr><th>{tr('Sources', lang)}</th><td>{source_links(keys)}</td></tr>")
    return f"{head}<table>{''.join(rows)}</table>"
