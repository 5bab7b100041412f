"""The map as a page: one HTML file, atomic, reproducible, optionally self-contained."""

from __future__ import annotations

import base64
import html as _html
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

__all__ = ["map_html", "notebook_html", "save_html", "stable_ids"]

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


_NOTICE = (
    "<!-- Leaflet {version} (https://leafletjs.com), BSD-2-Clause licence: (c) 2010-2023 Volodymyr "
    "Agafonkin, (c) 2010-2011 CloudMade; full text: https://github.com/Leaflet/Leaflet/blob/main/LICENSE -->"
)


def _self_contained(html: str) -> str:
    from ..assets import LEAFLET_VERSION

    def script(match: re.Match[str]) -> str:
        code = _asset_text(match["url"]).decode("utf-8").replace("</script", "<\\/script")
        notice = _NOTICE.format(version=LEAFLET_VERSION) if "/leaflet@" in match["url"] else ""
        return f"{notice}<script>{code}</script>"

    def link(match: re.Match[str]) -> str:
        return f"<style>{_inline_css(match['url'])}</style>"

    # Linked scripts and stylesheets are all in the head: the body, data included, is not scanned.
    head, end, body = html.partition("</head>")
    return _LINK.sub(link, _SCRIPT.sub(script, head)) + end + body


def map_html(m: folium.Map, *, self_contained: bool = True, stable: bool = True) -> str:
    """Return the full HTML page of a map.

    Parameters
    ----------
    m : folium.Map
        The map.
    self_contained : bool, default True
        Inline every script and stylesheet (Leaflet from the installed package, see
        :mod:`ftzgeo.assets`), so the page needs no network at all; tiles, only there if asked
        for, are the one online part. ``False`` links Leaflet from the jsDelivr CDN instead
        (a page ~160 kB smaller that needs the network).
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
    lang = getattr(m, "_ftzgeo_lang", None)
    if lang:  # the language the page opens in (its switch keeps this in step)
        html = html.replace("<html>", f'<html lang="{_html.escape(lang)}">', 1)
    return _self_contained(html) if self_contained else html


def save_html(m: folium.Map, path: str | os.PathLike[str], *, self_contained: bool = True) -> Path:
    """Save a map as one HTML file, atomically (the file appears whole or not at all).

    Parameters
    ----------
    m : folium.Map
        Map from :func:`ftzgeo.maps.connectivity_map` or any folium map.
    path : str or path-like
        Destination ``.html`` file.
    self_contained : bool, default True
        Inline Leaflet and its images so the file opens with no network; ``False`` links them
        from the CDN (see :func:`map_html`).

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


def notebook_html(m: folium.Map, *, height: str = "520px") -> str:
    """The map for a notebook cell: the self-contained page in an iframe's ``srcdoc``.

    Jupyter shows this for a map (``FtzMap._repr_html_``): Leaflet travels inside, so the map
    draws behind a firewall, and the page is escaped as one attribute value.

    Parameters
    ----------
    m : folium.Map
        The map.
    height : str, default "520px"
        CSS height of the frame.
    """
    page = _html.escape(map_html(m), quote=True)
    return (
        f'<iframe srcdoc="{page}" style="width:100%;height:{_html.escape(height)};border:none" '
        'title="ftzgeo map" allowfullscreen></iframe>'
    )
