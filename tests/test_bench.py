"""The benchmark scripts keep running (tiny sizes; the timings themselves are not tested)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(script: str, *args: str) -> str:
    """A benchmark's output, run at a tiny size."""
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_routing_benchmark_runs_and_agrees_with_networkx():
    out = _run("bench_routing.py", "--edges", "3000", "--repeat", "1")
    assert "same answers: yes" in out
    assert "table 3x50" in out and "one-to-all" in out


def test_nearest_benchmark_runs_and_ftzgeo_is_the_exact_geodesic_answer():
    out = _run("bench_nearest.py", "--points", "20000", "--repeat", "1")
    line = next(x for x in out.splitlines() if x.startswith("ftzgeo assign_nearest"))
    assert "differs from the geodesic nearest: 0 " in line
    assert "sjoin_nearest (conic)" in out and "k-d tree (conic)" in out


@pytest.mark.browser
def test_redraw_benchmark_runs_in_the_browser():
    out = _run("bench_redraw.py", "--points", "3000", "--repeat", "1")
    lines = [x for x in out.splitlines() if "points, zoom" in x]
    assert len(lines) == 2 and "(3,000 drawn)" in lines[0]
    assert all(f"{mode} " in line for line in lines for mode in ("raster", "sprite", "path"))
