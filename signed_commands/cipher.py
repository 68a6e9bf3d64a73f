"""Block cipher primitives: SM4 standing in for the State Grid SM1.

Conventions (as PBOC / Q/GDW 365 use them with their ciphers):
- keys are 16 bytes; blocks are 16 bytes;
- padding is ISO/IEC 9797-1 method 2 (``80`` then ``00`` to a block boundary);
- a MAC is the CBC-MAC of the padded data with a zero IV (or a given IV, e.g. a
  challenge), truncated to its first 4 bytes;
- key diversification derives a child key from a master key and an 8-byte factor
  (``0000`` + meter number, or a card serial): ``E_K(factor || ~factor)``.
"""

from __future__ import annotations

import hmac

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 16
MAC_LEN = 4


def _check_key(key: bytes) -> None:
    if len(key) != 16:
        raise ValueError(f"SM4 keys are 16 bytes, got {len(key)}")


def encrypt_blocks(key: bytes, data: bytes) -> bytes:
    """ECB-encrypt whole blocks (``len(data)`` must be a multiple of 16)."""
    _check_key(key)
    if len(data) % BLOCK:
        raise ValueError("data must be whole 16-byte blocks")
    enc = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    return enc.update(data) + enc.finalize()


def decrypt_blocks(key: bytes, data: bytes) -> bytes:
    """ECB-decrypt whole blocks."""
    _check_key(key)
    if len(data) % BLOCK:
        raise ValueError("data must be whole 16-byte blocks")
    dec = Cipher(algorithms.SM4(key), modes.ECB()).decryptor()
    return dec.update(data) + dec.finalize()


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 method 2 padding: always adds ``80``, then zeros to a block boundary."""
    padded = data + b"\x80"
    return padded + b"\x00" * (-len(padded) % BLOCK)


def unpad(data: bytes) -> bytes:
    """Remove method-2 padding; raises ValueError when the padding is not valid."""
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80") or len(data) - len(stripped) >= BLOCK:
        raise ValueError("bad padding")
    return stripped[:-1]


def encrypt(key: bytes, data: bytes) -> bytes:
    """Pad and ECB-encrypt ``data``."""
    return encrypt_blocks(key, pad(data))


def decrypt(key: bytes, data: bytes) -> bytes:
    """ECB-decrypt and unpad; raises ValueError on a wrong key or damaged data."""
    return unpad(decrypt_blocks(key, data))


def mac(key: bytes, data: bytes, iv: bytes = bytes(BLOCK)) -> bytes:
    """The 4-byte CBC-MAC of padded ``data`` (``iv`` shorter than a block is zero-extended)."""
    _check_key(key)
    chain = iv.ljust(BLOCK, b"\x00")[:BLOCK]
    padded = pad(data)
    for i in range(0, len(padded), BLOCK):
        block = bytes(a ^ b for a, b in zip(chain, padded[i:i + BLOCK], strict=True))
        chain = encrypt_blocks(key, block)
    return chain[:MAC_LEN]


def mac_ok(key: bytes, data: bytes, tag: bytes, iv: bytes = bytes(BLOCK)) -> bool:
    """True when ``tag`` is the MAC of ``data`` (constant-time compare)."""
    return hmac.compare_digest(mac(key, data, iv), tag)


def diversify(master: bytes, factor: bytes) -> bytes:
    """Child key for an 8-byte diversification factor: ``E_master(factor || ~factor)``."""
    if len(factor) != 8:
        raise ValueError(f"a diversification factor is 8 bytes, got {len(factor)}")
    inverted = bytes(b ^ 0xFF for b in factor)
    return encrypt_blocks(master, factor + inverted)
