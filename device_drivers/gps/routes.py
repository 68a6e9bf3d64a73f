"""Driving routes around the four cities of the demo data, and where one is at a given time.

Each route is a closed loop of waypoints a few hundred metres to two kilometres
from the city centre. Pure functions: time in, position out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_M_PER_DEG = 111_320.0

CITY_CENTRES: dict[str, tuple[float, float]] = {
    "chengdu": (30.6586, 104.0647),   # 成都, Tianfu Square
    "deyang": (31.1270, 104.3979),    # 德阳
    "neijiang": (29.5802, 105.0584),  # 内江
    "mianyang": (31.4678, 104.6796),  # 绵阳
}
CITY_NAMES_ZH = {"chengdu": "成都", "deyang": "德阳", "neijiang": "内江", "mianyang": "绵阳"}

# The loop's shape, in (north, east) kilometres from the centre.
_LOOP_KM = ((0.0, 0.0), (0.8, 0.3), (1.2, 1.1), (0.5, 1.6), (-0.3, 1.0), (-0.4, 0.2))


@dataclass(frozen=True, slots=True)
class RoutePoint:
    lat: float
    lon: float
    course_deg: float
    speed_mps: float


@dataclass(frozen=True, slots=True)
class Route:
    city: str
    waypoints: tuple[tuple[float, float], ...]  # (lat, lon), closed: the last joins the first

    def legs(self) -> list[tuple[tuple[float, float], tuple[float, float], float]]:
        points = list(self.waypoints)
        return [(a, b, distance_m(a, b)) for a, b in zip(points, points[1:] + points[:1], strict=True)]

    @property
    def length_m(self) -> float:
        return sum(length for _, _, length in self.legs())


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance: exact enough over a few kilometres."""
    mean_lat = math.radians((a[0] + b[0]) / 2)
    dy = (b[0] - a[0]) * EARTH_M_PER_DEG
    dx = (b[1] - a[1]) * EARTH_M_PER_DEG * math.cos(mean_lat)
    return math.hypot(dx, dy)


def route_for(city: str) -> Route:
    """The demo loop around ``city`` (chengdu, deyang, neijiang, mianyang)."""
    try:
        lat0, lon0 = CITY_CENTRES[city.lower()]
    except KeyError:
        raise ValueError(f"no route for {city!r}: choose one of {', '.join(CITY_CENTRES)}") from None
    per_km_lon = 1000 / (EARTH_M_PER_DEG * math.cos(math.radians(lat0)))
    points = tuple((lat0 + n * 1000 / EARTH_M_PER_DEG, lon0 + e * per_km_lon) for n, e in _LOOP_KM)
    return Route(city.lower(), points)


def position_at(route: Route, seconds: float, speed_mps: float) -> RoutePoint:
    """Where a vehicle at ``speed_mps`` is ``seconds`` after leaving the first waypoint."""
    if speed_mps <= 0:
        lat, lon = route.waypoints[0]
        return RoutePoint(lat, lon, 0.0, 0.0)
    travelled = (seconds * speed_mps) % route.length_m
    for a, b, length in route.legs():
        if travelled <= length:
            f = travelled / length if length else 0.0
            lat, lon = a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f
            dy = b[0] - a[0]
            dx = (b[1] - a[1]) * math.cos(math.radians(a[0]))
            course = math.degrees(math.atan2(dx, dy)) % 360
            return RoutePoint(lat, lon, course, speed_mps)
        travelled -= length
    lat, lon = route.waypoints[0]
    return RoutePoint(lat, lon, 0.0, speed_mps)
