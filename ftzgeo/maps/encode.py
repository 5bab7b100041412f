"""Encode a GeoDataFrame as the text ftzgeo's page draws: GeoJSON or the compact columns.

Coordinates are quantized (and optionally simplified, with the error measured), styles checked,
tooltips and popups escaped in Python. The compact encoding's format is described in
``docs/architecture.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..checks import check_int, check_number
from ..errors import InvalidArgumentError, InvalidArgumentTypeError
from ..gcj02 import shift_geometries
from ..kinds import kind_and_multipart_of_ids, type_names_of_ids
from . import styles
from .classify import Symbology, symbolize
from .compact import encode_compact, names
from .geojson import encode_geojson, row_style
from .labels import label_rank, short_label
from .popups import DEFAULT_FIELDS
from .prepare import prepare, quantization_error_m

__all__ = [
    "CLUSTER_THRESHOLD",
    "COMPACT_THRESHOLD",
    "COMPACT_VERTEX_THRESHOLD",
    "EncodeOptions",
    "LayerInfo",
    "encode_layer",
    "feature_collection",
    "name_column",
    "quantization_error_m",
]

log = logging.getLogger(__name__)


_HIDDEN = {
    "_ind",
    "geometry",
    "source",
    "geometry_quality",
    "accuracy_m",
    "notes",
    "status",
    "name_en",
    "name_zh",
}


@dataclass(frozen=True)
class LayerInfo:
    """What ftzgeo drew on a map: used by the legend and by tests."""

    key: str
    name: str
    group: str
    count: int
    geometry_types: tuple[str, ...]
    statuses: tuple[str, ...]
    capacities: tuple[float, ...]
    products: tuple[str, ...]
    modes: tuple[str, ...]
    encoding: str = "geojson"
    bytes: int = 0
    compressed: bool = False
    precision: int = 5
    max_error_m: float = 0.0
    style: Mapping[str, object] = field(default_factory=dict)
    symbology: Symbology | None = None
    cluster: bool = False


_NAME_COLUMNS = ("name_en", "name", "title", "label")


def name_column(data: pd.DataFrame) -> str | None:
    """Return the column that names each feature, or None.

    ``name_en``, ``name``, ``title`` or ``label`` (any case), else the first column with "name"
    in its name, else the first with 名, else ``id``.

    Examples
    --------
    >>> import pandas as pd
    >>> name_column(pd.DataFrame(columns=["sector", "名称", "Factory name"]))
    'Factory name'
    """
    columns = [
        c
        for c in data.columns
        if isinstance(c, str) and c != getattr(data, "_geometry_column_name", None)
    ]
    lowered = {c.lower(): c for c in columns}
    for wanted in _NAME_COLUMNS:
        if wanted in lowered:
            return lowered[wanted]
    for hit in ([c for c in columns if "name" in c.lower()], [c for c in columns if "名" in c]):
        if hit:
            return hit[0]
    return "id" if "id" in columns else None


#: Layers with more features (or vertices) than this are drawn from the compact encoding.
COMPACT_THRESHOLD = 2000


COMPACT_VERTEX_THRESHOLD = 100_000


@dataclass(frozen=True)
class EncodeOptions:
    """How a layer is encoded for the page: one object from :func:`add_layer` to the encoders.

    See :func:`ftzgeo.maps.add_layer` for what each option means.
    """

    layer: str = "user"
    tooltip: str | bool | None = "auto"
    popup: bool = True
    fields: Sequence[tuple[str, str]] | None = None
    style: Mapping[str, object] = field(default_factory=dict)
    raw_html_columns: tuple[str, ...] = ()
    precision: int = 5
    simplify_m: float | None = None
    encoding: str = "auto"
    label: str | None = None
    paint: Mapping[str, Any] = field(default_factory=dict)
    cluster: bool | None = None
    datum: str | None = None
    lang: str = "en"

    def checked(self, gdf: gpd.GeoDataFrame) -> EncodeOptions:
        """Check the options against the data; return them with the style checked.

        Raises
        ------
        InvalidArgumentError, InvalidArgumentTypeError
            Saying which option is wrong and what it takes.
        """
        if not isinstance(gdf, gpd.GeoDataFrame):
            raise InvalidArgumentTypeError(
                f"add_layer takes a GeoDataFrame, got {type(gdf).__name__}"
            )
        if self.encoding not in ("auto", "geojson", "compact"):
            raise InvalidArgumentError(
                f"encoding must be 'auto', 'geojson' or 'compact', got {self.encoding!r}"
            )
        check_int("precision", self.precision, minimum=0, maximum=10)
        if self.simplify_m is not None:
            check_number("simplify_m", self.simplify_m, minimum=0.0)
        columns = [c for c in gdf.columns if c != gdf.geometry.name]
        tip: object = self.tooltip
        if tip is not None and not isinstance(tip, (str, bool)):
            raise InvalidArgumentTypeError(
                f"tooltip takes one column name, 'auto', True or False, got {tip!r}; "
                "the popup shows more columns (fields=[(column, label), ...])"
            )
        tooltip = name_column(gdf) if tip in ("auto", True) else (tip or None)
        for what, column in (("tooltip", tooltip), ("label", self.label)):
            if column is not None and column not in gdf.columns:
                raise InvalidArgumentError(
                    f"{what}={column!r} is not a column of the data; columns are {columns}"
                )
        if self.cluster is not None and not isinstance(self.cluster, bool):
            raise InvalidArgumentTypeError(
                f"cluster takes True, False or None, got {self.cluster!r}"
            )
        raw = self.raw_html_columns
        raw = (raw,) if isinstance(raw, str) else tuple(raw)  # one name is a column, not letters
        unknown = [c for c in raw if c not in gdf.columns]
        if unknown:
            raise InvalidArgumentError(
                f"raw_html_columns names columns the data does not have: {unknown}; "
                f"columns are {columns}"
            )
        return replace(
            self, tooltip=tooltip, style=styles.check_style(self.style), raw_html_columns=raw
        )

    def popup_fields(self, data: gpd.GeoDataFrame) -> list[tuple[str, str]]:
        """Popup rows: the given ones, the layer's standard ones, or every visible column."""
        if self.fields is not None:
            return list(self.fields)
        standard = DEFAULT_FIELDS.get(self.layer)
        if standard is not None:  # English labels: the popup and the page translate them
            return list(standard)
        return [(c, c) for c in data.columns if c not in _HIDDEN and c != data.geometry.name]


