"""Routing on the shipped network, and batch queries identical to networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ftzgeo as fz
from ftzgeo.network import build_network
from ftzgeo.routing import (
    CENTRAL_ASIAN_CAPITALS,
    CompiledGraph,
    NoRouteError,
    UnknownPlaceError,
    connectivity_table,
    k_shortest_paths,
    reachable_within,
    resolve_place,
    route_summary,
    shortest_path,
)


@pytest.fixture(scope="module")
def road():
    return build_network(modes=("road",))


@pytest.fixture(scope="module")
def rail():
    return build_network(modes=("rail",))


def test_every_subzone_reaches_every_central_asian_capital_by_road(road):
    table = connectivity_table(road, destinations=list(CENTRAL_ASIAN_CAPITALS))
    assert len(table) == 3 * len(CENTRAL_ASIAN_CAPITALS)
    assert table["reachable"].all(), table.loc[~table["reachable"], ["origin", "destination"]]
    assert (table["border_crossings"] >= 1).all()  # every capital is abroad


def test_route_length_is_at_least_the_geodesic_distance_and_plausibly_close(road):
    for origin in ("urumqi", "kashgar", "khorgos"):
        for dest in ("almaty", "bishkek", "tashkent", "islamabad"):
            route = shortest_path(road, origin, dest, weight="length_km")
            s = route_summary(road, route, weight="length_km")
            o, d = road.nodes[route[0]], road.nodes[route[-1]]
            crow = fz.measures.GEOD.inv(o["x"], o["y"], d["x"], d["y"])[2] / 1000
            assert s["length_km"] >= crow * 0.999, (origin, dest)
            assert s["length_km"] <= crow * 2.5, (origin, dest, s["length_km"], crow)


def test_urumqi_almaty_by_rail_crosses_at_khorgos_or_alashankou(rail):
    s = route_summary(rail, shortest_path(rail, "urumqi", "almaty"))
    assert s["ports"] and s["ports"][0] in {"khorgos-rail", "alashankou-rail"}
    assert s["gauge_changes"] == 1 and s["modes"] == "rail"


def test_in_2011_the_khorgos_rail_crossing_is_absent():
    G = build_network(modes=("rail",), year=2011)
    ports = {d.get("port") for *_, d in G.edges(data=True) if d.get("mode") == "border"}
    assert "khorgos-rail" not in ports and "alashankou-rail" in ports
    s = route_summary(G, shortest_path(G, "urumqi", "almaty"))
    assert s["ports"] == ["alashankou-rail"]
    # No line opened after 2011 is in the network.
    assert all((d.get("opened") or 0) <= 2011 for *_, d in G.edges(data=True))


def test_before_1990_there_is_no_rail_link_to_kazakhstan():
    G = build_network(modes=("rail",), year=1989)
    with pytest.raises(NoRouteError) as info:
        shortest_path(G, "urumqi", "almaty")
    assert (
        "Urumqi Area" in str(info.value)
        and "Almaty" in str(info.value)
        and "year 1989" in str(info.value)
    )


def test_lines_under_construction_change_the_scenario_in_the_expected_direction(rail):
    future = build_network(modes=("rail",), status=("operating", "under_construction"))
    table = fz.routing.compare_scenarios(
        rail, future, origins=["kashgar"], destinations=["jalal-abad", "almaty"]
    )
    by_dest = table.set_index("destination")
    # The China–Kyrgyzstan–Uzbekistan railway puts Jalal-Abad on the rail map from Kashgar...
    assert by_dest.loc["Jalal-Abad", "newly_reachable"]
    assert by_dest.loc["Jalal-Abad", "ports_scenario"] == "torugart-rail"
    assert by_dest.loc["Jalal-Abad", "gauge_changes_scenario"] == 1
    # ...and nothing already reachable gets slower.
    assert (table["hours_saved"].dropna() >= -1e-9).all()


def test_place_names_resolve_case_insensitively_and_errors_list_matches(road):
    assert resolve_place(road, "KASHGAR") == "subzone:kashgar"
    assert resolve_place(road, "city:kashgar") == "city:kashgar"
    assert resolve_place(road, "Bishkek") == "city:bishkek"
    with pytest.raises(UnknownPlaceError) as info:
        resolve_place(road, "tashkient")
    assert "'tashkent'" in str(info.value)
    with pytest.raises(KeyError):
        resolve_place(road, "atlantis")


def test_k_shortest_paths_are_distinct_and_ordered(road):
    paths = k_shortest_paths(road, "kashgar", "bishkek", 3)
    assert len(paths) == 3 and len({tuple(p) for p in paths}) == 3
    costs = [route_summary(road, p)["travel_time_h"] for p in paths]
    assert costs == sorted(costs)
    assert costs[0] == pytest.approx(
        route_summary(road, shortest_path(road, "kashgar", "bishkek"))["travel_time_h"]
    )


def test_reachable_within(road):
    near = reachable_within(road, "khorgos", hours=40)
    assert "city:almaty" in near.index
    assert (near["travel_time_h"] <= 40).all()
    far = reachable_within(road, "khorgos", hours=1000)
    assert len(far) > len(near)
    exact = nx.single_source_dijkstra_path_length(road, "subzone:khorgos", weight="travel_time_h")
    for node, row in far.iterrows():
        assert row["travel_time_h"] == pytest.approx(exact[node + ">"], rel=1e-9)


def test_route_to_gdf(road):
    route = shortest_path(road, "kashgar", "islamabad")
    gdf = fz.routing.route_to_gdf(road, route)
    assert gdf.crs.to_epsg() == 4326
    assert gdf["length_km"].sum() == pytest.approx(route_summary(road, route)["length_km"])
    assert "khunjerab" in set(gdf["port"].dropna())
    m = fz.maps.connectivity_map(routes=gdf.assign(name_en="Kashgar to Islamabad"), tiles=None)
    assert m is not None


# --- batch queries: identical to networkx -------------------------------------------------


@st.composite
def random_graphs(draw):
    n = draw(st.integers(2, 25))
    m = draw(st.integers(1, 80))
    edges = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1), st.integers(0, n - 1), st.floats(0, 100, allow_nan=False)
            ),
            min_size=m,
            max_size=m,
        )
    )
    G = nx.MultiDiGraph()
    G.add_nodes_from(range(n))
    for u, v, w in edges:
        G.add_edge(u, v, w=w)
    return G


@settings(max_examples=150, deadline=None)
@given(random_graphs())
def test_compiled_graph_matches_networkx(G):
    cg = CompiledGraph.from_graph(G, "w")
    origins = list(G.nodes)[:3]
    for o in origins:
        expected = nx.single_source_dijkstra_path_length(G, o, weight="w")
        got = cg.one_to_all(o)
        assert set(got.index) == set(expected)
        for node, dist in expected.items():
            assert got[node] == pytest.approx(dist, abs=1e-9)
    table = cg.table(origins, list(G.nodes))
    for o in origins:
        expected = nx.single_source_dijkstra_path_length(G, o, weight="w")
        for d in G.nodes:
            value = table.loc[o, d]
            assert (np.isinf(value) and d not in expected) or value == pytest.approx(
                expected[d], abs=1e-9
            )


def test_compiled_graph_paths_are_real_paths(road):
    cg = CompiledGraph.from_graph(road, "travel_time_h")
    dist, pred = cg.distances(["subzone:kashgar"], predecessors=True)
    path = cg.path(pred[0], "subzone:kashgar", "city:bishkek>")
    assert nx.is_path(road, path)
    assert dist[0][cg.index["city:bishkek>"]] == pytest.approx(
        nx.shortest_path_length(road, "subzone:kashgar", "city:bishkek>", weight="travel_time_h")
    )


def test_negative_weights_are_refused():
    with pytest.raises(fz.FtzgeoError, match="negative"):
        CompiledGraph.from_arrays([0, 1], [0], [1], [-1.0])


def test_cli_route_and_table(capsys):
    from ftzgeo.cli import main

    assert main(["route", "kashgar", "tashkent", "--mode", "road"]) == 0
    out = capsys.readouterr().out
    assert "Kashgar Area" in out and "Tashkent" in out and "border crossings" in out
    assert main(["route", "kashgar", "atlantis"]) == 2
    assert "no place 'atlantis'" in capsys.readouterr().err
    assert main(["--format", "csv", "table", "--mode", "road"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("origin,destination,network,reachable,km,hours")
    assert len(lines) == 1 + 3 * 7
    assert main(["route", "urumqi", "almaty", "--mode", "rail", "--year", "2011"]) == 0
    assert "alashankou-rail" in capsys.readouterr().out


# --- Routes as they run: each story names the countries and the crossing a route must use. ---


def _story(G, origin, destination):
    return route_summary(G, shortest_path(G, origin, destination))


def test_kashgar_to_tashkent_by_road_goes_by_irkeshtam_and_osh_not_tajikistan(road):
    s = _story(road, "city:kashgar", "tashkent")
    assert s["ports"] == ["irkeshtam"]
    assert s["countries"] == ["CHN", "KGZ", "UZB"]
    assert "TJK" not in s["countries"]
    assert (
        len(s["crossings"]) == 2
    )  # Irkeshtam, then the Kyrgyz-Uzbek crossing in the Fergana valley


def test_kashgar_to_islamabad_by_road_goes_by_khunjerab(road):
    s = _story(road, "city:kashgar", "islamabad")
    assert s["ports"] == ["khunjerab"]
    assert s["countries"] == ["CHN", "PAK"]


@pytest.mark.parametrize("capital", ["astana", "bishkek"])
def test_urumqi_reaches_astana_and_bishkek_by_rail(rail, capital):
    s = _story(rail, "city:urumqi", capital)
    assert s["modes"] == "rail"
    assert s["countries"][:2] == ["CHN", "KAZ"]
    assert s["ports"][0] in {"khorgos-rail", "alashankou-rail"}
    assert s["gauge_changes"] == 1
    if capital == "bishkek":
        assert s["countries"] == ["CHN", "KAZ", "KGZ"]


def test_urumqi_to_tacheng_by_rail_stays_in_china(rail):
    s = _story(rail, "city:urumqi", "tacheng")
    assert s["countries"] == ["CHN"]
    assert s["border_crossings"] == 0


def test_every_border_a_route_crosses_is_named(road, rail):
    for G in (road, rail):
        for dest in CENTRAL_ASIAN_CAPITALS:
            route = shortest_path(G, "urumqi", dest)
            s = route_summary(G, route)
            assert len(s["crossings"]) == s["border_crossings"] == len(s["countries"]) - 1, dest
            assert all(isinstance(c, str) and c for c in s["crossings"])


def test_subzones_by_capitals_has_no_hole_the_real_network_can_serve():
    """Every sub-zone reaches Almaty and every Central Asian capital by road, by rail and by
    both; the only unreachable cells are by rail to Islamabad (no railway crosses the
    Karakoram), and those say why."""
    table = connectivity_table()
    served = table[table["destination"] != "Islamabad"]
    assert served["reachable"].all(), served.loc[
        ~served["reachable"], ["origin", "destination", "network"]
    ]
    holes = table[~table["reachable"].astype(bool)]
    assert set(holes["network"]) <= {"rail"}
    assert holes["why_unreachable"].str.len().gt(0).all()


def test_huge_k_is_refused_at_once(road):
    import time

    from ftzgeo.errors import InvalidArgumentError

    start = time.perf_counter()
    with pytest.raises(InvalidArgumentError, match="at most 100"):
        k_shortest_paths(road, "kashgar", "almaty", 10**9)
    assert time.perf_counter() - start < 1.0
    with pytest.raises(TypeError):
        k_shortest_paths(road, "kashgar", "almaty", 2.5)


def test_a_route_from_a_place_to_itself_is_empty_not_an_error(road):
    route = shortest_path(road, "kashgar", "kashgar")
    assert route == ["subzone:kashgar"]
    steps = fz.routing.route_to_gdf(road, route)
    assert steps.empty and "geometry" in steps.columns
    feature = fz.routing.route_feature(road, route)
    assert feature.loc[0, "length_km"] == 0 and feature.geometry.iloc[0].is_empty
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None, routes=feature)
    assert "NaN" not in fz.export.map_html(m, self_contained=False)  # the data, not Leaflet
