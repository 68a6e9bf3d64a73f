"""NMEA encoding and checking, routes: pure, with captured sentences and round trips."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from device_drivers.gps.model import NmeaError
from device_drivers.gps.nmea import Epoch, checksum, epoch_sentences, gga, parse, parse_position, rmc
from device_drivers.gps.routes import CITY_CENTRES, distance_m, position_at, route_for
from device_drivers.gps.simulator import SKY

# A classic receiver sentence and its published checksum.
CAPTURED_GGA = "$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76"
WHEN = datetime(2024, 6, 12, 0, 31, 19, tzinfo=UTC)


def epoch(lat: float = 29.58, lon: float = 105.06, fix: bool = True) -> Epoch:
    return Epoch(time=WHEN, lat=lat, lon=lon, alt_m=350.0, speed_mps=8.0, course_deg=45.0,
                 satellites=SKY, fix=fix)


def test_captured_sentence() -> None:
    s = parse(CAPTURED_GGA)
    assert (s.talker, s.kind, s.fields[0]) == ("GP", "GGA", "092750.000")
    lat, lon = parse_position(s) or (0, 0)
    assert lat == pytest.approx(53.36134, abs=1e-5) and lon == pytest.approx(-6.50562, abs=1e-5)


def test_our_cycle_parses_and_checks() -> None:
    lines = epoch_sentences(epoch()).splitlines()
    kinds = [parse(line).kind for line in lines]
    assert kinds == ["GGA", "GSA", "GSV", "GSV", "GSV", "RMC"]
    assert all(line.endswith(f"*{checksum(line[1:-3])}") for line in lines)
    assert "*" in rmc(epoch()) and ",A," in rmc(epoch()) and ",120624," in rmc(epoch())


def test_no_fix_sentences() -> None:
    assert parse_position(parse(gga(epoch(fix=False)))) is None
    assert parse_position(parse(rmc(epoch(fix=False)))) is None


@pytest.mark.parametrize("line, message", [
    ("GPGGA,1,2*00", "not an NMEA sentence"),
    (CAPTURED_GGA[:-2] + "77", "checksum mismatch"),
    ("$GPG\x01A,1*" + checksum("GPG\x01A,1"), "non-printable"),
    ("$12345,1*" + checksum("12345,1"), "bad NMEA address"),
])
def test_malformed_sentences(line: str, message: str) -> None:
    with pytest.raises(NmeaError, match=message):
        parse(line)


@given(st.floats(min_value=-89.99, max_value=89.99), st.floats(min_value=-179.99, max_value=179.99))
def test_position_round_trip(lat: float, lon: float) -> None:
    for line in (gga(epoch(lat, lon)), rmc(epoch(lat, lon))):
        got = parse_position(parse(line))
        assert got is not None
        assert got[0] == pytest.approx(lat, abs=1e-6) and got[1] == pytest.approx(lon, abs=1e-6)


@given(st.text(max_size=120))
def test_parser_raises_only_nmea_error(line: str) -> None:
    with contextlib.suppress(NmeaError):
        parse_position(parse(line))


@pytest.mark.parametrize("city", sorted(CITY_CENTRES))
def test_routes_stay_near_their_city(city: str) -> None:
    route = route_for(city)
    centre = CITY_CENTRES[city]
    assert 4000 < route.length_m < 8000
    for second in range(0, 1200, 37):
        at = position_at(route, second, 8.0)
        assert distance_m(centre, (at.lat, at.lon)) < 2500
        assert 0 <= at.course_deg < 360


def test_route_speed_is_honoured() -> None:
    route = route_for("chengdu")
    a, b = position_at(route, 10, 8.0), position_at(route, 20, 8.0)
    assert distance_m((a.lat, a.lon), (b.lat, b.lon)) == pytest.approx(80, rel=0.02)


def test_unknown_city() -> None:
    with pytest.raises(ValueError, match="chengdu, deyang, neijiang, mianyang"):
        route_for("beijing")
