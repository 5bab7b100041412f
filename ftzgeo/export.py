"""Write maps to disk: one HTML file, atomic, reproducible, optionally self-contained."""

from __future__ import annotations

import base64
import mimetypes
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import file_error, write_atomic, write_text
from .errors import DataFileError

if TYPE_CHECKING:  # pragma: no cover
    import folium
    from branca.element import Element

__all__ = ["export_layers", "map_html", "save_html", "stable_ids", "static_map"]

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
    from . import assets

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


def static_map(**kwargs):
    """A static figure of the map (see :func:`ftzgeo.static.static_map` for the parameters)."""
    from .static import static_map as _static_map

    return _static_map(**kwargs)


_FORMATS = {"gpkg": ".gpkg", "geojson": ".geojson", "parquet": ".parquet"}


def export_layers(
    path: str | os.PathLike[str],
    *,
    format: str = "gpkg",
    layers: list[str] | None = None,
) -> Path:
    """Write the shipped layers to files, round-tripping exactly through :func:`ftzgeo.read`.

    Parameters
    ----------
    path : str or path-like
        A ``.gpkg`` file (one table per layer) for ``format="gpkg"``; a folder (one file per
        layer) for ``"geojson"`` and ``"parquet"``.
    format : {"gpkg", "geojson", "parquet"}
        Output format.
    layers : list of str, optional
        Layer names (default: all).

    Returns
    -------
    pathlib.Path
        What was written.
    """
    from .catalog import entries
    from .io import load, write

    if format not in _FORMATS:
        raise DataFileError(f"format must be one of {', '.join(_FORMATS)}, got {format!r}")
    names = layers or [e.name for e in entries()]
    path = Path(path).expanduser()
    if format == "gpkg":
        if path.suffix.lower() != ".gpkg":
            raise DataFileError(f"a GeoPackage path ends in .gpkg, got {path.name!r}")

        def writer(tmp: Path) -> None:
            for name in names:
                # Keep Polygon and MultiPolygon apart (GeoPackage would promote all to Multi).
                load(name).to_file(
                    tmp,
                    layer=name,
                    driver="GPKG",
                    engine="pyogrio",
                    promote_to_multi=False,
                    geometry_type="Unknown",
                )

        return write_atomic(path, writer)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise file_error(exc, path) from exc
    for name in names:
        write(load(name), path / f"{name}{_FORMATS[format]}")
    return path
