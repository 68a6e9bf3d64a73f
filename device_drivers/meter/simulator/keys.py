"""Demo-only key material for the simulated meters, the software security module and the demo server.

DEMO ONLY. Every key here is derived from a public label with SHA-256, so anyone
can recompute it: it protects nothing. Real master keys come from the State
Grid key system and live in the server's key store and in hardware; a real
terminal's transport key lives in its security module.

The file ``resources/keys/demo_meter_keys.json`` holds the same values (see
:func:`generate`); :func:`load` reads it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from signed_commands import cipher
from signed_commands.authorisation import KEY_KINDS, diversification_factor

WARNING = ("DEMO ONLY: these keys are derived from public labels (sha256) and protect nothing. "
           "Never use them outside the demo and the tests.")


# The shipped demo key file (the same values as :func:`generate`).
DEMO_KEYS_FILE = Path(__file__).resolve().parents[3] / "resources" / "keys" / "demo_meter_keys.json"

def _derive(label: str, size: int) -> bytes:
    return hashlib.sha256(f"meterfield demo {label}".encode()).digest()[:size]


@dataclass(frozen=True, slots=True)
class DemoMeterKeys:
    """Master keys per key kind (server side), the terminal transport key, the server signing key."""

    master_keys: dict[str, bytes]
    transport_key: bytes
    signing_seed: bytes

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.signing_seed)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.signing_key.public_key()

    def meter_keys(self, meter_number: str) -> dict[str, bytes]:
        """What a meter's ESAM holds: each master key diversified by ``0000`` + meter number."""
        factor = diversification_factor(meter_number)
        return {kind: cipher.diversify(key, factor) for kind, key in self.master_keys.items()}


def generate() -> DemoMeterKeys:
    return DemoMeterKeys({kind: _derive(f"meter master key {kind}", 16) for kind in KEY_KINDS},
                         _derive("terminal transport key", 16), _derive("server signing key", 32))


def to_json(keys: DemoMeterKeys) -> str:
    doc = {"_warning": WARNING,
           "master_keys": {k: v.hex() for k, v in keys.master_keys.items()},
           "terminal_transport_key": keys.transport_key.hex(),
           "server_signing_seed": keys.signing_seed.hex()}
    return json.dumps(doc, indent=2) + "\n"


def load(path: Path | None = None) -> DemoMeterKeys:
    """Read the demo key file (default: generated values, identical to the shipped file)."""
    if path is None:
        return generate()
    doc = json.loads(path.read_text())
    return DemoMeterKeys({k: bytes.fromhex(v) for k, v in doc["master_keys"].items()},
                         bytes.fromhex(doc["terminal_transport_key"]),
                         bytes.fromhex(doc["server_signing_seed"]))
