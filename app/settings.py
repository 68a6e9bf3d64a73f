"""One typed Settings object, loaded once in main.py and passed down.

Sources, later ones win: built-in defaults, ``<home>/settings.toml``, environment
variables ``METERFIELD_<FIELD>``, command-line options.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_HOME = Path(os.environ.get("METERFIELD_HOME", Path.home() / ".meterfield"))


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable about one terminal or server process."""

    home: Path = DEFAULT_HOME
    language: str = "zh_CN"
    demo: bool = False  # start the demo world and point the terminal at it (app/demo/world.py)
    role_view: str = "handheld"  # "handheld" or "desktop" (supervisor build)
    # The central server. "": the address the enrolment QR code gave (normal); set it only
    # when the server has moved (the certificate pinned at enrolment must still match).
    server_url: str = ""
    server_db_url: str = ""  # `main.py server`: empty means SQLite under home
    # `main.py server`: the key that wraps the device secrets; empty: <home>/server/device-secrets.key
    server_device_key_file: str = ""
    # `main.py server`: the key-encryption key of the key system's files (server/key_system.py)
    server_kek_file: str = ""
    # `main.py server`: the utility's check-digit rule for meter asset numbers ("none", "luhn", "gs1")
    server_asset_check_digit: str = "none"
    # Devices, each chosen by URL (docs/terminal.md): a serial device, a pty, loop://.
    meter_port: str = ""  # infrared probe, e.g. serial:///dev/ttyUSB0
    meter_baud: int = 1200
    security_module: str = ""  # meter security module: "soft:KEYFILE" (software module)
    # The key store that seals this handheld's identity (app/storage/keystore.py): a key file kept
    # outside the data folder and the database; empty: <home>/keystore/terminal.key. Bound to the
    # security module too when one is set.
    keystore_file: str = ""
    card_reader: str = ""  # PC/SC reader name; empty: first reader
    # The card security module (as a PSAM holds the card keys): "soft:SEALED_KEYFILE", its
    # passphrase in METERFIELD_CARD_KEYS_PASSPHRASE; empty: no prepaid card work on this handheld
    card_security: str = ""
    # PC/SC reader that meters' RFID tags are held to (often the card reader's name); empty: the
    # meter is identified by its barcode only
    tag_reader: str = ""
    gps_host: str = "127.0.0.1"  # gpsd
    gps_port: int = 2947  # 0: no GPS receiver
    printer_port: str = ""  # Bluetooth serial receipt printer, e.g. /dev/rfcomm0
    scanner_port: str = ""  # serial scan engine; empty: scan with the camera
    camera: str = ""  # "qt:" (default camera), "qt:NAME", "folder:///path"; empty: none
    sync_interval_s: float = 900.0  # the idle poll: a fallback, local writes and the link wake sync
    gps_trail_interval_s: float = 30.0  # a point of the open order's trail this often
    sign_in_hint: str = ""  # shown on the sign-in screen (e.g. the demo's PIN)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        """The terminal's local SQLite database."""
        return self.home / "terminal.sqlite3"

    @property
    def data_dir(self) -> Path:
        """Where photos, signatures and device state files live."""
        return self.home / "data"

    @property
    def keystore_path(self) -> Path:
        """The key store's key file (owner-only, in an owner-only folder)."""
        return Path(self.keystore_file) if self.keystore_file else self.home / "keystore" / "terminal.key"

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced (``None`` values are ignored)."""
        clean = {k: v for k, v in changes.items() if v is not None}
        if "home" in clean:
            clean["home"] = Path(clean["home"])
        return dataclasses.replace(self, **clean)


def load_settings(home: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Defaults, then ``settings.toml`` in the home folder, then the environment."""
    env = dict(os.environ) if env is None else env
    base = Settings() if home is None else Settings(home=home)
    values: dict[str, Any] = {}
    toml_path = base.home / "settings.toml"
    if toml_path.is_file():
        with toml_path.open("rb") as fh:
            try:
                values.update(tomllib.load(fh))
            except tomllib.TOMLDecodeError as exc:
                raise ValueError(f"the settings file {toml_path} is not valid TOML ({exc}): "
                                 "correct it or remove it") from exc
    names = {f.name: f for f in dataclasses.fields(Settings)}
    for name, fld in names.items():
        raw = env.get(f"METERFIELD_{name.upper()}")
        if raw is not None and name not in ("home", "extra"):
            values[name] = _coerce(raw, fld.type)
    unknown = set(values) - set(names)
    if unknown:
        raise ValueError(f"unknown settings in {toml_path}: {', '.join(sorted(unknown))}")
    return base.with_overrides(**values)


def _coerce(raw: str, type_name: object) -> Any:
    kind = str(type_name)
    if kind == "bool":
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)
    return raw


def save_settings(home: Path, changes: dict[str, Any]) -> Path:
    """Write ``changes`` into ``<home>/settings.toml``, keeping its other settings (the device screen).

    The file holds flat ``key = value`` lines; strings are written as TOML basic strings. It is
    owner-only (0600), like the folder that holds it.
    """
    path = home / "settings.toml"
    names = {f.name: f for f in dataclasses.fields(Settings)}
    unknown = set(changes) - set(names)
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    if path.is_file():
        with path.open("rb") as fh:
            values.update(tomllib.load(fh))
    values.update(changes)
    lines = [f"{key} = {_toml_value(value)}" for key, value in sorted(values.items())]
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    tmp.replace(path)
    return path


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string
