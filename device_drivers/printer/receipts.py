"""The customer's receipts, as ESC/POS bytes built with python-escpos.

Chinese ESC/POS printers print GB18030 (GBK) double-byte text after ``FS &``
(Chinese character mode); python-escpos's code-page text path knows no Chinese,
so text is encoded here and sent raw, and escpos supplies the commands (init,
styles, native QR, cut). Layout is for a 58 mm roll: 32 columns, a CJK
character taking two.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from device_drivers.printer.errors import PrinterError

COLUMNS = 32
CHINESE_MODE_ON = b"\x1c&"
ISSUER = "国网四川省电力公司"


@dataclass(frozen=True, slots=True)
class RechargeReceipt:
    """A prepaid recharge (购电) at the customer's door."""

    transaction_id: str
    customer_no: str
    customer_name: str
    meter_asset_no: str
    amount_yuan: Decimal
    purchase_count: int
    balance_yuan: Decimal
    time: datetime
    technician: str


@dataclass(frozen=True, slots=True)
class SealEntry:
    seal_no: str
    position: str


@dataclass(frozen=True, slots=True)
class ReplacementReceipt:
    """A meter installed (换表, 故障换表, 新装): the old meter's final reading (none on a new
    installation, ``None`` when a faulty meter no longer answers), the new meter and its seals."""

    order_no: str
    customer_no: str
    customer_name: str
    old_meter_asset_no: str  # "": a new installation, no old meter
    old_final_reading_kwh: Decimal | None  # None: the faulty meter could not be read
    new_meter_asset_no: str
    new_start_reading_kwh: Decimal
    seals: tuple[SealEntry, ...]
    time: datetime
    technician: str
    title: str = "换表回执"


def display_width(text: str) -> int:
    """Columns ``text`` takes on the printer: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pair(label: str, value: str, columns: int = COLUMNS) -> str:
    """``label`` left and ``value`` right on one line, or value on its own line when too long."""
    gap = columns - display_width(label) - display_width(value)
    if gap >= 1:
        return label + " " * gap + value
    return label + "\n" + " " * max(columns - display_width(value), 0) + value


class _Job:
    """python-escpos's Dummy printer plus GB18030 text."""

    def __init__(self) -> None:
        # python-escpos loads its printer profiles on import (about 0.5 s): only when printing.
        from escpos.printer import Dummy

        self.p = Dummy()
        self.p.hw("INIT")
        self.p._raw(CHINESE_MODE_ON)

    def line(self, text: str = "") -> None:
        try:
            self.p._raw(text.encode("gb18030") + b"\n")
        except UnicodeEncodeError as exc:  # gb18030 covers all of Unicode but lone surrogates
            raise PrinterError(f"cannot print {text!r}: {exc.reason}") from exc

    def title(self, text: str) -> None:
        self.p.set(align="center", bold=True, double_height=True, double_width=True)
        self.line(text)
        self.p.set(align="left", bold=False, normal_textsize=True)

    def rule(self) -> None:
        self.line("-" * COLUMNS)

    def qr(self, data: str) -> None:
        self.p.set(align="center")
        self.p.qr(data, native=True, size=6)
        self.p.set(align="left")
        self.line()

    def finish(self) -> bytes:
        self.p.cut()
        return bytes(self.p.output)


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))} 元"


def recharge_bytes(r: RechargeReceipt) -> bytes:
    """ESC/POS bytes of a recharge receipt, with a QR code of the transaction id."""
    job = _Job()
    job.p.set(align="center")
    job.line(ISSUER)
    job.title("购电凭证")
    job.rule()
    job.line(pair("户号", r.customer_no))
    job.line(pair("户名", r.customer_name))
    job.line("电能表资产号")
    job.line(" " * (COLUMNS - len(r.meter_asset_no)) + r.meter_asset_no)
    job.rule()
    job.p.set(bold=True)
    job.line(pair("购电金额", _money(r.amount_yuan)))
    job.p.set(bold=False)
    job.line(pair("购电次数", str(r.purchase_count)))
    job.line(pair("剩余金额", _money(r.balance_yuan)))
    job.line(pair("交易时间", r.time.strftime("%Y-%m-%d %H:%M:%S")))
    job.line(pair("操作员", r.technician))
    job.line(pair("流水号", r.transaction_id))
    job.rule()
    job.qr(r.transaction_id)
    job.p.set(align="center")
    job.line("请妥善保管此凭证")
    return job.finish()


def replacement_bytes(r: ReplacementReceipt) -> bytes:
    """ESC/POS bytes of a meter-replacement receipt, with a line for the customer to sign."""
    job = _Job()
    job.p.set(align="center")
    job.line(ISSUER)
    job.title(r.title)
    job.rule()
    job.line(pair("工单号", r.order_no))
    job.line(pair("户号", r.customer_no))
    job.line(pair("户名", r.customer_name))
    job.rule()
    if r.old_meter_asset_no:
        job.line("旧表资产号")
        job.line(" " * (COLUMNS - len(r.old_meter_asset_no)) + r.old_meter_asset_no)
        job.p.set(bold=True)
        final = "无法抄读" if r.old_final_reading_kwh is None else f"{r.old_final_reading_kwh} kWh"
        job.line(pair("旧表止度", final))
        job.p.set(bold=False)
    job.line("新表资产号")
    job.line(" " * (COLUMNS - len(r.new_meter_asset_no)) + r.new_meter_asset_no)
    job.line(pair("新表起度", f"{r.new_start_reading_kwh} kWh"))
    job.rule()
    job.line("封印")
    for seal in r.seals:
        job.line(pair(seal.position, seal.seal_no))
    job.rule()
    when = "换表时间" if r.old_meter_asset_no else "装表时间"
    job.line(pair(when, r.time.strftime("%Y-%m-%d %H:%M:%S")))
    job.line(pair("操作员", r.technician))
    job.line()
    job.line("客户签字: ______________")
    return job.finish()
