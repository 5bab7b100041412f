"""GeoDataFrames to map layers on a folium map, and what each layer weighs (:func:`size_report`).

The encoding itself (GeoJSON or compact columns, styles, escaped popups) is :mod:`.encode`.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from ..errors import InvalidArgumentTypeError, LargeLayerWarning
from . import styles
from .elements import JsonData, Runtime, ScriptCall
from .encode import (
    COMPACT_THRESHOLD,
    EncodeOptions,
    LayerInfo,
    encode_layer,
    feature_collection,
    quantization_error_m,
)
from .i18n import PAGE_TEXT, dictionary, tr
from .packing import check_compress, pack, should_compress
from .popups import escape

__all__ = [
    "COMPACT_THRESHOLD",
    "LargeLayerWarning",
    "LayerInfo",
    "add_layer",
    "feature_collection",
    "map_layers",
    "quantization_error_m",
    "size_report",
]


log = logging.getLogger(__name__)


def map_layers(m: folium.Map) -> list[LayerInfo]:
    """Return the ftzgeo layers added to `m`, in drawing order."""
    return list(getattr(m, "_ftzgeo_layers", []))


def add_layer(
    m: folium.Map,
    gdf: gpd.GeoDataFrame,
    *,
    name: str | None = None,
    layer: str = "user",
    group: str | None = None,
    column: str | None = None,
    cmap: Any = None,
    scheme: str | None = None,
    k: int = 5,
    categories: Sequence[object] | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    classification_kwds: Mapping[str, Any] | None = None,
    size: str | None = None,
    cluster: bool | None = None,
    tooltip: str | bool | None = "auto",
    popup: bool = True,
    fields: Sequence[tuple[str, str]] | None = None,
    style: Mapping[str, object] | None = None,
    show: bool = True,
    timeline: bool = True,
    raw_html_columns: Iterable[str] = (),
    precision: int = 5,
    attribution: str | None = None,
    simplify_m: float | None = None,
    encoding: str = "auto",
    label: str | None = None,
    compress: bool | str = "auto",
) -> LayerInfo:
    """Add any GeoDataFrame to a map with ftzgeo's styling rules and escaping.

    Parameters
    ----------
    m : folium.Map
        Map to draw on (e.g. from :func:`connectivity_map`).
    gdf : GeoDataFrame
        Data in any CRS with a definition; reprojected (as a copy) to EPSG:4326.
    name : str, optional
        Name in the layer control and legend; defaults to the layer's title.
    layer : str, default "user"
        Which styling rules and popup fields apply: a shipped layer's name (so a user's own
        ``land_ports`` file is drawn like the shipped one) or ``"user"``.
    group : str, optional
        Group in the layer control.
    column : str, optional
        Colour features by this column, as ``GeoDataFrame.explore(column=...)``: one colour per
        category for text, booleans and categoricals, a continuous ramp for numbers, or classes
        with `scheme`. The legend shows the categories, classes or ramp.
    cmap : str, matplotlib Colormap or list of colours, optional
        Colours for `column`: ``"tab20"`` for categories and ``"viridis"`` for numbers by default.
    scheme : str, optional
        A mapclassify scheme for numbers (``"quantiles"``, ``"equalinterval"``,
        ``"naturalbreaks"``, ...); needs ``pip install "ftzgeo[classify]"``.
    k : int, default 5
        Number of classes of a `scheme`.
    categories : sequence, optional
        Categories in legend order (other values are drawn as missing).
    vmin, vmax : float, optional
        Range of a continuous ramp.
    classification_kwds : mapping, optional
        More keywords for :func:`mapclassify.classify`.
    size : str, optional
        Numeric column scaling point radii (by area) or line widths, with sizes in the legend.
    cluster : bool, optional
        Group nearby points into counted clusters (click one to zoom in, and at the last zoom
        to list its points); the page has a switch to show every point. By default point
        layers of more than :data:`~ftzgeo.maps.encode.CLUSTER_THRESHOLD` points are clustered.
    tooltip : str, bool or None, default "auto"
        Column shown on hover (and as the popup's heading); ``"auto"`` or True takes the first
        name-like column (``name_en``, ``name``, ... see :func:`~ftzgeo.maps.encode.name_column`);
        None or False shows none.
    popup : bool, default True
        Show a popup with the layer's fields, the geometry quality and the sources.
    fields : sequence of (column, label), optional
        Popup rows; by default the layer's standard fields, or every column of a user layer.
    style : mapping, optional
        Leaflet path options overriding the layer's style for every feature.
    show : bool, default True
        Visible when the map opens.
    timeline : bool, default True
        Let the year slider filter the layer by ``status`` and ``opened``.
    raw_html_columns : iterable of str
        Columns whose values are trusted HTML, inserted unescaped. Everything else is escaped.
    precision : int, default 5
        Decimal places kept in coordinates: 5 moves no point more than 0.8 m
        (:func:`quantization_error_m`).
    attribution : str, optional
        Credit shown in the map's attribution line while the layer is visible (escaped).
    simplify_m : float, optional
        Simplify lines and polygons with this tolerance in metres (in a local projection,
        topology preserved); the error actually made is measured and reported in
        ``LayerInfo.max_error_m``.
    encoding : {"auto", "geojson", "compact"}
        ``"compact"`` draws points (or lines) from quantized, delta-coded columns on a canvas,
        for large layers; ``"auto"`` switches to it above :data:`COMPACT_THRESHOLD` features
        and warns. Popups and tooltips of compact layers are escaped in the browser.
    label : str, optional
        Column shown as a permanent label next to each feature (text before the first comma,
        escaped). Labels never overlap: the page places them in the order layers were added
        and hides any that would touch one already placed until a zoom makes room; they never
        take a click.
    compress : {"auto", True, False}
        Send the layer's data gzip-compressed (base64 in the page), unpacked by the browser's
        ``DecompressionStream``: about half the bytes of a compact layer (1M points with three
        columns: 27.8 -> 15.1 B per point). ``"auto"`` compresses layers whose data exceeds
        :data:`~ftzgeo.maps.packing.COMPRESS_THRESHOLD` bytes. A browser without
        ``DecompressionStream`` (before Chrome/Edge 80, Firefox 113, Safari 16.4) shows a notice
        in place of such a layer; pass False for a page those browsers draw whole.

    Returns
    -------
    LayerInfo
        What was added (name, feature count, statuses, ...).
    """
    if not isinstance(m, folium.Map):
        raise InvalidArgumentTypeError(
            f"add_layer draws on a folium map (e.g. fz.maps.connectivity_map()), got {type(m).__name__}"
        )
    check_compress(compress)
    options = EncodeOptions(
        layer=layer,
        tooltip=tooltip,
        popup=popup,
        fields=fields,
        style=style if style is not None else {},
        raw_html_columns=tuple(raw_html_columns)
        if not isinstance(raw_html_columns, str)
        else (raw_html_columns,),
        precision=precision,
        simplify_m=simplify_m,
        encoding=encoding,
        label=label,
        paint=dict(
            column=column,
            cmap=cmap,
            scheme=scheme,
            k=k,
            categories=categories,
            vmin=vmin,
            vmax=vmax,
            classification_kwds=dict(classification_kwds or {}),
            size=size,
        ),
        cluster=cluster,
        datum=getattr(m, "_ftzgeo_datum", None),  # GCJ-02 on Chinese tiles (compose sets it)
        lang=getattr(m, "_ftzgeo_lang", "en"),
    )
    text, info = encode_layer(gdf, options)
    if info.encoding == "compact" and encoding == "auto":
        _warn_compact(name or layer, info)  # the size of its JSON, before any packing
    data, info = _as_sent(text, info, compress)
    opts = {**_control_names(layer, name, group, options.lang), "key": layer}
    info = replace(info, name=opts["name"], group=opts["group"])
    opts.update(show=show, timeline=timeline)
    opts["cluster"] = info.cluster
    if attribution:
        opts["attribution"] = escape(attribution)
    if layer == "countries":
        opts["back"] = True
    _register(m, opts, data, info)
    log.debug("added layer %s with %d features", info.name, info.count)
    return info


def _as_sent(text: str, info: LayerInfo, compress: bool | str) -> tuple[JsonData, LayerInfo]:
    """The layer's data as the page holds it (packed if `compress` says so), and its info."""
    raw = text.encode("utf-8")  # measured and packed from one encoding (28 MB at 1M points)
    if not should_compress(compress, len(raw)):
        return JsonData(text), info
    packed = pack(raw)
    return JsonData(packed, packed=True), replace(info, bytes=len(packed), compressed=True)


def _control_names(layer: str, name: str | None, group: str | None, lang: str) -> dict:
    """A layer's name and group in the control, in `lang`.

    A user's own name or group is shown as given; a shipped layer's carries its English key
    (``nameKey``, ``groupKey``) so the page's language switch can turn it.
    """
    title_en = styles.LAYER_TITLES.get(layer, layer)
    group_en = styles.LAYER_GROUPS.get(layer, "Your data")
    return {
        "name": name or tr(title_en, lang),
        "group": group or tr(group_en, lang),
        "nameKey": None if name else title_en,
        "groupKey": None if group else group_en,
    }


def _warn_compact(name: str, info: LayerInfo) -> None:
    warnings.warn(
        f"layer {name!r} has {info.count:,} features ({info.bytes:,} bytes compact): drawn on a "
        "canvas from a compact encoding (pass encoding='geojson' to keep per-feature SVG elements)",
        LargeLayerWarning,
        stacklevel=3,
    )


def _register(m: folium.Map, opts: dict[str, object], data: JsonData, info: LayerInfo) -> None:
    """Add the runtime (once) and the layer's script to the map, and record the layer."""
    registry: list[LayerInfo] = getattr(m, "_ftzgeo_layers", [])
    if "ftzgeo_runtime" not in m._children:
        m.add_child(Runtime(), name="ftzgeo_runtime")
        words = {
            "lang": getattr(m, "_ftzgeo_lang", "en"),
            "text": {k: dict(v) for k, v in PAGE_TEXT.items()},
            "dict": dict(dictionary()),
        }
        m.add_child(ScriptCall("setText", [words], "ftzgeo_text"), name="ftzgeo_text")
    element_name = f"ftzgeo_layer_{len(registry)}"
    m.add_child(ScriptCall("addLayer", [opts, data], element_name), name=element_name)
    registry.append(info)
    setattr(m, "_ftzgeo_layers", registry)  # noqa: B010 - folium.Map has no such slot


def size_report(m: folium.Map) -> pd.DataFrame:
    """Bytes of each ftzgeo layer embedded in a map, with its encoding and coordinate error.

    Returns
    -------
    pandas.DataFrame
        Indexed by layer name: ``features``, ``encoding``, ``compressed`` (gzip, see
        ``add_layer(compress=)``), ``bytes`` (as held in the page), ``bytes_per_feature``,
        ``precision`` (decimals) and ``max_error_m`` (quantization plus simplification bound).
    """
    rows = [
        {
            "layer": i.name,
            "features": i.count,
            "encoding": i.encoding,
            "compressed": i.compressed,
            "bytes": i.bytes,
            "bytes_per_feature": round(i.bytes / i.count, 1) if i.count else 0.0,
            "precision": i.precision,
            "max_error_m": round(i.max_error_m, 2),
        }
        for i in map_layers(m)
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "layer",
            "features",
            "encoding",
            "compressed",
            "bytes",
            "bytes_per_feature",
            "precision",
            "max_error_m",
        ],
    ).set_index("layer")
