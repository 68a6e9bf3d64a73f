"""The names of what crosses the wire, in one place.

Up (terminal -> server, :class:`~sync.protocol.Mutation` ``entity``), each payload
is ``app.domain.serialize.to_record`` of the named domain type, or the dict shown:

- ``order_event``: ``{"order_no", "event", "status", "step", "at"}`` a lifecycle or step event
- ``reading``: ``Reading``;  ``seal``: ``Seal``;  ``gps_fix``: ``{"order_no", **GpsFix}``
- ``attachment``: ``Attachment`` (metadata; the bytes go through the attachment endpoint)
- ``operation_event``: ``OperationEvent``;  ``card_txn``: ``CardTransaction``
- ``meter_install``: ``MeterInstallation`` (the meter a replacement put in)
- ``work_result``: the completed order's record (new archive for a replacement, etc.)
- ``quarantine``: the report of an outbox row the terminal could not send (unreadable, or not
  encodable for the wire), sent under the damaged row's own seq (:mod:`sync.quarantine`):
  ``{"seq", "reason", "detail", "entity", "entity_id", "op", "at", "order_hint", "raw_b64",
  "raw_size", "raw_sha256", "truncated"}``. The server stores it, does not apply it, and
  answers with a rejection coded :data:`DAMAGED` that raises a flag for the supervisor.

- ``correction_result``: ``{"order_no", "rules", "ok", "written", "read_back", "at"}`` what the
  handheld wrote for a centre's correction (``signed_commands.correction``) and read back.

Down (server -> terminal, :class:`~sync.protocol.Change` ``entity``):

- ``work_order``: ``WorkOrder`` (with its embedded archive)
- ``user``: ``User``;  ``team``: ``Team``;  ``company``: ``Company``
- ``stock_meter``: ``{"tech_id", **Meter}`` a new meter in the technician's stock (a delete: used
  on an order, or returned to the warehouse)
- ``stock_seal``: ``{"tech_id", "seal_no"}`` a seal in the technician's stock (likewise)
- ``command``: ``{"kind", "order_no", "data"}`` with ``data`` a server-signed command
  (``signed_commands.envelope``) as bytes: authorisations, credit tokens, corrections
- ``flag``: ``{"order_no", "code", "message"}`` a supervisor-visible problem with this device's work
- ``result``: a completed order's ``work_result``, for the supervisors of its team
"""

from __future__ import annotations

QUARANTINE = "quarantine"
DAMAGED = "damaged"  # the rejection code that acknowledges a quarantine report (not a refusal)

UP_ENTITIES = frozenset({"order_event", "reading", "seal", "gps_fix", "attachment",
                         "operation_event", "card_txn", "meter_install", "work_result", "correction_result",
                         QUARANTINE})
DOWN_ENTITIES = frozenset({"work_order", "user", "team", "company", "stock_meter", "stock_seal", "command",
                           "flag", "result"})
