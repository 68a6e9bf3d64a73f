"""The wire protocol, shared by the terminal and the central server.

One sync cycle is ONE request: the device pushes a batch of its outbox
(:class:`Mutation`, numbered by a device-local sequence) and its cursor; the
server answers with the highest sequence it has durably stored
(``acked_through``), per-mutation rejections, the changes since the cursor that
the device may see (:class:`Change`), and the new cursor. Every request is
idempotent: the server de-duplicates mutations by ``(device_id, seq)``, and a
replayed pull returns the same changes again.

Encoding: MessagePack (msgspec, structs as arrays) compressed with zstd, under
content type :data:`CONTENT_TYPE`. Every body starts with the protocol and
schema versions. Requests are authenticated and integrity-protected by the
headers in :data:`AUTH_HEADERS` (HMAC-SHA256 with the device's secret over
method, path, timestamp, nonce and the body's SHA-256), inside TLS.

Limits: every request field has a range declared on its struct (``msgspec.Meta``), checked
when the message is decoded, so both ends share one definition; a frame is decompressed
once, streaming, and refused as soon as it would exceed the caller's limit (a frame that
declares a larger size is refused before any work). A mutation's own strings and payload
are checked by :func:`mutation_problem`: the server stores a mutation outside them as an
``invalid`` rejection rather than refusing the request, since a device resends a refused
request forever. Every failure is a :class:`~sync.errors.ProtocolError`.

Attachments (photos, signatures) travel separately, content-addressed by
SHA-256, in chunks of at most :data:`CHUNK_SIZE` bytes that resume from the
last byte the server confirmed; the server shows an attachment only once it is
complete and its hash verified.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec
import zstandard
from msgspec import Meta

from sync.errors import MessageTooLargeError, ProtocolError, VersionError

PROTOCOL_VERSION = 1
SCHEMA_VERSION = 1
CONTENT_TYPE = "application/vnd.meterfield+msgpack+zstd"
CHUNK_SIZE = 32 * 1024
MAX_BATCH = 500  # mutations per request
MAX_CHANGES = 5000  # changes a device may ask for in one answer (the server's page limit)
MAX_MESSAGE = 64 * 1024 * 1024  # decompressed bytes of any message, unless the caller says less
MAX_INT64 = 2**63 - 1  # sequence numbers and cursors are stored as signed 64-bit integers

# Value ranges on the wire (checked by decode(); an encoder does not check them).
Seq = Annotated[int, Meta(ge=1, le=MAX_INT64)]  # the terminal's outbox rowid (SQLite AUTOINCREMENT)
Cursor = Annotated[int, Meta(ge=0, le=MAX_INT64)]
DeviceId = Annotated[str, Meta(max_length=40)]  # the server issues "D" + 16 hex digits
EnrolCode = Annotated[str, Meta(max_length=64)]  # 12 code letters, with dashes or blanks
MAX_DEVICE_NAME = 100
DeviceName = Annotated[str, Meta(max_length=MAX_DEVICE_NAME)]
# Per-mutation limits (the server's columns); see mutation_problem().
MUTATION_LIMITS = {"entity": 40, "entity_id": 100, "op": 20, "at": 40}
MAX_PAYLOAD_BYTES = 1024 * 1024  # one mutation's packed payload (a long job's GPS trail is ~150 KB)

# HTTP surface (paths relative to the server's base URL)
PATH_SYNC = "/v1/sync"
PATH_ENROL = "/v1/enrol"
PATH_ATTACHMENT = "/v1/attachments/{sha256}"  # HEAD: confirmed offset; PUT ?offset=N: a chunk
PATH_TASK_REQUEST = "/v1/tasks"  # a prepaid task the terminal asks the centre to create
PATH_TLS_CHAIN = "/v1/tls/chain"  # GET, open: the server's certificate chain (PEM), for CA pins

# Request authentication headers
H_DEVICE = "X-MF-Device"
H_TIME = "X-MF-Time"  # Unix seconds
H_NONCE = "X-MF-Nonce"  # 16 hex digits, never reused within the time window
H_SIG = "X-MF-Sig"  # hex HMAC-SHA256(secret, method \n path \n time \n nonce \n sha256(body))
AUTH_HEADERS = (H_DEVICE, H_TIME, H_NONCE, H_SIG)
CLOCK_WINDOW_S = 600


class Mutation(msgspec.Struct, frozen=True, array_like=True):
    """One outbox row: a change the device made, sent until the server acks it."""

    seq: Seq  # device-local, strictly increasing from 1
    entity: str  # e.g. "reading", "seal", "order_step", "operation_event", "card_txn"
    entity_id: str
    op: str  # "upsert" or "event"
    payload: dict[str, Any]
    at: str  # ISO 8601 time on the device


class Change(msgspec.Struct, frozen=True, array_like=True):
    """One entry of the server's change log that this device may see."""

    cursor: int  # position in the server's append-only log
    entity: str  # e.g. "work_order", "archive", "user", "command", "attachment_ref"
    entity_id: str
    op: str  # "upsert" or "delete"
    payload: dict[str, Any]


