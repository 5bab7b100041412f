"""A font that can write Chinese, for figures in ``lang="zh"``.

matplotlib's own fonts have no CJK glyphs (Chinese would print as boxes). The first installed
font of :data:`CJK_FAMILIES` is used; on Debian ``apt install fonts-wqy-microhei`` (small) or
``fonts-noto-cjk`` provides one. The font files are found by a fresh scan, so a font installed
after matplotlib built its cache is found too.
"""

from __future__ import annotations

import functools

from ..errors import MissingDependencyError

__all__ = ["CJK_FAMILIES", "cjk_family"]

#: CJK-capable families, in order of preference.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",  # every face of a Noto CJK file covers Chinese; older matplotlib
    "Noto Sans CJK TC",  # registers only the first face of a .ttc
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)

_FILE_HINTS = (
    "notosanscjk",
    "sourcehansans",
    "wqy-microhei",
    "wqy-zenhei",
    "msyh",
    "simhei",
    "pingfang",
)


@functools.cache
def cjk_family() -> str:
    """The family name of an installed CJK font, registered with matplotlib.

    Raises
    ------
    MissingDependencyError
        If no CJK font is installed, saying which package provides one.
    """
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    for path in font_manager.findSystemFonts():
        if any(hint in path.lower().replace("_", "") for hint in _FILE_HINTS):
            font_manager.fontManager.addfont(path)
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            return family
    raise MissingDependencyError(
        "a CJK font",
        'static_map(lang="zh")',
        how="install one, e.g. `apt install fonts-wqy-microhei` (Debian/Ubuntu) or fonts-noto-cjk",
    )
