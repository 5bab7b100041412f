"""The benchmark scripts keep running (tiny sizes; the timings themselves are not tested)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_routing_benchmark_runs_and_agrees_with_networkx():
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "bench_routing.py"),
            "--edges",
            "3000",
            "--repeat",
            "1",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "same answers: yes" in out
    assert "table 3x50" in out and "one-to-all" in out