class Rejection(msgspec.Struct, frozen=True, array_like=True):
    """A mutation the server stored but did not apply (kept for a supervisor, never dropped)."""

    seq: int
    code: str  # e.g. "reassigned", "illegal_transition", "invalid"
    message: str


class SyncRequest(msgspec.Struct, frozen=True, array_like=True):
    protocol: int
    schema: int
    device_id: DeviceId
    cursor: Cursor  # the last change the device has applied (0 = nothing yet)
    mutations: Annotated[list[Mutation], Meta(max_length=MAX_BATCH)]
    max_changes: Annotated[int, Meta(ge=1, le=MAX_CHANGES)] = 2000
    tls_pins: Annotated[str, Meta(max_length=64)] = ""  # tls_trust.pin_set_digest of the device's pins


class SyncResponse(msgspec.Struct, frozen=True, array_like=True):
    protocol: int
    schema: int
    acked_through: int  # every mutation with seq <= this is durably stored on the server
    rejections: list[Rejection]
    changes: list[Change]
    cursor: int  # the device's new cursor
    more: bool  # more changes are waiting: sync again at once
    server_time: int  # Unix seconds
    # The TLS pins the server accepts, when the device holds others: a signed command of kind
    # signed_commands.kinds.TLS_PINS (the signed format); b"" otherwise.
    tls_pins: bytes = b""


class EnrolRequest(msgspec.Struct, frozen=True, array_like=True):
    protocol: int
    code: EnrolCode  # the one-time enrolment code issued by an administrator
    device_name: DeviceName


class EnrolResponse(msgspec.Struct, frozen=True, array_like=True):
    protocol: int
    device_id: str
    secret: bytes  # the device's HMAC key (kept in the terminal's store, never sent again)
    user_id: str
    role: str
    command_key: bytes  # the server's Ed25519 public key for signed commands (raw 32 bytes)
    # Who the terminal now belongs to (added after v1 shipped: trailing, with defaults, so an
    # older peer's shorter array still decodes).
    user_name: str = ""
    team_id: str = ""  # "" for an administrator or a regional supervisor
    team_name: str = ""
    company_id: str = ""


# Prepaid tasks the terminal asks the centre for (PATH_TASK_REQUEST; server/tasks.py answers).
MAX_AMOUNT_FEN = 10_000_000  # 100,000 yuan: far above any one payment at a customer's door
MAX_PURCHASE_COUNT = 0xFFFFFFFF  # the card's purse count is a u32 (signed_commands.credit_token)


