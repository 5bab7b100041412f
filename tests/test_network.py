"""The network model on small hand-made data with known answers, then on the shipped data."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import pytest
from shapely.geometry import LineString, Point, box

import ftzgeo as fz
from ftzgeo.measures import GEOD
from ftzgeo.network import DEFAULTS, build_network, graph_from_gdfs, graph_to_gdfs
from ftzgeo.routing import NoRouteError, route_summary, shortest_path


def km(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000


def lines(rows, mode_defaults=None) -> gpd.GeoDataFrame:
    base = {"status": "operating", "opened": 2000}
    return gpd.GeoDataFrame(
        [{**base, **(mode_defaults or {}), **r} for r in rows], geometry="geometry", crs=4326
    )


def places(*pts) -> dict:
    gdf = gpd.GeoDataFrame(
        [{"id": name, "name_en": name.title(), "country_iso3": iso} for name, _, iso in pts],
        geometry=[Point(xy) for _, xy, _ in pts],
        crs=4326,
    )
    return {"city": gdf}


NO_PORTS = gpd.GeoDataFrame(
    {"id": [], "name_en": [], "status": [], "opened": [], "modes": [], "neighbour_iso3": []},
    geometry=[],
    crs=4326,
)
ONE_COUNTRY = gpd.GeoDataFrame({"iso3": ["AAA"]}, geometry=[box(-5, -5, 5, 5)], crs=4326)
CHINA_KAZ = gpd.GeoDataFrame(
    {"iso3": ["CHN", "KAZ"]}, geometry=[box(-5, -5, 1, 5), box(1, -5, 5, 5)], crs=4326
)


def port(ident="p", xy=(1.0, 0.0), modes="road", opened=2000, dwell=None, status="operating"):
    row = {
        "id": ident,
        "name_en": ident,
        "status": status,
        "opened": opened,
        "modes": modes,
        "neighbour_iso3": "KAZ",
        "geometry": Point(xy),
    }
    if dwell is not None:
        row["dwell_h"] = dwell
    return gpd.GeoDataFrame([row], geometry="geometry", crs=4326)


def test_lines_that_do_not_touch_are_snapped_within_tolerance():
    gap = lines(
        [
            {"id": "a", "geometry": LineString([(0, 0), (1, 0)])},
            {"id": "b", "geometry": LineString([(1.005, 0), (2, 0)])},  # ~560 m gap
        ]
    )
    kw = dict(
        modes=("road",),
        links={"road": gap},
        places=places(("west", (0, 0), "AAA"), ("east", (2, 0), "AAA")),
        ports=NO_PORTS,
        countries=ONE_COUNTRY,
    )
    G = build_network(snap_tolerance_m=1000, **kw)
    s = route_summary(G, shortest_path(G, "west", "east"))
    assert s["length_km"] == pytest.approx(km((0, 0), (1, 0)) + km((1.005, 0), (2, 0)), rel=1e-6)
    with pytest.raises(NoRouteError, match="no route from 'West' to 'East'"):
        shortest_path(build_network(snap_tolerance_m=100, **kw), "west", "east")


def test_t_junction_is_split_at_the_touching_end():
    t = lines(
        [
            {"id": "main", "geometry": LineString([(0, 0), (2, 0)])},
            {
                "id": "branch",
                "geometry": LineString([(1, 0.0005), (1, 1)]),
            },  # ends ~55 m from the main line
        ]
    )
    G = build_network(
        modes=("road",),
        links={"road": t},
        ports=NO_PORTS,
        countries=ONE_COUNTRY,
        places=places(("a", (0, 0), "AAA"), ("c", (1, 1), "AAA")),
    )
    s = route_summary(G, shortest_path(G, "a", "c", weight="length_km"), weight="length_km")
    expected = km((0, 0), (1, 0)) + km((1, 0.0005), (1, 1))
    assert s["length_km"] == pytest.approx(expected, abs=0.1)


def test_gauge_change_costs_transfer_time():
    rail = lines(
        [
            {"id": "std", "gauge_mm": 1435, "geometry": LineString([(0, 0), (1, 0)])},
            {"id": "broad", "gauge_mm": 1520, "geometry": LineString([(1, 0), (2, 0)])},
        ]
    )
    G = build_network(
        modes=("rail",),
        links={"rail": rail},
        ports=NO_PORTS,
        countries=ONE_COUNTRY,
        places=places(("a", (0, 0), "AAA"), ("b", (2, 0), "AAA")),
        speeds={"rail": 50.0},
        gauge_change_h=5.0,
    )
    s = route_summary(G, shortest_path(G, "a", "b"))
    assert s["gauge_changes"] == 1
    assert s["travel_time_h"] == pytest.approx(
        (km((0, 0), (1, 0)) + km((1, 0), (2, 0))) / 50.0 + 5.0, rel=1e-9
    )
    assert s["lines"] == ["std", "broad"]


def test_china_border_is_crossed_only_at_an_open_port_with_its_dwell_time():
    road = lines(
        [
            {"id": "r", "geometry": LineString([(0, 0), (2, 0)])},
            {"id": "west", "geometry": LineString([(-1, 0), (0, 0)])},
            {"id": "east", "geometry": LineString([(2, 0), (3, 0)])},
        ]
    )
    kw = dict(
        modes=("road",),
        links={"road": road},
        countries=CHINA_KAZ,
        speeds={"road": 40.0},
        places=places(("kashi", (0, 0), "CHN"), ("almaty", (2, 0), "KAZ")),
    )
    G = build_network(ports=NO_PORTS, **kw)
    assert G.graph["dropped"] and "no open port" in G.graph["dropped"][0]["reason"]
    with pytest.raises(NoRouteError, match="open China border crossings in it: none"):
        shortest_path(G, "kashi", "almaty")

    G = build_network(ports=port(dwell=7.0, xy=(1.0, 0.01)), **kw)
    route = shortest_path(G, "kashi", "almaty")
    s = route_summary(G, route)
    assert s["border_crossings"] == 1 and s["ports"] == ["p"]
    drive = s["length_km"] / 40.0
    assert s["travel_time_h"] == pytest.approx(drive + 7.0, rel=1e-6)
    # The detour through the port is short: the port is 1.1 km off the line.
    assert s["length_km"] == pytest.approx(km((0, 0), (2, 0)), abs=2.5)
    gdf = fz.routing.route_to_gdf(G, route)
    assert list(gdf.loc[gdf["mode"] == "border", "port"]) == ["p"]

    # Per-port override by id beats the port's own column and the mode default.
    G = build_network(ports=port(xy=(1.0, 0.01)), border_dwell_h={"p": 2.0}, **kw)
    assert route_summary(G, shortest_path(G, "kashi", "almaty"))["travel_time_h"] == pytest.approx(
        drive + 2.0, rel=1e-6
    )


def test_year_filter_removes_what_had_not_opened():
    road = lines([{"id": "r", "geometry": LineString([(0, 0), (2, 0)]), "opened": 1995}])
    kw = dict(
        modes=("road",),
        links={"road": road},
        countries=CHINA_KAZ,
        places=places(("kashi", (0, 0), "CHN"), ("almaty", (2, 0), "KAZ")),
        ports=port(opened=2012),
    )
    with pytest.raises(NoRouteError, match="year 2011"):
        shortest_path(build_network(year=2011, **kw), "kashi", "almaty")
    assert shortest_path(build_network(year=2012, **kw), "kashi", "almaty")
    with pytest.raises(NoRouteError):
        shortest_path(build_network(year=1990, **kw), "kashi", "almaty")  # road not yet open


def test_status_filter_and_scenarios():
    road = lines(
        [
            {"id": "old", "geometry": LineString([(0, 0), (0, 1), (2, 1), (2, 0)])},
            {
                "id": "new",
                "geometry": LineString([(0, 0), (2, 0)]),
                "status": "under_construction",
                "opened": None,
            },
        ]
    )
    kw = dict(
        modes=("road",),
        links={"road": road},
        countries=ONE_COUNTRY,
        ports=NO_PORTS,
        places=places(("a", (0, 0), "AAA"), ("b", (2, 0), "AAA")),
    )
    base, future = (
        build_network(**kw),
        build_network(status=("operating", "under_construction"), **kw),
    )
    table = fz.routing.compare_scenarios(base, future, origins=["a"], destinations=["b"])
    assert table.loc[0, "hours_saved"] > 0 and table.loc[0, "km_saved"] > 0


def crossing(ident="c", xy=(1.0, 0.0), modes="road", home="KAZ", neighbour="UZB", **dwell):
    row = {
        "id": ident,
        "name_en": ident.title(),
        "status": "operating",
        "opened": 2000,
        "modes": modes,
        "country_iso3": home,
        "neighbour_iso3": neighbour,
        "geometry": Point(xy),
        **dwell,
    }
    return gpd.GeoDataFrame([row], geometry="geometry", crs=4326)


KAZ_UZB = gpd.GeoDataFrame(
    {"iso3": ["KAZ", "UZB"]}, geometry=[box(-5, -5, 1, 5), box(1, -5, 5, 5)], crs=4326
)


def _kaz_uzb(**kw):
    road = lines([{"id": "r", "geometry": LineString([(0, 0), (2, 0)])}])
    return build_network(
        modes=("road",),
        links={"road": road},
        countries=KAZ_UZB,
        ports=NO_PORTS,
        speeds={"road": 40.0},
        places=places(("shym", (0, 0), "KAZ"), ("tash", (2, 0), "UZB")),
        **kw,
    )


def test_other_borders_cost_the_generic_crossing_time():
    G = _kaz_uzb(crossings=crossing(xy=(1.0, 0.01)), other_border_h=3.0)
    s = route_summary(G, shortest_path(G, "shym", "tash"))
    assert s["border_crossings"] == 1
    assert s["crossings"] == ["C"] and s["ports"] == []
    assert s["countries"] == ["KAZ", "UZB"]
    assert s["travel_time_h"] == pytest.approx(km((0, 0), (2, 0)) / 40.0 + 3.0, rel=1e-3)


def test_a_crossing_states_its_own_dwell_time_by_mode():
    G = _kaz_uzb(crossings=crossing(xy=(1.0, 0.01), dwell_h_road=5.5, dwell_h_rail=30.0))
    s = route_summary(G, shortest_path(G, "shym", "tash"))
    assert s["travel_time_h"] == pytest.approx(km((0, 0), (2, 0)) / 40.0 + 5.5, rel=1e-3)
    # An override by id beats the default but not the crossing's own figure for that mode.
    G = _kaz_uzb(crossings=crossing(xy=(1.0, 0.01)), border_dwell_h={"c": 8.0})
    s = route_summary(G, shortest_path(G, "shym", "tash"))
    assert s["travel_time_h"] == pytest.approx(km((0, 0), (2, 0)) / 40.0 + 8.0, rel=1e-3)


def test_a_border_with_no_crossing_point_is_a_hole_not_a_route():
    empty = crossing().iloc[0:0]
    G = _kaz_uzb(crossings=empty)
    assert (
        G.graph["dropped"][0]["reason"] == "crosses KAZ-UZB with no open crossing point in the data"
    )
    with pytest.raises(NoRouteError, match="dropped at borders with no crossing point: r"):
        shortest_path(G, "shym", "tash")
    # A crossing of the wrong mode, or between other countries, does not fill the hole.
    for wrong in (crossing(modes="rail"), crossing(neighbour="KGZ")):
        with pytest.raises(NoRouteError):
            shortest_path(_kaz_uzb(crossings=wrong), "shym", "tash")
    table = fz.routing.connectivity_table(G, origins=["shym"], destinations=["tash"])
    assert not table.loc[0, "reachable"]
    assert "no crossing point" in table.loc[0, "why_unreachable"]


def test_places_are_never_passed_through():
    # Two road ends in different countries, 1 km apart around a city: the city must not bridge them.
    road = lines(
        [
            {"id": "w", "geometry": LineString([(0, 0), (0.995, 0)])},
            {"id": "e", "geometry": LineString([(1.005, 0), (2, 0)])},
        ]
    )
    G = build_network(
        modes=("road",),
        links={"road": road},
        countries=CHINA_KAZ,
        ports=NO_PORTS,
        snap_tolerance_m=100,
        places=places(
            ("kashi", (0, 0), "CHN"), ("almaty", (2, 0), "KAZ"), ("mid", (1.0, 0), "CHN")
        ),
    )
    with pytest.raises(NoRouteError):
        shortest_path(G, "kashi", "almaty")


def test_graph_gdfs_roundtrip():
    G = build_network(modes=("road",))
    nodes, edges = graph_to_gdfs(G)
    assert nodes.crs.to_epsg() == 4326 and len(nodes) == G.number_of_nodes()
    assert len(edges) == G.number_of_edges()
    H = graph_from_gdfs(nodes, edges)
    assert set(H.nodes) == set(G.nodes) and H.number_of_edges() == G.number_of_edges()
    a = nx.shortest_path_length(G, "subzone:kashgar", "city:bishkek>", weight="travel_time_h")
    b = nx.shortest_path_length(H, "subzone:kashgar", "city:bishkek>", weight="travel_time_h")
    assert a == pytest.approx(b)


def test_bad_arguments():
    with pytest.raises(fz.FtzgeoError, match="modes"):
        build_network(modes=("ship",))
    with pytest.raises(fz.FtzgeoError, match="weight"):
        shortest_path(build_network(modes=("road",)), "kashgar", "bishkek", weight="cost")


def test_defaults_are_cited():
    for key in ("speed_kmh", "border_dwell_h", "gauge_change_h", "other_border_h"):
        assert "cpmm.carecprogram.org" in DEFAULTS.sources[key] or "http" in DEFAULTS.sources[key]
    assert "assumption" in DEFAULTS.sources["mode_change_h"]


def test_pipeline_network_delivers_through_khorgos():
    P = fz.network.build_pipeline_network()
    cap = fz.network.capacity_by_port(P).groupby("port")["capacity_bcm_per_year"].sum()
    assert cap["khorgos-road"] == pytest.approx(15 + 15 + 25)  # lines A, B, C
    assert "irkeshtam" not in cap.index  # line D is not operating
    building = fz.network.capacity_by_port(
        fz.network.build_pipeline_network(status=("operating", "under_construction"))
    )
    assert "D" not in set(building["line"])  # line D's works are suspended, not under way
    halted = fz.network.capacity_by_port(
        fz.network.build_pipeline_network(status=("operating", "suspended"))
    )
    assert halted.set_index("line").loc["D", "port"] == "irkeshtam"
    assert nx.has_path(P, "olot", "port:khorgos-road")
    # The gas starts at the Turkmen field: its section, which has no letter, joins lines A-C.
    assert nx.has_path(P, "saman-depe", "port:khorgos-road")
    P2009 = fz.network.build_pipeline_network(year=2009)
    lines = {(d["id"], d["line"]) for *_, d in P2009.edges(data=True)}
    assert sorted(line for _, line in lines if line) == ["A"]
    assert {ident for ident, line in lines if line is None} == {"cagp-turkmen"}


def test_the_oil_pipeline_enters_at_alashankou():
    oil = fz.network.capacity_by_port(fz.network.build_pipeline_network(product="crude_oil"))
    assert set(oil["port"]) == {"alashankou-rail"}
    assert (oil["product"] == "crude_oil").all() and oil["capacity_mt_per_year"].notna().all()
    both = fz.network.build_pipeline_network(product=None)
    assert {d["product"] for *_, d in both.edges(data=True)} == {"natural_gas", "crude_oil"}


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"speeds": {"road": 0}}, ValueError, "greater than 0"),
        ({"speeds": {"road": -40}}, ValueError, "greater than 0"),
        ({"speeds": {"road": float("nan")}}, ValueError, "finite"),
        ({"speeds": {"road": float("inf")}}, ValueError, "finite"),
        ({"border_dwell_h": {"road": -1}}, ValueError, "at least 0"),
        ({"gauge_change_h": float("nan")}, ValueError, "finite"),
        ({"other_border_h": -3}, ValueError, "at least 0"),
        ({"year": "2011"}, TypeError, "whole number"),
        ({"year": 2011.5}, TypeError, "whole number"),
        ({"status": ["bogus"]}, ValueError, "status takes"),
        ({"status": "operating"}, None, None),
        ({"modes": "rail"}, None, None),
        ({"snap_tolerance_m": -1}, ValueError, "at least 0"),
    ],
)
def test_every_override_is_checked_before_building(kwargs, error, match):
    from ftzgeo.errors import FtzgeoError

    road = lines([{"id": "r", "geometry": LineString([(0, 0), (1, 0)]), "gauge_mm": 1435}])
    base = dict(
        links={"road": road, "rail": road},
        countries=ONE_COUNTRY,
        ports=NO_PORTS,
        places=places(("a", (0, 0), "AAA"), ("b", (1, 0), "AAA")),
    )
    if error is None:
        assert build_network(**{**base, **kwargs}).number_of_edges() > 0
        return
    with pytest.raises(error, match=match) as info:
        build_network(**{**base, **kwargs})
    assert isinstance(info.value, FtzgeoError)


def test_an_unstated_gauge_never_skips_a_gauge_change():
    """A line with no gauge meeting both 1435 and 1520 mm lines could be either: going from
    standard to broad gauge through it still costs the gauge change."""
    rail = lines(
        [
            {"id": "std", "geometry": LineString([(0, 0), (1, 0)]), "gauge_mm": 1435},
            {"id": "broad", "geometry": LineString([(1, 0), (2, 0)]), "gauge_mm": 1520},
            {"id": "spur", "geometry": LineString([(1, 0), (1, 1)]), "gauge_mm": None},
        ]
    )
    G = build_network(
        modes=("rail",),
        links={"rail": rail},
        countries=ONE_COUNTRY,
        ports=NO_PORTS,
        speeds={"rail": 50.0},
        gauge_change_h=5.0,
        places=places(("a", (0, 0), "AAA"), ("b", (2, 0), "AAA")),
    )
    s = route_summary(G, shortest_path(G, "a", "b"))
    assert s["travel_time_h"] >= km((0, 0), (2, 0)) / 50.0 + 5.0 - 1e-6
