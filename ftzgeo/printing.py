"""Print tables and text from data to a terminal or a CSV safely.

Control characters are shown as escape codes (they never reach the terminal), and CSV cells a
spreadsheet would run as formulas are quoted as text.
"""

from __future__ import annotations

import re
import sys

import pandas as pd

__all__ = ["clean_text", "print_frame"]

# C0/C1 control characters (terminal escapes) that text from data must not send to a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A CSV cell that a spreadsheet would run as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str) -> str:
    """Show control characters from data as visible escape codes instead of sending them."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _clean_cell(value: object, csv: bool) -> object:
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if csv and value.startswith(_FORMULA):
        return "'" + value  # shown as text by spreadsheets, never evaluated
    return value


def _clean_frame(frame: pd.DataFrame, csv: bool) -> pd.DataFrame:
    out = frame.copy()
    text = pd.api.types.is_string_dtype
    for column in out.columns:
        if text(out[column].dtype):
            out[column] = out[column].map(lambda v: _clean_cell(v, csv)).astype(object)
    if text(out.index.dtype):
        out.index = out.index.map(lambda v: _clean_cell(v, csv))
    return out


def print_frame(frame: pd.DataFrame, fmt: str) -> None:
    """Print `frame` as an aligned table (``fmt="table"``) or as CSV, cleaned."""
    frame = _clean_frame(frame, fmt == "csv")
    if fmt == "csv":
        sys.stdout.write(frame.to_csv())
    else:
        with pd.option_context(
            "display.max_rows", 500, "display.max_columns", 50, "display.width", 200
        ):
            print(frame.to_string())
