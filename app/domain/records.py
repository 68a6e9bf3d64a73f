"""What a technician captures on site: readings, seals, photos, signatures, positions, card work.

Every record names its source device: the promise is that no value is typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from app.domain import identifiers
from app.domain.errors import ValidationError


class Source(StrEnum):
    """Where a value came from."""

    INFRARED = "infrared"
    BARCODE = "barcode"
    RFID = "rfid"
    CARD = "card"
    GPS = "gps"
    CAMERA = "camera"
    TOUCH = "touch"  # a choice or a signature on the screen, never a typed value
    SERVER = "server"


class SealPosition(StrEnum):
    TERMINAL_COVER = "terminal_cover"  # 表尾盖
    METER_COVER = "meter_cover"  # 表盖
    METER_BOX = "meter_box"  # 计量箱门
    JUNCTION_BOX = "junction_box"  # 联合接线盒


class EndReason(StrEnum):
    """Why an order cannot be finished on site (the technician ends it with one, and a photo)."""

    CUSTOMER_ABSENT = "customer_absent"  # nobody home, the meter is indoors
    METER_INACCESSIBLE = "meter_inaccessible"  # locked box, blocked access
    METER_BROKEN = "meter_broken"  # the meter does not answer or is damaged
    CUSTOMER_REFUSED = "customer_refused"  # the customer does not let the work be done


UNFINISHED = "unfinished"  # a work result's ``outcome`` when the order was ended with an EndReason


@dataclass(frozen=True, slots=True)
class Reading:
    """One value read from a meter: a DL/T 645 data identifier and its decoded value."""

    order_no: str
    meter_address: str
    di: str
    value: str  # decimal text as the meter gave it, e.g. "317.76"; text for non-numeric items
    unit: str
    read_at: datetime
    source: Source = Source.INFRARED
    role: str = "old"  # "old" or "new" meter in a replacement; "inspected" in an inspection

    def __post_init__(self) -> None:
        if len(self.di) != 8 or any(c not in "0123456789ABCDEF" for c in self.di):
            raise ValidationError("di", f"'{self.di}' is not a data identifier (8 hex digits)")

    def numeric(self) -> Decimal:
        return Decimal(self.value)


@dataclass(frozen=True, slots=True)
class Seal:
    order_no: str
    seal_no: str
    position: SealPosition
    meter_asset_no: str
    scanned_at: datetime
    source: Source = Source.BARCODE

    def __post_init__(self) -> None:
        identifiers.seal_no(self.seal_no)


@dataclass(frozen=True, slots=True)
class MeterInstallation:
    """The meter a replacement put in: the one the order assigns, or one from the technician's stock."""

    order_no: str
    asset_no: str
    address: str  # as the meter answered over infrared
    from_stock: bool
    installed_at: datetime
    source: Source = Source.BARCODE

    def __post_init__(self) -> None:
        identifiers.asset_no(self.asset_no)
        identifiers.meter_address(self.address)


@dataclass(frozen=True, slots=True)
class GpsFix:
    lat: float
    lon: float
    accuracy_m: float
    satellites: int
    fixed_at: datetime
    mode: int = 3  # 2 = 2D, 3 = 3D

    def __post_init__(self) -> None:
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValidationError("gps", f"position {self.lat}, {self.lon} is impossible")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A photo or a signature: content-addressed (sha256 of the bytes)."""

    sha256: str
    kind: str  # "photo" or "signature"
    mime: str
    size: int
    order_no: str
    caption: str
    taken_at: datetime
    fix: GpsFix | None = None


@dataclass(frozen=True, slots=True)
class CardTransaction:
    """Work on a customer's prepaid card; money in fen (1/100 yuan), never floats."""

    txn_id: str
    order_no: str
    kind: str  # "open", "write", "recharge", "repair"
    customer_no: str
    meter_address: str
    card_serial: str
    amount_fen: int
    purchase_count: int
    status: str  # "requested", "confirmed", "written", "failed"
    at: datetime


@dataclass(frozen=True, slots=True)
class OperationEvent:
    """The monitoring record of one operation: environment, object, process, result."""

    event_id: str
    order_no: str
    step: str
    started_at: datetime
    ended_at: datetime
    result: str  # "ok", "failed", "cancelled"
    device_id: str
    user_id: str
    link: str  # "online", "offline"
    fix: GpsFix | None = None
    objects: dict[str, str] = field(default_factory=dict)  # customer_no, meter, card...
    detail: str = ""
    error: str = ""  # a failed step: what kind of error (its code), for the centre's anomaly figures

    @property
    def duration_s(self) -> float:
        return (self.ended_at - self.started_at).total_seconds()
