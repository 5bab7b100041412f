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
def no_bundle(asset_cache, monkeypatch):
    """An install without the Leaflet package: only the cache can serve Leaflet."""
    monkeypatch.setattr(assets, "BUNDLE", ("ftzgeo_no_such_package", "static"))
    return asset_cache


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


def test_assets_add_status_and_errors(no_bundle, tmp_path):
    assert not assets.status()["cached"].any() and not assets.status()["bundled"].any()
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
    m = fz.maps.connectivity_map(tiles=tuple(fz.maps.compose.DEFAULT_TILES))
    html = fz.export.save_html(m, tmp_path / "m.html", self_contained=True).read_text()
    assert not re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html)
    assert "url(data:image/png;base64," in html  # Leaflet's control images are inline
    assert "L.tileLayer" in html  # tiles stay as optional online layers, only when asked for
    labelled = html.count("(needs the network)<\\/span>")  # in each tile layer's name
    assert labelled == len(fz.maps.compose.DEFAULT_TILES)


def test_the_default_page_carries_leaflet_from_the_installed_package(asset_cache, tmp_path):
    """No cache, no `assets` step: the default page is whole, with Leaflet's notice."""
    assert assets.status()["bundled"].all() and not assets.status()["cached"].any()
    html = fz.save_html(fz.connectivity_map(), tmp_path / "m.html").read_text()
    assert not re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html)
    assert "L.tileLayer" not in html  # no tiles unless asked for
    assert f"Leaflet {assets.LEAFLET_VERSION}, a JS library" in html  # the file's own header
    assert "BSD-2-Clause" in html
    linked = fz.export.map_html(fz.connectivity_map(), self_contained=False)
    assert f"cdn.jsdelivr.net/npm/leaflet@{assets.LEAFLET_VERSION}/dist/leaflet.js" in linked
    assert len(linked) < len(html) - 150_000


def test_a_tampered_bundle_is_refused(asset_cache, tmp_path, monkeypatch):
    fake = tmp_path / "fakepkg"
    (fake / "static").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "static" / "leaflet.js").write_text("window.L = 'tampered';")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(assets, "BUNDLE", ("fakepkg", "static"))
    with pytest.raises(assets.AssetError, match="does not match the pinned hash"):
        assets.read(assets.PINNED[0])


def test_notebook_display_is_the_whole_page_in_an_iframe():
    import html as html_lib

    m = fz.connectivity_map(layers=["subzones"])
    shown = m._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and shown.count("<script") == 0
    page = html_lib.unescape(re.search(r'srcdoc="([^"]*)"', shown)[1])
    assert page == fz.export.map_html(m)


def test_self_contained_without_cache_explains_how_to_fix(no_bundle, tmp_path):
    with pytest.raises(assets.AssetError, match=rf"npm install leaflet@{assets.LEAFLET_VERSION}"):
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
