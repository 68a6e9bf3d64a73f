"""Performs the sync engine's actions: store calls, HTTP, the timer; publishes SyncStatus.

The runner owns one thread. Every input (link up/down, "sync now", a local
write, the timer) becomes an engine event on a queue; the thread hands it to
:class:`~sync.engine.SyncEngine` and performs the actions it returns, feeding
each outcome back as the next event. Store calls are short transactions of
their own (read the batch; drop the acked rows; apply the changes): none is
open while the request is on the wire, so a kill at any moment leaves the
outbox either untouched (sent again, de-duplicated by the server) or drained.
A damaged outbox row never stops the queue: reading the batch quarantines it and
puts its report in its place under the same seq (:mod:`sync.quarantine`); the status
counts such rows (``damaged``) with a code for the technician's line about them.
A failure of the terminal's own database is reported by code (``local_storage``,
``storage_full``), never with the database's text; a cycle that wrote ends with a
WAL checkpoint (``LocalSyncStore``).

The UI reads :meth:`SyncRunner.status` or registers a listener; listeners are
called on the runner's thread with an immutable :class:`SyncStatus`.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sync.attachments_client import AttachmentUploader, UploadStats
from sync.client_http import NetworkError, ServerError, SyncHttpClient, enrol
from sync.engine import (
    Action,
    AttachmentsDone,
    BatchRead,
    CancelTimer,
    Commit,
    CommitFailed,
    Committed,
    EngineConfig,
    EngineStatus,
    Event,
    FailureKind,
    LinkDown,
    LinkUp,
    OutboxChanged,
    Phase,
    PublishStatus,
    ReadBatch,
    RecordError,
    RecordSuccess,
    SendSync,
    SetTimer,
    Stopped,
    SyncEngine,
    SyncFailed,
    SyncRequested,
    SyncResponded,
    TimerFired,
    UploadAttachments,
)
from sync.enrolment_link import parse_link
from sync.errors import AuthError, LocalStoreError, ProtocolError, SyncError
from sync.store_port import AttachmentPort, Damaged, Identity, IdentityPort, SyncStorePort

log = logging.getLogger(__name__)
SETTLED = frozenset({Phase.IDLE, Phase.OFFLINE, Phase.BACKOFF, Phase.BLOCKED, Phase.STOPPED})


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """A snapshot for the UI's always-visible sync indicator."""

    online: bool
    syncing: bool
    phase: str
    pending: int  # outbox rows not yet acknowledged by the server
    last_success: str  # ISO 8601 UTC of the last complete sync, "" if never
    last_error: str  # "" when the last cycle succeeded
    rejections: int
    # The stable code of the error behind ``last_error`` (sync.errors: e.g. "revoked",
    # "certificate_mismatch", "network", "local_storage", "storage_full"); "" when there is none.
    error_code: str = ""
    # Outbox rows this handheld could not send and quarantined (sync.quarantine), and the code of
    # the line the technician sees about them: "damaged_reported" (the centre has every report),
    # "damaged_waiting" (some report is still to be sent), "" when there are none.
    damaged: int = 0
    damaged_code: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The keys ``app.ui.sync_status_model.SyncStatusModel.update`` takes (and the rest)."""
        return dataclasses.asdict(self)


Listener = Callable[[SyncStatus], None]


class SyncRunner:
    """Runs a :class:`SyncEngine` against a store and a server, on its own thread."""

    def __init__(self, config: EngineConfig, store: SyncStorePort, client: SyncHttpClient,
                 attachments: AttachmentPort | None = None, *, online: bool = True,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.client = client
        self.attachments = attachments
        self.clock = clock
        self.engine = SyncEngine(config, pending=self._count_pending(), online=online)
        self._events: queue.Queue[Event] = queue.Queue()
        self._deadline: tuple[float, str, int] | None = None  # monotonic time, timer name, token
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._settled = threading.Condition(self._lock)
        self._last_success = store.last_success()
        self._error_code = ""
        self._damaged = self._count_damaged()
        self._busy = False
        self._status = self._snapshot(self.engine.status())
        self._thread: threading.Thread | None = None
        self.cycles = 0  # sync requests sent (for tests and benchmarks)
        self.upload_stats = UploadStats()  # attachment bytes put on the wire

    # -- the public, thread-safe surface ------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="sync-runner", daemon=True)
            self._thread.start()
            if self.engine.online:
                self.post(LinkUp())

    def stop(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            self.post(Stopped())
            self._thread.join(timeout)
            self._thread = None
        self.client.close()

    def sync_now(self) -> None:
        self.post(SyncRequested())

    def link_up(self) -> None:
        self.post(LinkUp())

    def link_down(self) -> None:
        self.post(LinkDown())

    def outbox_changed(self) -> None:
        self.post(OutboxChanged(self.store.pending_count()))

    def post(self, event: Event) -> None:
        self._events.put(event)

    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def wait_settled(self, timeout: float) -> SyncStatus:
        """Block until no cycle is in flight and nothing is queued (tests, CLI, benchmarks)."""
        deadline = time.monotonic() + timeout
        with self._settled:
            while not (self._status.phase in SETTLED and self._events.empty() and not self._busy):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"sync still {self._status.phase} after {timeout:.0f} s")
                self._settled.wait(left)
            return self._status

    # -- the thread -------------------------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            event = self._next_event()
            if event is None:
                continue
            with self._lock:
                self._busy = True
            try:
                self._dispatch(event)
            except Exception:  # a bug: keep the thread (and the UI's status) alive
                log.exception("sync runner failed on %s", type(event).__name__)
            finally:
                with self._settled:
                    self._busy = False
                    self._settled.notify_all()
            if isinstance(event, Stopped):
                return

    def _next_event(self) -> Event | None:
        timeout = None
        if self._deadline is not None:
            timeout = max(0.0, self._deadline[0] - time.monotonic())
        try:
            return self._events.get(timeout=timeout)
        except queue.Empty:
            assert self._deadline is not None
            _, name, token = self._deadline
            self._deadline = None
            return TimerFired(name, token)

    def _dispatch(self, event: Event) -> None:
        pending: list[Event] = [event]
        while pending:
            actions = self.engine.handle(pending.pop(0))
            for action in actions:
                follow = self._perform(action)
                if follow is not None:
                    pending.append(follow)

    def _perform(self, action: Action) -> Event | None:
        match action:
            case ReadBatch(limit):
                try:
                    batch = self.store.read_batch(limit)
                except Exception as exc:
                    return self._local_failure("could not read the local outbox", exc)
                finally:
                    self._damaged = self._count_damaged()  # a read may quarantine damaged rows
                return BatchRead(batch.mutations, batch.cursor, batch.pending)
            case SendSync():
                self.cycles += 1
                return self._send(action)
            case Commit():
                return self._commit(action)
            case UploadAttachments():
                return self._upload()
            case SetTimer(name, delay_s, token):
                self._deadline = (time.monotonic() + delay_s, name, token)
            case CancelTimer():
                self._deadline = None
            case RecordSuccess():
                self._last_success = self._now_iso()
                self._safe(self.store.record_success, self._last_success)
                self._publish(self.engine.status())
            case RecordError(message):
                log.warning("sync failed: %s", message)
                self._safe(self.store.record_error, message)
            case PublishStatus(status):
                self._publish(status)
        return None

    def _send(self, action: SendSync) -> Event:
        try:
            answer = SyncResponded(self.client.sync(action.request))
        except SyncError as exc:
            self._error_code = exc.code
            return SyncFailed(_kind_of(exc), str(exc))
        except Exception as exc:  # a bug must not kill the thread: report it and back off
            log.exception("unexpected failure during sync")
            self._error_code = "protocol"
            return SyncFailed("protocol", f"unexpected error: {exc}")
        self._error_code = ""
        return answer

    def _commit(self, action: Commit) -> Event:
        try:
            pending = self.store.complete_through(action.acked_through)
            self.store.apply_changes(action.changes, action.cursor)
            if action.rejections:
                self.store.record_rejections(action.rejections)
        except Exception as exc:
            return self._local_failure("could not store the server's answer", exc)
        finally:
            self._damaged = self._count_damaged()  # reports acknowledged
        return Committed(pending)

    def _local_failure(self, what: str, exc: Exception) -> Event:
        """The terminal's own store failed: a coded error, never the database's text on screen."""
        if isinstance(exc, SyncError):  # the port's LocalStoreError: its message is already clean
            self._error_code = exc.code
            return CommitFailed(str(exc))
        log.exception("%s", what)
        self._error_code = LocalStoreError.code
        return CommitFailed(f"{what} (the handheld's database failed); will retry")

    def _count_pending(self) -> int:
        """At start: a store that cannot count still gets a runner (its first cycle says why)."""
        try:
            return self.store.pending_count()
        except Exception:
            log.exception("could not count the outbox")
            return 0

    def _count_damaged(self) -> Damaged:
        try:
            return self.store.damaged()
        except Exception:
            log.exception("could not count the damaged outbox rows")
            return getattr(self, "_damaged", Damaged())

    def _upload(self) -> Event:
        if self.attachments is None:
            return AttachmentsDone()
        try:
            AttachmentUploader(self.client, self.attachments, stats=self.upload_stats).upload_all()
        except Exception as exc:
            log.warning("attachment upload failed: %s", exc)
            return AttachmentsDone(str(exc) or type(exc).__name__)
        return AttachmentsDone()

    def _publish(self, status: EngineStatus) -> None:
        snapshot = self._snapshot(status)
        with self._lock:
            self._status = snapshot
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(snapshot)
            except Exception:
                log.exception("sync status listener failed")

    def _snapshot(self, status: EngineStatus) -> SyncStatus:
        damaged = self._damaged
        return SyncStatus(status.online, status.syncing, str(status.phase), status.pending,
                          self._last_success, status.last_error, status.rejections,
                          self._error_code if status.last_error else "", damaged.total, damaged.code)

    def _now_iso(self) -> str:
        return datetime.fromtimestamp(self.clock(), UTC).isoformat(timespec="seconds")

    @staticmethod
    def _safe(fn: Callable[[str], None], arg: str) -> None:
        try:
            fn(arg)
        except Exception:
            log.exception("could not record the sync outcome")


def _kind_of(exc: SyncError) -> FailureKind:
    if isinstance(exc, NetworkError):
        return "network"
    if isinstance(exc, AuthError):
        return "auth"
    if isinstance(exc, ProtocolError):
        return "protocol"
    if isinstance(exc, ServerError):
        return "server"
    return "server"


class TerminalStore(SyncStorePort, AttachmentPort, IdentityPort, Protocol):
    """Everything the runner needs from the terminal's store (``sync.local_store.LocalSyncStore``)."""


