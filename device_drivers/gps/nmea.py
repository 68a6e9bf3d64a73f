"""NMEA 0183 sentences (GGA, RMC, GSA, GSV): pure encoders and a checking parser.

A sentence is ``$<talker><type>,<fields>*<checksum>\\r\\n``; the checksum is the
XOR of the bytes between ``$`` and ``*``, two uppercase hex digits. Latitude is
``ddmm.mmmmm`` and longitude ``dddmm.mmmmm`` with a hemisphere letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from device_drivers.gps.model import NmeaError

KNOTS_PER_MPS = 1.943844


@dataclass(frozen=True, slots=True)
class Satellite:
    prn: int
    elevation: int
    azimuth: int
    snr: int
    used: bool


@dataclass(frozen=True, slots=True)
class Epoch:
    """Everything a receiver reports in one cycle."""

    time: datetime  # UTC
    lat: float
    lon: float
    alt_m: float
    speed_mps: float
    course_deg: float
    satellites: tuple[Satellite, ...]
    hdop: float = 0.9
    pdop: float = 1.6
    vdop: float = 1.3
    fix: bool = True


def checksum(body: str) -> str:
    return f"{reduce(lambda acc, ch: acc ^ ord(ch), body, 0):02X}"


def sentence(body: str) -> str:
    """``body`` (``GPGGA,...``) framed with ``$``, checksum and CRLF."""
    return f"${body}*{checksum(body)}\r\n"


def _lat(value: float) -> tuple[str, str]:
    deg = int(abs(value))
    return f"{deg:02d}{(abs(value) - deg) * 60:08.5f}", "N" if value >= 0 else "S"


def _lon(value: float) -> tuple[str, str]:
    deg = int(abs(value))
    return f"{deg:03d}{(abs(value) - deg) * 60:08.5f}", "E" if value >= 0 else "W"


def gga(e: Epoch) -> str:
    used = sum(1 for s in e.satellites if s.used) if e.fix else 0
    if not e.fix:
        return sentence(f"GPGGA,{e.time:%H%M%S}.{e.time.microsecond // 10000:02d},,,,,0,00,99.99,,,,,,")
    (la, ns), (lo, ew) = _lat(e.lat), _lon(e.lon)
    return sentence(f"GPGGA,{e.time:%H%M%S}.{e.time.microsecond // 10000:02d},{la},{ns},{lo},{ew},1,"
                    f"{used:02d},{e.hdop:.2f},{e.alt_m:.1f},M,-32.0,M,,")


def rmc(e: Epoch) -> str:
    hms = f"{e.time:%H%M%S}.{e.time.microsecond // 10000:02d}"
    if not e.fix:
        return sentence(f"GPRMC,{hms},V,,,,,,,{e.time:%d%m%y},,,N")
    (la, ns), (lo, ew) = _lat(e.lat), _lon(e.lon)
    return sentence(f"GPRMC,{hms},A,{la},{ns},{lo},{ew},{e.speed_mps * KNOTS_PER_MPS:.2f},"
                    f"{e.course_deg:.1f},{e.time:%d%m%y},,,A")


def gsa(e: Epoch) -> str:
    prns = [f"{s.prn:02d}" for s in e.satellites if s.used][:12] if e.fix else []
    prns += [""] * (12 - len(prns))
    mode = "3" if e.fix else "1"
    return sentence(f"GPGSA,A,{mode},{','.join(prns)},{e.pdop:.1f},{e.hdop:.1f},{e.vdop:.1f}")


def gsv(e: Epoch) -> list[str]:
    sats = list(e.satellites)
    total = max((len(sats) + 3) // 4, 1)
    out = []
    for index in range(total):
        group = sats[index * 4:index * 4 + 4]
        fields = "".join(f",{s.prn:02d},{s.elevation:02d},{s.azimuth:03d},{s.snr:02d}" for s in group)
        out.append(sentence(f"GPGSV,{total},{index + 1},{len(sats):02d}{fields}"))
    return out


def epoch_sentences(e: Epoch) -> str:
    """One receiver cycle, in the order a typical receiver sends it."""
    return gga(e) + gsa(e) + "".join(gsv(e)) + rmc(e)


@dataclass(frozen=True, slots=True)
class Sentence:
    talker: str
    kind: str
    fields: tuple[str, ...]


def parse(line: str) -> Sentence:
    """Check framing and checksum of one sentence; raise :class:`NmeaError` if it is wrong."""
    text = line.strip("\r\n")
    if not text.startswith("$") or len(text) < 9 or text[-3] != "*":
        raise NmeaError(f"not an NMEA sentence: {text[:40]!r}")
    body, given = text[1:-3], text[-2:]
    if not body.isascii() or not body.isprintable():
        raise NmeaError("NMEA sentence with non-printable characters")
    if checksum(body) != given.upper():
        raise NmeaError(f"NMEA checksum mismatch: computed {checksum(body)}, sentence says {given}")
    head, *fields = body.split(",")
    if len(head) != 5 or not head.isalpha():
        raise NmeaError(f"bad NMEA address field {head!r}")
    return Sentence(head[:2], head[2:], tuple(fields))


def _coord(value: str, hemi: str, degree_digits: int, positive: str, negative: str) -> float:
    try:
        deg = int(value[:degree_digits])
        minutes = float(value[degree_digits:])
    except ValueError as exc:
        raise NmeaError(f"bad NMEA coordinate {value!r}") from exc
    if hemi not in (positive, negative) or minutes >= 60:
        raise NmeaError(f"bad NMEA coordinate {value!r} {hemi!r}")
    result = deg + minutes / 60
    return result if hemi == positive else -result


def parse_position(s: Sentence) -> tuple[float, float] | None:
    """Latitude and longitude of a GGA or RMC sentence; ``None`` when it reports no fix."""
    if s.kind == "GGA" and len(s.fields) >= 6:
        if s.fields[5] in ("", "0"):
            return None
        lat_f, ns, lon_f, ew = s.fields[1:5]
    elif s.kind == "RMC" and len(s.fields) >= 6:
        if s.fields[1] != "A":
            return None
        lat_f, ns, lon_f, ew = s.fields[2:6]
    else:
        raise NmeaError(f"no position in a {s.kind} sentence")
    return _coord(lat_f, ns, 2, "N", "S"), _coord(lon_f, ew, 3, "E", "W")
