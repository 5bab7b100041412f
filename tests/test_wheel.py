"""The built wheel, installed into a fresh virtual environment, loads every layer."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_loads_every_layer_outside_the_repo(tmp_path):
    dist = tmp_path / "dist"
    # Build from a clean copy: a stale build/ folder in the checkout would hide a module that
    # pyproject.toml forgets to ship.
    src = tmp_path / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            "build",
            "dist",
            ".git",
            ".cache",
            "*.egg-info",
            "__pycache__",
            ".venv",
            "v",
            "node_modules",
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(src),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    wheels = list(dist.glob("ftzgeo-*.whl"))
    assert len(wheels) == 1

    # A fresh venv that sees the dependencies the running interpreter has (the tests run offline)
    # but not this checkout: the package must come from the wheel alone. The running
    # interpreter's site-packages are listed in a .pth file, so this works from a system Python,
    # a virtual environment or conda alike (system_site_packages would see only the base
    # interpreter); plain path lines do not run the editable install's own .pth hook.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
    (Path(purelib) / "ftzgeo_test_deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheels[0])],
        check=True,
        capture_output=True,
        text=True,
    )
    script = textwrap.dedent(
        """
        import json, sys
        import ftzgeo as fz
        out = {"file": fz.__file__, "data": str(fz.catalog.data_dir()),
               "counts": {name: len(gdf) for name, gdf in fz.load_all().items()},
               "declared": {e.name: e.count for e in fz.catalog.entries()},
               "waypoints": len(fz.catalog.waypoints()),
               "sources": len(fz.sources()),
               "map_bytes": len(fz.export.map_html(fz.maps.connectivity_map(tiles=None))),
               "route": fz.routing.route_summary(G := fz.network.build_network(),
                                                 fz.routing.shortest_path(G, "kashgar", "bishkek"))["ports"]}
        print(json.dumps(out))
        """
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run(
        [str(python), "-c", script], cwd=outside, check=True, capture_output=True, text=True
    )
    import json

    info = json.loads(result.stdout)
    assert info["file"].startswith(str(env_dir)), "ftzgeo was not imported from the wheel"
    assert info["data"].startswith(str(env_dir)), (
        "geodata was not found inside the installed package"
    )
    assert info["counts"] == info["declared"]
    assert info["waypoints"] > 0 and info["sources"] > 0
    assert info["map_bytes"] > 100_000  # the map runtime (ftzgeo/maps/static) ships in the wheel
    assert info["route"] in (["torugart"], ["irkeshtam"])  # a China–Kyrgyzstan road port
    cli = subprocess.run(
        [str(env_dir / "bin" / "ftzgeo"), "layers"], cwd=outside, capture_output=True, text=True
    )
    assert cli.returncode == 0 and "land_ports" in cli.stdout
