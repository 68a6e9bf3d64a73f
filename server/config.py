"""The server's settings: one typed object built by the CLI (or a test) and passed down."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sync.protocol import CLOCK_WINDOW_S


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Everything configurable about one server process.

    ``home`` (owner-only, 0700) holds the SQLite database (unless ``db_url`` names
    another), the command-signing key, the device-secret key (unless
    ``device_key_file`` names another place) and the demo TLS certificates.
    ``tls_cert_file`` and ``tls_key_file`` name the utility's certificate chain and key
    (PEM; see :mod:`server.tls`); ``tls_pins`` are more pins handhelds are told to
    accept (the next key's or CA's, ahead of a switch).
    """

    home: Path
    db_url: str = ""  # empty: SQLite file under home
    host: str = "127.0.0.1"
    port: int = 8443
    tls: bool = True
    tls_cert_file: str = ""  # the chain, the server's certificate first; empty: the self-made demo one
    tls_key_file: str = ""  # the server certificate's key (PEM, unencrypted, owner-only)
    tls_pins: tuple[str, ...] = ()  # extra pins announced to handhelds ("spki:<hex>")
    clock_window_s: int = CLOCK_WINDOW_S
    enrol_code_ttl_s: int = 24 * 3600
    command_ttl_s: int = 24 * 3600  # credit tokens: at most command_kinds.LIFETIMES["credit-token"]
    max_attachment_bytes: int = 64 * 1024 * 1024
    upload_max_age_s: int = 7 * 24 * 3600  # a partial upload not touched for this long is pruned
    # The key-encryption key (KEK) of the key system's files (server/key_system.py): the server
    # unwraps the active key set in the database with it. Without it, meter_keys_file (plain JSON,
    # legacy); without either, the DEMO keys (demo databases only).
    kek_file: str = ""
    meter_keys_file: str = ""
    # The key that wraps the devices' secrets in the database (server/device_secrets.py).
    # Empty: <home>/device-secrets.key, created on the first start. Keep it (and its backup) apart
    # from the database's: another volume, or a file a secrets manager writes.
    device_key_file: str = ""
    # The utility's check-digit rule for meter asset numbers at import (app.domain.identifiers
    # CHECK_DIGIT_RULES: "none", "luhn", "gs1").
    asset_check_digit: str = "none"
    # Fault injection for the crash tests: "before_commit:SECONDS" or "after_commit:SECONDS"
    # pauses the sync request at that point so a test can kill the process there.
    fault: str = ""

    @property
    def database_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{self.home / 'server.sqlite3'}"

    @property
    def device_key_path(self) -> Path:
        return Path(self.device_key_file) if self.device_key_file else self.home / "device-secrets.key"

    def fault_pause(self, point: str) -> float:
        """Seconds to pause at ``point`` (0 when no fault is configured there)."""
        name, _, seconds = self.fault.partition(":")
        return float(seconds or 0) if name == point else 0.0
