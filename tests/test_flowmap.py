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