class TaskRequest(msgspec.Struct, frozen=True, array_like=True):
    protocol: int
    # chosen by the device; the same id always returns the same order
    request_id: Annotated[str, Meta(min_length=1, max_length=64)]
    kind: Annotated[str, Meta(max_length=32)]  # open_card, write_card, recharge, recharge_repair
    customer_no: Annotated[str, Meta(max_length=16)]
    amount_fen: Annotated[int, Meta(ge=0, le=MAX_AMOUNT_FEN)] = 0  # recharge: the payment, in fen
    # recharge: the card's purchase count the credit must follow
    purchase_count: Annotated[int, Meta(ge=0, le=MAX_PURCHASE_COUNT)] = 0
    note: Annotated[str, Meta(max_length=500)] = ""
    card_serial: Annotated[str, Meta(max_length=16)] = ""  # the card in the reader (16 hex digits)
    # a purchase: how the customer paid ("cash", or "qr" with the payment's reference), for the ledger
    payment_method: Annotated[str, Meta(max_length=16)] = ""
    payment_reference: Annotated[str, Meta(max_length=64)] = ""
    # open card: the customer found by the meter's scanned asset number (customer_no left empty)
    meter_asset_no: Annotated[str, Meta(max_length=32)] = ""
    # repair: what the card says (its balance) and its return-write file (the meter's count), -1: unread
    card_balance_fen: Annotated[int, Meta(ge=-1, le=MAX_PURCHASE_COUNT)] = -1
    meter_count: Annotated[int, Meta(ge=-1, le=MAX_PURCHASE_COUNT)] = -1


class TaskResponse(msgspec.Struct, frozen=True, array_like=True):
    protocol: int
    order: dict[str, Any]  # app.domain.serialize.to_record(WorkOrder)
    # a purchase (recharge, open card with a payment, a repair's re-issue): a signed credit-token
    command: bytes | None = None
    card_parameters: bytes | None = None  # open card, write card: signed card-parameters
    # repair: the centre's decision (server.card_tasks.REPAIR_DECISIONS), the last purchase it issued
    # for the card, and the order of the purchase the command credits again
    decision: Annotated[str, Meta(max_length=32)] = ""
    issued_count: int = 0
    credits_order: Annotated[str, Meta(max_length=64)] = ""


class ErrorBody(msgspec.Struct, frozen=True, array_like=True):
    code: str
    message: str


M = TypeVar("M", bound=msgspec.Struct)
_ENCODER = msgspec.msgpack.Encoder()
_COMPRESS_LEVEL = 19

# Extension: a zstd dictionary shared by both ends, trained on the demo utility's sync messages
# (benches/build_sync_dictionary.py). A frame names the dictionary it was compressed with (zstd's
# dictionary id), so decode() reads frames with or without it. encode() uses it only when asked
# (``dictionary=True``): the terminal does for its requests; a server replies with it when the
# request used it (``used_dictionary(body)``), so older peers keep working.
DICTIONARY_PATH = Path(__file__).resolve().parents[1] / "resources" / "sync" / "zstd-dict-v1.bin"


@cache
def _dictionary() -> zstandard.ZstdCompressionDict | None:
    try:
        shared = zstandard.ZstdCompressionDict(DICTIONARY_PATH.read_bytes())
    except OSError:
        return None
    shared.precompute_compress(level=_COMPRESS_LEVEL)
    return shared


def encode(message: msgspec.Struct, *, dictionary: bool = False) -> bytes:
    """Serialise and compress a message for the wire (with the shared dictionary if asked)."""
    # A compressor per call: they are not safe to share between threads (the server's pool).
    shared = _dictionary() if dictionary else None
    compressor = zstandard.ZstdCompressor(level=_COMPRESS_LEVEL, dict_data=shared)
    return compressor.compress(_ENCODER.encode(message))


def used_dictionary(data: bytes) -> bool:
    """Was this frame compressed with the shared dictionary (so the peer can read replies with it)?"""
    shared = _dictionary()
    try:
        return shared is not None and zstandard.get_frame_parameters(data).dict_id == shared.dict_id()
    except zstandard.ZstdError:
        return False


def _window(limit: int) -> int:
    # The window never needs to exceed the message: encode() writes single-segment frames whose
    # window is their content size. Capping it bounds the decoder's own buffer by ``limit`` too.
    return max(limit, 1 << 10)  # zstd's smallest window


def _decompressor(dict_id: int, limit: int) -> zstandard.ZstdDecompressor:
    window = _window(limit)
    if dict_id == 0:
        return zstandard.ZstdDecompressor(max_window_size=window)
    shared = _dictionary()
    if shared is None or shared.dict_id() != dict_id:
        raise ProtocolError(f"compressed with dictionary {dict_id}, which this build does not have")
    return zstandard.ZstdDecompressor(dict_data=shared, max_window_size=window)