def enrol_device(store: IdentityPort, base_url: str, code: str, device_name: str,
                 fingerprint: str = "", *, insecure_ok: bool = False) -> Identity:
    """Exchange a one-time code for this terminal's identity and keep it in the store.

    Enrolment delivers the device secret and the key that verifies every credit token and
    meter authorisation, so it is refused unless the server is reached over https with a pin
    (``fingerprint``: the link's, see :mod:`sync.tls_trust`; ``insecure_ok`` is for tests and
    benchmarks on loopback only).
    The identity also names who the terminal now belongs to (user, team, company).

    Raises :class:`SyncError` code "insecure" (no https or no fingerprint), or what
    :func:`sync.client_http.enrol` raises: :class:`~sync.errors.EnrolmentError` ("bad_code",
    "code_used", "code_expired"), :class:`~sync.errors.PinningError` ("certificate_mismatch"),
    :class:`~sync.errors.NetworkError` ("network").
    """
    if not insecure_ok and not (base_url.startswith("https://") and fingerprint):
        raise SyncError("enrolment needs the server's https address and its certificate "
                        "fingerprint (ask the administrator for both)", code="insecure")
    reply = enrol(base_url, code, device_name, fingerprint)
    identity = Identity(reply.device_id, reply.secret, reply.user_id, reply.role, reply.command_key,
                        base_url, fingerprint, reply.user_name, reply.team_id, reply.team_name,
                        reply.company_id)
    store.save_identity(identity)
    return identity


