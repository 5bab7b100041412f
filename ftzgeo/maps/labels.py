"""Which features of the shipped layers carry a label on the map, in what order, from what zoom.

The page places labels in rank order and never lets two overlap (``ftzgeo.declutter`` in
``static/ftzgeo.js``); a label waits for its layer's first zoom. The FTZ sub-zones come first,
then capitals and the FTZ cities, then countries, then land ports, then the other cities.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["LABEL_LAYERS", "label_rank", "short_label"]

_QUALIFIER = re.compile(r",(?![^()（）]*[)）])")  # a comma outside brackets
_ZH_FTZ = "中国（新疆）自由贸易试验区"


def short_label(text: str) -> str:
    """A name as a map label.

    Without a trailing ", qualifier" (commas inside brackets stay) or the Chinese FTZ prefix
    of a sub-zone.

    Examples
    --------
    >>> short_label("Urumqi Area, China (Xinjiang) Pilot Free Trade Zone")
    'Urumqi Area'
    >>> short_label("Baketu (Bakhty, Baktu)")
    'Baketu (Bakhty, Baktu)'
    >>> short_label("中国（新疆）自由贸易试验区乌鲁木齐片区")
    '乌鲁木齐片区'
    """
    text = _QUALIFIER.split(str(text))[0]
    return text[len(_ZH_FTZ) :] if text.startswith(_ZH_FTZ) and len(text) > len(_ZH_FTZ) else text


#: Layers whose features are labelled by default, and the column the label comes from.
LABEL_LAYERS: Mapping[str, str] = {
    "subzones": "name_en",
    "countries": "name_en",
    "cities": "name_en",
    "land_ports": "name_en",
}

#: Cities labelled with the capitals: the FTZ's own three and the Central Asian hub, Almaty.
_FIRST_CITIES = frozenset({"urumqi", "kashgar", "khorgos", "almaty"})


def label_rank(layer: str, props: Mapping[str, object]) -> tuple[int, int] | None:
    """``(rank, first zoom)`` of a feature's label, or None for a layer without rules.

    Lower ranks are placed first (and win a collision); the label shows from the first zoom on.

    Examples
    --------
    >>> label_rank("cities", {"id": "bishkek", "role": "capital"})
    (1, 3)
    >>> label_rank("cities", {"id": "taraz", "role": "hub"})
    (4, 6)
    """
    if layer in ("subzones", "routes"):
        return 0, 0
    if layer == "countries":
        return 2, 3
    if layer == "cities":
        roles = str(props.get("role") or "").split(";")
        first = "capital" in roles or props.get("id") in _FIRST_CITIES
        return (1, 3) if first else (4, 6)
    if layer == "land_ports":
        return (3, 5) if props.get("status") == "operating" else (5, 7)
    return None
