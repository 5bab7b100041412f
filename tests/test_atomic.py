"""Every writer: whole files with normal modes, sidecars kept, clean errors, nothing left behind."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import geopandas as gpd
import pytest

import ftzgeo as fz
from ftzgeo.atomic import write_atomic, write_text
from ftzgeo.errors import DataFileError, FileAccessError, FtzgeoError


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _writers(tmp_path: Path):
    ports = fz.load("land_ports")
    m = fz.maps.connectivity_map(layers=["land_ports"], tiles=None)
    return {
        "geojson": lambda p: fz.io.write(ports, p),
        "html": lambda p: fz.export.save_html(m, p),
        "png": lambda p: fz.export.static_map(layers=("land_ports",), path=p),
        "gpkg": lambda p: fz.export.export_layers(p, layers=["land_ports"]),
    }


@pytest.mark.parametrize("kind", ["geojson", "html", "png", "gpkg"])
def test_new_files_follow_the_umask_and_overwrites_keep_their_mode(tmp_path, umask_022, kind):
    write = _writers(tmp_path)[kind]
    target = tmp_path / f"out.{kind}"
    write(target)
    assert mode(target) == 0o644
    target.chmod(0o640)
    write(target)
    assert mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name], "no temporary left"


def test_a_shapefile_arrives_with_its_sidecars_and_reads_back(tmp_path):
    ports = fz.load("land_ports")
    path = fz.io.write(
        ports[["id", "name_en", "geometry"]], tmp_path / "ports.shp", driver="ESRI Shapefile"
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert {"ports.shp", "ports.shx", "ports.dbf", "ports.prj"} <= set(names)
    assert not [n for n in names if n.startswith(".")]
    back = gpd.read_file(path)
    assert list(back["id"]) == list(ports["id"])


def _read_only_folder(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    folder = Path("/sys/kernel")  # read-only even for root
    if not folder.is_dir():
        pytest.skip("no read-only folder available to root here")
    return folder


def test_a_read_only_folder_gives_one_clear_error(tmp_path):
    folder = _read_only_folder(tmp_path)
    with pytest.raises(FileAccessError, match="Choose a folder you may write in") as info:
        write_text(folder / "map.html", "<html></html>")
    assert isinstance(info.value, PermissionError) and isinstance(info.value, FtzgeoError)
    with pytest.raises(PermissionError):
        fz.io.write(fz.load("cities"), folder / "cities.geojson")


def test_a_folder_as_target_is_refused(tmp_path):
    with pytest.raises(DataFileError, match="it is a folder"):
        write_text(tmp_path, "x")


def test_tilde_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    path = write_text("~/maps/a.html", "<p>")
    assert path == tmp_path / "maps" / "a.html" and path.read_text() == "<p>"


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "data.geojson"
    target.write_text("old")

    def writer(tmp: Path) -> None:
        tmp.write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, writer)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.geojson"]


def test_kill_9_mid_write_leaves_nothing_a_glob_would_match(tmp_path):
    target = tmp_path / "layer.geojson"
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from ftzgeo.atomic import write_atomic

        def writer(tmp):
            tmp.write_text("partial")
            Path({str(tmp_path / "started")!r}).write_text("1")
            time.sleep(60)

        write_atomic({str(target)!r}, writer)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(300):
            if (tmp_path / "started").exists():
                break
            time.sleep(0.05)
        else:
            pytest.fail("the writer never started")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not target.exists()
    assert list(tmp_path.glob("*.geojson")) == []
    # What is left is one hidden folder, which shell globs (and ``ls``) pass over.
    left = [p.name for p in tmp_path.iterdir() if p.name != "started"]
    assert len(left) == 1 and left[0].startswith(".layer.geojson.") and left[0].endswith(".tmp")


def test_a_new_folder_on_another_file_system_is_written_in_place():
    """The temporary file lives beside the target, so the final rename never crosses file
    systems (it once failed with 'Invalid cross-device link')."""
    import tempfile

    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tempfile.gettempdir()).st_dev:
        pytest.skip("no second file system to write to")
    target = Path(tempfile.mkdtemp(dir=shm)) / "new" / "layers.gpkg"
    try:
        fz.export.export_layers(target, layers=["land_ports"])
        assert target.is_file() and len(gpd.read_file(target, layer="land_ports")) > 0
    finally:
        import shutil

        shutil.rmtree(target.parent.parent, ignore_errors=True)
