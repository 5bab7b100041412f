"""Write maps to disk: HTML saved atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataFileError

if TYPE_CHECKING:  # pragma: no cover
    import folium

__all__ = ["map_html", "save_html"]


def map_html(m: folium.Map) -> str:
    """Return the full HTML page of a map."""
    return m.get_root().render()


def _atomic_write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_html(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Save a map as one HTML file, atomically (the file appears whole or not at all).

    Parameters
    ----------
    m : folium.Map
        Map from :func:`ftzgeo.maps.connectivity_map` or any folium map.
    path : str or path-like
        Destination ``.html`` file.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise DataFileError(f"save_html writes .html files, got {path.name!r}")
    try:
        _atomic_write_text(path, map_html(m))
    except OSError as exc:
        raise DataFileError(f"cannot write {path}: {exc}") from exc
    return path
