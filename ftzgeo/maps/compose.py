"""connectivity_map(): the default map of the FTZ, its ports, corridors and neighbours."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import folium
import geopandas as gpd
import numpy as np

from .. import catalog
from ..assets import CDN, LEAFLET_VERSION
from ..checks import check_int, check_year
from ..errors import InvalidArgumentError
from ..gcj02 import GCJ02_TILES
from . import styles
from .elements import ElementNames, ScriptCall
from .frames import DEFAULT_LAYERS, LayersArg, resolve_layers
from .i18n import check_lang, word_html
from .labels import LABEL_LAYERS
from .layers import add_layer, map_layers
from .legend import Legend
from .national import ftzs_painted
from .popups import escape
from .route_paint import routes_painted
from .series import SERIES_LAYERS, feature_series
from .timeline import YearSlider, as_of

__all__ = [
    "DEFAULT_LAYERS",
    "DEFAULT_TILES",
    "FtzMap",
    "connectivity_map",
    "tile_provider",
]

log = logging.getLogger(__name__)

LEAFLET_JS = f"{CDN}leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_CSS = f"{CDN}leaflet@{LEAFLET_VERSION}/dist/leaflet.css"

#: Base layers offered by default: label -> xyzservices provider name.
DEFAULT_TILES: Mapping[str, str] = {
    "OpenStreetMap": "OpenStreetMap.Mapnik",
    "OpenTopoMap": "OpenTopoMap",
    "Esri World Imagery": "Esri.WorldImagery",
}
#: Chinese basemaps (GCJ-02: the map's layers are shifted to match them, see ftzgeo.gcj02).
CHINESE_TILES: Mapping[str, str] = {
    "Gaode (AMap)": "Gaode.Normal",
    "Gaode satellite": "Gaode.Satellite",
}

_BASEMAP_LAYERS = {"countries", "xinjiang"}
#: Simplification tolerance of the basemap outlines on the map, metres.
BASEMAP_SIMPLIFY_M = 2000.0
#: The first view: the FTZ, its gateways and the Central Asian cities it trades with first, so a
#: phone and a wide screen both open on Xinjiang and its links (not on far-away corridor ends).
_FIT_LAYERS = {"subzones", "zones", "hubs", "land_ports", "routes", "user"}
_FIT_CITIES = ("urumqi", "kashgar", "khorgos", "almaty", "bishkek", "tashkent")


class FtzMap(folium.Map):
    """A folium map that loads only Leaflet: no jQuery, Bootstrap, icon fonts or remote images.

    Everything else the page needs (ftzgeo's runtime, styles, data) is inline.
    """

    default_js = [("leaflet", LEAFLET_JS)]  # noqa: RUF012 - folium's class attribute
    default_css = [("leaflet_css", LEAFLET_CSS)]  # noqa: RUF012

    def _repr_html_(self, **kwargs: object) -> str:
        """The notebook display: the whole page, Leaflet inline, in an iframe (no network)."""
        from .page import notebook_html

        return notebook_html(self)


def tile_provider(name: str) -> tuple[str, str, str, int]:
    """Resolve a tile name to ``(label, url, html attribution, max zoom)`` via xyzservices.

    Parameters
    ----------
    name : str
        A label of :data:`DEFAULT_TILES` or any xyzservices provider name
        (e.g. ``"CartoDB.Positron"``).
    """
    import xyzservices

    label = name
    provider_name = {**DEFAULT_TILES, **CHINESE_TILES}.get(name, name)
    try:
        provider = xyzservices.providers.query_name(provider_name)
    except ValueError:
        known = ", ".join(DEFAULT_TILES)
        raise InvalidArgumentError(
            f"unknown tiles {name!r}: use one of {known}, any xyzservices provider name "
            "(e.g. 'OpenStreetMap.HOT'), or None for no tiles"
        ) from None
    if provider.requires_token():
        raise InvalidArgumentError(
            f"tiles {name!r} need an API key (xyzservices says so); "
            "pick another provider or pass tiles=None"
        )
    if label == provider_name:
        label = provider.name
    return label, provider.build_url(), provider.html_attribution, int(provider.get("max_zoom", 18))


def _box(gdf: gpd.GeoDataFrame) -> np.ndarray | None:
    """Bounds of the drawable geometries (None and empty ones are skipped), or None."""
    geoms = gdf.geometry
    geoms = geoms[~(geoms.isna() | geoms.is_empty)]
    if not len(geoms):
        return None
    box = geoms.to_crs(4326).total_bounds
    return box if np.isfinite(box).all() else None


def _bounds(frames: list[tuple[str, gpd.GeoDataFrame]]) -> list[list[float]] | None:
    boxes = [
        _box(gdf) for name, gdf in frames if name in _FIT_LAYERS or name not in styles.LAYER_TITLES
    ]
    boxes += [_box(gdf[gdf["id"].isin(_FIT_CITIES)]) for name, gdf in frames if name == "cities"]
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        boxes = [b for b in (_box(gdf) for _, gdf in frames) if b is not None]
    if not boxes:
        return None
    b = np.array(boxes)
    return [
        [float(b[:, 1].min()), float(b[:, 0].min())],
        [float(b[:, 3].max()), float(b[:, 2].max())],
    ]


def _indicator_words(indicator: str | None) -> tuple[str, str] | None:
    """``(label, unit)`` of an indicator shown beside names, or None; unknown ones refused."""
    if indicator is None:
        return None
    from ..indicator_table import LABELS, UNITS, check_indicator

    indicator = check_indicator(indicator)
    return LABELS[indicator], UNITS[indicator]


def _extent_bounds(frames: list[tuple[str, gpd.GeoDataFrame]], extent: object) -> list[list[float]]:
    """``extent=`` as Leaflet bounds (the figure's rule, :func:`~.figure_frame.data_extent`)."""
    from .figure_frame import data_extent

    x0, y0, x1, y1 = data_extent(dict(frames), extent)
    return [[float(y0), float(x0)], [float(y1), float(x1)]]


def _provider_name(name: str) -> str | None:
    """The xyzservices name a tile name resolves to (matched as loosely as xyzservices does)."""
    import xyzservices

    try:
        return str(
            xyzservices.providers.query_name(
                {**DEFAULT_TILES, **CHINESE_TILES}.get(name, name)
            ).name
        )
    except ValueError:
        return None  # unknown: tile_provider() says so


def _set_datum(m: FtzMap, tiles: list[str]) -> None:
    """Mark a map whose tiles are GCJ-02 (Gaode): its layers are then drawn shifted.

    Raises
    ------
    InvalidArgumentError
        If GCJ-02 and WGS84 tiles are mixed: one set of overlays cannot sit on both.
    """
    gcj = [_provider_name(t) in GCJ02_TILES for t in tiles]
    if any(gcj) and not all(gcj):
        raise InvalidArgumentError(
            "Gaode tiles are drawn in GCJ-02 and the others in WGS84; overlays cannot match both: "
            f"pick tiles of one kind, got {tiles}"
        )
    if tiles and all(gcj):
        m._ftzgeo_datum = "gcj02"  # type: ignore[attr-defined]


def _add_frames(
    m: FtzMap,
    frames: list[tuple[str, gpd.GeoDataFrame]],
    *,
    tiled: bool,
    labels: bool,
    lang: str,
    compress: bool | str = "auto",
) -> None:
    """Draw each layer with its rules: basemap generalisation, route colours, labels."""
    for name, gdf in frames:
        # Basemap outlines are generalised to ~5 km: 3 decimals (~100 m) lose nothing.
        precision = 3 if name in _BASEMAP_LAYERS else 5
        # With tiles, the countries fill is light so the tiles show; with none it is the basemap.
        style = {"fillOpacity": 0.3} if name == "countries" and tiled else None
        credit = catalog.entry(name).attribution if name in _BASEMAP_LAYERS else None
        # The basemap outlines are accurate to ~5 km: simplifying them to 2 km loses nothing
        # real and most of their bytes (the error made is measured: size_report()).
        simplify = BASEMAP_SIMPLIFY_M if name in _BASEMAP_LAYERS else None
        paint: dict[str, object] = {"label": LABEL_LAYERS.get(name) if labels else None}
        if name == "routes":
            gdf, route_paint = routes_painted(gdf, labels, lang)
            paint.update(route_paint)
        if name in SERIES_LAYERS and "id" in gdf.columns:  # published figures, for the charts
            gdf = gdf.assign(_ind=feature_series(name, gdf))
        if name == "ftzs" and "approved" in gdf.columns:  # coloured by the year of the plan
            gdf, ftz_paint = ftzs_painted(gdf)
            paint.update(ftz_paint)
        add_layer(
            m,
            gdf,
            name=None if name in styles.LAYER_TITLES else name,
            layer=name if name in styles.LAYER_TITLES else "user",
            precision=precision,
            style=style,
            attribution=credit,
            simplify_m=simplify,
            encoding="compact" if name in _BASEMAP_LAYERS else "auto",
            compress=compress,
            **paint,  # type: ignore[arg-type]
        )


def connectivity_map(
    *,
    layers: LayersArg = DEFAULT_LAYERS,
    extent: str | tuple[float, float, float, float] | None = None,
    year: int | None = None,
    routes: gpd.GeoDataFrame | None = None,
    tiles: str | Sequence[str] | None = None,
    legend: bool = True,
    labels: bool = True,
    indicator: str | None = None,
    lang: str = "en",
    lang_switch: bool = True,
    slider: bool = True,
    fullscreen: bool = True,
    start_year: int = 1960,
    end_year: int | None = None,
    width: str | int = "100%",
    height: str | int = "100%",
    compress: bool | str = "auto",
) -> FtzMap:
    """Compose the map of the Xinjiang FTZ and its connections to Central Asia.

    Parameters
    ----------
    layers : sequence of str or mapping of str to GeoDataFrame
        Layer names to draw (see :func:`ftzgeo.layers`), or ``{name: gdf}`` to draw your own
        (validated) version of a layer; a ``None`` value loads the shipped one. The countries
        outline is always drawn, so the map is readable with no tile server.
    extent : None, "data", "xinjiang", "china" or (lon_min, lat_min, lon_max, lat_max)
        What the first view frames: by default the FTZ, its gateways and the Central Asian
        cities it trades with first; ``"china"`` the national view of the pilot FTZs
        (see :func:`national_map`); ``"xinjiang"`` the region; a box exactly that.
    year : int, optional
        Open the map as it stood in this year (the year slider starts there; without a slider
        the features are filtered before drawing).
    routes : GeoDataFrame, optional
        Route lines (e.g. from ``ftzgeo.routing``) drawn on top.
    tiles : str, sequence of str or None, default None
        Base layers by label of :data:`DEFAULT_TILES` (e.g. ``tuple(DEFAULT_TILES)``) or
        xyzservices name; the first is shown. Tiles are the one part of a page that needs the
        network, so there are none unless asked for (the countries outline is the offline
        basemap), and the layer control says so.
    legend, slider, fullscreen : bool
        Add the legend, the year slider and a full-screen button.
    lang : {"en", "zh"}, default "en"
        Language of labels, tooltips, legend, layer control, slider and popup headings
        the page opens in (names from ``name_zh``, English where a feature has none).
    lang_switch : bool, default True
        Add a switch (EN | 中文) that turns the page's labels, legend, layer control, slider and
        popups to the other language in place, with no network and no rebuild.
    labels : bool, default True
        Name the sub-zones, countries, cities and land ports on the map: ranked (the FTZ first,
        then capitals and the FTZ cities, countries, ports, other cities), each from its zoom
        on, never overlapping, never taking a click.
    indicator : str, optional
        Show this published figure (e.g. ``"freight_trains"``, see :func:`ftzgeo.indicators`)
        beside the names of the ports, pipelines and sub-zones that have one of their own, for
        the slider's year (none where that year has no published figure); the legend says so.
    start_year, end_year : int
        Range of the year slider (end defaults to this year).
    width, height : str or int
        Map size.
    compress : {"auto", True, False}
        How layers travel in the page, as :func:`add_layer`'s ``compress``: ``"auto"`` packs
        layers over 1 MB of data (your own large ones; the shipped layers are smaller); False
        for a page that browsers without ``DecompressionStream`` draw whole.

    Returns
    -------
    FtzMap
        A ``folium.Map``: display it in Jupyter or save it with :func:`ftzgeo.export.save_html`.
    """
    year = check_year("year", year)
    start_year = check_int("start_year", start_year, minimum=1800, maximum=2100)
    end_year = check_year("end_year", end_year)
    frames = resolve_layers(layers)
    if routes is not None:
        frames.append(("routes", routes))
    if year is not None and not slider:
        frames = [(name, as_of(gdf, year)) for name, gdf in frames]
    lang = check_lang(lang)
    m = FtzMap(tiles=None, control_scale=True, width=width, height=height, prefer_canvas=False)
    m._ftzgeo_lang = lang  # type: ignore[attr-defined]  # add_layer reads it
    if isinstance(tiles, str):
        tiles = [] if tiles.lower() == "none" else [tiles]
    bases: list[tuple[str, folium.TileLayer]] = []
    _set_datum(m, list(tiles or ()))
    for i, name in enumerate(tiles or ()):
        label, url, attribution, max_zoom = tile_provider(name)
        label = f"{escape(label)} {word_html('(needs the network)', lang)}"  # all else is offline
        if getattr(m, "_ftzgeo_datum", None) == "gcj02":
            attribution += " | overlays shifted to GCJ-02 to match these tiles (data stay WGS84)"
        tile = folium.TileLayer(
            tiles=url,
            attr=attribution,
            name=label,
            max_zoom=max_zoom,
            show=(i == 0),
            overlay=False,
            control=False,
        )
        tile.add_to(m)
        bases.append((label, tile))
    _add_frames(m, frames, tiled=bool(bases), labels=labels, lang=lang, compress=compress)
    # The first view, set by the page once its panels are placed.
    bounds = _bounds(frames) if extent is None else _extent_bounds(frames, extent)
    figure = _indicator_words(indicator)
    if legend:
        m.add_child(
            Legend(
                note="Dashed: under construction / planned. "
                "Geometry quality and sources in each popup.",
                lang=lang,
                figure=figure,
            )
        )
    if slider:
        m.add_child(YearSlider(start=start_year, end=end_year, value=year))
    if fullscreen:
        m.add_child(ScriptCall("addFullscreen", [], "ftzgeo_fullscreen"), name="ftzgeo_fullscreen")
    if lang_switch and map_layers(m):
        m.add_child(ScriptCall("addLangSwitch", [], "ftzgeo_lang"), name="ftzgeo_lang")
    m.add_child(
        ScriptCall("addControls", [ElementNames(bases)], "ftzgeo_controls"), name="ftzgeo_controls"
    )
    if figure is not None:
        words = {"label": figure[0], "unit": figure[1]}
        m.add_child(ScriptCall("showFigures", [words], "ftzgeo_figures"), name="ftzgeo_figures")
    if bounds:  # the first view, clear of the panels that start open (ftzgeo.fitView)
        m.add_child(ScriptCall("fitView", [bounds], "ftzgeo_fit"), name="ftzgeo_fit")
    log.info("map with %d layers", len(map_layers(m)))
    return m
