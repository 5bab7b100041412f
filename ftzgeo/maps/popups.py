"""Tooltip and popup HTML for features, escaped in Python before it reaches the page."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import numpy as np

from .i18n import name_html, tr, value_words, word_html
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
    "ftzs": [
        ("ftz_name_en", "Pilot FTZ"),
        ("province", "Province"),
        ("approved", "Plan issued"),
        ("opened_date", "Inaugurated"),
        ("official_area_km2", "Official area (km²)"),
        ("ftz_area_km2", "FTZ area (km²)"),
        ("border_countries", "Borders"),
        ("border_role", "Cross-border role"),
        ("focus", "Focus"),
        ("location_note", "Point marks"),
    ],
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
    return dict(zip(table.index, zip(table["title"], table["url"], strict=True), strict=True))


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


#: Columns holding codes from a fixed list (``road;rail``, ``dry_port``): shown as words, which
#: the page's language switch translates.
WORD_COLUMNS = frozenset({"modes", "product", "kind", "role"})


def _th(label: str, lang: str) -> str:
    """A popup row's heading, in `lang`.

    The page's switch reads a ``<th>``'s English text as its key, so only a page built in
    another language carries the key (``data-k``).
    """
    if lang == "en" or tr(label, lang) == label:
        return f"<th>{escape(label)}</th>"
    return f'<th data-k="{escape(label)}">{escape(tr(label, lang))}</th>'


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
        Column shown as the heading. ``name_en`` (the default) shows the name in `lang` with the
        other language's name beside it, both turned by the page's switch; any other column is
        shown as it is.
    raw_html_columns : iterable of str
        Columns whose values are trusted HTML and inserted unescaped — an explicit opt-in.
    lang : {"en", "zh"}
        Language of the row headings, status words and coded values; each carries its English
        key so the page's language switch can turn it (see :func:`~ftzgeo.maps.i18n.word_html`).

    Returns
    -------
    str
        HTML in which every value from data is escaped, except opted-in columns.
    """
    raw = {raw_html_columns} if isinstance(raw_html_columns, str) else set(raw_html_columns)

    def cell(column: str, value: object) -> str:
        if column in raw:
            return str(value)
        if isinstance(value, (bool, np.bool_)):
            return word_html("yes" if value else "no", lang)
        if column in WORD_COLUMNS and isinstance(value, str):
            return "; ".join(word_html(w, lang) for w in value_words(value))
        return escape(_fmt(value, column))

    named = title_column == "name_en" and title_column not in raw
    if named:  # the name in the page's language, the other language's beside it
        title = name_html(props.get("name_en"), props.get("name_zh"), lang)
        beside = name_html(props.get("name_en"), props.get("name_zh"), lang, beside=True)
    else:
        title = cell(title_column, props.get(title_column, props.get("id", "")))
        beside = ""
    title = title or escape(props.get("id", ""))
    head = f"<b>{title}</b>" + (f" {beside}" if beside else "")
    rows = []
    status = props.get("status")
    if isinstance(status, str):
        word = word_html(STATUS_LABELS.get(status, status.replace("_", " ")), lang)
        rows.append(f"<tr>{_th('Status', lang)}<td>{word}</td></tr>")
    for column, label in fields:
        value = props.get(column)
        text = cell(column, value)
        if text:
            rows.append(f"<tr>{_th(label, lang)}<td>{text}</td></tr>")
    quality = props.get("geometry_quality")
    if isinstance(quality, str):
        acc = props.get("accuracy_m")
        acc_text = (
            f", ± {_fmt(float(acc) / 1000)} km"
            if isinstance(acc, (int, float)) and acc == acc
            else ""
        )
        quality_text = escape(quality) + escape(acc_text)
        rows.append(f'<tr>{_th("Geometry", lang)}<td class="ftz-quality">{quality_text}</td></tr>')
    notes = props.get("notes")
    if isinstance(notes, str) and notes:
        rows.append(f"<tr>{_th('Notes', lang)}<td>{cell('notes', notes)}</td></tr>")
    source = props.get("source")
    if isinstance(source, str) and source:
        keys = [k.strip() for k in source.split(";") if k.strip()]
        rows.append(f"<tr>{_th('Sources', lang)}<td>{source_links(keys)}</td></tr>")
    return f"{head}<table>{''.join(rows)}</table>"
