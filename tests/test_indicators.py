"""The indicators table: published figures only, one unit per indicator, every row cited."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import ftzgeo as fz
from ftzgeo.indicator_table import UNITS


@pytest.fixture(scope="module")
def table():
    return fz.indicators()


def test_every_row_is_cited_and_names_features_that_exist(table):
    sources = fz.sources()
    for key in table["source"].str.split(";").explode():
        assert key in sources.index and sources.loc[key, "url"].startswith("http"), key
    for (layer, ids), rows in table.groupby(["layer", "ids"]):
        known = set(fz.load(layer)["id"])
        assert set(ids.split(";")) <= known, (layer, ids, rows["id"].tolist())


def test_one_unit_per_indicator_and_every_value_has_its_period(table):
    assert (table["unit"] == table["indicator"].map(UNITS)).all()
    assert table["year"].notna().all() and table["value"].notna().all()
    whole_year = table["period"] == "year"
    assert table.loc[whole_year, "month"].isna().all()  # a calendar year has no month
    assert table.loc[~whole_year, "month"].notna().all()  # any other period says where it ends
    assert table["id"].is_unique


_MULTIPLIERS = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "тысяч": 1e3, "thousand": 1e3}
_NUMBER_WORD = re.compile(r"(\d+(?:[.,]\d+)?)\s*(万|萬|亿|億|тысяч|thousand)")


def _digit_forms(text: str) -> set[str]:
    """The digits of a text as written, and with 万 (萬), 亿 (億), тысяч, thousand written out."""

    def expand(m: re.Match[str]) -> str:
        return f"{float(m.group(1).replace(',', '.')) * _MULTIPLIERS[m.group(2)]:.0f}"

    return {re.sub(r"\D", "", text), re.sub(r"\D", "", _NUMBER_WORD.sub(expand, text))}


def test_each_figure_is_in_the_sentence_it_was_read_from(table):
    """The value (or, where it was converted, the figure as published) appears in the quote."""
    for row in table.itertuples():
        published = re.search(r"published as ([\d.]+)", row.note or "")
        figure = float(published.group(1)) if published else row.value
        text = f"{figure:f}".rstrip("0").rstrip(".")
        wanted = re.sub(r"\D", "", text)
        assert any(wanted in form for form in _digit_forms(row.quote)), (row.id, figure, row.quote)


def test_filters_and_gaps():
    trains = fz.indicators("khorgos-rail", "freight_trains", period="year")
    assert list(trains["year"]) == sorted(trains["year"]) and len(trains) >= 3
    assert set(trains["place"]) == {"khorgos-rail"}
    at_port = fz.indicators(feature="khorgos-rail")
    assert {"khorgos", "khorgos-rail", "xinjiang-rail-ports"} <= set(at_port["place"])
    assert fz.indicators(feature="jeminay").empty  # no figure was found: the gap stays a gap
    with pytest.raises(fz.errors.InvalidArgumentError, match="unknown indicator"):
        fz.indicators(indicator="trains")
    with pytest.raises(fz.errors.InvalidArgumentError, match="period takes one of"):
        fz.indicators(period="quarter")


def test_validate_knows_the_table(table):
    assert fz.validate(table, "indicators") is table
    bad = table.copy()
    bad.loc[0, "month"] = 13
    bad.loc[1, "unit"] = "furlongs"
    with pytest.raises(fz.ValidationError) as err:
        fz.validate(bad, "indicators")
    text = str(err.value)
    assert "month" in text and "furlongs" in text
    with pytest.raises(fz.ValidationError, match="expected a pandas DataFrame"):
        fz.validate([1, 2], "indicators")
    assert isinstance(table, pd.DataFrame)


def test_the_connectivity_table_carries_the_exit_ports_published_figure():
    from ftzgeo.network import build_network
    from ftzgeo.routing import compare_scenarios, connectivity_table

    rail = build_network(modes=("rail",))
    table = connectivity_table(
        rail,
        origins=["khorgos", "urumqi"],
        destinations=["almaty", "astana"],
        indicator="freight_trains",
        indicator_year=2024,
    )
    figures = fz.indicators(indicator="freight_trains", year=2024, period="year")
    for row in table.itertuples():
        port = row.ports.split(", ")[0]
        assert row.exit_port == port
        own = figures[figures["ids"] == port]
        if len(own):  # the port's own figure, cited by its row
            assert row.freight_trains == own["value"].iloc[0]
            assert row.freight_trains_row == own["id"].iloc[0]
        else:  # never a figure that adds other ports in (Alashankou + Khorgos together)
            assert np.isnan(row.freight_trains) and pd.isna(row.freight_trains_row)
    assert {"khorgos-rail", "alashankou-rail"} & set(table["exit_port"])
    both = compare_scenarios(
        rail,
        rail,
        origins=["khorgos"],
        destinations=["almaty"],
        indicator="freight_trains",
        indicator_year=2024,
    )
    assert both["freight_trains_base"].iloc[0] == both["freight_trains_scenario"].iloc[0]
    with pytest.raises(fz.errors.InvalidArgumentError, match="indicator_year"):
        connectivity_table(
            rail, origins=["khorgos"], destinations=["almaty"], indicator="freight_trains"
        )


def test_flows_take_the_exit_ports_published_figure_for_a_year():
    from ftzgeo.network import build_network
    from ftzgeo.routing import flow_lines

    rail = build_network(modes=("rail",))
    table = pd.DataFrame({"origin": ["urumqi", "kashgar"], "destination": ["almaty", "tashkent"]})
    lines = flow_lines(table, value=("freight_trains", 2024), G=rail)
    khorgos = fz.indicators("khorgos-rail", "freight_trains", year=2024, period="year")
    assert list(lines["value"]) == [khorgos["value"].iloc[0]] * 2  # both leave by Khorgos
    astana = pd.DataFrame({"origin": ["urumqi"], "destination": ["astana"]})  # via Alashankou
    with pytest.raises(fz.ValidationError, match="no freight_trains for 2024 was published"):
        flow_lines(astana, value=("freight_trains", 2024), G=rail)
    with pytest.raises(fz.errors.InvalidArgumentError, match="value= takes a column name"):
        flow_lines(table, value=("trains", 2024), G=rail)
    m = fz.connectivity_map(layers=["subzones"])
    drawn = fz.maps.flows(m, table, value=("freight_trains", 2024), G=rail)
    assert len(drawn) == 2


def test_a_road_exit_never_takes_its_rail_twins_figure():
    from ftzgeo.routing.tables import with_exit_port_indicator

    table = pd.DataFrame({"ports": ["khorgos-road", "khorgos-rail", "alashankou-rail"]})
    trains = with_exit_port_indicator(table, "freight_trains", 2024)
    assert np.isnan(trains["freight_trains"].iloc[0])  # the road port has no trains of its own
    assert trains["freight_trains"].iloc[1] == 8730  # the rail port's own, 2024
    assert np.isnan(trains["freight_trains"].iloc[2])  # not the Alashankou + Khorgos total
    whole = with_exit_port_indicator(table, "freight_tonnage", 2025)
    assert whole["freight_tonnage"].iloc[0] == whole["freight_tonnage"].iloc[1] == 46  # whole port


def test_one_scope_per_indicator_where_sources_differ():
    outbound = fz.indicators(indicator="outbound_freight_trains")
    assert list(outbound["year"]) == [2016]  # outbound only: not charted with the totals
    trains = fz.indicators("khorgos-rail", "freight_trains", period="cumulative")
    assert trains["value"].is_monotonic_increasing  # the China-Europe-only count is apart
