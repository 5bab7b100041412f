"""The ftzgeo command: layers, info, validate, measure, sources."""

from __future__ import annotations

import subprocess
import sys

import pytest
from maputils import embedded_layers

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


# --- Hardening: what a careless or hostile user sees. ---


def test_user_errors_are_one_line_with_exit_2_and_no_traceback(capsys):
    code, _, err = run(capsys, "route", "kashgar", "nowhere")
    assert code == 2 and "Traceback" not in err and err.startswith("ftzgeo: error: no place")
    code, _, err = run(capsys, "map", "-o", "x.html", "--year", "-5")
    assert code == 2 and "between 1800 and 2100" in err
    code, _, err = run(capsys, "measure", "cities", "--by-country")
    assert code == 2 and "measures lines" in err


def test_debug_shows_the_traceback():
    with pytest.raises(fz.errors.UnknownPlaceError):
        main(["--debug", "route", "kashgar", "nowhere"])


def test_an_internal_error_says_it_is_a_bug(capsys, monkeypatch):
    def boom(_args):
        raise RuntimeError("kaput")

    monkeypatch.setattr(fz.catalog, "layers", lambda: boom(None))
    code, _, err = run(capsys, "layers")
    assert code == 3 and "bug" in err and "--debug" in err and "Traceback" not in err


def test_piping_into_head_ends_quietly():
    result = subprocess.run(
        f"{sys.executable} -m ftzgeo sources | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_control_codes_and_formulas_from_data_are_neutralised(tmp_path, capsys, valid_ports):
    evil = valid_ports.copy()
    evil.loc[evil.index[0], "name_en"] = "\x1b[31mred\x1b[0m"
    evil.loc[evil.index[1], "name_en"] = '=HYPERLINK("http://x","y")'
    path = fz.write(evil, tmp_path / "evil.geojson")
    code, out, _ = run(capsys, "--format", "csv", "measure", "land_ports", "--path", str(path))
    assert code == 0
    assert "\x1b" not in out and "\\x1b[31mred" in out
    assert "'=HYPERLINK" in out and "\n=HYPERLINK" not in out and ",=HYPERLINK" not in out


def test_the_default_map_asks_for_nothing_and_cdn_links_leaflet(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FTZGEO_ASSETS_DIR", str(tmp_path / "assets"))  # an empty cache
    out = tmp_path / "one.html"
    assert main(["map", "-o", str(out)]) == 0
    html = out.read_text()
    assert "tile.openstreetmap.org" not in html and "arcgisonline" not in html
    assert "cdn.jsdelivr.net" not in html  # Leaflet is inline, from the installed package
    assert main(["map", "-o", str(out), "--self-contained"]) == 0  # the default, said aloud
    assert out.read_text() == html
    assert main(["map", "-o", str(out), "--cdn", "--tiles", "OpenStreetMap"]) == 0
    linked = out.read_text()
    assert "cdn.jsdelivr.net/npm/leaflet@" in linked and "(needs the network)" in linked
    code, _, err = run(capsys, "map", "-o", str(out), "--cdn", "--self-contained")
    assert code == 2 and "pick one" in err


def test_map_routes_by_the_mode_asked_for(tmp_path, capsys):
    out = tmp_path / "r.html"
    pages = {}
    for mode in ("rail", "road"):
        assert main(["map", "-o", str(out), "--route", "urumqi:almaty", "--mode", mode]) == 0
        pages[mode] = embedded_layers(out.read_text())["routes"]["data"]["features"]
    popups = {m: " ".join(f["properties"]["_p"] for f in feats) for m, feats in pages.items()}
    G = {m: fz.network.build_network(modes=(m,)) for m in pages}
    for mode, popup in popups.items():
        route = fz.routing.route_feature(
            G[mode], fz.routing.shortest_path(G[mode], "urumqi", "almaty")
        )
        assert route["crossings"].iloc[0] in popup  # the crossing of a route by that mode
    assert popups["rail"] != popups["road"]
    code, _, err = run(capsys, "map", "-o", str(out), "--mode", "rail")
    assert code == 2 and "--route" in err
