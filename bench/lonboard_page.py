"""lonboard, the peer of the map benchmarks: its standalone page, built and drawn offline.

lonboard's ``Map.to_html()`` page loads require.js from cdnjs and ``@jupyter-widgets/html-manager``,
``anywidget``, ``parquet-wasm`` and ``@geoarrow/geoarrow-js`` (a worker that fills areas) from
jsDelivr, and draws with WebGL (deck.gl). Here every one of those requests is answered from the
npm packages ``make bench-assets`` installs in ``.cache/bench-npm`` (never the network), the page
is served from a local http origin (so its web workers start), and the browser tests' Chromium
(``tests/browser.py``, on the path when ``bench_maps.py`` runs) draws WebGL on the CPU
(SwiftShader), as the ftzgeo pages are drawn on the CPU.

lonboard 0.16 is used (the ``bench`` extra pins it): 0.17's page fetches parquet-wasm 0.9.0, which
the npm registry here does not offer; 0.16's fetches 0.7.1, which it does.
"""

from __future__ import annotations

import mimetypes
import os
import re
import time
from pathlib import Path

import geopandas as gpd

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = Path(
    os.environ.get("FTZGEO_BENCH_NODE_MODULES", ROOT / ".cache" / "bench-npm" / "node_modules")
)
ORIGIN = "http://lonboard-bench.invalid/"  # answered by the route below, never looked up
BASEMAP_STYLE = re.compile(r"^https://basemaps\.cartocdn\.com/gl/[^/]+/style\.json$")
EMPTY_STYLE = '{"version": 8, "sources": {}, "layers": []}'
JSDELIVR = re.compile(
    r"^https://cdn\.jsdelivr\.net/npm/(?P<pkg>(?:@[^/@]+/)?[^/@]+)@[^/]+/(?P<path>.+)$"
)
REQUIRE_JS = re.compile(
    r"^https://cdnjs\.cloudflare\.com/ajax/libs/require\.js/[^/]+/require(\.min)?\.js$"
)


def available() -> str | None:
    """None when lonboard and its page's npm assets are installed, else what is missing."""
    try:
        import lonboard  # noqa: F401
    except ImportError:
        return "lonboard is not installed (pip install -e '.[bench]')"
    wanted = [
        "@jupyter-widgets/html-manager",
        "requirejs",
        "anywidget",
        "parquet-wasm",
        "@geoarrow/geoarrow-js",  # its earcut worker fills areas
    ]
    missing = [p for p in wanted if not (NODE_MODULES / p / "package.json").exists()]
    return f"npm assets missing in {NODE_MODULES}: make bench-assets" if missing else None


def build(layers: dict[str, gpd.GeoDataFrame], path: Path) -> None:
    """lonboard's standalone page of the same layers (``viz``: its default layer per geometry).

    Its basemap stays (lonboard 0.16 draws no view without one); when the page is drawn here its
    style is answered with an empty one, so no tiles are drawn, as on the ftzgeo pages.
    """
    import lonboard

    lonboard.viz(list(layers.values())).to_html(str(path))


def _local(url: str) -> Path | None:
    """The installed npm file a CDN request of the page stands for (versions are not checked)."""
    if REQUIRE_JS.match(url):
        return NODE_MODULES / "requirejs" / "require.js"
    m = JSDELIVR.match(url)
    return NODE_MODULES / m["pkg"] / m["path"] if m else None


#: Marks the first instanced WebGL draw call, which is deck.gl drawing a layer (the basemap's
#: library, MapLibre, draws without instancing).
FIRST_DRAW = """(() => {
  for (const name of ["drawArraysInstanced", "drawElementsInstanced"]) {
    const draw = WebGL2RenderingContext.prototype[name];
    WebGL2RenderingContext.prototype[name] = function (...args) {
      if (window.__firstLayerDraw === undefined) { window.__firstLayerDraw = performance.now(); }
      return draw.apply(this, args);
    };
  }
})();"""


def draw_time(path: Path, *, viewport: tuple[int, int] = (1280, 800)) -> tuple[float, list[str]]:
    """Seconds from opening the page until deck.gl has drawn its layers and two frames passed.

    As the ftzgeo pages are timed (load, data unpacked, two animation frames): here the first
    instanced WebGL draw call is the sign the layers are being drawn. The page is served from a
    local http origin (from ``file://`` its web workers cannot start, and areas are never
    filled), without its ``integrity`` attributes (the local require.js is not cdnjs's minified
    file); nothing else is changed.

    Returns
    -------
    (float, list of str)
        The seconds, and the errors the page reported meanwhile (the bench prints them: a time
        with errors may be that of an incomplete drawing).
    """
    from browser import CHROMIUM  # the one home of the browser's path (tests/browser.py)
    from playwright.sync_api import Route, sync_playwright

    html = re.sub(r'\s+integrity="[^"]*"', "", path.read_text(encoding="utf-8"))
    errors: list[str] = []

    def serve(route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")):
            route.continue_()
            return
        if url == ORIGIN + "index.html":
            route.fulfill(status=200, body=html, headers={"Content-Type": "text/html"})
            return
        if BASEMAP_STYLE.match(url):  # an empty style: no tiles, as on the ftzgeo pages
            route.fulfill(
                status=200, body=EMPTY_STYLE, headers={"Content-Type": "application/json"}
            )
            return
        target = _local(url)
        if target is None or not target.is_file():
            route.abort()  # nothing else leaves the machine
            return
        ctype = mimetypes.guess_type(target.name)[0] or "text/javascript"
        if target.suffix == ".wasm":
            ctype = "application/wasm"
        headers = {"Content-Type": ctype, "Access-Control-Allow-Origin": "*"}
        route.fulfill(status=200, body=target.read_bytes(), headers=headers)

    args = [
        "--headless",
        "--no-sandbox",
        "--use-angle=swiftshader",  # WebGL on the CPU
        "--enable-unsafe-swiftshader",
        "--ignore-gpu-blocklist",  # else SwiftShader's WebGL is refused and nothing is drawn
    ]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.add_init_script(FIRST_DRAW)
            page.route("**/*", serve)
            start = time.perf_counter()
            page.goto(ORIGIN + "index.html", wait_until="load", timeout=120_000)
            page.wait_for_function("() => window.__firstLayerDraw !== undefined", timeout=120_000)
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
            )
            return time.perf_counter() - start, errors
        finally:
            browser.close()
