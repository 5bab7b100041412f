"""Declared shape of every ftzgeo layer: columns, types, domains, geometry type, extent.

The schemas are pure data. :mod:`ftzgeo.validation` checks a GeoDataFrame against them, and
the tests check every shipped file against them, so the data, the docs and the code agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "COMMON_COLUMNS",
    "GEOMETRY_QUALITIES",
    "ISO3_PATTERN",
    "SCHEMAS",
    "STATUSES",
    "Column",
    "LayerSchema",
    "get_schema",
]

STATUSES = ("operating", "under_construction", "planned", "closed")
GEOMETRY_QUALITIES = ("surveyed", "approximate", "schematic")
MODES = ("road", "rail", "pipeline")
GAUGES_MM = (1435, 1520)
ISO3_PATTERN = r"^[A-Z]{3}$"
ID_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
YEAR_RANGE = (1850, 2100)


@dataclass(frozen=True)
class Column:
    """One attribute column of a layer.

    Parameters
    ----------
    name : str
        Column name.
    kind : {"str", "int", "float", "bool", "year", "list"}
        Value type. ``"year"`` is an integer year in :data:`YEAR_RANGE`; ``"list"`` is a
        string of ``;``-separated items (GeoJSON, GeoPackage and CSV all keep it).
    required : bool, optional
        The column must be present; by default columns that may be null may also be absent.
    nullable : bool
        Missing values are allowed.
    domain : tuple, optional
        Allowed values (for ``"list"``: allowed items).
    pattern : str, optional
        Regular expression every string value (or list item) must match.
    minimum, maximum : float, optional
        Bounds for numbers (inclusive).
    description : str
        What the column holds, with its unit.
    """

    name: str
    kind: str
    required: bool | None = None
    nullable: bool = False
    domain: tuple | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if self.required is None:
            object.__setattr__(self, "required", not self.nullable)


@dataclass(frozen=True)
class LayerSchema:
    """Declared shape of one layer.

    Parameters
    ----------
    name : str
        Layer name.
    geometry_types : tuple of str
        Allowed shapely geometry types.
    columns : tuple of Column
        Columns besides ``geometry``; common columns first.
    bounds : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)`` every feature must fall in; used to catch
        projected or lat/lon-swapped coordinates.
    description : str
        One line on what the layer is.
    """

    name: str
    geometry_types: tuple[str, ...]
    columns: tuple[Column, ...]
    bounds: tuple[float, float, float, float]
    description: str = ""
    id_column: str = "id"
    crs: str = "EPSG:4326"
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> tuple[str, ...]:
        """Names of all declared columns, in order."""
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Names of the columns that must be present."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        """Return the declared column called `name`."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


COMMON_COLUMNS: tuple[Column, ...] = (
    Column("id", "str", pattern=ID_PATTERN, description="stable slug, unique in the layer"),
    Column("name_en", "str", description="English name"),
    Column("name_zh", "str", nullable=True, description="Chinese name, where known"),
    Column("status", "str", domain=STATUSES, description="operating / under_construction / ..."),
    Column(
        "opened",
        "year",
        nullable=True,
        minimum=YEAR_RANGE[0],
        maximum=YEAR_RANGE[1],
        description="year it opened or came into force (null: not yet / unknown)",
    ),
    Column("source", "list", pattern=ID_PATTERN, description="keys into geodata/sources.json"),
    Column(
        "geometry_quality",
        "str",
        domain=GEOMETRY_QUALITIES,
        description="surveyed / approximate / schematic",
    ),
    Column(
        "accuracy_m",
        "float",
        minimum=0.0,
        maximum=1_000_000.0,
        description="honest positional uncertainty of the geometry, metres",
    ),
    Column("notes", "str", required=False, nullable=True, description="free text"),
)

_XINJIANG_BOUNDS = (72.0, 34.0, 97.0, 50.0)
_REGION_BOUNDS = (40.0, 20.0, 125.0, 60.0)
_EURASIA_BOUNDS = (-10.0, 10.0, 140.0, 75.0)


def _schema(
    name: str,
    geometry_types: tuple[str, ...],
    extra_columns: tuple[Column, ...],
    bounds: tuple[float, float, float, float],
    description: str,
) -> LayerSchema:
    return LayerSchema(
        name=name,
        geometry_types=geometry_types,
        columns=COMMON_COLUMNS + extra_columns,
        bounds=bounds,
        description=description,
    )


# Columns shared by the line layers.
_COUNTRIES = Column(
    "countries", "list", pattern=ISO3_PATTERN, description="countries crossed, in order"
)
_LENGTH_OFFICIAL = Column(
    "length_km_official", "float", nullable=True, minimum=0.0, description="published length, km"
)
_VIA = Column("via", "list", nullable=True, description="named waypoints, in order")
_LENGTH_SOURCE = Column(
    "length_source",
    "list",
    nullable=True,
    pattern=ID_PATTERN,
    description="source of the official length (keys into geodata/sources.json)",
)
_SCHEMATIC_REASON = Column(
    "schematic_reason",
    "str",
    nullable=True,
    description="why the drawn line cannot be held to its official length (null: it is)",
)
# When a feature's status was last checked, and against what (dated) source.
_STATUS_CHECK = (
    Column(
        "status_source",
        "list",
        nullable=True,
        pattern=ID_PATTERN,
        description="dated source of the status and opening year",
    ),
    Column(
        "status_as_of",
        "str",
        nullable=True,
        pattern=r"^\d{4}(-\d{2})?$",
        description="month (YYYY-MM), or year, of the newest source that states the status",
    ),
)
_COUNTRY = Column("country_iso3", "str", pattern=ISO3_PATTERN, description="country (ISO 3166-1)")
_AREA_OFFICIAL = Column(
    "official_area_km2", "float", nullable=True, minimum=0.0, description="published area, km²"
)
_LINE_COLUMNS = (_COUNTRIES, _LENGTH_OFFICIAL, _LENGTH_SOURCE, _SCHEMATIC_REASON, _VIA)

