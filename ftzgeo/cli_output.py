"""The commands that write files: ``ftzgeo map | figure | export | assets``.

Part of the ``ftzgeo`` command (:mod:`ftzgeo.cli`): each handler prints what it wrote; heavy
modules (folium, networkx, matplotlib) load only when a command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from . import catalog
from .errors import InvalidArgumentError
from .printing import print_frame

__all__ = ["add_map_command", "add_output_commands", "year_arg"]


def year_arg(text: str) -> int:
    """An argparse type: a year between 1800 and 2100."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a year is a whole number, got {text!r}") from None
    if not 1800 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"a year between 1800 and 2100, got {year}")
    return year


def _routes(args: argparse.Namespace) -> pd.DataFrame | None:
    """The routes of ``--route A:B`` (by ``--mode`` if given), as map features."""
    if not args.route:
        if args.mode:
            raise InvalidArgumentError("--mode chooses the mode of --route: add --route A:B")
        return None
    from .network import build_network
    from .routing import route_feature, shortest_path

    only: dict[str, Any] = {"modes": (args.mode,)} if args.mode else {}
    G = build_network(year=args.year, **only)
    frames = []
    for spec in args.route:
        origin, sep, destination = spec.partition(":")
        if not sep or not origin or not destination:
            raise InvalidArgumentError(
                f"--route takes ORIGIN:DESTINATION, e.g. kashgar:tashkent, got {spec!r}"
            )
        frames.append(route_feature(G, shortest_path(G, origin, destination)))
    return pd.concat(frames, ignore_index=True)


def _cmd_map(args: argparse.Namespace) -> int:
    from .export import save_html
    from .maps import connectivity_map
    from .maps.compose import DEFAULT_LAYERS
    from .maps.frames import NATIONAL_LAYERS

    default = NATIONAL_LAYERS if args.national else DEFAULT_LAYERS
    layers = tuple(args.layers.split(",")) if args.layers else default
    for name in layers:
        catalog.entry(name)  # clear error for unknown names
    if args.cdn and args.self_contained:
        raise InvalidArgumentError("--cdn and --self-contained contradict each other: pick one")
    m = connectivity_map(
        layers=layers,
        year=args.year,
        slider=not args.no_slider,
        routes=_routes(args),
        tiles=args.tiles or None,  # none unless asked for ("none" is understood there)
        lang=args.lang,
        extent="china" if args.national else None,
        start_year=2013 if args.national else 1960,
        indicator=args.indicator,
    )
    path = save_html(m, args.output, self_contained=not args.cdn)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


def _extent_arg(text: str) -> str | tuple[float, ...]:
    """``data``, ``xinjiang``, ``china`` or ``LON_MIN,LAT_MIN,LON_MAX,LAT_MAX``."""
    if text in ("data", "xinjiang", "china"):
        return text
    try:
        box = tuple(float(v) for v in text.split(","))
    except ValueError:
        box = ()
    if len(box) != 4:
        raise argparse.ArgumentTypeError(
            f"--extent takes data, xinjiang, china or LON_MIN,LAT_MIN,LON_MAX,LAT_MAX, got {text!r}"
        )
    return box


