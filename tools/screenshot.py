"""Render the default map in headless Chromium and save a PNG for the README.

Tiles are not fetched (the machines have no internet): the picture shows the offline basemap
(Natural Earth countries) with every ftzgeo layer, legend and controls.

Usage: python tools/screenshot.py docs/default_map.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser_page, missing_requirements, open_map  # noqa: E402

import ftzgeo as fz  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "default_map.png")
    problem = missing_requirements()
    if problem:
        raise SystemExit(problem)
    with tempfile.TemporaryDirectory() as tmp:
        page_path = fz.export.save_html(
            fz.maps.connectivity_map(tiles=None), Path(tmp) / "map.html"
        )
        with browser_page(viewport=(1280, 820)) as (page, _log):
            open_map(page, page_path)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
