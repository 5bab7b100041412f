"""Render the README's pictures of the map in headless Chromium: desktop, phone, Chinese, national.

Tiles are not fetched (the machines have no internet): the pictures show the offline basemap
(Natural Earth countries) with every ftzgeo layer, labels, legend and controls.

Usage: python tools/screenshot.py [docs]
(writes default_map.png, phone_map.png, chinese_map.png and national_map.png)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser_page, missing_requirements, open_map  # noqa: E402

import ftzgeo as fz  # noqa: E402

#: (file name, viewport, map language, the national view)
SHOTS = (
    ("default_map.png", (1280, 820), "en", False),
    ("phone_map.png", (390, 844), "en", False),
    ("chinese_map.png", (1280, 820), "zh", False),
    ("national_map.png", (1280, 820), "en", True),
)


def main() -> None:
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs")
    if out_dir.suffix == ".png":  # the old form: one file for the default picture
        out_dir = out_dir.parent
    problem = missing_requirements()
    if problem:
        raise SystemExit(problem)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, viewport, lang, national in SHOTS:
            m = fz.national_map(lang=lang) if national else fz.connectivity_map(lang=lang)
            page_path = fz.save_html(m, Path(tmp) / f"{name}.html")
            with browser_page(viewport=viewport, offline=True) as (page, _log):
                open_map(page, page_path)
                page.screenshot(path=str(out_dir / name))
            print(f"wrote {out_dir / name}")


if __name__ == "__main__":
    main()
