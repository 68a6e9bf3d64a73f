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
    demo: bool = False
    role_view: str = "handheld"  # "handheld" or "desktop" (supervisor build)
    server_url: str = "https://127.0.0.1:8443"
    server_db_url: str = ""  # empty: SQLite file under home
    meter_port: str = ""  # e.g. serial:///dev/ttyUSB0, a pty path, loop://
    meter_baud: int = 1200
    card_reader: str = ""  # PC/SC reader name; empty: first reader
    gps_host: str = "127.0.0.1"
    gps_port: int = 2947
    printer_port: str = ""
    scanner_port: str = ""
    sync_interval_s: float = 60.0
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        """The terminal's local SQLite database."""
        return self.home / "terminal.sqlite3"

    @property
    def data_dir(self) -> Path:
        """Where photos, signatures and device state files live."""
        return self.home / "data"

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
            values.update(tomllib.load(fh))
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
