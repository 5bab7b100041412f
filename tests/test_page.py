"""Reproducible and self-contained HTML; the local asset cache."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from browser import NODE_MODULES

import ftzgeo as fz
from ftzgeo import assets


@pytest.fixture
def asset_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FTZGEO_ASSETS_DIR", str(tmp_path / "assets"))
    return tmp_path / "assets"


@pytest.fixture
def filled_cache(asset_cache):
    assert (NODE_MODULES / "leaflet").is_dir(), (
        "run the README's test command (it installs leaflet from npm)"
    )
    assets.add(NODE_MODULES)
    return asset_cache


def test_same_inputs_give_identical_bytes_across_processes(tmp_path):
    code = (
        "import sys, ftzgeo as fz\n"
        "fz.export.save_html(fz.maps.connectivity_map(year=2015), sys.argv[1])\n"
    )
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    for path in (a, b):
        subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    assert a.read_bytes() == b.read_bytes()
    assert not re.search(r"map_[0-9a-f]{32}", a.read_text()), "random uuid names left in the page"


def test_assets_add_status_and_errors(asset_cache, tmp_path):
    assert not assets.status()["cached"].any()
    with pytest.raises(assets.AssetError, match="ftzgeo assets fetch"):
        assets.read(assets.PINNED[0])
    with pytest.raises(assets.AssetError, match="no pinned asset"):
        assets.add(tmp_path)
    added = assets.add(NODE_MODULES / "leaflet")  # a package folder works too
    assert len(added) == len(assets.PINNED)
    assert assets.status()["cached"].all()
    # A corrupt cached file is detected, not served.
    assets.path_for(assets.PINNED[0]).write_text("tampered")
    with pytest.raises(assets.AssetError, match="corrupt"):
        assets.read(assets.PINNED[0])


def test_fetch_verifies_hashes(asset_cache, monkeypatch):
    import io
    import urllib.request

    def fake(url, timeout):
        return io.BytesIO(b"not leaflet")

    monkeypatch.setattr(urllib.request, "urlopen", fake)
    with pytest.raises(assets.AssetError, match="does not match the pinned"):
        assets.fetch()

    def offline(url, timeout):
        raise OSError("network unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(assets.AssetError, match="ftzgeo assets add"):
        assets.fetch()


def test_unknown_assets_are_refused():
    with pytest.raises(assets.AssetError, match="has not pinned"):
        assets.lookup("https://cdn.jsdelivr.net/npm/jquery@3.7.1/dist/jquery.min.js")


def test_self_contained_page_has_no_remote_assets(filled_cache, tmp_path):
    path = fz.export.save_html(fz.maps.connectivity_map(), tmp_path / "m.html", self_contained=True)
    html = path.read_text()
    assert not re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html)
    assert "url(data:image/png;base64," in html  # Leaflet's control images are inline
    assert "L.tileLayer" in html  # tiles stay as optional online layers


def test_self_contained_without_cache_explains_how_to_fix(asset_cache, tmp_path):
    with pytest.raises(assets.AssetError, match=r"npm install leaflet@1\.9\.3"):
        fz.export.save_html(
            fz.maps.connectivity_map(tiles=None), tmp_path / "m.html", self_contained=True
        )
    assert not (tmp_path / "m.html").exists()


def test_cli_assets_and_self_contained_map(filled_cache, tmp_path, capsys):
    from ftzgeo.cli import main

    assert main(["assets", "status"]) == 0
    out = tmp_path / "sc.html"
    assert main(["map", "-o", str(out), "--self-contained", "--tiles", "none"]) == 0
    assert "cdn.jsdelivr.net" not in out.read_text()
