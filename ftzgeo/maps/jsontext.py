"""JSON text of the data that goes into a page, numpy arrays written as they are.

Large layers carry millions of numbers. :func:`dumps` writes numpy arrays and scalars straight
to JSON with ``orjson`` (no Python object per value), compact and UTF-8, with non-finite floats
as ``null``. What ``orjson`` refuses (an integer beyond 64 bits, a non-contiguous array) goes
through the standard library instead, which writes the same values; what neither takes (Python
dates, dataclasses, other objects) raises ``TypeError``, as ``json.dumps`` does.
"""

from __future__ import annotations

import json
import math

import numpy as np
import orjson

__all__ = ["dumps"]

#: numpy arrays and scalars written whole; dates and dataclasses refused, as json.dumps does.
_OPTIONS = (
    orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


def _finite(value: object) -> object:
    """`value` with every non-finite float, at any depth, as None (``orjson`` writes ``null``)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def _plain(value: object) -> object:
    """A numpy array or scalar as the standard library's encoder takes it, as orjson writes it.

    Floats narrower than 64 bits are read as their shortest text (``float32(0.1)`` is 0.1, as
    ``orjson`` writes it, not 0.10000000149011612).
    """
    if isinstance(value, np.ndarray):
        array = value
        if array.dtype.kind == "f" and array.dtype.itemsize < 8:  # as orjson: float32 text
            array = array.astype(np.float32)
            array = np.array([float(str(v)) for v in array.ravel()]).reshape(array.shape)
        return _finite(array.tolist())
    if isinstance(value, np.floating) and value.dtype.itemsize < 8:
        return _finite(float(str(np.float32(value))))
    if isinstance(value, np.generic):
        return _finite(value.item())
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(value: object) -> str:
    """`value` as compact JSON text, not ASCII-escaped.

    Parameters
    ----------
    value : object
        JSON-able Python values, numpy arrays (numbers and booleans) and numpy scalars.
        Non-finite floats, in arrays or not, are written ``null``.

    Returns
    -------
    str
        The JSON text; the same `value` always gives the same text.

    Raises
    ------
    TypeError
        For a value JSON has no form for (a Python date, a dataclass, any other object).
    """
    try:
        return orjson.dumps(value, option=_OPTIONS).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(
            _finite(value),
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
            default=_plain,
        )
