"""Headless Chromium for map tests: Debian's chromium driven by Playwright, fully offline.

CDN requests for npm packages (``https://cdn.jsdelivr.net/npm/<pkg>@<ver>/<path>``) are
answered from the local npm install the test command makes (``.cache/npm``); tile requests
are aborted (tiles are optional online layers); any other request is recorded as unexpected.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = Path(os.environ.get("FTZGEO_NODE_MODULES", ROOT / ".cache" / "npm" / "node_modules"))
CHROMIUM = os.environ.get("FTZGEO_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CDN = re.compile(
    r"^https://cdn\.jsdelivr\.net/npm/(?P<pkg>(?:@[^/@]+/)?[^/@]+)@(?P<ver>[^/]+)/(?P<path>[^?#]*)"
)
TILE_HOSTS = re.compile(
    r"tile\.openstreetmap\.org|opentopomap\.org|arcgisonline\.com|basemaps\.cartocdn\.com"
)


def missing_requirements() -> str | None:
    """Say what the browser tests lack, or None when everything is installed."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return f"Debian chromium not found at {CHROMIUM}: run the README's test command (make test)"
    if not (NODE_MODULES / "leaflet" / "package.json").exists():
        return f"npm assets missing in {NODE_MODULES}: run the README's test command (make test)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -e '.[test]'"
    return None


@dataclass
class PageLog:
    """What happened while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)
    tiles_blocked: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def _serve(route, log: PageLog, *, offline: bool) -> None:
    url = route.request.url
    if url.startswith(("file://", "data:", "blob:", "about:")):
        route.continue_()
        return
    m = CDN.match(url)
    if m and not offline:
        pkg_dir = NODE_MODULES / m["pkg"]
        meta = pkg_dir / "package.json"
        target = pkg_dir / m["path"]
        version_ok = meta.exists() and json.loads(meta.read_text())["version"] == m["ver"]
        if version_ok and target.is_file():
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            route.fulfill(
                status=200,
                body=target.read_bytes(),
                headers={"Content-Type": ctype, "Access-Control-Allow-Origin": "*"},
            )
            log.served.append(url)
            return
    if TILE_HOSTS.search(url):
        log.tiles_blocked.append(url)
    else:
        log.unexpected.append(url)
    route.abort()


@contextmanager
def browser_page(
    *, offline: bool = False, viewport: tuple[int, int] = (1200, 800)
) -> Iterator[tuple[object, PageLog]]:
    """Yield ``(page, log)``: a Chromium page whose network is answered locally.

    With ``offline=True`` no request but the file itself is answered (for self-contained files).
    """
    from playwright.sync_api import sync_playwright

    log = PageLog()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            page = context.new_page()

            def on_console(msg):
                if msg.type == "error":
                    where = (msg.location or {}).get("url", "")
                    log.console_errors.append(f"{msg.text} [{where}]")

            page.on("console", on_console)
            page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))

            def on_dialog(dialog):
                log.dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.route("**/*", lambda route: _serve(route, log, offline=offline))
            yield page, log
        finally:
            browser.close()


def open_map(page, path: Path) -> str:
    """Load a saved map and wait until it is drawn; return the map's JS variable name."""
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function(
        "() => window.ftzgeo && ftzgeo.pending() === 0 && Object.keys(ftzgeo.maps).length > 0"
    )
    settle(page)
    return page.evaluate("() => Object.keys(window.ftzgeo.maps)[0]")


def settle(page) -> None:
    """Wait until Leaflet has finished zoom/pan animations and painted two frames."""
    page.wait_for_function(
        "() => Object.values(window.ftzgeo.maps).every(s => !s.map._animatingZoom"
        " && !(s.map._panAnim && s.map._panAnim._inProgress))"
    )
    page.wait_for_timeout(300)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def real_errors(log: PageLog) -> list[str]:
    """Console errors other than blocked tile loads (tiles are optional and fail quietly)."""
    out = [text for text in log.console_errors if not TILE_HOSTS.search(text)]
    return out + log.page_errors
