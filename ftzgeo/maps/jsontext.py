"""JSON text of the data that goes into a page, numpy arrays written as they are.

Large layers carry millions of numbers. :func:`dumps` writes numpy arrays and scalars straight
to JSON with ``orjson`` (no Python object per value), compact and UTF-8, with non-finite floats
as ``null``; anything ``orjson`` refuses (an integer beyond 64 bits, a non-contiguous array)
falls back to the standard library, which writes the same values.
"""

from __future__ import annotations

import json
import math

import numpy as np
import orjson

__all__ = ["dumps"]

_OPTIONS = orjson.OPT_SERIALIZE_NUMPY


def _plain(value: object) -> object:
    """`value` as the standard library's encoder takes it (numpy arrays and scalars unwrapped)."""
    if isinstance(value, np.ndarray):
        return [_finite(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return _finite(value.item())
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _finite(value: object) -> object:
    """None for a non-finite float (as ``orjson`` writes it: ``null``), else `value`."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def dumps(value: object) -> str:
    """`value` as compact JSON text, not ASCII-escaped.

    Parameters
    ----------
    value : object
        JSON-able Python values, numpy arrays (numbers and booleans) and numpy scalars.
        Non-finite floats in arrays are written ``null``.

    Returns
    -------
    str
        The JSON text; the same `value` always gives the same text.
    """
    try:
        return orjson.dumps(value, option=_OPTIONS).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(
            value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_plain
        )
