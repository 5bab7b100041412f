"""Flow maps (ftzgeo.maps.flowmap) over routes from ftzgeo.routing.flow_lines."""

from __future__ import annotations

import pandas as pd
import pytest
from maputils import embedded_layers

import ftzgeo as fz


def test_flows_follow_routes_with_width_by_value_and_escaped_labels():
    data = pd.DataFrame(
        {
            "origin": ["khorgos-road", "alashankou-rail", "torugart"],
            "destination": ["almaty", "almaty", "bishkek"],
            "value": [100.0, 25.0, 4.0],
            "label": ["<b>big</b>", "medium", "${alert(1)}"],
        }
    )
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    routed = fz.maps.flows(m, data, label="label", unit="kt", title="Freight")
    assert list(routed["value"]) == [100.0, 25.0, 4.0]
    # Each flow follows a real route: at least as long as the straight line.
    for row in routed.itertuples():
        a, b = row.geometry.coords[0], row.geometry.coords[-1]
        assert row.length_km >= fz.measures.GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000 * 0.999
    page = fz.export.map_html(m)
    layers = embedded_layers(page)
    widths = {
        k: v["data"]["features"][0]["properties"]["_s"]["weight"]
        for k, v in layers.items()
        if not k.endswith("(direction)") and k in ("<b>big</b>", "medium", "${alert(1)}")
    }
    assert widths["<b>big</b>"] > widths["medium"] > widths["${alert(1)}"]
    assert (
        layers["<b>big</b>"]["data"]["features"][0]["properties"]["_t"] == "&lt;b&gt;big&lt;/b&gt;"
    )
    assert "<b>big</b> (direction)" in layers
    assert "Freight" in page and "kt" in page


def test_flows_report_bad_rows():
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    bad = pd.DataFrame(
        {
            "origin": ["khorgos-road", "atlantis"],
            "destination": ["almaty", "almaty"],
            "value": [-1, 3],
        }
    )
    with pytest.raises(fz.ValidationError) as info:
        fz.maps.flows(m, bad)
    msg = str(info.value)
    assert "row 0" in msg and "non-negative" in msg and "row 1" in msg and "atlantis" in msg


def _place(G, pid: str) -> tuple[str, float, float]:
    node = fz.routing.resolve_place(G, pid)
    d = G.nodes[node]
    return d["name"], d["x"], d["y"]


def test_flows_by_ids_are_named_by_their_places_not_their_ids():
    G = fz.network.build_network()
    data = pd.DataFrame({"origin": ["khorgos-road"], "destination": ["almaty"], "value": [1.0]})
    routed = fz.routing.flow_lines(data, G=G)
    o, d = _place(G, "khorgos-road")[0], _place(G, "almaty")[0]
    assert "khorgos-road" not in routed["name_en"].iloc[0]
    assert routed["name_en"].iloc[0] == f"{o} → {d}"
    assert (routed[["origin_snap_km", "destination_snap_km"]] == 0).all(axis=None)


def test_flows_by_coordinates_snap_to_the_nearest_place_and_say_how_far():
    from shapely.geometry import Point

    G = fz.network.build_network()
    name, x, y = _place(G, "almaty")
    o_name, ox, oy = _place(G, "khorgos-road")
    # 0.05° east of Almaty (~4 km) as separate columns, Points and (lon, lat) pairs.
    by_columns = pd.DataFrame(
        {"olon": [ox], "olat": [oy], "dlon": [x + 0.05], "dlat": [y], "t": [7]}
    )
    a = fz.routing.flow_lines(
        by_columns, origin=("olon", "olat"), destination=("dlon", "dlat"), value="t", G=G
    )
    points = pd.DataFrame(
        {"origin": [Point(ox, oy)], "destination": [Point(x + 0.05, y)], "value": [7]}
    )
    b = fz.routing.flow_lines(points, G=G)
    pairs = pd.DataFrame({"origin": [(ox, oy)], "destination": [(x + 0.05, y)], "value": [7]})
    c = fz.routing.flow_lines(pairs, G=G)
    by_name = fz.routing.flow_lines(
        pd.DataFrame({"origin": ["khorgos-road"], "destination": ["almaty"], "value": [7]}), G=G
    )
    expected_km = fz.measures.GEOD.inv(x, y, x + 0.05, y)[2] / 1000
    for routed in (a, b, c):
        assert routed["destination_name"].iloc[0] == name
        assert routed["origin_name"].iloc[0] == o_name
        assert routed["name_en"].iloc[0] == f"{o_name} → {name}"
        assert routed["destination_snap_km"].iloc[0] == pytest.approx(expected_km, abs=0.01)
        assert routed["length_km"].iloc[0] == pytest.approx(by_name["length_km"].iloc[0])


def test_a_coordinate_far_from_every_place_is_an_error_not_a_detour():
    G = fz.network.build_network()
    _, x, y = _place(G, "almaty")
    far = (x + 0.6, y)  # ~48 km east of Almaty, no place nearer
    data = pd.DataFrame(
        {
            "origin": ["khorgos-road", (87.6, 43.8)],
            "destination": [far, (200.0, 5.0)],
            "value": [1, 1],
        }
    )
    with pytest.raises(fz.ValidationError) as info:
        fz.routing.flow_lines(data, G=G)
    msg = str(info.value)
    assert "row 0" in msg and "max_snap_km=25" in msg and "km from the nearest place" in msg
    assert "row 1" in msg and "not a WGS84 longitude, latitude pair" in msg
    # A wider snap is the caller's choice, and then the distance is reported.
    wide = fz.routing.flow_lines(data.iloc[[0]], G=G, max_snap_km=100)
    assert wide["destination_snap_km"].iloc[0] > 25


def test_flows_name_missing_coordinate_columns():
    data = pd.DataFrame({"olon": [80.0], "destination": ["almaty"], "value": [1]})
    with pytest.raises(fz.ValidationError, match=r"'olat'.*missing"):
        fz.routing.flow_lines(data, origin=("olon", "olat"))


def test_two_ends_at_one_place_are_a_problem_not_an_empty_flow():
    G = fz.network.build_network()
    _, x, y = _place(G, "almaty")
    data = pd.DataFrame({"origin": [(x + 0.05, y)], "destination": [(x - 0.05, y)], "value": [3]})
    with pytest.raises(fz.ValidationError, match="both ends are 'Almaty'"):
        fz.routing.flow_lines(data, G=G)
    m = fz.maps.connectivity_map(layers=["subzones"], tiles=None)
    with pytest.raises(fz.ValidationError, match="both ends"):
        fz.maps.flows(m, data, G=G)


def test_coordinate_columns_may_be_a_list():
    G = fz.network.build_network()
    _, x, y = _place(G, "almaty")
    data = pd.DataFrame({"lon": [x], "lat": [y], "to": ["bishkek"], "value": [1]})
    routed = fz.routing.flow_lines(data, origin=["lon", "lat"], destination="to", G=G)
    assert routed["origin_name"].iloc[0] == "Almaty"
