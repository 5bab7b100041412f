"""Rebuild the curated layers' derived parts from their one home each.

* Line geometry (``rail``, ``roads``, ``pipelines``) is drawn from ``geodata/waypoints.csv``:
  each feature's ``via`` lists waypoint ids in order, and its vertices are those points. A
  line's ``source`` keeps its own citations and gains the source of every waypoint it uses.
* Every curated layer's properties are put in its schema's column order (absent columns null).
* ``geodata/catalog.json`` gets each layer's feature count and column list.
* The sources table at the end of ``geodata/SOURCES.md`` is written from ``sources.json``
  (the prose above its ``## Sources`` heading is kept as written).

Run after editing waypoints, a line's ``via`` or a schema::

    python tools/build_geodata.py          # rewrite geodata/ in place
    python tools/build_geodata.py --check  # exit 1 if anything would change

The basemap layers (``countries``, ``xinjiang``) come from ``tools/make_basemap.py``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ftzgeo.schema import SCHEMAS  # noqa: E402

DATA = ROOT / "geodata"
LINE_LAYERS = ("pipelines", "rail", "roads")
BASEMAP = ("countries", "xinjiang")


def _waypoints() -> dict[str, dict[str, str]]:
    with (DATA / "waypoints.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    seen: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["id"] in seen:
            raise SystemExit(f"waypoints.csv: duplicate id {row['id']!r}")
        seen[row["id"]] = row
    return seen


def _keys(value: object) -> list[str]:
    return [k for k in str(value or "").split(";") if k]


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _line(props: dict, wps: dict[str, dict[str, str]], where: str) -> dict:
    via = _keys(props.get("via"))
    missing = [w for w in via if w not in wps]
    if len(via) < 2 or missing:
        raise SystemExit(f"{where}: via needs two or more known waypoints (unknown: {missing})")
    coords = [[float(wps[w]["lon"]), float(wps[w]["lat"])] for w in via]
    props["source"] = ";".join(_dedupe(_keys(props["source"]) + [wps[w]["source"] for w in via]))
    return {"type": "LineString", "coordinates": coords}


def _dump(features: list[dict]) -> str:
    lines = [json.dumps(f, ensure_ascii=False) for f in features]
    return '{\n"type": "FeatureCollection",\n"features": [\n' + ",\n".join(lines) + "\n]\n}\n"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _sources_md(sources: dict[str, dict[str, str]]) -> str:
    path = DATA / "SOURCES.md"
    head = path.read_text(encoding="utf-8").split("\n## Sources\n", 1)[0]
    rows = [
        f"| `{key}` | {_cell(s['title'])} | <{s['url']}> | {_cell(s.get('accessed', ''))} |"
        for key, s in sorted(sources.items())
    ]
    table = "| key | title | link | read |\n|---|---|---|---|\n" + "\n".join(rows)
    return f"{head}\n## Sources\n\n{table}\n"


def _write(path: Path, text: str, check: bool, changed: list[str]) -> None:
    if path.read_text(encoding="utf-8") != text:
        changed.append(str(path.relative_to(ROOT)))
        if not check:
            path.write_text(text, encoding="utf-8")


def build(check: bool = False) -> list[str]:
    """Rebuild every curated layer and the catalog; return the files that changed."""
    wps = _waypoints()
    sources = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))["sources"]
    keys = set(sources)
    bad = sorted({w["source"] for w in wps.values()} - keys)
    if bad:
        raise SystemExit(f"waypoints.csv cites unknown sources: {bad}")
    catalog_path = DATA / "catalog.json"
    catalog = json.loads(catalog_path.read_text(encoding="utf-8"))
    changed: list[str] = []
    for item in catalog["layers"]:
        name = item["name"]
        if name in BASEMAP:
            continue
        columns = list(SCHEMAS[name].column_names)
        path = DATA / item["file"]
        raw = json.loads(path.read_text(encoding="utf-8"))
        out = []
        for feat in raw["features"]:
            props = feat["properties"]
            where = f"{name}/{props.get('id')}"
            extra = set(props) - set(columns)
            if extra:
                raise SystemExit(f"{where}: columns not in the schema: {sorted(extra)}")
            props = {c: props.get(c) for c in columns}
            geometry = _line(props, wps, where) if name in LINE_LAYERS else feat["geometry"]
            unknown = sorted(set(_keys(props["source"])) - keys)
            if unknown:
                raise SystemExit(f"{where}: unknown sources {unknown}")
            out.append({"type": "Feature", "properties": props, "geometry": geometry})
        _write(path, _dump(out), check, changed)
        item["count"] = len(out)
        item["columns"] = columns
    _write(catalog_path, json.dumps(catalog, ensure_ascii=False, indent=1) + "\n", check, changed)
    _write(DATA / "SOURCES.md", _sources_md(sources), check, changed)
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report what would change")
    args = parser.parse_args()
    changed = build(check=args.check)
    for path in changed:
        print(("would change " if args.check else "rewrote ") + path)
    if args.check and changed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
