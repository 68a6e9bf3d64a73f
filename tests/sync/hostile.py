"""Hostile inputs for the wire tests: zstd bombs built by hand (RFC 8878) and raw HTTP.

A zstd frame of RLE blocks is the densest bomb: each block is a 3-byte header and one
byte that the decoder repeats up to 128 KiB, so 32 KiB of frame inflate to 1 GiB. The
frames are checked with zstandard itself in the tests, so they are real frames, not
garbage that any decoder would refuse.
"""

from __future__ import annotations

import socket
import struct

MAGIC = b"\x28\xb5\x2f\xfd"
BLOCK = 128 * 1024  # zstd's largest block
GIB = 1 << 30


def rle_bomb(total: int, *, declare: int | None = None, window_log: int = 17) -> bytes:
    """A frame of RLE blocks inflating to ``total`` zero bytes.

    ``declare``: the content size written in the header (single-segment frame; default
    ``total``); ``declare=-1`` writes no content size, only a window of ``2**window_log``."""
    header = bytearray(MAGIC)
    if declare == -1:
        header += bytes((0x00, (window_log - 10) << 3))  # no size, window descriptor
    else:
        header += bytes((0xE0,)) + struct.pack("<Q", total if declare is None else declare)
    most = min(BLOCK, 1 << window_log) if declare == -1 else BLOCK  # a block never exceeds the window
    blocks, rest = divmod(total, most)
    sizes = [most] * blocks + ([rest] if rest else [])
    body = bytearray()
    for i, size in enumerate(sizes):
        last = int(i == len(sizes) - 1)
        body += ((size << 3) | (1 << 1) | last).to_bytes(3, "little") + b"\x00"
    return bytes(header + body)


def lying_frame(declared: int, content: bytes = b"abc") -> bytes:
    """A frame that declares ``declared`` bytes and holds ``content`` in one raw block."""
    block = ((len(content) << 3) | 1).to_bytes(3, "little") + content
    return MAGIC + bytes((0xE0,)) + struct.pack("<Q", declared) + block


def raw_request(port: int, head: str, body: bytes = b"", *, close_after_send: bool = False,
                timeout: float = 30.0) -> bytes:
    """Send ``head`` (request line and headers, CRLF-separated, no final blank line) and ``body``
    (possibly less than the head declares) on a new connection; the raw answer, read while the
    connection stays open (b"" when ``close_after_send``: the client hangs up at once)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
        if close_after_send:
            return b""
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


def status_of(answer: bytes) -> int:
    """The status code of a raw HTTP answer (0 if there is none)."""
    parts = answer.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