def _size_arg(text: str) -> tuple[float, float]:
    """``WIDTHxHEIGHT`` in inches."""
    try:
        w, h = (float(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--size takes WIDTHxHEIGHT in inches, e.g. 11x8, got {text!r}"
        ) from None
    if not (0 < w <= 100 and 0 < h <= 100):
        raise argparse.ArgumentTypeError(f"--size takes inches between 0 and 100, got {text!r}")
    return w, h


def _cmd_figure(args: argparse.Namespace) -> int:
    from .export import static_map
    from .maps.frames import NATIONAL_LAYERS

    kwargs: dict[str, Any] = {"layers": tuple(args.layers.split(","))} if args.layers else {}
    if args.national:  # China's pilot FTZs on the national view
        kwargs = {"layers": NATIONAL_LAYERS, "title": "China's pilot free trade zones", **kwargs}
    if args.title is not None:
        kwargs["title"] = args.title or None
    static_map(
        path=args.output,
        routes=_routes(args),
        extent=args.extent or ("china" if args.national else None),
        year=args.year,
        size=args.size,
        dpi=args.dpi,
        labels=not args.no_labels,
        lang=args.lang,
        indicator=args.indicator,
        **kwargs,
    )
    print(f"wrote {args.output}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export_layers

    layers = args.layers.split(",") if args.layers else None
    path = export_layers(args.output, format=args.format_out, layers=layers)
    print(f"wrote {path}")
    return 0


def _cmd_assets(args: argparse.Namespace) -> int:
    from . import assets

    if args.action == "fetch":
        paths = assets.fetch()
        print(f"{len(paths)} assets in {assets.cache_dir()}")
    elif args.action == "add":
        if not args.directory:
            raise InvalidArgumentError(
                "ftzgeo assets add DIR: give the node_modules folder of an npm install"
            )
        paths = assets.add(args.directory)
        print(f"added {len(paths)} assets to {assets.cache_dir()}")
    table = assets.status()
    print_frame(table, args.format)
    return 0 if (table["bundled"] | table["cached"]).all() else 1


def add_map_command(sub: argparse._SubParsersAction) -> None:
    """Add ``ftzgeo map``."""
    p = sub.add_parser("map", help="make the interactive connectivity map (HTML)")
    p.add_argument("-o", "--output", required=True, help="HTML file to write")
    p.add_argument("--year", type=year_arg, help="open the map as it stood in this year")
    p.add_argument("--layers", help="comma-separated layer names (default: all)")
    p.add_argument("--tiles", help="base layer name, an xyzservices provider, or 'none'")
    p.add_argument("--no-slider", action="store_true", help="no year slider (with --year: filter)")
    p.add_argument(
        "--route",
        action="append",
        metavar="A:B",
        help="draw the fastest route from A to B (repeatable)",
    )
    p.add_argument(
        "--mode",
        choices=("rail", "road"),
        help="with --route: route by this mode only (default: rail and road)",
    )
    p.add_argument(
        "--self-contained",
        action="store_true",
        help="inline Leaflet so the file opens with no network (the default)",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the map")
    p.add_argument(
        "--national",
        action="store_true",
        help="China's 22 pilot FTZs on a national view, the slider from 2013",
    )
    p.add_argument(
        "--indicator",
        help="show this published figure beside names for the slider's year (e.g. freight_trains)",
    )
    p.add_argument(
        "--cdn",
        action="store_true",
        help="link Leaflet from the jsDelivr CDN instead (a smaller file that needs the network)",
    )
    p.set_defaults(func=_cmd_map)


def add_output_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``ftzgeo figure``, ``export`` and ``assets``."""
    p = sub.add_parser("figure", help="static map (PNG, SVG or PDF) of the layers, offline")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--layers", help="comma-separated layer names (default: all)")
    p.add_argument("--title", help="figure title ('' for none)")
    p.add_argument(
        "--extent", type=_extent_arg, help="data (default), xinjiang, china or LON0,LAT0,LON1,LAT1"
    )
    p.add_argument(
        "--national", action="store_true", help="China's pilot FTZs on the national view"
    )
    p.add_argument(
        "--indicator", help="a published figure after the ports' names (e.g. freight_trains)"
    )
    p.add_argument("--year", type=year_arg, help="the network as it stood in this year")
    p.add_argument("--route", action="append", metavar="A:B", help="draw this route (repeatable)")
    p.add_argument("--mode", choices=("rail", "road"), help="with --route: by this mode only")
    p.add_argument("--size", type=_size_arg, default=(11.0, 8.0), help="WIDTHxHEIGHT inches")
    p.add_argument("--dpi", type=int, default=150, help="resolution of a PNG")
    p.add_argument("--no-labels", action="store_true", help="no place names")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language (zh: a CJK font)")
    p.set_defaults(func=_cmd_figure)

    p = sub.add_parser("export", help="write the layers as GeoPackage, GeoJSON or GeoParquet")
    p.add_argument(
        "-o", "--output", required=True, help=".gpkg file, or a folder for geojson/parquet"
    )
    p.add_argument(
        "--to", dest="format_out", choices=("gpkg", "geojson", "parquet"), default="gpkg"
    )
    p.add_argument("--layers", help="comma-separated layer names (default: all)")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser(
        "assets", help="Leaflet for self-contained maps: bundled with the package, or cached"
    )
    p.add_argument("action", choices=("status", "fetch", "add"))
    p.add_argument("directory", nargs="?", help="with add: node_modules of an npm install")
    p.set_defaults(func=_cmd_assets)
