"""The multimodal connectivity network: rail and road lines, places, land ports and borders.

The package is split by concern: :mod:`.defaults` (published figures), :mod:`.inputs` (lines and
places as typed records), :mod:`.topology` (cutting and merging), :mod:`.edges` (the edge
builder), :mod:`.build` (:func:`build_network`), :mod:`.convert` (GeoDataFrames) and
:mod:`.pipelines` (the pipeline systems).

:func:`build_network` turns line layers (the shipped ``rail`` and ``roads``, or a user's own,
non-topological data) into a :class:`networkx.MultiDiGraph`:

* lines are cut where they pass within ``snap_tolerance_m`` of a line end, a shared vertex or
  a place, and their ends are merged within that tolerance (in a local equidistant projection);
* places (cities, FTZ sub-zones, land ports) are nodes of their own, joined to the network by
  ``access`` edges;
* rail nodes are kept apart by gauge, so a change between 1435 and 1520 mm is an explicit
  ``transfer`` edge that costs ``gauge_change_h``; road and rail meet through ``transfer``
  edges that cost ``mode_change_h``;
* a border can only be crossed at a named crossing point of the right mode, through a
  ``border`` edge that costs the crossing's dwell time: China's borders at an open land port
  (``land_ports``), the borders between China's neighbours at a ``border_crossings`` point. A
  line piece that crosses a border where the data has no open crossing point is dropped and
  listed in ``G.graph["dropped"]``: the network never carries a route across a border it cannot
  name.

Every default is a published figure or a stated assumption (see :data:`DEFAULTS`), and every one
can be overridden per call, per mode or per port.
"""

from .build import build_network
from .convert import graph_from_gdfs, graph_to_gdfs
from .defaults import CROSSING_KINDS, DEFAULTS, STATUSES_TODAY, NetworkDefaults
from .edges import arrival
from .pipelines import build_pipeline_network, capacity_by_port

__all__ = [
    "CROSSING_KINDS",
    "DEFAULTS",
    "STATUSES_TODAY",
    "NetworkDefaults",
    "arrival",
    "build_network",
    "build_pipeline_network",
    "capacity_by_port",
    "graph_from_gdfs",
    "graph_to_gdfs",
]
