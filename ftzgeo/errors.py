"""Public exceptions of ftzgeo.

Every exception the library raises on purpose derives from :class:`FtzgeoError`, and also
from the built-in exception a caller would naturally catch (``ValueError``, ``KeyError``,
``ImportError``, ``OSError``), so ``except ValueError`` keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "AssetError",
    "DataFileError",
    "FileAccessError",
    "FileMissingError",
    "FtzgeoError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "LargeLayerWarning",
    "MissingDependencyError",
    "NoRouteError",
    "Problem",
    "SuspectCoordinatesWarning",
    "UnknownLayerError",
    "UnknownPlaceError",
    "ValidationError",
]


class FtzgeoError(Exception):
    """Base class of every error raised by ftzgeo."""


@dataclass(frozen=True)
class Problem:
    """One problem found while validating data.

    Parameters
    ----------
    where : str
        Which feature or column is affected, e.g. ``"row 3 (id='alashankou')"``.
    what : str
        What is wrong.
    fix : str
        How to fix it.
    """

    where: str
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what} -> {self.fix}"


class ValidationError(FtzgeoError, ValueError):
    """Data does not match a layer's schema.

    The message lists every problem found, each with where it is and how to fix it; the
    problems are also available as :attr:`problems`.
    """

    max_listed = 50

    def __init__(self, subject: str, problems: Sequence[Problem]) -> None:
        self.subject = subject
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = [f"{subject}: {len(self.problems)} problem(s) found"]
        lines += [f"  - {p}" for p in self.problems[: self.max_listed]]
        if len(self.problems) > self.max_listed:
            lines.append(f"  ... and {len(self.problems) - self.max_listed} more (see .problems)")
        super().__init__("\n".join(lines))


class UnknownLayerError(FtzgeoError, KeyError):
    """A layer name that is not in the catalog."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(name)

    def __str__(self) -> str:
        import difflib

        close = difflib.get_close_matches(self.name, self.known, n=3)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        return (
            f"unknown layer {self.name!r}.{hint} Known layers: {', '.join(self.known)} "
            "(list them with ftzgeo.layers())."
        )


class InvalidArgumentError(FtzgeoError, ValueError):
    """An argument with a value ftzgeo cannot use; the message says which and what it takes."""


class InvalidArgumentTypeError(FtzgeoError, TypeError):
    """An argument of a type ftzgeo cannot use; the message says which and what it takes."""


class MissingDependencyError(FtzgeoError, ImportError):
    """An optional dependency is needed for this call but is not installed."""

    def __init__(
        self, package: str, feature: str, extra: str | None = None, how: str | None = None
    ) -> None:
        how = how or (f'pip install "ftzgeo[{extra}]"' if extra else f"pip install {package}")
        super().__init__(f"{feature} needs the package {package!r}, which is not installed: {how}")
        self.package = package


class UnknownPlaceError(FtzgeoError, KeyError):
    """A place name or id that is not in the network; the message lists the closest ones."""

    def __str__(self) -> str:
        return str(self.args[0])


class NoRouteError(FtzgeoError, ValueError):
    """Two places that the network does not connect; the message says what it does reach."""


class AssetError(FtzgeoError, FileNotFoundError):
    """A web asset a self-contained map needs is not in the local cache (or is corrupt)."""


class LargeLayerWarning(UserWarning):
    """A layer is large enough that ftzgeo draws it differently (compact encoding, canvas)."""


class DataFileError(FtzgeoError, OSError):
    """A file could not be read or written as a geodata file."""


class FileAccessError(DataFileError, PermissionError):
    """A file or folder that ftzgeo may not read or write (permissions, read-only disk)."""


class FileMissingError(DataFileError, FileNotFoundError):
    """A file or folder that does not exist."""


class SuspectCoordinatesWarning(UserWarning):
    """Coordinates that are valid but look wrong (e.g. latitude and longitude swapped)."""
