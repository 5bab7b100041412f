"""Synthetic data for tests: random points with three property columns."""

from __future__ import annotations

import geopandas as gpd
import numpy as np


def random_points(n: int, seed: int = 0, *, suffix: str = "") -> gpd.GeoDataFrame:
    """`n` points over Xinjiang and its neighbours: a name (``p{i}`` + `suffix`), a kind (road,
    rail or air) and a value with one decimal."""
    rng = np.random.default_rng(seed)
    return gpd.GeoDataFrame(
        {
            "name": [f"p{i}{suffix}" for i in range(n)],
            "kind": rng.choice(["road", "rail", "air"], n),
            "value": rng.uniform(0, 100, n).round(1),
        },
        geometry=gpd.points_from_xy(rng.uniform(70, 90, n), rng.uniform(35, 49, n)),
        crs=4326,
    )
