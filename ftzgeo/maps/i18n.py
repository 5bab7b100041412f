"""The map's words in English or Chinese: one table, used by layers, legend, popups and the page.

``tr(text, lang)`` translates the English text the map is built from (layer titles, groups,
statuses, popup field names, legend words); :data:`PAGE_TEXT` holds the page's own phrases
(``{n}``-style templates filled in by ``ftzgeo.js``). Names of places come from the data's
``name_zh`` column, falling back to ``name_en`` where a feature has none.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from types import MappingProxyType

from ..errors import InvalidArgumentError

__all__ = [
    "LANGS",
    "PAGE_TEXT",
    "check_lang",
    "dictionary",
    "name_column",
    "name_html",
    "tr",
    "value_words",
    "word_html",
]

LANGS = ("en", "zh")

_ZH: Mapping[str, str] = MappingProxyType(
    {
        # layer titles and groups
        "Countries (Natural Earth)": "国家（Natural Earth）",
        "Xinjiang": "新疆",
        "FTZ sub-zones": "自贸试验区片区",
        "Economic zones": "经济区",
        "Hubs: airports, bonded zones, dry ports": "枢纽：机场、综合保税区、陆港",
        "Border crossings (Central Asia)": "中亚国家间口岸",
        "Land ports": "陆路口岸",
        "Pipelines": "管道",
        "Railways": "铁路",
        "Roads": "公路",
        "Cities": "城市",
        "China's pilot free trade zones": "中国自由贸易试验区",
        "Routes": "路线",
        "Analysis": "分析",
        "Basemap": "底图",
        "Borders": "边境",
        "Free Trade Zone": "自由贸易试验区",
        "Network": "交通网络",
        "Places": "地点",
        "Your data": "您的数据",
        # statuses, modes, products
        "operating": "运营中",
        "under construction": "在建",
        "construction suspended": "暂停建设",
        "planned": "规划中",
        "closed": "已关闭",
        "rail": "铁路",
        "road": "公路",
        "pipeline": "管道",
        "gas": "天然气",
        "crude oil": "原油",
        "bcm/y": "十亿立方米/年",
        # legend and popups
        "Legend": "图例",
        "Dashed: under construction / planned. Geometry quality and sources in each popup.": (
            "虚线：在建或规划中。几何精度与资料来源见各要素弹窗。"
        ),
        "Status": "状态",
        "Geometry": "几何精度",
        "Notes": "说明",
        "Sources": "来源",
        "Approved": "批准",
        "Border crossings": "过境次数",
        "Capacity": "能力",
        "Capacity (Mt/y)": "输送能力（百万吨/年）",
        "Capacity (bcm/y)": "输送能力（十亿立方米/年）",
        "Carries": "输送",
        "Corridor": "走廊",
        "Counterpart": "对应口岸",
        "Countries": "途经国家",
        "Country": "国家",
        "Crossings": "过境点",
        "Disputed (per source)": "争议（据来源）",
        "Drawn area, geodesic (km²)": "绘制面积，椭球面（平方公里）",
        "Drawn length, geodesic (km)": "绘制长度，椭球面（公里）",
        "FTZ sub-zone": "自贸片区",
        "Focus industries": "重点产业",
        "Gauge (mm)": "轨距（毫米）",
        "Gauge changes": "换轨次数",
        "Includes": "包括",
        "Kind": "类型",
        "Length (km)": "长度（公里）",
        "Line": "线路",
        "Modes": "运输方式",
        "Neighbour": "邻国",
        "Official area (km²)": "官方面积（平方公里）",
        "Official length (km)": "官方长度（公里）",
        "Opened": "开通",
        "Point marks": "点位",
        "Role": "作用",
        "Route numbers": "道路编号",
        "Seasonal": "季节性",
        "Time (h)": "时间（小时）",
        "Time to clear by rail (h, CAREC)": "铁路通关时间（小时，CAREC）",
        "Time to clear by road (h, CAREC)": "公路通关时间（小时，CAREC）",
        "Via": "途经",
        "Pilot FTZ": "自贸试验区",
        # published figures (the popups' charts)
        "Freight trains": "货运班列",
        "Freight": "货运量",
        "Outbound freight trains": "出境货运班列",
        "China–Europe trains": "中欧班列",
        "Cargo on freight trains": "班列货运量",
        "Rail freight": "铁路货运量",
        "Trade": "贸易额",
        "Trade (USD)": "贸易额（美元）",
        "Goods cleared": "通关货值",
        "Gas delivered": "输气量",
        "New firms": "新设企业",
        "New foreign-invested firms": "新设外资企业",
        "Firms": "企业",
        "Market entities": "经营主体",
        "Containers handled": "集装箱作业量",
        "Published figures by year": "历年公布数据",
        "covers": "涵盖",
        "none published": "无公布数据",
        "beside a name:": "名称旁：",
        "in the slider’s year, as published (≥ over, ~ about)": "滑块所示年份的公布数据（≥ 超过，~ 约）",
        "at least": "至少",
        "about": "约",
        "Province": "省份",
        "Plan issued": "总体方案印发",
        "Inaugurated": "揭牌",
        "FTZ area (km²)": "自贸试验区面积（平方公里）",
        "Cross-border role": "跨境功能",
        "Focus": "战略定位",
        "(needs the network)": "（需联网）",
        # popup values: yes/no and the codes of enumerated columns, written as words
        "yes": "是",
        "no": "否",
        "natural gas": "天然气",
        "airport": "机场",
        "comprehensive bonded zone": "综合保税区",
        "dry port": "陆港",
        "logistics park": "物流园区",
        "hub": "枢纽",
        "endpoint": "终点",
        "gateway": "门户",
        "capital": "首都",
        "border town": "边境城镇",
        "economic development zone": "经济开发区",
        "border cooperation centre": "边境合作中心",
        "special economic zone": "经济特区",
        "origin → destination": "起点 → 终点",
        "China (Xinjiang) Pilot Free Trade Zone and its links to Central Asia": (
            "中国（新疆）自由贸易试验区及其与中亚的联系"
        ),
    }
)

#: The page's own phrases, per language ({n}, {k}, {y} are filled in by the page).
PAGE_TEXT: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "en": {
            "legend": "Legend",
            "asOf": "as of {y}",
            "all": "all, incl. planned",
            "group": "group nearby points",
            "featuresHere": "{n} features here:",
            "pointsHere": "{n} points here",
            "showMore": "show {k} more of {n}",
            "clickToZoom": "{n} points: click to zoom in",
            "fullScreen": "Full screen",
            "layers": "Layers",
            "language": "Language",
            "cannotUnpack": "Layer “{n}” is compressed and this browser cannot unpack it (it has no "
            "DecompressionStream): use a current browser, or save the map with compress=False.",
            "badPack": "Layer “{n}” could not be unpacked: its data in this page is damaged. Save the "
            "map again.",
        },
        "zh": {
            "legend": "图例",
            "asOf": "截至 {y} 年",
            "all": "全部（含规划）",
            "group": "合并邻近的点",
            "featuresHere": "此处有 {n} 个要素：",
            "pointsHere": "此处有 {n} 个点",
            "showMore": "再显示 {k} 个（尚余 {n} 个）",
            "clickToZoom": "{n} 个点：点击放大",
            "fullScreen": "全屏",
            "layers": "图层",
            "language": "语言",
            "cannotUnpack": "图层“{n}”经过压缩，而此浏览器无法解压（不支持 DecompressionStream）："
            "请使用新版浏览器，或以 compress=False 保存地图。",
            "badPack": "图层“{n}”无法解压：页面中的数据已损坏。请重新保存地图。",
        },
    }
)


def check_lang(lang: object) -> str:
    """Return `lang` if it is a supported language, else raise InvalidArgumentError."""
    if lang not in LANGS:
        raise InvalidArgumentError(f"lang takes one of {', '.join(LANGS)}, got {lang!r}")
    return str(lang)


def tr(text: str, lang: str) -> str:
    """`text` in `lang` (the English text itself when there is no translation).

    Examples
    --------
    >>> tr("Land ports", "zh"), tr("Land ports", "en")
    ('陆路口岸', 'Land ports')
    """
    return _ZH.get(text, text) if lang == "zh" else text


def name_column(lang: str) -> str:
    """The column that names a feature in `lang`."""
    return "name_zh" if lang == "zh" else "name_en"


def dictionary() -> Mapping[str, str]:
    """English → Chinese for every word the map is built from (the page's switch uses it)."""
    return _ZH


def _other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def word_html(text: str, lang: str) -> str:
    """`text` (English) as escaped HTML in `lang` that the page's language switch can turn.

    A word with a translation becomes ``<span class="ftz-k">`` holding it in `lang` (with its
    English key in ``data-k`` when `lang` is not English); any other text is only escaped.

    Examples
    --------
    >>> word_html("Status", "en"), word_html("Status", "zh")
    ('<span class="ftz-k">Status</span>', '<span class="ftz-k" data-k="Status">状态</span>')
    >>> word_html("IATA", "zh")
    'IATA'
    """
    text = str(text)
    zh = _ZH.get(text)
    if zh is None:
        return html.escape(text, quote=True)
    if lang == "en":
        return f'<span class="ftz-k">{html.escape(text, quote=True)}</span>'
    return f'<span class="ftz-k" data-k="{html.escape(text, quote=True)}">{html.escape(zh)}</span>'


def name_html(en: object, zh: object, lang: str, *, beside: bool = False) -> str:
    """A feature's name as escaped HTML in `lang`, carrying its name in the other language.

    ``<span class="ftz-n" data-zh="…">English</span>`` (or the reverse on a Chinese page): the
    page's switch shows the ``data-`` text. Without two different names, the one there is.
    `beside` is the name shown next to the heading: the *other* language's name, which the
    switch turns the other way.

    Examples
    --------
    >>> name_html("Almaty", "阿拉木图", "en")
    '<span class="ftz-n" data-zh="阿拉木图">Almaty</span>'
    >>> name_html("Almaty", None, "zh")
    'Almaty'
    """
    names = {
        "en": en if isinstance(en, str) and en else None,
        "zh": zh if isinstance(zh, str) and zh else None,
    }
    if names["en"] is None or names["zh"] is None or names["en"] == names["zh"]:
        one = names["en"] or names["zh"]
        return "" if one is None or beside else html.escape(one, quote=True)
    shown, other = (
        (names[_other(lang)], names[lang]) if beside else (names[lang], names[_other(lang)])
    )
    tag = f' lang="{_other(lang) if beside else lang}"' if beside else ""
    alt = html.escape(other, quote=True)  # type: ignore[arg-type]
    return f'<span class="ftz-n" data-{_other(lang)}="{alt}"{tag}>{html.escape(shown)}</span>'  # type: ignore[arg-type]


def value_words(value: str) -> list[str]:
    """The words of a coded value as shown: ``"comprehensive_bonded_zone"`` → one phrase.

    Examples
    --------
    >>> value_words("road;rail")
    ['road', 'rail']
    """
    return [part.strip().replace("_", " ") for part in str(value).split(";") if part.strip()]
