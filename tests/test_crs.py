"""The projections ftzgeo measures and simplifies in."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Transformer

from ftzgeo.crs import WGS84, aeqd_crs, transformers_for


@pytest.mark.parametrize("centre", [(75.99, 39.47), (87.6, 43.8), (-120.0, -45.0), (0.0, 89.0)])
def test_the_fast_transformers_give_the_numbers_of_the_crs_they_stand_for(centre):
    lon, lat = centre
    fwd, back = transformers_for(lon, lat)
    crs = aeqd_crs(round(lon, 2), round(lat, 2))
    rng = np.random.default_rng(7)
    x = np.clip(lon + rng.uniform(-30, 30, 2000), -180, 180)
    y = np.clip(lat + rng.uniform(-30, 30, 2000), -89.9, 89.9)
    expected = Transformer.from_crs(WGS84, crs, always_xy=True).transform(x, y)
    got = fwd.transform(x, y)
    assert np.allclose(got, expected, rtol=0, atol=1e-6)  # metres
    lon2, lat2 = back.transform(*got)
    expected_back = Transformer.from_crs(crs, WGS84, always_xy=True).transform(*expected)
    assert np.allclose((lon2, lat2), expected_back, rtol=0, atol=1e-9)  # degrees
    # And the round trip lands where it started.
    assert np.allclose((lon2, lat2), (x, y), rtol=0, atol=1e-7)


def test_the_centre_is_a_true_origin():
    fwd, _ = transformers_for(87.6, 43.8)
    x, y = fwd.transform(87.6, 43.8)
    assert abs(x) < 1e-6 and abs(y) < 1e-6