def decompress(data: bytes, limit: int = MAX_MESSAGE) -> bytes:
    """The MessagePack inside one frame, with or without the shared dictionary.

    Streaming, with a hard limit: at most ``limit + 1`` bytes are ever produced, and a frame
    whose header declares more than ``limit`` is refused before any work. Raises
    :class:`~sync.errors.MessageTooLargeError` when the content exceeds ``limit``, and
    :class:`~sync.errors.ProtocolError` for anything else (not zstd, truncated, several
    frames, an unknown dictionary)."""
    try:
        params = zstandard.get_frame_parameters(data)
    except zstandard.ZstdError as exc:
        raise ProtocolError(f"the message is not a zstd frame ({exc})") from None
    declared = params.content_size
    known = declared != zstandard.CONTENTSIZE_UNKNOWN
    if known and declared > limit:
        raise MessageTooLargeError(f"the message declares {declared} bytes; at most {limit} are "
                                   "accepted here")
    if params.window_size > _window(limit):
        raise MessageTooLargeError(f"the message needs a {params.window_size}-byte window to decompress; "
                                   f"at most {_window(limit)} here")
    most = declared if known else limit  # read() allocates what it is asked for: no more than needed
    try:
        with _decompressor(params.dict_id, limit).stream_reader(data, read_across_frames=False) as reader:
            content = reader.read(most + 1)
            more = b"" if len(content) > most else reader.read(1)
    except zstandard.ZstdError as exc:
        raise ProtocolError(f"the message could not be decompressed ({exc})") from None
    if len(content) > limit:
        raise MessageTooLargeError(f"the message holds more than {limit} bytes, the most accepted here")
    if known and len(content) != declared:
        raise ProtocolError(f"the message holds {len(content)} bytes, not the {declared} it declares")
    if more:
        raise ProtocolError("the message holds more than one zstd frame")
    return content


class _Head(msgspec.Struct, array_like=True):
    protocol: object


_HEAD = msgspec.msgpack.Decoder(_Head)


def peek_version(content: bytes) -> int | None:
    """The protocol version a decompressed message starts with, if it has one."""
    try:
        version = _HEAD.decode(content).protocol
    except (msgspec.DecodeError, RecursionError, ValueError):
        return None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def parse(content: bytes, kind: type[M]) -> M:
    """Parse decompressed MessagePack as ``kind`` (ranges included); raises :class:`ProtocolError`.

    A message of another protocol version raises :class:`~sync.errors.VersionError`, also when
    its shape does not fit this build's ``kind``."""
    try:
        message = msgspec.msgpack.decode(content, type=kind)
    except (msgspec.DecodeError, RecursionError, ValueError) as exc:  # ValueError: invalid UTF-8
        version = peek_version(content)
        if version is not None and version != PROTOCOL_VERSION:
            raise _version_error(version) from None
        raise ProtocolError(f"the {kind.__name__} could not be read ({_reason(exc)})") from None
    version = getattr(message, "protocol", PROTOCOL_VERSION)
    if version != PROTOCOL_VERSION:
        raise _version_error(version)
    return message


def decode(data: bytes, kind: type[M], *, limit: int = MAX_MESSAGE) -> M:
    """Decompress (at most ``limit`` bytes) and parse a message of ``kind``; raises :class:`ProtocolError`."""
    return parse(decompress(data, limit), kind)


def mutation_problem(m: Mutation, payload_bytes: int) -> str | None:
    """Why ``m`` is outside the per-mutation limits (``payload_bytes``: its packed payload), or None."""
    for name, most in MUTATION_LIMITS.items():
        value: str = getattr(m, name)
        if len(value) > most:
            return f"the mutation's {name} has {len(value)} characters; at most {most} are accepted"
    if payload_bytes > MAX_PAYLOAD_BYTES:
        return f"the mutation's payload has {payload_bytes} bytes; at most {MAX_PAYLOAD_BYTES} are accepted"
    return None


def _version_error(version: object) -> VersionError:
    return VersionError(f"protocol version {version} is not supported (this build speaks "
                        f"{PROTOCOL_VERSION}); update the application")


def _reason(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, UnicodeDecodeError):
        return "a text is not valid UTF-8"
    return str(exc)