def _compact_kind(type_ids: np.ndarray) -> tuple[str | None, str | None]:
    """The compact kind (``points``, ``lines``, ``polygons`` or None) and the one kind of geometry.

    The compact encoding holds only points, only single lines or only polygons; `type_ids` are
    the geometries' shapely type ids (:attr:`~.prepare.Prepared.type_ids`).
    """
    shape, multipart = kind_and_multipart_of_ids(type_ids)
    if shape == "polygon":
        return "polygons", shape
    if shape in ("point", "line") and not multipart:
        return f"{shape}s", shape
    return None, shape


def _use_compact(opts: EncodeOptions, geoms: np.ndarray, kind: str | None) -> bool:
    big = (
        len(geoms) > COMPACT_THRESHOLD
        or int(shapely.get_num_coordinates(geoms).sum()) > COMPACT_VERTEX_THRESHOLD
    )
    use = opts.encoding == "compact" or (opts.encoding == "auto" and big)
    if not len(geoms):  # nothing to draw (e.g. every point without a coordinate): any encoding
        return False  # holds it, and GeoJSON's empty collection is the one for every kind
    if use and kind is None:
        if opts.encoding == "compact":
            raise InvalidArgumentError(
                "the compact encoding takes layers of only Points, only LineStrings or only polygons"
            )
        return False
    if use and opts.raw_html_columns:
        raise InvalidArgumentError(
            "raw_html_columns cannot be used with the compact encoding (it escapes everything)"
        )
    return use


def encode_layer(gdf: gpd.GeoDataFrame, options: EncodeOptions) -> tuple[str, LayerInfo]:
    """Encode `gdf` with `options` as the text ftzgeo's map runtime draws.

    Returns
    -------
    (str, LayerInfo)
        The GeoJSON or compact text and a summary of what it holds.
    """
    opts = options.checked(gdf)
    fields = opts.popup_fields(gdf)
    wanted = {c for c, _ in fields} if opts.popup else set()
    prep = prepare(gdf, precision=opts.precision, simplify_m=opts.simplify_m, wanted=wanted)
    if opts.datum == "gcj02":  # drawn on GCJ-02 tiles: shift what is drawn, after measuring
        prep = replace(prep, geoms=shift_geometries(prep.geoms))
    kind, shape = _compact_kind(prep.type_ids)
    if opts.paint.get("size") is not None and shape == "polygon":
        raise InvalidArgumentError(
            "size= scales points (radius) and lines (width); an area is drawn at its own size: "
            "colour it by the column instead (column=...)"
        )
    sym = symbolize(prep.data, lines=shape == "line", **opts.paint)
    summary = _summary(prep.data, opts.layer, prep.type_ids)
    cluster = _cluster(opts, kind, len(prep.geoms))
    if cluster or _use_compact(opts, prep.geoms, kind):
        if opts.label and kind == "points":
            raise InvalidArgumentError(
                f"label={opts.label!r} needs the GeoJSON encoding, and this layer of "
                f"{len(prep.geoms):,} points is drawn compact: pass encoding='geojson' and "
                "cluster=False to label it, or drop label="
            )
        data = prep.data
        status = data["status"].iloc[0] if "status" in data.columns and len(data) else None
        shared = row_style(opts.layer, {"status": status}, opts.style)
        text = encode_compact(
            data,
            prep.geoms,
            str(kind),
            precision=opts.precision,
            tooltip=opts.tooltip if isinstance(opts.tooltip, str) else None,
            fields=fields,
            style=shared,
            measured=prep.measured,
            colours=sym.colours,
            sizes=sym.sizes,
            labels=_compact_labels(data, prep.geoms, opts) if opts.label else None,
            lang=opts.lang,
        )
        count, encoding = len(prep.geoms), "compact"
    else:
        text, count = encode_geojson(prep, opts, fields, sym)
        encoding = "geojson"
    info = LayerInfo(
        **{
            **summary,
            "count": count,
            "encoding": encoding,
            "bytes": len(text),
            "precision": opts.precision,
            "max_error_m": prep.max_error_m,
            "style": dict(opts.style),
            "symbology": None if sym.empty else sym,
            "cluster": cluster,
        }
    )
    return text, info


