"""The vocabulary of layer schemas: column and layer types, shared columns, domains, extents.

:mod:`ftzgeo.schema` declares every layer with these pieces.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "AREA_OFFICIAL",
    "CHINA_BOUNDS",
    "COMMON_COLUMNS",
    "COUNTRIES",
    "COUNTRY",
    "EURASIA_BOUNDS",
    "GAUGES_MM",
    "GEOMETRY_QUALITIES",
    "ID_PATTERN",
    "ISO3_PATTERN",
    "LENGTH_OFFICIAL",
    "LENGTH_SOURCE",
    "LINE",
    "LINE_COLUMNS",
    "MODES",
    "POINT",
    "POLY",
    "REGION_BOUNDS",
    "SCHEMATIC_REASON",
    "STATUSES",
    "STATUS_CHECK",
    "SUBZONE_IDS",
    "VIA",
    "XINJIANG_BOUNDS",
    "YEAR_RANGE",
    "Column",
    "LayerSchema",
    "layer_schema",
]


#: Feature statuses. ``suspended``: work (or service) began and has been halted for an
#: indefinite time, as a dated source says; like ``under_construction`` and ``planned`` it is
#: never in service.
STATUSES = ("operating", "under_construction", "suspended", "planned", "closed")
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
    Column(
        "status",
        "str",
        domain=STATUSES,
        description="operating / under_construction / suspended / planned / closed",
    ),
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

XINJIANG_BOUNDS = (72.0, 34.0, 97.0, 50.0)
REGION_BOUNDS = (40.0, 20.0, 125.0, 60.0)
EURASIA_BOUNDS = (-10.0, 10.0, 140.0, 75.0)
CHINA_BOUNDS = (73.0, 17.0, 136.0, 54.0)

#: Ids of the Xinjiang FTZ's sub-zones (the ``subzones`` layer), which other layers refer to.
SUBZONE_IDS = ("urumqi", "kashgar", "khorgos")


def layer_schema(
    name: str,
    geometry_types: tuple[str, ...],
    extra_columns: tuple[Column, ...],
    bounds: tuple[float, float, float, float],
    description: str,
) -> LayerSchema:
    """A layer's schema: the common columns first, then its own."""
    return LayerSchema(
        name=name,
        geometry_types=geometry_types,
        columns=COMMON_COLUMNS + extra_columns,
        bounds=bounds,
        description=description,
    )


# Columns shared by the line layers.
COUNTRIES = Column(
    "countries", "list", pattern=ISO3_PATTERN, description="countries crossed, in order"
)
LENGTH_OFFICIAL = Column(
    "length_km_official", "float", nullable=True, minimum=0.0, description="published length, km"
)
VIA = Column("via", "list", nullable=True, description="named waypoints, in order")
LENGTH_SOURCE = Column(
    "length_source",
    "list",
    nullable=True,
    pattern=ID_PATTERN,
    description="source of the official length (keys into geodata/sources.json)",
)
SCHEMATIC_REASON = Column(
    "schematic_reason",
    "str",
    nullable=True,
    description="why the drawn line cannot be held to its official length (null: it is)",
)
# When a feature's status was last checked, and against what (dated) source.
STATUS_CHECK = (
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
COUNTRY = Column("country_iso3", "str", pattern=ISO3_PATTERN, description="country (ISO 3166-1)")
AREA_OFFICIAL = Column(
    "official_area_km2", "float", nullable=True, minimum=0.0, description="published area, km²"
)
LINE_COLUMNS = (COUNTRIES, LENGTH_OFFICIAL, LENGTH_SOURCE, SCHEMATIC_REASON, VIA)

POLY = ("Polygon", "MultiPolygon")
LINE = ("LineString", "MultiLineString")
POINT = ("Point",)
