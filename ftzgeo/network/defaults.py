"""Default speeds and waiting times of the network model, each with its source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["CROSSING_KINDS", "DEFAULTS", "STATUSES_TODAY", "NetworkDefaults"]

STATUSES_TODAY = ("operating",)


@dataclass(frozen=True)
class NetworkDefaults:
    """Default speeds and waiting times of the network model.

    Attributes
    ----------
    speed_kmh : mapping
        Average speed on a line by mode, used where a line has no ``speed_kmh`` of its own.
    access_speed_kmh : float
        Speed on the short links that join places to the network.
    border_dwell_h : mapping
        Time to clear a land port, by mode.
    other_border_h : float
        Time to clear a border crossing between China's neighbours that has no dwell time of its
        own in the ``border_crossings`` layer.
    gauge_change_h : float
        Time to move freight between 1435 and 1520 mm wagons.
    mode_change_h : float
        Time to move between road and rail at a node where both meet.
    sources : mapping
        Where each figure comes from.
    """

    speed_kmh: Mapping[str, float] = field(default_factory=lambda: {"rail": 53.9, "road": 42.0})
    access_speed_kmh: float = 40.0
    border_dwell_h: Mapping[str, float] = field(
        default_factory=lambda: {
            "rail": 40.6,
            "road": 9.9,
            # Per port, PRC side, CAREC CPMM 2022 (one year's sample: noisy, but measured).
            "alashankou-road": 81.3,
            "khorgos-road": 23.5,
            "alashankou-rail": 30.5,
            "khorgos-rail": 34.8,
            "torugart": 50.1,
        }
    )
    other_border_h: float = 3.9
    gauge_change_h: float = 1.5
    mode_change_h: float = 6.0
    sources: Mapping[str, str] = field(
        default_factory=lambda: {
            "speed_kmh": "CAREC CPMM 2022, speed without delay, all corridors: road 42.0, rail 53.9 km/h "
            "(https://cpmm.carecprogram.org/?p=130)",
            "border_dwell_h": "CAREC CPMM 2022, average time to clear a border crossing point: road 9.9 h, "
            "rail 40.6 h (https://cpmm.carecprogram.org/?p=130); per port, PRC 2022 report "
            "(https://cpmm.carecprogram.org/2022-report/peoples-republic-of-china) and Torugart outbound, "
            "Kyrgyz 2022 report (https://cpmm.carecprogram.org/2022-report/kyrgyz-republic)",
            "other_border_h": "CAREC CPMM 2022 road clearance, mean of the country averages of Kazakhstan "
            "4.3, Kyrgyz Republic 2.8, Tajikistan 4.1 and Uzbekistan 4.2 h "
            "(https://cpmm.carecprogram.org/2022-report/kazakhstan and the other 2022 country reports)",
            "gauge_change_h": "whole-train container transshipment at Alashankou, 1.5 h (2024, "
            "https://khabarasia.com/techsci/20240707-china-europe-railway-express-accelerates-with-record-growth-)",
            "mode_change_h": "assumption (no published figure used): road-rail transfer at a terminal",
            "access_speed_kmh": "assumption: local roads between a place and the network",
        }
    )


DEFAULTS = NetworkDefaults()

CROSSING_KINDS = {"port": "land_port", "crossing": "border_crossing"}
