"""Atomic file writes: a file appears whole, with the mode any normal file gets, or not at all.

Every writer in ftzgeo (layers, maps, figures, cached assets) goes through
:func:`write_atomic`:

* the data is written into a hidden temporary folder next to the target
  (``.NAME.XXXX.tmp/NAME``), so a writer that produces sidecar files (a shapefile's ``.shx``,
  ``.dbf``, ``.prj``) keeps them together, and a write killed half-way leaves nothing a
  ``*.geojson`` or ``*.html`` glob would pick up;
* the files are flushed to disk (``fsync``), then moved into place with :func:`os.replace`
  (same folder, so never across file systems), then the folder entry is flushed too;
* a new file gets the mode the user's umask gives any new file (``0644`` under umask 022); an
  overwritten file keeps its mode;
* on any failure, Ctrl-C included, the temporary folder is removed and the target is untouched;
  operating-system errors become :class:`~ftzgeo.errors.DataFileError` subclasses that say what
  failed and how to fix it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import DataFileError, FileAccessError, FileMissingError

__all__ = ["file_error", "write_atomic", "write_bytes", "write_text"]


def file_error(exc: OSError, path: Path, action: str = "write") -> DataFileError:
    """Turn an operating-system error about `path` into a ftzgeo error with a fix.

    Parameters
    ----------
    exc : OSError
        The error raised by the operating system or a library.
    path : pathlib.Path
        The file concerned.
    action : str
        What was being done (``"write"``, ``"read"``).

    Returns
    -------
    DataFileError
        :class:`~ftzgeo.errors.FileAccessError` (also a :class:`PermissionError`) for a
        permission problem, :class:`~ftzgeo.errors.FileMissingError` (also a
        :class:`FileNotFoundError`) for a missing file or folder, else
        :class:`~ftzgeo.errors.DataFileError`.
    """
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return FileAccessError(
            f"cannot {action} {path}: {reason}. Choose a folder you may {action} in, or change "
            "its permissions."
        )
    if isinstance(exc, FileNotFoundError):
        return FileMissingError(f"cannot {action} {path}: no such file or folder ({reason}).")
    if exc.errno == errno.ENOSPC:
        return DataFileError(f"cannot {action} {path}: the disk is full. Free some space.")
    if isinstance(exc, IsADirectoryError):
        return DataFileError(f"cannot {action} {path}: it is a folder. Give a file name.")
    return DataFileError(f"cannot {action} {path}: {reason}")


def _fsync(path: Path, *, directory: bool = False) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:  # pragma: no cover - e.g. folders cannot be opened on Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems do not sync folders
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], writer: Callable[[Path], object]) -> Path:
    """Write `path` atomically by calling ``writer(temporary_path)``.

    Parameters
    ----------
    path : str or path-like
        The destination; ``~`` is expanded and missing parent folders are created.
    writer : callable
        Called with a temporary path that has the destination's name (and so its suffix); it
        writes the file there, plus any sidecar files next to it.

    Returns
    -------
    pathlib.Path
        The destination written.

    Raises
    ------
    DataFileError
        If the folder cannot be created or written, or the writer fails with an
        :class:`OSError`; other errors from the writer propagate unchanged. Either way
        nothing is left behind.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise DataFileError(f"cannot write {path}: it is a folder. Give a file name.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    except OSError as exc:
        raise file_error(exc, path) from exc
    try:
        writer(tmp_dir / path.name)
        produced = sorted(p for p in tmp_dir.iterdir() if p.is_file())
        if not produced:
            raise DataFileError(f"cannot write {path}: the writer produced no file")
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        for part in produced:
            if mode is not None and part.name == path.name:
                part.chmod(mode)
            _fsync(part)
        for part in produced:
            os.replace(part, path.parent / part.name)
        _fsync(path.parent, directory=True)
    except DataFileError:
        raise
    except OSError as exc:
        raise file_error(exc, path) from exc
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp_dir)
    return path


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` atomically (see :func:`write_atomic`)."""
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write `text` to `path` atomically as UTF-8 (line ends as given)."""
    return write_bytes(path, text.encode("utf-8"))
