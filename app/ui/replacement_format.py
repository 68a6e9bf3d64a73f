"""Labelled rows for the replacement screens, translated when shown (values keep their units)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.meter_items import MeterItem as M
from app.ui.replacement_state import FORWARD, REVERSE, TARIFF_DIS, forward_total, latest, relay_closed

if TYPE_CHECKING:
    from app.ui.replacement_state import FlowState

CTX = "Replacement"
KWH = "kWh"
YUAN = QT_TRANSLATE_NOOP("Replacement", "yuan")
PER_KWH = QT_TRANSLATE_NOOP("Replacement", "yuan/kWh")
TARIFF_NAMES = (QT_TRANSLATE_NOOP("Replacement", "Sharp"), QT_TRANSLATE_NOOP("Replacement", "Peak"),
                QT_TRANSLATE_NOOP("Replacement", "Flat"), QT_TRANSLATE_NOOP("Replacement", "Valley"))
MSG = {
    "identified": QT_TRANSLATE_NOOP("Replacement", "Old meter identified: the barcode and the infrared address match the archive."),  # noqa: E501
    "identified_silent": QT_TRANSLATE_NOOP("Replacement", "Faulty meter identified by its label: it does not answer over infrared."),  # noqa: E501
    "read": QT_TRANSLATE_NOOP("Replacement", "Final readings stored. Show them to the customer."),
    "dead": QT_TRANSLATE_NOOP("Replacement", "Recorded: the faulty meter does not answer. The centre settles its final reading."),  # noqa: E501
    "unsigned": QT_TRANSLATE_NOOP("Replacement", "The signature pad is empty: ask the customer to sign, then confirm."),  # noqa: E501
    "confirmed": QT_TRANSLATE_NOOP("Replacement", "Signature and photo of the old meter kept."),
    "confirmed_new": QT_TRANSLATE_NOOP("Replacement", "Signature and photo of the new meter kept."),
    "installed": QT_TRANSLATE_NOOP("Replacement", "New meter installed: its address and first readings are stored."),  # noqa: E501
    "position_first": QT_TRANSLATE_NOOP("Replacement", "Choose where the seal goes first, then scan it."),
    "sealed_one": QT_TRANSLATE_NOOP("Replacement", "Seal %1 recorded."),
    "sealed": QT_TRANSLATE_NOOP("Replacement", "Sealing done."),
    "tariff": QT_TRANSLATE_NOOP("Replacement", "Tariff written and read back: the meter holds these prices."),
    "completed": QT_TRANSLATE_NOOP("Replacement", "Completed. The result uploads at the next sync."),
    "printed": QT_TRANSLATE_NOOP("Replacement", "Receipt printed. Hand it to the customer."),
}
SEAL_POSITIONS = (
    ("terminal_cover", QT_TRANSLATE_NOOP("Replacement", "Terminal cover")),
    ("meter_cover", QT_TRANSLATE_NOOP("Replacement", "Meter cover")),
    ("meter_box", QT_TRANSLATE_NOOP("Replacement", "Meter box door")),
    ("junction_box", QT_TRANSLATE_NOOP("Replacement", "Junction box")),
)


def yuan(fen: object) -> str:
    """Integer fen as yuan with two places ("108.80"), as the screens show money."""
    value = int(fen or 0)  # type: ignore[call-overload]
    return f"{value // 100}.{value % 100:02d}"


def tr(text: object) -> str:
    return QCoreApplication.translate(CTX, str(text))


def _row(label: object, value: object, unit: object = "", big: bool = False) -> dict[str, Any]:
    return {"label": tr(label), "value": str(value), "unit": tr(unit) if unit else "", "big": big}


def _energy_rows(readings: list[dict[str, Any]], dis: tuple[str, ...], total_label: object,
                 tariffs: bool = True) -> list[dict[str, Any]]:
    values = [latest(readings, di) for di in dis]
    if values[0] is None:
        return []
    rows = [_row(total_label, values[0], KWH, big=True)]
    if tariffs:
        rows += [_row(name, v, KWH) for name, v in zip(TARIFF_NAMES, values[1:], strict=True)
                 if v is not None]
    return rows


def reading_rows(readings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The old meter's final reading, as shown to the customer."""
    if not readings:
        return []
    rows = _energy_rows(readings, FORWARD, QT_TRANSLATE_NOOP("Replacement", "Forward active energy, total"))
    rows += _energy_rows(readings, REVERSE, QT_TRANSLATE_NOOP("Replacement", "Reverse active energy, total"),
                         tariffs=False)
    date, time = latest(readings, M.DATE.code), latest(readings, M.TIME.code)
    if date or time:
        rows.append(_row(QT_TRANSLATE_NOOP("Replacement", "Meter date and time"), f"{date or ''} {time or ''}"))  # noqa: E501
    status = latest(readings, M.STATUS_3.code)
    if isinstance(status, int):
        relay = tr(QT_TRANSLATE_NOOP("Replacement", "relay closed")) if relay_closed(status) \
            else tr(QT_TRANSLATE_NOOP("Replacement", "relay open"))
        rows.append(_row(QT_TRANSLATE_NOOP("Replacement", "Status word 3"), f"{status:04X} · {relay}"))
    money = latest(readings, M.REMAINING_MONEY.code)
    if money is not None:
        rows.append(_row(QT_TRANSLATE_NOOP("Replacement", "Remaining money"), money, YUAN, big=True))
    return rows


