"""Page elements whose text never becomes Jinja template source.

folium/branca compile every rendered script as a new Jinja template. Text from data must not
take that path: ``{% raw %}`` in a feature's name would break saving, and compiling megabytes
of data is slow. :class:`Verbatim` is an element that renders its text as is; the elements
below put their output into the page through it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from branca.element import Element, Figure, MacroElement

from .styles import symbol_table

__all__ = [
    "JsonData",
    "Runtime",
    "ScriptCall",
    "Verbatim",
    "js_literal",
    "json_block",
    "runtime_assets",
]


class Verbatim(Element):
    """An element that renders exactly its text, bypassing Jinja."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: object) -> str:  # noqa: D102 - branca API
        return self._text


def js_literal(value: object) -> str:
    """Encode `value` as a JavaScript literal that is safe inside an HTML ``<script>``.

    JSON with ``</``, ``<!--`` and the two JavaScript line separators escaped, so data can
    neither end the script element nor break the literal.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("</", "<\\/")
        .replace("<!--", "<\\!--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@lru_cache(maxsize=1)
def runtime_assets() -> tuple[str, str]:
    """Return ftzgeo's own map script and stylesheet (shipped with the package)."""
    static = resources.files("ftzgeo.maps") / "static"
    return (static / "ftzgeo.js").read_text(encoding="utf-8"), (static / "ftzgeo.css").read_text(
        encoding="utf-8"
    )


class Runtime(MacroElement):
    """ftzgeo's map script and styles, inlined once into the page header."""

    def __init__(self) -> None:
        super().__init__()
        self._name = "ftzgeo_runtime"

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # noqa: D102 - branca API
        figure = self.get_root()
        if isinstance(figure, Figure):
            js, css = runtime_assets()
            symbols = f"window.ftzgeo.symbols = {js_literal(symbol_table())};"
            figure.header.add_child(
                Verbatim(f"<style>{css}</style>\n<script>{js}\n{symbols}</script>"),
                name="ftzgeo_runtime",
            )


class ScriptCall(MacroElement):
    """A call into the ftzgeo runtime, rendered verbatim into the page's script block.

    Parameters
    ----------
    function : str
        Runtime function, e.g. ``"addLayer"``.
    args : list
        Arguments after the map, encoded with :func:`js_literal`; an argument given as
        :class:`RawJS` is inserted as is (only for code ftzgeo writes, never for data).
    name : str
        Element name (stable, so output is reproducible).
    """

    def __init__(self, function: str, args: list[object], name: str) -> None:
        super().__init__()
        self._function = function
        self._args = args
        self._name = name

    def get_name(self) -> str:  # noqa: D102 - branca API
        return self._name

    def render(self, **kwargs: object) -> None:  # type: ignore[override]  # noqa: D102 - branca API
        figure = self.get_root()
        parent = self._parent
        if parent is None:
            return
        map_name = parent.get_name()
        parts = [map_name]
        for k, arg in enumerate(self._args):
            if isinstance(arg, JsonData) and isinstance(figure, Figure):
                # The data in a block of its own before the page's script, read by id.
                block_id = f"{map_name}_{self._name}_{k}"
                # Keyed by this call, not by the map's id: a second render (after the ids
                # changed) replaces the block instead of leaving the first one in the page.
                figure.html.add_child(
                    Verbatim(json_block(arg, block_id)), name=f"ftzgeo_data_{id(self)}_{k}"
                )
                parts.append(f"ftzgeo.data({js_literal(block_id)})")
            else:
                parts.append(_encode(arg))
        # Through ftzgeo.run: in order, once any packed data of the page is unpacked.
        call = f"ftzgeo.run(function () {{ ftzgeo.{self._function}({', '.join(parts)}); }});"
        if isinstance(figure, Figure):
            figure.script.add_child(Verbatim(call), name=self._name)


def _encode(arg: object) -> str:
    if isinstance(arg, RawJS):
        return arg.code
    if isinstance(arg, ElementNames):
        return (
            "{" + ",".join(f"{js_literal(label)}:{el.get_name()}" for label, el in arg.items) + "}"
        )
    return js_literal(arg)


class ElementNames:
    """An object literal ``{label: <JS variable of element>}``, resolved when the page renders.

    Element names can change until then (e.g. :func:`ftzgeo.export.map_html` makes them
    stable), so they are looked up at render time, never stored as text.
    """

    def __init__(self, items: Sequence[tuple[str, Element]]) -> None:
        self.items = items


class RawJS:
    """JavaScript written by ftzgeo itself (never data), passed through unencoded."""

    def __init__(self, code: str) -> None:
        self.code = code


class JsonData:
    """A JSON text passed to the runtime: how data is embedded in the page.

    :class:`ScriptCall` puts it in a data block of its own (see :func:`json_block`) and passes
    ``ftzgeo.data(id)``, which parses it: the text is never script source, and needs no escaping
    of quotes and backslashes as a string literal would. ``packed`` texts are gzip + base64
    (:func:`ftzgeo.maps.packing.pack`), unpacked by the page before its calls run.
    """

    def __init__(self, text: str, *, packed: bool = False) -> None:
        self.text = text
        self.packed = packed


#: A ``<`` that could end a script element or change how its text is read.
_UNSAFE_LT = re.compile(r"<(?=[/!]|script)", re.IGNORECASE)


def json_block(data: JsonData, block_id: str) -> str:
    r"""The data block holding `data`: a ``<script>`` element the browser never runs.

    JSON goes in ``type="application/json"``. Where a ``<`` starts ``</``, ``<!`` or ``<script``
    (any case) it is written ``\u003c``: such a ``<`` occurs only inside JSON strings, where that
    escape means the same character, so no text from data can end the element, open a comment or
    change how the browser reads the rest of it; other ``<`` (a popup's ``<td>``) stay as they are.
    Packed data (base64, which has no ``<``) goes in ``type="application/octet-stream"`` marked
    ``data-ftz="gzip-base64"``.
    """
    if data.packed:
        return (
            f'<script type="application/octet-stream" data-ftz="gzip-base64" id="{block_id}">'
            f"{data.text}</script>"
        )
    body = _UNSAFE_LT.sub(r"\\u003c", data.text)
    return f'<script type="application/json" id="{block_id}">{body}</script>'