def _compact_labels(data: pd.DataFrame, geoms: np.ndarray, opts: EncodeOptions) -> dict[str, list]:
    """Label columns of compact lines and areas, one entry per feature.

    Text, anchor (the middle of a line, a point inside an area), rank and first zoom.
    """
    anchors = [
        g.interpolate(0.5, normalized=True)
        if g.geom_type.endswith("LineString")
        else g.point_on_surface()
        for g in geoms
    ]
    shown, other = names(data, str(opts.label), opts.lang)
    out: dict[str, list] = {"t": [], "x": [], "y": [], "r": [], "z": []}
    for row, point, text in zip(data.to_dict("records"), anchors, shown, strict=True):
        ranked = label_rank(opts.layer, row) or (None, None)
        out["t"].append(None if text is None else short_label(text))
        out["x"].append(round(point.x, opts.precision))
        out["y"].append(round(point.y, opts.precision))
        out["r"].append(ranked[0])
        out["z"].append(ranked[1])
    if other is not None:  # the labels in the other language, for the page's switch
        out["t2"] = [None if t is None else short_label(t) for t in other]
    return out


#: Point layers with more features than this are clustered unless ``cluster=False``.
CLUSTER_THRESHOLD = 5000


def _cluster(opts: EncodeOptions, kind: str | None, n: int) -> bool:
    """Whether a layer is drawn clustered: asked for, or a large point layer by default."""
    if opts.cluster is None:  # by default, unless GeoJSON or raw HTML was asked for
        wanted_geojson = opts.encoding == "geojson" or bool(opts.raw_html_columns)
        return kind == "points" and n > CLUSTER_THRESHOLD and not wanted_geojson
    if opts.cluster and kind != "points":
        raise InvalidArgumentError(
            "cluster=True groups points; this layer holds lines, polygons or multi-part "
            "geometries (pass cluster=False or None)"
        )
    if opts.cluster and opts.raw_html_columns:
        raise InvalidArgumentError("raw_html_columns cannot be used with cluster=True")
    return opts.cluster


def feature_collection(
    gdf: gpd.GeoDataFrame, options: EncodeOptions | None = None, **kwargs: Any
) -> tuple[str, LayerInfo]:
    """Encode `gdf` as the text ftzgeo's map runtime draws (GeoJSON or the compact columns).

    Each GeoJSON feature keeps its ``id``, its style (``_s``), escaped tooltip (``_t``) and
    popup (``_p``) HTML, and its status and opening year (``_st``, ``_y``) for the year slider.

    Parameters
    ----------
    gdf : GeoDataFrame
        The data.
    options : EncodeOptions, optional
        How to encode it; or give the options as keywords (``layer=``, ``tooltip=``, ...).

    Returns
    -------
    (str, LayerInfo)
        The text and a summary of what it holds.
    """
    if options is not None and kwargs:
        raise InvalidArgumentError("pass either options= or keyword options, not both")
    return encode_layer(gdf, options or EncodeOptions(**kwargs))


def _summary(data: gpd.GeoDataFrame, layer: str, type_ids: np.ndarray) -> dict:
    def distinct(column: str, text: bool = False) -> list:  # each value once, one call a column
        values = data.get(column)
        if values is None:
            return []
        values = values.dropna()
        return list(pd.unique(values.astype(str) if text else values))  # lists are text too

    modes = {p for v in distinct("modes", text=True) for p in v.split(";")}
    return {
        "key": layer,
        "name": "",
        "group": "",
        "geometry_types": type_names_of_ids(type_ids),
        "statuses": tuple(sorted(distinct("status"))),
        "capacities": tuple(sorted({float(c) for c in distinct("capacity_bcm_per_year")})),
        "products": tuple(sorted(distinct("product", text=True))),
        "modes": tuple(sorted(modes)),
    }
