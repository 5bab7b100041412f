"""The exact web assets ftzgeo's maps use, for pages that open with no network.

The repository carries no third-party code. Leaflet's release files come with the dependency
``django-js-lib-leaflet`` (Leaflet's own ``dist`` files, byte-identical to the npm release and
checked here against SHA-256; the package needs no Django), so every page can carry Leaflet
inline with no download. A local cache is the fallback for other installs:

* ``ftzgeo assets fetch`` downloads the pinned files when online (checked against SHA-256);
* ``ftzgeo assets add DIR`` registers local copies, e.g. ``node_modules`` after
  ``npm install leaflet@1.9.4`` (checked the same way);
* ``ftzgeo assets status`` shows what is there.

The cache lives in ``$FTZGEO_ASSETS_DIR``, else ``$XDG_CACHE_HOME/ftzgeo/assets``, else
``~/.cache/ftzgeo/assets``; files are stored as ``<package>@<version>/<path>``.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import logging
import os
import re
import shutil
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .atomic import write_bytes
from .errors import AssetError

__all__ = [
    "PINNED",
    "Asset",
    "AssetError",
    "add",
    "bundled",
    "cache_dir",
    "fetch",
    "path_for",
    "read",
    "status",
]

log = logging.getLogger(__name__)

CDN = "https://cdn.jsdelivr.net/npm/"
_CDN_URL = re.compile(
    r"^https://cdn\.jsdelivr\.net/npm/(?P<pkg>(?:@[^/@]+/)?[^/@]+)@(?P<ver>[^/]+)/(?P<path>[^?#]+)$"
)


@dataclass(frozen=True)
class Asset:
    """One pinned file of an npm package."""

    package: str
    version: str
    path: str
    sha256: str

    @property
    def key(self) -> str:
        """``package@version/path``."""
        return f"{self.package}@{self.version}/{self.path}"

    @property
    def url(self) -> str:
        """The CDN address maps refer to."""
        return f"{CDN}{self.key}"


#: The one pinned Leaflet version: maps, the asset cache and the Makefile all read it here.
LEAFLET_VERSION = "1.9.4"

#: The Python package that ships Leaflet's release files, and their folder in it.
BUNDLE = ("js_lib_leaflet", "static/js_lib_leaflet")

PINNED: tuple[Asset, ...] = (
    Asset(
        "leaflet",
        LEAFLET_VERSION,
        "dist/leaflet.js",
        "db49d009c841f5ca34a888c96511ae936fd9f5533e90d8b2c4d57596f4e5641a",
    ),
    Asset(
        "leaflet",
        LEAFLET_VERSION,
        "dist/leaflet.css",
        "a7837102824184820dfa198d1ebcd109ff6d0ff9a2672a074b9a1b4d147d04c6",
    ),
    Asset(
        "leaflet",
        LEAFLET_VERSION,
        "dist/images/layers.png",
        "1dbbe9d028e292f36fcba8f8b3a28d5e8932754fc2215b9ac69e4cdecf5107c6",
    ),
    Asset(
        "leaflet",
        LEAFLET_VERSION,
        "dist/images/layers-2x.png",
        "066daca850d8ffbef007af00b06eac0015728dee279c51f3cb6c716df7c42edf",
    ),
    Asset(
        "leaflet",
        LEAFLET_VERSION,
        "dist/images/marker-icon.png",
        "574c3a5cca85f4114085b6841596d62f00d7c892c7b03f28cbfa301deb1dc437",
    ),
    Asset(
        "leaflet",
        LEAFLET_VERSION,
        "dist/images/marker-icon-2x.png",
        "00179c4c1ee830d3a108412ae0d294f55776cfeb085c60129a39aa6fc4ae2528",
    ),
    Asset(
        "leaflet",
        LEAFLET_VERSION,
        "dist/images/marker-shadow.png",
        "264f5c640339f042dd729062cfc04c17f8ea0f29882b538e3848ed8f10edb4da",
    ),
)
_BY_KEY = {a.key: a for a in PINNED}


def cache_dir() -> Path:
    """The folder of the asset cache (not created)."""
    if os.environ.get("FTZGEO_ASSETS_DIR"):
        return Path(os.environ["FTZGEO_ASSETS_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ftzgeo" / "assets"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path_for(asset: Asset) -> Path:
    """Where `asset` is (or would be) in the cache."""
    return cache_dir() / asset.key


def _store(asset: Asset, data: bytes) -> Path:
    digest = _sha256(data)
    if digest != asset.sha256:
        raise AssetError(
            f"{asset.key}: SHA-256 {digest} does not match the pinned {asset.sha256}; not stored"
        )
    return write_bytes(path_for(asset), data)


def lookup(url: str) -> Asset:
    """The pinned asset a CDN URL refers to.

    Raises
    ------
    AssetError
        If the URL is not one of the pinned assets.
    """
    m = _CDN_URL.match(url)
    asset = _BY_KEY.get(f"{m['pkg']}@{m['ver']}/{m['path']}") if m else None
    if asset is None:
        known = ", ".join(sorted({f"{a.package}@{a.version}" for a in PINNED}))
        raise AssetError(
            f"the page needs {url}, which ftzgeo has not pinned (pinned: {known}); "
            "self-contained pages only support the assets ftzgeo's maps use"
        )
    return asset


def bundled(asset: Asset) -> bytes | None:
    """The asset's bytes from the installed Leaflet package, or None if it is not there.

    Raises
    ------
    AssetError
        If the installed file does not match the pinned hash.
    """
    if asset.package != "leaflet" or not asset.path.startswith("dist/"):
        return None
    try:
        root = importlib.resources.files(BUNDLE[0])
    except ModuleNotFoundError:
        return None
    target = root
    for part in (*BUNDLE[1].split("/"), *asset.path.removeprefix("dist/").split("/")):
        target = target / part
    if not target.is_file():
        return None
    data = target.read_bytes()
    if _sha256(data) != asset.sha256:
        raise AssetError(
            f"{asset.key} in the installed {BUNDLE[0]} package does not match the pinned hash: "
            f"install the pinned version (pip install 'django-js-lib-leaflet==1.9.4.1')"
        )
    return data


def read(asset: Asset) -> bytes:
    """The bytes of an asset, verified against the pinned hash.

    From the installed Leaflet package, else from the local cache.

    Raises
    ------
    AssetError
        Saying what is missing and how to get it.
    """
    data = bundled(asset)
    if data is not None:
        return data
    path = path_for(asset)
    if not path.is_file():
        raise AssetError(
            f"{asset.key} is not in the asset cache ({cache_dir()}). Get it with `ftzgeo assets fetch` "
            f"when online, or `npm install {asset.package}@{asset.version}` and "
            "`ftzgeo assets add node_modules`."
        )
    data = path.read_bytes()
    if _sha256(data) != asset.sha256:
        raise AssetError(f"{path} is corrupt (hash mismatch): delete it and fetch or add it again")
    return data


def fetch(*, timeout_s: float = 30.0) -> list[Path]:
    """Download every pinned asset that is not cached yet (needs network access)."""
    out = []
    for asset in PINNED:
        if path_for(asset).is_file():
            out.append(path_for(asset))
            continue
        log.info("downloading %s", asset.url)
        try:
            with urllib.request.urlopen(asset.url, timeout=timeout_s) as resp:
                data = resp.read()
        except OSError as exc:
            raise AssetError(
                f"cannot download {asset.url}: {exc}. Offline? Use `ftzgeo assets add DIR` with an npm install"
            ) from exc
        out.append(_store(asset, data))
    return out


def add(directory: str | os.PathLike[str]) -> list[Path]:
    """Register local copies of the pinned assets from an npm install.

    Parameters
    ----------
    directory : path
        A ``node_modules`` folder, or a package folder itself (e.g. ``node_modules/leaflet``).

    Returns
    -------
    list of Path
        Cached files added (each checked against its pinned hash).
    """
    root = Path(directory)
    if not root.is_dir():
        raise AssetError(f"{root} is not a folder; give the node_modules folder of an npm install")
    added = []
    for asset in PINNED:
        for base in (root / asset.package, root):
            candidate = base / asset.path
            if candidate.is_file():
                added.append(_store(asset, candidate.read_bytes()))
                break
    if not added:
        raise AssetError(
            f"no pinned asset found under {root}: expected e.g. {root / PINNED[0].package / PINNED[0].path}"
        )
    return added


def status() -> pd.DataFrame:
    """Which pinned assets are available: bundled with the installed package, cached, or both."""
    rows = []
    for asset in PINNED:
        path = path_for(asset)
        ok = path.is_file() and _sha256(path.read_bytes()) == asset.sha256
        try:
            inside = bundled(asset) is not None
        except AssetError:
            inside = False
        rows.append({"asset": asset.key, "bundled": inside, "cached": ok, "path": str(path)})
    return pd.DataFrame(rows).set_index("asset")


def clear() -> None:
    """Delete the cache folder."""
    shutil.rmtree(cache_dir(), ignore_errors=True)
