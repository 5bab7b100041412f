"""The map as a page: one HTML file, atomic, reproducible, optionally self-contained."""

from __future__ import annotations

import base64
import mimetypes
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_text
from ..errors import DataFileError

if TYPE_CHECKING:  # pragma: no cover
    import folium
    from branca.element import Element

__all__ = ["map_html", "save_html", "stable_ids"]

_SCRIPT = re.compile(r'<script src="(?P<url>[^"]+)"></script>')
_LINK = re.compile(r'<link rel="stylesheet" href="(?P<url>[^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\((?P<q>['\"]?)(?P<ref>[^)'\"]+)(?P=q)\)")


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def stable_ids(m: folium.Map) -> None:
    """Give every element of the page a deterministic id (in document order).

    folium names elements with random UUIDs, so two builds of the same map differ; with stable
    ids the same inputs give byte-identical HTML that can be versioned and diffed.
    """
    root = m.get_root()
    for i, element in enumerate(_walk(root)):
        element._id = f"{i:08x}"


def _asset_text(url: str) -> bytes:
    from .. import assets

    return assets.read(assets.lookup(url))


def _inline_css(url: str) -> str:
    css = _asset_text(url).decode("utf-8")
    base = url.rsplit("/", 1)[0] + "/"

    def data_uri(match: re.Match[str]) -> str:
        ref = match["ref"]
        if ref.startswith(("data:", "#")):
            return match.group(0)
        target = ref if ref.startswith("https://") else base + ref
        mime = mimetypes.guess_type(target)[0] or "application/octet-stream"
        payload = base64.b64encode(_asset_text(target)).decode("ascii")
        return f"url(data:{mime};base64,{payload})"

    return _CSS_URL.sub(data_uri, css)


def _self_contained(html: str) -> str:
    def script(match: re.Match[str]) -> str:
        code = _asset_text(match["url"]).decode("utf-8").replace("</script", "<\\/script")
        return f"<script>{code}</script>"

    def link(match: re.Match[str]) -> str:
        return f"<style>{_inline_css(match['url'])}</style>"

    return _LINK.sub(link, _SCRIPT.sub(script, html))


def map_html(m: folium.Map, *, self_contained: bool = False, stable: bool = True) -> str:
    """Return the full HTML page of a map.

    Parameters
    ----------
    m : folium.Map
        The map.
    self_contained : bool, default False
        Inline every script and stylesheet (Leaflet from the local asset cache, see
        :mod:`ftzgeo.assets`), so the page needs no network at all. Tiles stay optional online
        layers.
    stable : bool, default True
        Deterministic element ids: the same inputs give byte-identical HTML.

    Raises
    ------
    ftzgeo.assets.AssetError
        If a self-contained page needs an asset that is not cached, saying how to get it.
    """
    if stable:
        stable_ids(m)
    html = m.get_root().render()
    return _self_contained(html) if self_contained else html


def save_html(m: folium.Map, path: str | os.PathLike[str], *, self_contained: bool = False) -> Path:
    """Save a map as one HTML file, atomically (the file appears whole or not at all).

    Parameters
    ----------
    m : folium.Map
        Map from :func:`ftzgeo.maps.connectivity_map` or any folium map.
    path : str or path-like
        Destination ``.html`` file.
    self_contained : bool, default False
        Inline Leaflet and its images so the file opens with no network (see :func:`map_html`).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path).expanduser()
    if path.suffix.lower() not in (".html", ".htm"):
        raise DataFileError(f"save_html writes .html files, got {path.name!r}")
    html = map_html(m, self_contained=self_contained)  # an AssetError here says what to fetch
    return write_text(path, html)
