"""Declared shape of every ftzgeo layer: columns, types, domains, geometry type, extent.

The schemas are pure data. :mod:`ftzgeo.validation` checks a GeoDataFrame against them, and
the tests check every shipped file against them, so the data, the docs and the code agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .columns import (
    AREA_OFFICIAL,
    COMMON_COLUMNS,
    COUNTRY,
    EURASIA_BOUNDS,
    GAUGES_MM,
    GEOMETRY_QUALITIES,
    ID_PATTERN,
    ISO3_PATTERN,
    LINE,
    LINE_COLUMNS,
    MODES,
    POINT,
    POLY,
    REGION_BOUNDS,
    STATUS_CHECK,
    STATUSES,
    SUBZONE_IDS,
    XINJIANG_BOUNDS,
    YEAR_RANGE,
    Column,
    LayerSchema,
    layer_schema,
)
from .schema_national import FTZS_SCHEMA

__all__ = [
    "COMMON_COLUMNS",
    "GAUGES_MM",
    "GEOMETRY_QUALITIES",
    "ID_PATTERN",
    "ISO3_PATTERN",
    "MODES",
    "SCHEMAS",
    "STATUSES",
    "USER_SCHEMA",
    "YEAR_RANGE",
    "Column",
    "LayerSchema",
    "get_schema",
]


_SCHEMAS = {
    "subzones": layer_schema(
        "subzones",
        POLY,
        (
            Column(
                "official_area_km2",
                "float",
                minimum=0.0,
                description="area in the State Council plan, km²",
            ),
            Column(
                "area_source", "list", pattern=ID_PATTERN, description="source of the official area"
            ),
            Column("approved", "str", pattern=r"^\d{4}-\d{2}-\d{2}$", description="approval date"),
            Column(
                "includes",
                "list",
                nullable=True,
                description="bonded zones, parks, corps areas it includes",
            ),
            Column(
                "focus_industries",
                "list",
                nullable=True,
                description="industries named in the plan",
            ),
            *STATUS_CHECK,
        ),
        XINJIANG_BOUNDS,
        "The three areas of the China (Xinjiang) Pilot Free Trade Zone (2023)",
    ),
    "zones": layer_schema(
        "zones",
        POLY + POINT,
        (
            Column(
                "kind",
                "str",
                domain=(
                    "economic_development_zone",
                    "border_cooperation_centre",
                    "special_economic_zone",
                ),
                description="what kind of zone (bonded zones and dry ports are ``hubs``)",
            ),
            COUNTRY,
            AREA_OFFICIAL,
            Column(
                "approved",
                "year",
                nullable=True,
                minimum=1990,
                maximum=2100,
                description="year approved",
            ),
            *STATUS_CHECK,
        ),
        REGION_BOUNDS,
        "Economic development zones, special economic zones and the Khorgos cooperation centre",
    ),
    "ftzs": FTZS_SCHEMA,
    "hubs": layer_schema(
        "hubs",
        POINT,
        (
            Column(
                "kind",
                "str",
                domain=("airport", "comprehensive_bonded_zone", "dry_port", "logistics_park"),
                description="airport / comprehensive bonded zone / dry port / logistics park",
            ),
            COUNTRY,
            Column(
                "subzone",
                "str",
                nullable=True,
                domain=SUBZONE_IDS,
                description="FTZ sub-zone the hub serves or lies in (null: none)",
            ),
            Column("modes", "list", domain=("road", "rail", "air"), description="modes handled"),
            Column("iata", "str", nullable=True, pattern=r"^[A-Z]{3}$", description="IATA code"),
            Column("icao", "str", nullable=True, pattern=r"^[A-Z]{4}$", description="ICAO code"),
            AREA_OFFICIAL,
            Column("capacity", "str", nullable=True, description="published capacity, with unit"),
            Column("location_note", "str", nullable=True, description="what the point marks"),
            *STATUS_CHECK,
        ),
        REGION_BOUNDS,
        "Airports, comprehensive bonded zones and dry ports of the FTZ and its border gateways",
    ),
    "land_ports": layer_schema(
        "land_ports",
        POINT,
        (
            Column("neighbour_iso3", "str", pattern=ISO3_PATTERN),
            Column("counterpart", "str", nullable=True, description="crossing on the other side"),
            Column("modes", "list", domain=MODES, description="road / rail / pipeline"),
            Column("seasonal", "bool", nullable=True, description="open only part of the year"),
            Column("location_note", "str", nullable=True, description="what the point marks"),
            *STATUS_CHECK,
        ),
        XINJIANG_BOUNDS,
        "Xinjiang's open and approved land ports",
    ),
    "border_crossings": layer_schema(
        "border_crossings",
        POINT,
        (
            COUNTRY,
            Column("neighbour_iso3", "str", pattern=ISO3_PATTERN),
            Column("counterpart", "str", nullable=True, description="crossing on the other side"),
            Column("modes", "list", domain=("road", "rail"), description="road / rail"),
            Column(
                "dwell_h_road",
                "float",
                nullable=True,
                minimum=0.0,
                description="time to clear the crossing by road, hours (CAREC CPMM)",
            ),
            Column(
                "dwell_h_rail",
                "float",
                nullable=True,
                minimum=0.0,
                description="time to clear the crossing by rail, hours (CAREC CPMM)",
            ),
            Column(
                "dwell_source",
                "list",
                nullable=True,
                pattern=ID_PATTERN,
                description="source of the dwell times",
            ),
            Column("location_note", "str", nullable=True, description="what the point marks"),
            *STATUS_CHECK,
        ),
        EURASIA_BOUNDS,
        "Border crossings between China's neighbours on the corridors to Central Asia and on",
    ),
    "pipelines": layer_schema(
        "pipelines",
        LINE,
        (
            Column(
                "product",
                "str",
                domain=("natural_gas", "crude_oil"),
                description="what the pipeline carries",
            ),
            Column("line", "str", nullable=True, description="line letter (A, B, C, D), if any"),
            Column(
                "capacity_bcm_per_year",
                "float",
                nullable=True,
                minimum=0.0,
                description="design capacity of a gas line, billion m³ a year",
            ),
            Column(
                "capacity_mt_per_year",
                "float",
                nullable=True,
                minimum=0.0,
                description="design capacity of an oil line, million tonnes a year",
            ),
            Column(
                "entry_port", "str", nullable=True, description="land port id where it enters China"
            ),
            *LINE_COLUMNS,
            *STATUS_CHECK,
        ),
        REGION_BOUNDS,
        "Central Asia–China gas pipeline lines and the Kazakhstan–China oil pipeline",
    ),
    "rail": layer_schema(
        "rail",
        LINE,
        (
            Column(
                "gauge_mm",
                "int",
                nullable=True,
                domain=GAUGES_MM,
                description="track gauge, mm (null: not published; a train ferry has none)",
            ),
            Column(
                "ferry",
                "bool",
                nullable=True,
                description="a sea crossing by train ferry between two rail ports",
            ),
            *LINE_COLUMNS,
            *STATUS_CHECK,
        ),
        REGION_BOUNDS,
        "Railways from Xinjiang to Central Asia and onward",
    ),
    "roads": layer_schema(
        "roads",
        LINE,
        (
            Column(
                "route_numbers",
                "list",
                nullable=True,
                description="national/international route numbers",
            ),
            Column(
                "corridor", "str", nullable=True, description="named corridor (CAREC, CPEC, ...)"
            ),
            Column(
                "ferry",
                "bool",
                nullable=True,
                description="a sea crossing by ro-ro ferry between two ports",
            ),
            *LINE_COLUMNS,
            *STATUS_CHECK,
        ),
        REGION_BOUNDS,
        "Roads serving Xinjiang's land ports and the corridors to Central Asia",
    ),
    "cities": layer_schema(
        "cities",
        POINT,
        (
            COUNTRY,
            Column(
                "role",
                "list",
                domain=("capital", "hub", "gateway", "endpoint", "border_town"),
                description="roles",
            ),
        ),
        EURASIA_BOUNDS,
        "Central Asian capitals and hubs, Chinese endpoints, gateways toward Europe",
    ),
    "countries": layer_schema(
        "countries",
        POLY,
        (
            Column("iso3", "str", nullable=True, pattern=ISO3_PATTERN),
            Column("disputed", "bool", description="the source marks this area as disputed"),
        ),
        (-180.0, -90.0, 180.0, 90.0),
        "Country outlines (de facto lines of Natural Earth) for the offline basemap",
    ),
    "xinjiang": layer_schema(
        "xinjiang",
        POLY,
        (),
        XINJIANG_BOUNDS,
        "Outline of the Xinjiang Uygur Autonomous Region",
    ),
}

SCHEMAS: Mapping[str, LayerSchema] = MappingProxyType(_SCHEMAS)

#: A user's own data read without ``layer=``: any geometry anywhere on Earth, in EPSG:4326, and
#: nothing else required. A ``source`` column, if any, is checked by :func:`ftzgeo.read`:
#: ``"user"``, a URL or a key of ftzgeo's sources table, so nothing cites a source it does not have.
USER_SCHEMA = LayerSchema(
    "user",
    (*POINT, "MultiPoint", *LINE, *POLY),
    (),
    (-180.0, -90.0, 180.0, 90.0),
    "Your own data (read with ftzgeo.read(path) and no layer=)",
)


def get_schema(layer: str | LayerSchema) -> LayerSchema:
    """Return the schema of a layer.

    Parameters
    ----------
    layer : str or LayerSchema
        Layer name (see :func:`ftzgeo.layers`) or a schema, returned as is.

    Returns
    -------
    LayerSchema

    Raises
    ------
    UnknownLayerError
        If no layer has that name.
    """
    if isinstance(layer, LayerSchema):
        return layer
    if layer == "indicators":  # a table, not a layer: ftzgeo.indicators
        from .indicator_table import INDICATORS_SCHEMA

        return INDICATORS_SCHEMA
    try:
        return SCHEMAS[layer]
    except KeyError:
        from .errors import UnknownLayerError

        raise UnknownLayerError(str(layer), SCHEMAS) from None
