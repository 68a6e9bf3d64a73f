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

Attachments (photos, signatures) travel separately, content-addressed by
SHA-256, in chunks of at most :data:`CHUNK_SIZE` bytes that resume from the
last byte the server confirmed; the server shows an attachment only once it is
complete and its hash verified.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import zstandard

from sync.errors import ProtocolError

PROTOCOL_VERSION = 1
SCHEMA_VERSION = 1
CONTENT_TYPE = "application/vnd.meterfield+msgpack+zstd"
CHUNK_SIZE = 32 * 1024
MAX_BATCH = 500  # mutations per request

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

    seq: int  # device-local, strictly increasing from 1
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
    device_id: str
    cursor: int  # the last change the device has applied (0 = nothing yet)
    mutations: list[Mutation]
    max_changes: int = 2000
    tls_pins: str = ""  # sync.tls_trust.pin_set_digest of the TLS pins the device holds


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
    # device_drivers.security.command_kinds.TLS_PINS (the signed format); b"" otherwise.
    tls_pins: bytes = b""


class EnrolRequest(msgspec.Struct, frozen=True, array_like=True):
    protocol: int
    code: str  # the one-time enrolment code issued by an administrator
    device_name: str


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


def _decompressor(data: bytes) -> zstandard.ZstdDecompressor:
    dict_id = zstandard.get_frame_parameters(data).dict_id
    if dict_id == 0:
        return zstandard.ZstdDecompressor()
    shared = _dictionary()
    if shared is None or shared.dict_id() != dict_id:
        raise zstandard.ZstdError(f"compressed with dictionary {dict_id}, which this build does not have")
    return zstandard.ZstdDecompressor(dict_data=shared)


def decompress(data: bytes) -> bytes:
    """The MessagePack inside a frame, with or without the shared dictionary (raises ZstdError)."""
    return _decompressor(data).decompress(data, max_output_size=64 * 1024 * 1024)


def decode(data: bytes, kind: type[M]) -> M:
    """Decompress and parse a message of ``kind``; raises :class:`ProtocolError` on anything wrong."""
    try:
        message = msgspec.msgpack.decode(decompress(data), type=kind)
    except (zstandard.ZstdError, msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise ProtocolError(f"the message could not be read ({exc})") from None
    version = getattr(message, "protocol", PROTOCOL_VERSION)
    if version != PROTOCOL_VERSION:
        raise ProtocolError(f"protocol version {version} is not supported (this build speaks "
                            f"{PROTOCOL_VERSION}); update the application")
    return message
