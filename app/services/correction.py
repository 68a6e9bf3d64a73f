"""Writing the centre's correction to the inspected meter: show, write, read back, report.

The correction (``signed_commands.correction``) is opened with the server's command key before
anything is sent: our server's, within its window, for the meter under the probe. The values are
written through the security module with the write authorisation that came with it, then read
back and compared. What was written and read back goes to the centre (``correction_result``)
whether it held or not: a refused or mismatched write is reported, never hidden.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.domain.entities import UTILITY_TZ
from app.domain.meter_items import PRICES, MeterItem
from app.services.errors import ServiceError
from app.services.guided_flow import GuidedFlow
from app.services.meter_authorisations import authorisation_for
from app.storage.commands import CommandRepo
from device_drivers.errors import DeviceError
from device_drivers.meter.secure import SecureSession
from signed_commands.correction import KIND, MeterCorrection, open_correction

CLOCK_DI = MeterItem.CLOCK  # date and time, written as one item (class 2)
TOU_DI = MeterItem.TOU_DAY  # the day's switching points (first set, day table 1; class 2)
CLOCK_SLACK = timedelta(seconds=60)
DONE = "correction_done"  # the local record of a correction written (not offered again)


class CorrectionFailedError(ServiceError):
    """The meter refused the write, or holds other values after it (reported to the centre)."""


def pending(flow: GuidedFlow, command_key: bytes) -> MeterCorrection | None:
    """The centre's newest correction for this order, opened (None: none, or already written).
    Raises the command's error if it is not our server's, expired, or for another meter."""
    if flow.records.local(flow.order_no, DONE) is not None:
        return None
    found = CommandRepo(flow.store).for_order(flow.order_no, KIND)
    if not found:
        return None
    key = Ed25519PublicKey.from_public_bytes(command_key)
    return open_correction(found[0], key, now=flow.clock().timestamp(),
                           meter_address=flow.order().archive.meter.address)


def write(flow: GuidedFlow, correction: MeterCorrection) -> dict[str, Any]:
    """Write ``correction``, read back, report; raises :class:`CorrectionFailedError` after
    reporting a write that was refused or did not hold."""
    address = correction.meter_address
    auth = authorisation_for(CommandRepo(flow.store), flow.order_no, address)
    written: dict[str, str] = {}
    back: dict[str, str] = {}
    problem = ""
    with flow.recorder.step(flow.order_no, "correct", meter=address) as op:
        try:
            with flow.devices.meter(address) as client:
                session = SecureSession(client, flow.devices.meter_security, auth)
                session.ir_authenticate()
                session.identity_authenticate()
                for di, price in zip(PRICES, correction.prices, strict=False):
                    session.write(di, Decimal(price))
                    written[di.code] = price
                if correction.tou_table:
                    session.write(TOU_DI, correction.tou_table)
                    written[TOU_DI.code] = ";".join(correction.tou_table)
                if correction.set_clock:
                    now = datetime.now(UTILITY_TZ).replace(tzinfo=None, microsecond=0)
                    session.write(CLOCK_DI, now)
                    written[CLOCK_DI.code] = now.isoformat()
                for v in client.read_many([*PRICES[:len(correction.prices)],
                                           *([TOU_DI] if correction.tou_table else []),
                                           *([CLOCK_DI] if correction.set_clock else [])]):
                    back[v.code] = _text(v.value)
        except DeviceError as exc:
            problem = f"the meter refused the correction: {exc}"
        problem = problem or _mismatch(written, back)
        report = {"order_no": flow.order_no, "rules": list(correction.rules), "ok": not problem,
                  "written": written, "read_back": back, "problem": problem,
                  "at": datetime.now(UTC).isoformat()}
        op.detail = problem or f"{len(written)} values written and read back"
        with flow.store.transaction():  # the report is kept whatever happened
            flow.records.save_report(flow.order_no, "correction_result", report)
            if not problem:
                flow.records.keep_local(flow.order_no, DONE, report)
        if problem:  # recorded as a failed step, shown to the technician
            raise CorrectionFailedError(problem + ": the centre is told")
    return report


def _text(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):  # switching points
        return ";".join(str(v) for v in value)
    return str(value)


def _mismatch(written: dict[str, str], back: dict[str, str]) -> str:
    for di, value in written.items():
        got = back.get(di)
        if di == CLOCK_DI.code:
            if got is None or abs(datetime.fromisoformat(got) - datetime.fromisoformat(value)) > CLOCK_SLACK:
                return f"the meter's clock reads {got} after writing {value}"
        elif di == TOU_DI.code:
            if got != value:
                return f"the meter's switching points read {got} after writing {value}"
        elif got is None or Decimal(got) != Decimal(value):
            return f"{di} reads back {got}, not {value}"
    return ""