def new_meter_rows(state: FlowState) -> dict[str, Any]:
    m = state.new_meter
    if not m:
        return {}
    source = QT_TRANSLATE_NOOP("Replacement", "from your stock") if m.get("from_stock") \
        else QT_TRANSLATE_NOOP("Replacement", "assigned by the order")
    rows = [_row(QT_TRANSLATE_NOOP("Replacement", "Asset no."), m["asset_no"]),
            _row(QT_TRANSLATE_NOOP("Replacement", "Meter address (infrared)"), m["address"]),
            _row(QT_TRANSLATE_NOOP("Replacement", "Source"), tr(source))]
    initial = [r for r in state.new_readings if r["di"] not in TARIFF_DIS]
    rows += _energy_rows(initial, FORWARD, QT_TRANSLATE_NOOP("Replacement", "Initial reading, total"))
    date, time = latest(initial, M.DATE.code), latest(initial, M.TIME.code)
    if date or time:
        rows.append(_row(QT_TRANSLATE_NOOP("Replacement", "Meter date and time"), f"{date or ''} {time or ''}"))  # noqa: E501
    total = forward_total(initial)
    return {"assetNo": m["asset_no"], "address": m["address"], "rows": rows,
            "initialTotal": f"{total} {KWH}" if total else ""}