_POLY = ("Polygon", "MultiPolygon")
_LINE = ("LineString", "MultiLineString")
_POINT = ("Point",)

_SCHEMAS = {
    "subzones": _schema(
        "subzones",
        _POLY,
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
            *_STATUS_CHECK,
        ),
        _XINJIANG_BOUNDS,
        "The three areas of the China (Xinjiang) Pilot Free Trade Zone (2023)",
    ),
    "zones": _schema(
        "zones",
        _POLY + _POINT,
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
            _COUNTRY,
            _AREA_OFFICIAL,
            Column(
                "approved",
                "year",
                nullable=True,
                minimum=1990,
                maximum=2100,
                description="year approved",
            ),
            *_STATUS_CHECK,
        ),
        _REGION_BOUNDS,
        "Economic development zones, special economic zones and the Khorgos cooperation centre",
    ),
    "hubs": _schema(
        "hubs",
        _POINT,
        (
            Column(
                "kind",
                "str",
                domain=("airport", "comprehensive_bonded_zone", "dry_port", "logistics_park"),
                description="airport / comprehensive bonded zone / dry port / logistics park",
            ),
            _COUNTRY,
            Column(
                "subzone",
                "str",
                nullable=True,
                domain=("urumqi", "kashgar", "khorgos"),
                description="FTZ sub-zone the hub serves or lies in (null: none)",
            ),
            Column("modes", "list", domain=("road", "rail", "air"), description="modes handled"),
            Column("iata", "str", nullable=True, pattern=r"^[A-Z]{3}$", description="IATA code"),
            Column("icao", "str", nullable=True, pattern=r"^[A-Z]{4}$", description="ICAO code"),
            _AREA_OFFICIAL,
            Column("capacity", "str", nullable=True, description="published capacity, with unit"),
            Column("location_note", "str", nullable=True, description="what the point marks"),
            *_STATUS_CHECK,
        ),
        _REGION_BOUNDS,
        "Airports, comprehensive bonded zones and dry ports of the FTZ and its border gateways",
    ),
    "land_ports": _schema(
        "land_ports",
        _POINT,
        (
            Column("neighbour_iso3", "str", pattern=ISO3_PATTERN),
            Column("counterpart", "str", nullable=True, description="crossing on the other side"),
            Column("modes", "list", domain=MODES, description="road / rail / pipeline"),
            Column("seasonal", "bool", nullable=True, description="open only part of the year"),
            Column("location_note", "str", nullable=True, description="what the point marks"),
            *_STATUS_CHECK,
        ),
        _XINJIANG_BOUNDS,
        "Xinjiang's open and approved land ports",
    ),
    "border_crossings": _schema(
        "border_crossings",
        _POINT,
        (
            _COUNTRY,
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
            *_STATUS_CHECK,
        ),
        _EURASIA_BOUNDS,
        "Border crossings between China's neighbours on the corridors to Central Asia and on",
    ),
    "pipelines": _schema(
        "pipelines",
        _LINE,
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
            *_LINE_COLUMNS,
            *_STATUS_CHECK,
        ),
        _REGION_BOUNDS,
        "Central Asia–China gas pipeline lines and the Kazakhstan–China oil pipeline",
    ),
    "rail": _schema(
        "rail",
        _LINE,
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
            *_LINE_COLUMNS,
            *_STATUS_CHECK,
        ),
        _REGION_BOUNDS,
        "Railways from Xinjiang to Central Asia and onward",
    ),
    "roads": _schema(
        "roads",
        _LINE,
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
            *_LINE_COLUMNS,
            *_STATUS_CHECK,
        ),
        _REGION_BOUNDS,
        "Roads serving Xinjiang's land ports and the corridors to Central Asia",
    ),
    "cities": _schema(
        "cities",
        _POINT,
        (
            _COUNTRY,
            Column(
                "role",
                "list",
                domain=("capital", "hub", "gateway", "endpoint", "border_town"),
                description="roles",
            ),
        ),
        _EURASIA_BOUNDS,
        "Central Asian capitals and hubs, Chinese endpoints, gateways toward Europe",
    ),
    "countries": _schema(
        "countries",
        _POLY,
        (
            Column("iso3", "str", nullable=True, pattern=ISO3_PATTERN),
            Column("disputed", "bool", description="the source marks this area as disputed"),
        ),
        (-180.0, -90.0, 180.0, 90.0),
        "Country outlines (de facto lines of Natural Earth) for the offline basemap",
    ),
    "xinjiang": _schema(
        "xinjiang",
        _POLY,
        (),
        _XINJIANG_BOUNDS,
        "Outline of the Xinjiang Uygur Autonomous Region",
    ),
}

SCHEMAS: Mapping[str, LayerSchema] = MappingProxyType(_SCHEMAS)


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
    try:
        return SCHEMAS[layer]
    except KeyError:
        from .errors import UnknownLayerError

        raise UnknownLayerError(str(layer), SCHEMAS) from None
