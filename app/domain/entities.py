"""The utility's people and assets: companies, teams, users, customers, meters, tariffs, archives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, timezone
from decimal import Decimal
from enum import StrEnum

from app.domain import identifiers

UTILITY_TZ = timezone(timedelta(hours=8), "CST")  # what customers and receipts read (China time)


class Role(StrEnum):
    TECHNICIAN = "technician"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"
    # The utility's metering centre (meter verification, keys, asset records): an account the
    # administration knows, with no work scope yet (its devices receive nothing by sync).
    METERING_CENTRE = "metering_centre"


@dataclass(frozen=True, slots=True)
class Company:
    """A city power supply company (Chengdu, Deyang, Neijiang, Mianyang...)."""

    company_id: str
    name: str
    city: str


@dataclass(frozen=True, slots=True)
class Team:
    team_id: str
    company_id: str
    name: str


@dataclass(frozen=True, slots=True)
class User:
    """Anyone who signs in: a technician, a supervisor (team leader) or an administrator."""

    user_id: str
    name: str
    role: Role
    team_id: str
    company_id: str


TouPoint = tuple[str, int]  # ("07:00", 2): from 07:00 the meter bills tariff 2 (1 sharp ... 4 valley)


@dataclass(frozen=True, slots=True)
class Tariff:
    """A tariff as the marketing system defines it; prices in yuan per kWh."""

    code: str
    name: str
    unit_price: Decimal
    time_of_use: bool = False
    tou_prices: tuple[Decimal, ...] = ()  # sharp, peak, flat, valley when time_of_use
    tou_table: tuple[TouPoint, ...] = ()  # the day's switching points when time_of_use (may be unknown)


@dataclass(frozen=True, slots=True)
class Customer:
    customer_no: str
    name: str
    address: str
    phone: str
    company_id: str
    transformer: str = ""

    def __post_init__(self) -> None:
        identifiers.customer_no(self.customer_no)


@dataclass(frozen=True, slots=True)
class Meter:
    """A meter as the archive knows it."""

    asset_no: str
    address: str
    model: str
    wiring: str = "单相"
    rated_current: str = "5(60)A"
    prepaid: bool = True
    manufacturer: str = ""
    tag_uid: str = ""  # its RFID tag's UID (hex), when the utility tags its meters

    def __post_init__(self) -> None:
        identifiers.asset_no(self.asset_no)
        identifiers.meter_address(self.address)
        if self.tag_uid:
            object.__setattr__(self, "tag_uid", identifiers.tag_uid(self.tag_uid))


@dataclass(frozen=True, slots=True)
class Archive:
    """What the central system holds for one metering point: customer, meter, tariff."""

    customer: Customer
    meter: Meter
    tariff: Tariff
    install_date: date | None = None
    ct_ratio: int = 1
