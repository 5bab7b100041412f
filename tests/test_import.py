"""``import ftzgeo`` stays light: no folium, networkx or dask until they are used."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_import_does_not_load_heavy_dependencies():
    code = (
        "import sys, ftzgeo\n"
        "names = ('folium', 'branca', 'networkx', 'dask', 'distributed', 'matplotlib')\n"
        "heavy = sorted(m for m in names if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import ftzgeo pulled in: {out.stdout.strip()}"


def test_lazy_module_attribute_errors_are_clear():
    import ftzgeo

    with pytest.raises(AttributeError, match="no_such_thing"):
        ftzgeo.no_such_thing  # noqa: B018


def test_version_matches_metadata():
    from importlib.metadata import PackageNotFoundError, version

    import ftzgeo

    try:
        installed = version("ftzgeo")
    except PackageNotFoundError:  # pragma: no cover - the test command installs the package
        raise AssertionError("ftzgeo is not installed: run the README's test command") from None
    assert installed == ftzgeo.__version__


def test_the_headline_calls_are_at_the_top_level_and_load_folium_only_when_used():
    code = (
        "import sys, ftzgeo\n"
        "before = 'folium' in sys.modules\n"
        "from ftzgeo.maps.compose import connectivity_map\n"
        "from ftzgeo.maps.page import save_html\n"
        "print(before, ftzgeo.connectivity_map is connectivity_map, ftzgeo.save_html is save_html,"
        " 'connectivity_map' in dir(ftzgeo))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True", "True"]
