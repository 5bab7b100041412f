"""Argument checks shared by every public function: one rule, one message style.

Each check returns the cleaned value or raises :class:`~ftzgeo.errors.InvalidArgumentError`
(a ``ValueError``) or :class:`~ftzgeo.errors.InvalidArgumentTypeError` (a ``TypeError``) that
names the argument, shows the value received and says what is accepted.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence

from .errors import InvalidArgumentError, InvalidArgumentTypeError

__all__ = [
    "check_choices",
    "check_int",
    "check_number",
    "check_numbers",
    "check_year",
    "show_value",
]


def show_value(value: object) -> str:
    """A value as a user wrote it (``40.59``, not ``np.float64(40.59)``)."""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        try:
            return repr(value.item())  # type: ignore[attr-defined]
        except AttributeError:
            return repr(value)
    return repr(value)


def check_number(
    name: str,
    value: object,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    above: float | None = None,
) -> float:
    """Return `value` as a finite float within the bounds, or raise.

    Parameters
    ----------
    name : str
        Argument name, for the message.
    value : object
        What the caller passed.
    minimum, maximum : float, optional
        Inclusive bounds.
    above : float, optional
        Exclusive lower bound (e.g. ``above=0`` for a speed).

    Returns
    -------
    float
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidArgumentTypeError(f"{name} must be a number, got {show_value(value)}")
    try:
        out = float(value)
    except OverflowError:
        out = math.inf
    if not math.isfinite(out):
        raise InvalidArgumentError(f"{name} must be a finite number, got {show_value(value)}")
    if above is not None and not out > above:
        raise InvalidArgumentError(
            f"{name} must be greater than {above:g}, got {show_value(value)}"
        )
    if minimum is not None and out < minimum:
        raise InvalidArgumentError(f"{name} must be at least {minimum:g}, got {show_value(value)}")
    if maximum is not None and out > maximum:
        raise InvalidArgumentError(f"{name} must be at most {maximum:g}, got {show_value(value)}")
    return out


def check_int(
    name: str, value: object, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return `value` as an int within the inclusive bounds, or raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgumentTypeError(f"{name} must be a whole number, got {show_value(value)}")
    out = int(value)
    if minimum is not None and out < minimum:
        raise InvalidArgumentError(f"{name} must be at least {minimum}, got {out}")
    if maximum is not None and out > maximum:
        raise InvalidArgumentError(f"{name} must be at most {maximum}, got {out}")
    return out


def check_year(name: str, value: object) -> int | None:
    """Return a year (1800–2100) or None; a string such as ``"2011"`` is refused."""
    if value is None:
        return None
    return check_int(name, value, minimum=1800, maximum=2100)


def check_numbers(
    name: str,
    values: Mapping[str, object] | None,
    *,
    minimum: float | None = None,
    above: float | None = None,
) -> dict[str, float]:
    """Check every value of a mapping (e.g. speeds by mode) with :func:`check_number`."""
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise InvalidArgumentTypeError(
            f"{name} must be a mapping such as {{'road': 40.0}}, got {show_value(values)}"
        )
    return {
        str(k): check_number(f"{name}[{k!r}]", v, minimum=minimum, above=above)
        for k, v in values.items()
    }


def check_choices(
    name: str, values: Iterable[object] | str, allowed: Sequence[str], *, empty: bool = False
) -> tuple[str, ...]:
    """Return `values` as a tuple after checking each is one of `allowed`.

    A single string counts as one value (``"rail"``, not its letters).
    """
    if isinstance(values, str):
        items: tuple = (values,)
    elif isinstance(values, Iterable):
        items = tuple(values)
    else:
        raise InvalidArgumentTypeError(
            f"{name} takes one or more of {', '.join(map(repr, allowed))}, got {show_value(values)}"
        )
    bad = [v for v in items if v not in allowed]
    if bad:
        raise InvalidArgumentError(
            f"{name} takes {', '.join(map(repr, allowed))}; got {', '.join(map(show_value, bad))}"
        )
    if not items and not empty:
        raise InvalidArgumentError(f"{name} must name at least one of {', '.join(allowed)}")
    return items
