"""A column as colours and sizes, following ``GeoDataFrame.explore()``'s conventions.

``column=`` with text, boolean or categorical values (or ``categories=``) gives one colour per
category from a matplotlib colormap resampled to the number of categories (``tab20`` by
default), exactly as ``explore()`` does; numbers get a continuous 256-step ramp
(``viridis`` by default) or, with ``scheme=``, classes from :func:`mapclassify.classify`.
``size=`` scales point radii (by area: radius grows with the square root of the value) or
line widths. Missing values get a grey of their own and a legend row.

What was drawn is described by :class:`Symbology`, which the page encoders and the legend
both read, so the legend always shows the classes, categories and sizes on the map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError, MissingDependencyError

__all__ = ["MISSING_COLOUR", "Symbology", "symbolize"]

#: Colour of features whose ``column`` value is missing.
MISSING_COLOUR = "#bdbdbd"

_RAMP_STEPS = 256
_RADIUS_PX = (3.0, 16.0)
_WEIGHT_PX = (1.5, 9.0)


@dataclass(frozen=True)
class Symbology:
    """Colours and sizes per feature, and the legend that explains them.

    Attributes
    ----------
    colours : tuple of str or None
        A ``#rrggbb`` colour per feature, or ``None`` when no ``column`` was given.
    sizes : tuple of float or None
        A radius (points) or line width (lines) in pixels per feature, or ``None``.
    column, size_column : str or None
        The columns the colours and sizes come from.
    kind : {"categories", "classes", "ramp", None}
        How the colours were chosen.
    entries : tuple of (label, colour)
        Legend rows for categories and classes (and ``"missing"`` when values are missing).
    ramp : tuple of str
        Colours of a continuous ramp, low to high (for its legend bar).
    vmin, vmax : float or None
        The ramp's range.
    size_entries : tuple of (label, size)
        Reference sizes for the legend, largest first.
    bins : tuple of float
        Upper bounds of the classes of a ``scheme``.
    """

    colours: tuple[str, ...] | None = None
    sizes: tuple[float, ...] | None = None
    column: str | None = None
    size_column: str | None = None
    kind: str | None = None
    entries: tuple[tuple[str, str], ...] = ()
    ramp: tuple[str, ...] = ()
    vmin: float | None = None
    vmax: float | None = None
    size_entries: tuple[tuple[str, float], ...] = ()
    bins: tuple[float, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        """True when neither colours nor sizes were asked for."""
        return self.colours is None and self.sizes is None


def _hex(rgba: np.ndarray) -> list[str]:
    from matplotlib import colors

    return [colors.to_hex(c) for c in np.atleast_2d(rgba)]


def _colormap(cmap: Any, n: int) -> Any:
    """A matplotlib colormap resampled to `n` colours (named, a Colormap object)."""
    from matplotlib import colormaps
    from matplotlib.colors import Colormap

    if isinstance(cmap, Colormap):
        return cmap.resampled(n)
    if isinstance(cmap, str):
        if cmap not in colormaps:
            raise InvalidArgumentError(
                f"cmap={cmap!r} is not a matplotlib colormap; e.g. 'viridis', 'tab10', 'Blues'"
            )
        return colormaps[cmap].resampled(n)
    raise InvalidArgumentError(
        "cmap takes a matplotlib colormap name, a Colormap or a list of colours, "
        f"got {type(cmap).__name__}"
    )


def _colour_list(cmap: Sequence[object]) -> list[str]:
    from matplotlib import colors

    out = []
    for c in cmap:
        if not isinstance(c, str) or not colors.is_color_like(c):
            raise InvalidArgumentError(f"cmap lists {c!r}, which is not a colour")
        out.append(colors.to_hex(c))
    return out


def _is_categorical(values: pd.Series, categories: Sequence[object] | None) -> bool:
    return (
        categories is not None
        or isinstance(values.dtype, pd.CategoricalDtype)
        or pd.api.types.is_object_dtype(values)
        or pd.api.types.is_bool_dtype(values)
        or pd.api.types.is_string_dtype(values)
    )


def _categorical(
    values: pd.Series, cmap: Any, categories: Sequence[object] | None
) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    known = values.notna().to_numpy()
    if isinstance(values.dtype, pd.CategoricalDtype) and categories is not None:
        raise InvalidArgumentError("categories= cannot be given for a column of categorical dtype")
    shown = values[known]
    if categories is not None:  # values outside the given categories are drawn as missing
        shown = shown.where(shown.isin(list(categories)))
    cat = pd.Categorical(shown, categories=categories)
    n = max(len(cat.categories), 1)
    if isinstance(cmap, (Sequence, np.ndarray)) and not isinstance(cmap, str):
        palette = _colour_list(list(cmap))
        palette = (palette * (n // len(palette) + 1))[:n]
    else:
        palette = _hex(_colormap("tab20" if cmap is None else cmap, n)(range(n)))
    out = np.full(len(values), MISSING_COLOUR, dtype=object)
    codes = np.asarray(cat.codes)
    # Values outside given categories are grey and listed as missing in the legend (explore()
    # would paint them with the first colour, as if they were that category).
    colours = np.array([*palette, MISSING_COLOUR], dtype=object)  # code -1: the last, missing
    out[np.flatnonzero(known)] = colours[np.where(codes >= 0, codes, len(palette))]
    entries = tuple((str(c), palette[i]) for i, c in enumerate(cat.categories))
    return list(out), entries


def _numbers(values: pd.Series, what: str) -> np.ndarray:
    numbers = pd.to_numeric(values, errors="coerce")
    if (numbers.isna() & values.notna()).any():
        bad = values[numbers.isna() & values.notna()].iloc[0]
        raise InvalidArgumentError(
            f"{what} column {values.name!r} holds {bad!r}, which is not a number; "
            "pass categories= to colour by it as categories"
        )
    return numbers.to_numpy(dtype=float)


def _label(value: float) -> str:
    """A number for a legend: whole numbers as such, others to four significant digits."""
    if value == round(value):
        return f"{value:,.0f}"
    digits = max(0, 3 - int(np.floor(np.log10(abs(value)))))
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


def _scheme(
    y: np.ndarray, scheme: str, k: int, cmap: Any, kwds: dict[str, Any]
) -> tuple[np.ndarray, list[str], tuple[tuple[str, str], ...], tuple[float, ...]]:
    try:
        from mapclassify import classify
    except ImportError as exc:
        raise MissingDependencyError("mapclassify", "scheme=", "classify") from exc
    try:
        binning = classify(y, scheme, **{"k": k, **kwds})
    except Exception as exc:  # mapclassify raises several types for a bad scheme or k
        raise InvalidArgumentError(f"scheme={scheme!r} with k={k}: {exc}") from exc
    palette = _hex(_colormap("viridis" if cmap is None else cmap, binning.k)(range(binning.k)))
    bins = [float(b) for b in binning.bins]
    lows = [float(np.min(y)), *bins[:-1]]
    entries = tuple(
        (f"{_label(lo)} – {_label(hi)}", palette[i])
        for i, (lo, hi) in enumerate(zip(lows, bins, strict=True))
    )
    return np.asarray(binning.yb), palette, entries, tuple(bins)


def _colours(
    values: pd.Series,
    *,
    cmap: Any,
    scheme: str | None,
    k: int,
    categories: Sequence[object] | None,
    vmin: float | None,
    vmax: float | None,
    classification_kwds: dict[str, Any] | None,
) -> dict[str, Any]:
    if _is_categorical(values, categories):
        if scheme is not None:
            raise InvalidArgumentError(
                f"scheme= classifies numbers, but column {values.name!r} holds categories"
            )
        listed, entries = _categorical(values, cmap, categories)
        return {"colours": listed, "kind": "categories", "entries": entries}
    y = _numbers(values, "column")
    known = np.isfinite(y)
    colours = np.full(len(y), MISSING_COLOUR, dtype=object)
    if not known.any():
        raise InvalidArgumentError(f"column {values.name!r} has no values to colour by")
    if scheme is not None:
        yb, palette, entries, bins = _scheme(y[known], scheme, k, cmap, classification_kwds or {})
        colours[known] = [palette[i] for i in yb]
        return {"colours": list(colours), "kind": "classes", "entries": entries, "bins": bins}
    lo = float(np.min(y[known])) if vmin is None else float(vmin)
    hi = float(np.max(y[known])) if vmax is None else float(vmax)
    if not lo <= hi:
        raise InvalidArgumentError(f"vmin={lo} is above vmax={hi}")
    ramp = _hex(_colormap("viridis" if cmap is None else cmap, _RAMP_STEPS)(range(_RAMP_STEPS)))
    # The same steps as explore(): 256 bins between vmin and vmax, upper bounds inclusive.
    edges = np.linspace(lo, hi, _RAMP_STEPS + 1)[1:]
    idx = np.clip(np.searchsorted(edges, y[known], side="left"), 0, _RAMP_STEPS - 1)
    colours[known] = [ramp[i] for i in idx]
    return {"colours": list(colours), "kind": "ramp", "ramp": tuple(ramp), "vmin": lo, "vmax": hi}


def _sizes(values: pd.Series, lines: bool) -> tuple[list[float], tuple[tuple[str, float], ...]]:
    y = _numbers(values, "size")
    known = np.isfinite(y)
    if (y[known] < 0).any():
        raise InvalidArgumentError(
            f"size column {values.name!r} has negative values; sizes show amounts (0 or more)"
        )
    lo_px, hi_px = _WEIGHT_PX if lines else _RADIUS_PX
    top = float(np.max(y[known])) if known.any() else 0.0

    def px(v: np.ndarray) -> np.ndarray:
        if top <= 0:
            return np.full(len(v), lo_px)
        scaled = np.sqrt(v / top) if not lines else v / top
        return np.round(np.maximum(lo_px, scaled * hi_px), 1)

    sizes = np.full(len(y), lo_px)
    sizes[known] = px(y[known])
    refs = sorted({top, top / 4, top / 16} if top > 0 else {0.0}, reverse=True)
    entries = tuple((_label(r), float(px(np.array([r]))[0])) for r in refs)
    if not known.all():  # drawn at the smallest size, and the legend says so
        entries = (*entries, ("no value", float(lo_px)))
    return [float(s) for s in sizes], entries


def symbolize(
    data: pd.DataFrame,
    *,
    column: str | None = None,
    cmap: Any = None,
    scheme: str | None = None,
    k: int = 5,
    categories: Sequence[object] | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    classification_kwds: dict[str, Any] | None = None,
    size: str | None = None,
    lines: bool = False,
) -> Symbology:
    """Colours (by `column`) and sizes (by `size`) for every row of `data`.

    Parameters
    ----------
    data : DataFrame
        The layer's attributes.
    column : str, optional
        Colour by this column: categories for text, booleans and categoricals (or when
        `categories` is given), a ramp or `scheme` classes for numbers.
    cmap : str, matplotlib Colormap or list of colours, optional
        Defaults: ``"tab20"`` for categories, ``"viridis"`` for numbers (as ``explore()``).
    scheme : str, optional
        A :func:`mapclassify.classify` scheme (``"quantiles"``, ``"naturalbreaks"``, ...).
    k : int, default 5
        Number of classes of a `scheme`.
    categories : sequence, optional
        The categories, in legend order; values outside them count as missing.
    vmin, vmax : float, optional
        Range of a continuous ramp (default: the data's).
    classification_kwds : dict, optional
        More keywords for :func:`mapclassify.classify`.
    size : str, optional
        Numeric column scaling point radii (by area) or line widths.
    lines : bool, default False
        The layer is lines: `size` sets the width.

    Returns
    -------
    Symbology

    Raises
    ------
    InvalidArgumentError
        For an unknown column or colormap, text in a numeric column, or negative sizes.
    MissingDependencyError
        For `scheme` without mapclassify installed.
    """
    for what, name in (("column", column), ("size", size)):
        if name is not None and name not in data.columns:
            raise InvalidArgumentError(
                f"{what}={name!r} is not a column of the data; columns are {list(data.columns)}"
            )
    if column is None and any(v is not None for v in (cmap, scheme, categories)):
        raise InvalidArgumentError("cmap=, scheme= and categories= need column=")
    out: dict[str, Any] = {}
    if column is not None:
        out.update(
            _colours(
                data[column],
                cmap=cmap,
                scheme=scheme,
                k=k,
                categories=categories,
                vmin=vmin,
                vmax=vmax,
                classification_kwds=classification_kwds,
            )
        )
        if MISSING_COLOUR in out["colours"]:
            out["entries"] = (*out.get("entries", ()), ("missing", MISSING_COLOUR))
        out["colours"] = tuple(out["colours"])
        out["column"] = column
    if size is not None:
        sizes, size_entries = _sizes(data[size], lines)
        out.update(sizes=tuple(sizes), size_entries=size_entries, size_column=size)
    return Symbology(**out)
