"""Published figures on the places and links: trains, tonnage, trade, gas, firms (a long table).

One row per figure as a source states it: the place (and the features of a layer it covers),
the indicator, the period (a calendar year, the year to a month, a running total since the
start, or a count at a date), the value in the indicator's one unit, whether the source gives
it exactly, as a lower bound ("over") or roughly, the source and the quoted sentence. Gaps stay
gaps: nothing is interpolated, summed or derived.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

import pandas as pd

from .columns import ID_PATTERN, Column, LayerSchema

__all__ = [
    "INDICATORS_SCHEMA",
    "LABELS",
    "PERIODS",
    "UNITS",
    "check_indicator",
    "indicators",
    "load_indicators",
]

#: The one unit of each indicator.
UNITS: Mapping[str, str] = MappingProxyType(
    {
        "freight_trains": "trains",
        "outbound_freight_trains": "trains",
        "china_europe_trains": "trains",
        "freight_tonnage": "Mt",
        "train_cargo_tonnage": "Mt",
        "rail_freight_tonnage": "Mt",
        "trade_value": "CNY bn",
        "trade_value_usd": "USD bn",
        "port_trade_value": "CNY bn",
        "gas_delivered": "bcm",
        "firms_registered": "firms",
        "foreign_firms_registered": "firms",
        "firms_total": "firms",
        "market_entities_total": "entities",
        "container_throughput": "TEU",
    }
)

#: What each indicator counts, as a chart or column heading says it.
LABELS: Mapping[str, str] = MappingProxyType(
    {
        "freight_trains": "Freight trains",
        "outbound_freight_trains": "Outbound freight trains",
        "china_europe_trains": "China–Europe trains",
        "freight_tonnage": "Freight",
        "train_cargo_tonnage": "Cargo on freight trains",
        "rail_freight_tonnage": "Rail freight",
        "trade_value": "Trade",
        "trade_value_usd": "Trade (USD)",
        "port_trade_value": "Goods cleared",
        "gas_delivered": "Gas delivered",
        "firms_registered": "New firms",
        "foreign_firms_registered": "New foreign-invested firms",
        "firms_total": "Firms",
        "market_entities_total": "Market entities",
        "container_throughput": "Containers handled",
    }
)

#: ``year``: a calendar year; ``ytd``: January to ``month``; ``cumulative``: since the place or
#: service began, to ``month``; ``stock``: a count at the end of ``month``.
PERIODS = ("year", "ytd", "cumulative", "stock")

INDICATORS_SCHEMA = LayerSchema(
    name="indicators",
    geometry_types=(),
    columns=(
        Column("id", "str", pattern=ID_PATTERN, description="stable slug, unique in the table"),
        Column("place", "str", pattern=ID_PATTERN, description="what the figure is about"),
        Column(
            "layer",
            "str",
            domain=("land_ports", "pipelines", "subzones", "hubs", "xinjiang", "ftzs"),
            description="the layer holding the place's features",
        ),
        Column("ids", "list", pattern=ID_PATTERN, description="the features the figure covers"),
        Column("indicator", "str", domain=tuple(UNITS), description="what is counted"),
        Column("period", "str", domain=PERIODS, description="year / ytd / cumulative / stock"),
        Column("year", "year", description="the year the period ends in"),
        Column(
            "month",
            "int",
            nullable=True,
            minimum=1,
            maximum=12,
            description="the month the period ends in (null for a calendar year)",
        ),
        Column("value", "float", minimum=0.0, description="the figure, in `unit`"),
        Column("unit", "str", domain=tuple(sorted(set(UNITS.values()))), description="unit"),
        Column(
            "qualifier",
            "str",
            domain=("exact", "at_least", "about"),
            description="exact, a lower bound ('over 7,000') or approximate",
        ),
        Column("source", "list", pattern=ID_PATTERN, description="keys into geodata/sources.json"),
        Column("quote", "str", description="the source's sentence with the figure"),
        Column("note", "str", nullable=True, description="what the figure covers, conversions"),
    ),
    bounds=(-180.0, -90.0, 180.0, 90.0),
    description="Published figures on places and links, one row per figure (long format)",
)


def check_indicator(indicator: object) -> str:
    """Return `indicator` if the table knows it, else raise InvalidArgumentError naming them."""
    from .errors import InvalidArgumentError

    if indicator not in UNITS:
        raise InvalidArgumentError(
            f"unknown indicator {indicator!r}: use one of {', '.join(UNITS)}"
        )
    return str(indicator)


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    """The shipped table, read and validated once per process (callers get copies)."""
    from .catalog import data_dir
    from .validation import validate

    frame = pd.read_csv(
        data_dir() / "indicators.csv",
        dtype={"month": "Int64", "year": "int64", "value": "float64"},
        keep_default_na=False,
        na_values={"month": [""], "note": [""]},
    )
    frame["note"] = frame["note"].astype(object).where(frame["note"].notna(), None)
    return validate(frame, INDICATORS_SCHEMA)


def load_indicators() -> pd.DataFrame:
    """The whole indicators table (a copy), validated against :data:`INDICATORS_SCHEMA`."""
    return _table().copy()


def indicators(
    place: str | None = None,
    indicator: str | None = None,
    *,
    year: int | None = None,
    period: str | None = None,
    feature: str | None = None,
) -> pd.DataFrame:
    """Published figures, filtered.

    Parameters
    ----------
    place : str, optional
        A place key (``"khorgos-rail"``, ``"cagp"``, ``"xinjiang-ftz"``, ...).
    indicator : str, optional
        One of :data:`UNITS` (``"freight_trains"``, ``"gas_delivered"``, ...).
    year : int, optional
        The year the period ends in.
    period : {"year", "ytd", "cumulative", "stock"}, optional
        Only figures of this kind (``"year"``: whole calendar years).
    feature : str, optional
        Only figures covering this feature id (e.g. ``"khorgos-rail"`` also matches the
        figures for the whole Khorgos port).

    Returns
    -------
    pandas.DataFrame
        The matching rows, ordered by place, indicator and period end; empty if none (a gap
        stays a gap).

    Raises
    ------
    InvalidArgumentError
        For an indicator or period the table does not know.

    Examples
    --------
    >>> import ftzgeo as fz
    >>> trains = fz.indicators("khorgos-rail", "freight_trains", period="year")
    >>> set(trains["unit"])
    {'trains'}
    """
    from .errors import InvalidArgumentError

    if indicator is not None:
        check_indicator(indicator)
    if period is not None and period not in PERIODS:
        raise InvalidArgumentError(f"period takes one of {', '.join(PERIODS)}, got {period!r}")
    table = load_indicators()
    keep = pd.Series(True, index=table.index)
    if place is not None:
        keep &= table["place"] == place
    if indicator is not None:
        keep &= table["indicator"] == indicator
    if year is not None:
        keep &= table["year"] == int(year)
    if period is not None:
        keep &= table["period"] == period
    if feature is not None:
        keep &= pd.Series([feature in str(i).split(";") for i in table["ids"]], index=table.index)
    out = table[keep].sort_values(["place", "indicator", "year", "month"], na_position="first")
    return out.reset_index(drop=True)
