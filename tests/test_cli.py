"""The ftzgeo command: layers, info, validate, measure, sources."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ftzgeo as fz
from ftzgeo.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_layers(capsys):
    code, out, _ = run(capsys, "layers")
    assert code == 0
    for name in fz.layers().index:
        assert name in out


def test_info(capsys):
    code, out, _ = run(capsys, "info", "land_ports")
    assert code == 0
    assert "EPSG:4326" in out and "khorgos-road" in out


def test_unknown_layer_is_a_clean_error(capsys):
    code, _, err = run(capsys, "info", "land_port")
    assert code == 2 and "did you mean 'land_ports'" in err.lower()


def test_measure_shows_official_next_to_measured(capsys):
    code, out, _ = run(capsys, "--format", "csv", "measure", "subzones")
    assert code == 0
    header, *rows = out.strip().splitlines()
    assert header.split(",")[-2:] == ["area_km2", "official_area_km2"]
    for row in rows:
        measured, official = map(float, row.split(",")[-2:])
        assert measured == pytest.approx(official, rel=1e-3)


def test_measure_by_country(capsys):
    code, out, _ = run(capsys, "--format", "csv", "measure", "pipelines", "--by-country")
    assert code == 0
    assert "cagp-a,KAZ," in out


def test_validate_reports_problems(tmp_path, capsys, ports):
    bad = ports.copy()
    bad.loc[bad.index[0], "status"] = "bogus"
    path = fz.write(bad, tmp_path / "bad.geojson")
    code, _, err = run(capsys, "validate", str(path), "--layer", "land_ports")
    assert code == 2 and "status='bogus'" in err
    good = fz.write(ports, tmp_path / "good.geojson")
    code, out, _ = run(capsys, "validate", str(good), "--layer", "land_ports")
    assert code == 0 and f"{len(ports)} features valid" in out


def test_sources(capsys):
    code, out, _ = run(capsys, "sources")
    assert code == 0 and "natural-earth" in out


def test_python_dash_m_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "ftzgeo", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and fz.__version__ in result.stdout