def seal_rows(seals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = dict(SEAL_POSITIONS)
    return [{"sealNo": s["seal_no"], "position": s["position"],
             "positionLabel": tr(names.get(s["position"], s["position"]))} for s in seals]


def tariff_rows(state: FlowState, written: list[str]) -> list[dict[str, Any]]:
    """The prices read back from the new meter after the write (with what was written, if known)."""
    rows = []
    for i, (di, name) in enumerate(zip(TARIFF_DIS, TARIFF_NAMES, strict=True)):
        back = latest(state.new_readings, di)
        if back is None:
            continue
        row = _row(name, back, PER_KWH, big=True)
        row["verified"] = not written or written[i] == str(back)
        if row["verified"]:
            row["label"] += " ✓"
        rows.append(row)
    return rows


def summary_rows(state: FlowState) -> list[dict[str, Any]]:
    photos = sum(1 for a in state.attachments if a["kind"] == "photo")
    signatures = sum(1 for a in state.attachments if a["kind"] == "signature")
    seals = "\n".join(f"{s['positionLabel']} {s['sealNo']}" for s in seal_rows(state.seals))
    new_install = state.order.kind.value == "new_install"  # no old meter
    final = forward_total(state.old_readings)
    old = [] if new_install else [
        _row(QT_TRANSLATE_NOOP("Replacement", "Old meter"), state.order.archive.meter.asset_no),
        _row(QT_TRANSLATE_NOOP("Replacement", "Old meter final reading"), final, KWH, big=True) if final
        else _row(QT_TRANSLATE_NOOP("Replacement", "Old meter final reading"),
                  tr(QT_TRANSLATE_NOOP("Replacement", "Not readable: settled by the centre"))),
    ]
    return [
        *old,
        _row(QT_TRANSLATE_NOOP("Replacement", "New meter"), state.new_meter.get("asset_no", "—")),
        _row(QT_TRANSLATE_NOOP("Replacement", "New meter initial reading"),
             forward_total([r for r in state.new_readings if r["di"] not in TARIFF_DIS]), KWH, big=True),
        _row(QT_TRANSLATE_NOOP("Replacement", "Seals"), seals or "—"),
        _row(QT_TRANSLATE_NOOP("Replacement", "Photos and signature"),
             tr(QT_TRANSLATE_NOOP("Replacement", "%1 photo(s), %2 signature(s)"))
             .replace("%1", str(photos)).replace("%2", str(signatures))),
    ]


def error_heading(exc: BaseException) -> str:
    """A translated one-line heading over the technician's message (which stays as the service wrote it)."""
    from app.domain.errors import ValidationError
    from app.services.card_access import CardAlreadyOpenError, MeterLabelError, NoCardSecurityError
    from app.services.errors import (
        NoAuthorisationError,
        NoTagError,
        SealReusedError,
        StepOrderError,
        TariffMismatchError,
        WrongMeterError,
    )
    from app.services.recharge import BlankCardError, CentreRefusedTaskError, OfflineError, PendingCreditError
    from app.storage.errors import DiskFullError
    from device_drivers.barcode.model import BarcodeError
    from device_drivers.card.errors import (
        CardError,
        CardStateError,
        CardVerificationError,
        NoCardError,
        WrongCardError,
    )
    from device_drivers.errors import DeviceError, DeviceTimeoutError
    from device_drivers.meter.errors import AbnormalReplyError, MeterError
    from device_drivers.printer.errors import PrinterError
    from device_drivers.security.errors import SecurityError
    from signed_commands.errors import CommandError, ExpiredError

    table: list[tuple[type[BaseException], object]] = [
        (DiskFullError, QT_TRANSLATE_NOOP("Replacement", "The handheld's storage is full: nothing was saved. Sync, then delete old photos, and try again")),  # noqa: E501
        (WrongMeterError, QT_TRANSLATE_NOOP("Replacement", "Wrong meter")),
        (OfflineError, QT_TRANSLATE_NOOP("Replacement", "No connection to the centre: nothing was credited. Retry when the signal is back")),  # noqa: E501
        (PendingCreditError, QT_TRANSLATE_NOOP("Replacement", "This card has an earlier purchase it does not hold yet: finish that one first")),  # noqa: E501
        (NoTagError, QT_TRANSLATE_NOOP("Replacement", "No RFID tag was read: hold the handheld against the meter's tag and retry")),  # noqa: E501
        (WrongCardError, QT_TRANSLATE_NOOP("Replacement", "Not this customer's card: nothing was written")),
        (NoCardError, QT_TRANSLATE_NOOP("Replacement", "No card in the reader: insert the customer's card")),
        (BlankCardError, QT_TRANSLATE_NOOP("Replacement", "This card is blank: it must be opened for the customer first")),  # noqa: E501
        (CardAlreadyOpenError, QT_TRANSLATE_NOOP("Replacement", "This card is already open for a customer: recharge it instead")),  # noqa: E501
        (NoCardSecurityError, QT_TRANSLATE_NOOP("Replacement", "No card security module is set up on this handheld: ask the administrator")),  # noqa: E501
        (MeterLabelError, QT_TRANSLATE_NOOP("Replacement", "This is not a meter's asset number: scan the barcode on the meter")),  # noqa: E501
        (CardStateError, QT_TRANSLATE_NOOP("Replacement", "The card's purchases do not follow this one: nothing was written; call the metering centre")),  # noqa: E501
        (CardVerificationError, QT_TRANSLATE_NOOP("Replacement", "The card did not show the credit after writing: keep it in the reader and tap write again")),  # noqa: E501
        (CardError, QT_TRANSLATE_NOOP("Replacement", "Card problem: keep the card in the reader and retry")),
        (SealReusedError, QT_TRANSLATE_NOOP("Replacement", "This seal was already used")),
        (TariffMismatchError, QT_TRANSLATE_NOOP("Replacement", "The tariff was not written correctly")),
        (NoAuthorisationError, QT_TRANSLATE_NOOP("Replacement", "No authorisation for this meter")),
        (ExpiredError, QT_TRANSLATE_NOOP("Replacement", "The authorisation has expired: sync, then retry")),
        (SecurityError, QT_TRANSLATE_NOOP("Replacement", "The authorisation was refused")),
        (CommandError, QT_TRANSLATE_NOOP("Replacement", "The authorisation was refused")),
        (StepOrderError, QT_TRANSLATE_NOOP("Replacement", "Not possible at this step")),
        (ValidationError, QT_TRANSLATE_NOOP("Replacement", "This label cannot be used")),
        (BarcodeError, QT_TRANSLATE_NOOP("Replacement", "No barcode could be read: aim at the label and retry")),  # noqa: E501
        (PrinterError, QT_TRANSLATE_NOOP("Replacement", "Printer problem: the work is saved, retry printing")),  # noqa: E501
        (DeviceTimeoutError, QT_TRANSLATE_NOOP("Replacement", "The meter does not answer: hold the probe on its window and retry")),  # noqa: E501
        (AbnormalReplyError, QT_TRANSLATE_NOOP("Replacement", "The meter refused the operation")),
        (MeterError, QT_TRANSLATE_NOOP("Replacement", "Infrared link problem: retry")),
        (DeviceError, QT_TRANSLATE_NOOP("Replacement", "Device problem")),
    ]
    if isinstance(exc, CentreRefusedTaskError):
        return tr(CENTRE_REFUSALS.get(exc.code, CENTRE_REFUSALS["refused"]))
    for kind, heading in table:
        if isinstance(exc, kind):
            return tr(heading)
    return ""


# The centre's reasons for refusing a prepaid task, by its code (sync.task_client, server/tasks.py).
CENTRE_REFUSALS = {
    "unknown_customer": QT_TRANSLATE_NOOP("Replacement", "The centre's archive has no such customer: nothing was bought"),  # noqa: E501
    "out_of_scope": QT_TRANSLATE_NOOP("Replacement", "This customer belongs to another company: nothing was bought"),  # noqa: E501
    "no_card_keys": QT_TRANSLATE_NOOP("Replacement", "The centre holds no card keys yet: ask the administrator; nothing was bought"),  # noqa: E501
    "token_mismatch": QT_TRANSLATE_NOOP("Replacement", "The centre's credit does not match the purchase: nothing was credited; call the metering centre"),  # noqa: E501
    "purchase_count_used": QT_TRANSLATE_NOOP("Replacement", "The centre already issued this card's next purchase: finish that one first; nothing was bought"),  # noqa: E501
    "not_prepaid": QT_TRANSLATE_NOOP("Replacement", "This meter is not a prepaid meter: it takes no card; nothing was bought"),  # noqa: E501
    "request_reused": QT_TRANSLATE_NOOP("Replacement", "The centre already answered this request for another card: start again with this card"),  # noqa: E501
    "no_parameters": QT_TRANSLATE_NOOP("Replacement", "The centre's answer had no card parameters: nothing was written; the purchase is kept, tap again"),  # noqa: E501
    "refused": QT_TRANSLATE_NOOP("Replacement", "The centre refused this: nothing was written to the card"),
}


def error_text(exc: BaseException) -> str:
    """What the screen says for ``exc``: the translated heading over the service's message, or the
    heading alone where it says everything (a full disk: the English detail would add nothing)."""
    from app.errors import user_message
    from app.services.card_access import CardAlreadyOpenError, MeterLabelError
    from app.services.errors import NoTagError
    from app.services.recharge import BlankCardError, CentreRefusedTaskError, OfflineError, PendingCreditError
    from app.storage.errors import DiskFullError
    from device_drivers.card.errors import CardError

    heading = error_heading(exc)  # the card's own words are the driver's English: the heading says it all
    says_all = (DiskFullError | OfflineError | PendingCreditError | CentreRefusedTaskError | NoTagError
                | BlankCardError | CardAlreadyOpenError | MeterLabelError | CardError)
    if heading and isinstance(exc, says_all):
        return heading
    detail = user_message(exc)
    return f"{heading}\n{detail}" if heading else detail