def enrol_from_link(store: IdentityPort, link_text: str, device_name: str) -> Identity:
    """Enrol with the text of a scanned enrolment QR code (:mod:`sync.enrolment_link`).

    Raises :class:`~sync.enrolment_link.EnrolmentLinkError` for a bad link, else as
    :func:`enrol_device`."""
    link = parse_link(link_text)
    return enrol_device(store, link.url, link.code, device_name, fingerprint=link.fingerprint)


def build_runner(store: TerminalStore, config: EngineConfig | None = None, **kwargs: Any) -> SyncRunner:
    """A runner for an enrolled terminal (raises :class:`SyncError` if it is not enrolled)."""
    client = signed_client(store)
    return SyncRunner(config or EngineConfig(client.device_id), store, client, store, **kwargs)


def signed_client(store: TerminalStore) -> SyncHttpClient:
    """The enrolled terminal's pinned, signed session (raises :class:`SyncError` if not enrolled);
    the server's signed pin sets it adopts are kept with the identity."""
    identity = store.identity()
    if identity is None:
        raise SyncError("this terminal is not enrolled yet: scan the enrolment code from the administrator",
                        code="not_enrolled")
    device_id = identity.device_id

    def keep_pins(pins: tuple[str, ...]) -> None:
        current = store.identity()
        if current is not None and current.device_id == device_id:
            store.save_identity(dataclasses.replace(current, server_pins=pins))

    return SyncHttpClient(identity.server_url, identity.device_id, identity.secret, identity.pins,
                          command_key=identity.command_key, on_pins=keep_pins)
