"""The documentation builds from the docstrings with no warning, and shows what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("sphinx", reason="sphinx is installed by the test extra")


@pytest.mark.slow
def test_docs_build_with_warnings_as_errors(tmp_path):
    out = tmp_path / "html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-E",
            "-q",
            "-b",
            "html",
            str(ROOT / "docs"),
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The API reference documents the headline calls from their docstrings ...
    compose = (out / "api" / "ftzgeo.maps.compose.html").read_text(encoding="utf-8")
    assert "connectivity_map" in compose and "Compose the map" in compose
    build = (out / "api" / "ftzgeo.network.build.html").read_text(encoding="utf-8")
    assert "build_network" in build
    # ... the design notes are in, and every notebook is in the gallery.
    assert "node" in (out / "architecture.html").read_text(encoding="utf-8").lower()
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert (out / "notebooks" / f"{notebook.stem}.html").is_file(), notebook.name
