"""Command-line interface: ``ftzgeo layers | info | validate | measure | map | route | ...``.

The CLI is a thin shell over the library; it prints, the library never does.

Exit codes (also in ``ftzgeo --help``):

=====  ==========================================================================
0      success
1      a check found something missing (``ftzgeo assets status``)
2      the command or its input is wrong (bad arguments, invalid data, unknown
       place, no route, unreadable or unwritable file); the message says how to fix it
3      an internal error (a bug): one line, and the traceback with ``--debug``
130    interrupted (Ctrl-C)
141    the reader of the output went away (e.g. piped into ``head``)
=====  ==========================================================================
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

import pandas as pd

from . import __version__, catalog, io, measures
from .cli_output import add_map_command, add_output_commands, year_arg
from .errors import FtzgeoError, InvalidArgumentError
from .kinds import geometry_kinds
from .printing import clean_text, print_frame

__all__ = ["main"]


EXIT_OK, EXIT_CHECK, EXIT_USER, EXIT_BUG, EXIT_INTERRUPT, EXIT_PIPE = 0, 1, 2, 3, 130, 141


def _cmd_layers(args: argparse.Namespace) -> int:
    frame = catalog.layers()[["geometry_type", "count", "license", "title"]]
    print_frame(frame, args.format)
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    e = catalog.entry(args.layer)
    gdf = io.load(args.layer)
    print(f"{e.name}: {e.title}")
    print(f"  {e.description}")
    print(f"  file: {e.path}")
    print(f"  {len(gdf)} {e.geometry_type} features, CRS {gdf.crs.to_string()}")
    print(f"  licence: {e.license}; attribution: {e.attribution}")
    print(f"  geometry quality: {gdf['geometry_quality'].value_counts().to_dict()}")
    print(f"  status: {gdf['status'].value_counts().to_dict()}")
    cols = ["id", "name_en", "status", "opened", "geometry_quality", "accuracy_m"]
    print_frame(gdf[cols].set_index("id"), args.format)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    gdf = io.read(args.path, layer=args.layer, lon=args.lon, lat=args.lat)
    what = f"for layer {args.layer!r}" if args.layer else "as your own data"
    print(f"{args.path}: {len(gdf)} features valid {what}")
    return 0


def _cmd_measure(args: argparse.Namespace) -> int:
    gdf = io.load(args.layer) if args.path is None else io.read(args.path, layer=args.layer)
    out = gdf[["id", "name_en"]].copy()
    kinds = geometry_kinds(gdf.geometry)
    if "line" in kinds:
        out["length_km"] = pd.Series(measures.length_km(gdf), index=gdf.index).round(1)
        if "length_km_official" in gdf.columns:
            out["length_km_official"] = gdf["length_km_official"]
    if "polygon" in kinds:
        out["area_km2"] = pd.Series(measures.area_km2(gdf), index=gdf.index).round(2)
        if "official_area_km2" in gdf.columns:
            out["official_area_km2"] = gdf["official_area_km2"]
    if args.by_country:
        if "line" not in kinds:
            types = ", ".join(sorted(set(gdf.geom_type.dropna())))
            raise InvalidArgumentError(
                f"--by-country measures lines; layer {args.layer!r} has {types}"
                " (try a line layer: pipelines, rail or roads)"
            )
        table = measures.length_by_country(gdf)
        table["length_km"] = table["length_km"].round(1)
        table["share"] = table["share"].round(3)
        print_frame(table.set_index(["id", "iso3"]), args.format)
        return 0
    print_frame(out.set_index("id"), args.format)
    return 0


def _network(args: argparse.Namespace):
    from .network import build_network

    modes = ("rail", "road") if args.mode == "any" else (args.mode,)
    status = ("operating", "under_construction") if args.with_construction else ("operating",)
    return build_network(modes=modes, year=args.year, status=status)


def _cmd_route(args: argparse.Namespace) -> int:
    from .routing import route_summary, route_to_gdf, shortest_path

    G = _network(args)
    route = shortest_path(G, args.origin, args.destination, weight=args.weight)
    s = route_summary(G, route, weight=args.weight)
    steps = route_to_gdf(G, route, weight=args.weight)
    steps = steps[(steps["length_km"] > 0.05) | (steps["travel_time_h"] > 0)]
    table = steps[
        ["mode", "id", "length_km", "travel_time_h", "border", "crossing_name", "gauge_change"]
    ].copy()
    table["length_km"] = table["length_km"].round(1)
    table["travel_time_h"] = table["travel_time_h"].round(2)
    print(f"{s['origin']} -> {s['destination']}")
    print(
        f"  {s['length_km']:.0f} km, {s['travel_time_h']:.1f} h, {s['border_crossings']} border crossings "
        f"({', '.join(s['crossings']) or 'none'}), {s['gauge_changes']} gauge changes, mode {s['modes']}"
    )
    print(f"  countries: {' -> '.join(s['countries'])}")
    print_frame(table.set_index("mode"), args.format)
    return 0


def _cmd_table(args: argparse.Namespace) -> int:
    from .routing import connectivity_table

    G = _network(args)
    table = connectivity_table(G, weight=args.weight)
    table["network"] = args.mode
    print_frame(table.set_index("origin"), args.format)
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    print_frame(catalog.sources()[["title", "url"]], args.format)
    return 0


def _network_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mode", choices=("rail", "road", "any"), default="any", help="transport mode")
    p.add_argument("--year", type=year_arg, help="the network as it stood in this year")
    p.add_argument(
        "--with-construction",
        action="store_true",
        help="include lines and ports under construction",
    )
    p.add_argument("--weight", choices=("travel_time_h", "length_km"), default="travel_time_h")


def _add_data_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("layers", help="list the shipped layers")
    p.set_defaults(func=_cmd_layers)

    p = sub.add_parser("info", help="describe one layer")
    p.add_argument("layer")
    p.set_defaults(func=_cmd_info)

    p = sub.add_parser(
        "validate", help="check a file: your own data, or against a layer's schema (--layer)"
    )
    p.add_argument("path")
    p.add_argument(
        "--layer", help="layer whose schema applies (default: check it as your own data)"
    )
    p.add_argument("--lon", help="CSV longitude column")
    p.add_argument("--lat", help="CSV latitude column")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "measure", help="geodesic lengths/areas of a layer, next to official figures"
    )
    p.add_argument("layer")
    p.add_argument(
        "--path", help="measure this file (validated as LAYER) instead of the shipped layer"
    )
    p.add_argument("--by-country", action="store_true", help="line length per country")
    p.set_defaults(func=_cmd_measure)

    p = sub.add_parser("sources", help="list the sources the data cites")
    p.set_defaults(func=_cmd_sources)


def _add_network_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("route", help="fastest route between two places")
    p.add_argument("origin")
    p.add_argument("destination")
    _network_options(p)
    p.set_defaults(func=_cmd_route)

    p = sub.add_parser("table", help="connectivity table: FTZ sub-zones x capitals")
    _network_options(p)
    p.set_defaults(func=_cmd_table)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``ftzgeo`` command."""
    parser = argparse.ArgumentParser(
        prog="ftzgeo",
        description="Geodata, measures, routes and maps of the Xinjiang Pilot Free Trade Zone.",
        epilog="exit codes: 0 success, 1 a check found something missing, 2 wrong command or "
        "input (the message says how to fix it), 3 internal error (see --debug), 130 interrupted, "
        "141 output pipe closed",
    )
    parser.add_argument("--version", action="version", version=f"ftzgeo {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of any error")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors")
    parser.add_argument("--format", choices=("table", "csv"), default="table", help="output format")
    sub = parser.add_subparsers(dest="command", required=True)

    _add_data_commands(sub)
    add_map_command(sub)
    _add_network_commands(sub)
    add_output_commands(sub)
    return parser


def _error(message: str) -> None:
    print(f"ftzgeo: error: {clean_text(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ftzgeo`` command; return its exit status (see the module docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code or 0)
    level = logging.ERROR if args.quiet else (logging.INFO if args.verbose else logging.WARNING)
    logging.basicConfig(level=logging.DEBUG if args.verbose > 1 else level, format="%(message)s")
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # The reader went away (``ftzgeo sources | head``): stop quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
            pass
        return EXIT_PIPE
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPT
    except (FtzgeoError, OSError) as exc:
        if args.debug:
            raise
        _error(str(exc))
        return EXIT_USER
    except Exception as exc:
        if args.debug:
            raise
        _error(
            f"internal error ({type(exc).__name__}: {exc}). This is a bug in ftzgeo: run again with "
            "--debug for the traceback and report it."
        )
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
