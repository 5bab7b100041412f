"""The national layer's schema: China's pilot free trade zones, one point per area."""

from __future__ import annotations

from .columns import (
    AREA_OFFICIAL,
    CHINA_BOUNDS,
    ID_PATTERN,
    ISO3_PATTERN,
    POINT,
    SUBZONE_IDS,
    Column,
    layer_schema,
)

__all__ = ["FTZS_SCHEMA"]

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

FTZS_SCHEMA = layer_schema(
    "ftzs",
    POINT,
    (
        Column(
            "ftz_id", "str", pattern=ID_PATTERN, description="the pilot FTZ the area is part of"
        ),
        Column("ftz_name_en", "str", description="the pilot FTZ's English name"),
        Column("ftz_name_zh", "str", description="the pilot FTZ's Chinese name"),
        Column("province", "str", description="province-level division of the FTZ"),
        Column("province_zh", "str", description="the province in Chinese"),
        Column("batch", "int", minimum=1, maximum=20, description="batch of approval (1: 2013)"),
        Column(
            "approved",
            "str",
            pattern=DATE_PATTERN,
            description="date of the State Council circular issuing the FTZ's overall plan",
        ),
        Column(
            "opened_date",
            "str",
            nullable=True,
            pattern=DATE_PATTERN,
            description="date the FTZ was inaugurated (null: no single date)",
        ),
        AREA_OFFICIAL,
        Column(
            "ftz_area_km2",
            "float",
            nullable=True,
            minimum=0.0,
            description="the whole FTZ's published area, km² (its newest extent)",
        ),
        Column(
            "area_source",
            "list",
            nullable=True,
            pattern=ID_PATTERN,
            description="source of the area's official area",
        ),
        Column(
            "border_countries",
            "list",
            nullable=True,
            pattern=ISO3_PATTERN,
            description="countries the FTZ's province borders by land, where a source names them",
        ),
        Column(
            "border_role",
            "str",
            nullable=True,
            description="the cross-border function the FTZ's plan names",
        ),
        Column("focus", "str", nullable=True, description="the plan's stated positioning"),
        Column(
            "subzone",
            "str",
            nullable=True,
            domain=SUBZONE_IDS,
            description="for Xinjiang, the sub-zone (id in the ``subzones`` layer)",
        ),
        Column("location_note", "str", description="what the point marks"),
    ),
    CHINA_BOUNDS,
    "China's pilot free trade zones (2013–2023), one point per area",
)
