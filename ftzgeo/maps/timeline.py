"""Year slider: show the network as it stood in a given year, in the saved page, no server."""

from __future__ import annotations

import folium
from branca.element import MacroElement

from ..catalog import data_year
from ..status import in_service
from .elements import ScriptCall
from .layers import map_layers

__all__ = ["YearSlider", "as_of"]


class YearSlider(MacroElement):
    """A slider from `start` to `end`; one step past `end` shows everything, planned lines too.

    At year *Y* a feature with a ``status`` is shown if it is operating (or closed) and opened
    in or before *Y* (or its opening year is unknown); lines under construction or planned
    appear only at the last position. Layers added with ``timeline=False`` are not filtered.

    Parameters
    ----------
    start, end : int
        Range of years.
    value : int, optional
        Initial year; ``None`` starts at the last position (everything).
    """

    def __init__(self, start: int = 1960, end: int | None = None, value: int | None = None) -> None:
        super().__init__()
        self._name = "ftzgeo_year_slider"
        self.start = int(start)
        # The data's own year, not today's: the same inputs give the same page on any date.
        self.end = int(end if end is not None else data_year())
        if self.end < self.start:
            raise ValueError(f"end year {self.end} is before start year {self.start}")
        self.value = value

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # noqa: D102 - branca API
        m = self._parent
        if isinstance(m, folium.Map) and map_layers(m):
            opts = {"min": self.start, "max": self.end, "value": self.value}
            call = ScriptCall("addYearSlider", [opts], "ftzgeo_year_slider_call")
            call._parent = m
            call.render(**kwargs)


def as_of(gdf, year: int):
    """Return the features of `gdf` visible in `year` (the slider's rule, applied in Python).

    Operating or closed features opened in or before `year` (or with an unknown opening
    year); nothing under construction or planned. Frames without a ``status`` column are
    returned unchanged. The input is not modified.
    """
    return gdf[in_service(gdf, year)]
