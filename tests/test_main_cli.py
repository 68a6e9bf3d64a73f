"""The command line: main.py lists its subcommands and settings load as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.settings import load_settings
from main import build_parser, settings_from

ROOT = Path(__file__).resolve().parents[1]


def test_help_lists_subcommands() -> None:
    out = subprocess.run([sys.executable, "main.py", "--help"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert "--demo" in out and "--capture" in out


def test_settings_layers_file_env_and_cli(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('language = "en"\nmeter_baud = 2400\n')
    settings = load_settings(home=tmp_path, env={"METERFIELD_METER_BAUD": "9600"})
    assert settings.language == "en"
    assert settings.meter_baud == 9600  # the environment wins over the file
    args = build_parser().parse_args(["--home", str(tmp_path), "--lang", "zh_CN", "--desktop"])
    from_cli = settings_from(args)
    assert from_cli.language == "zh_CN" and from_cli.role_view == "desktop"


def test_unknown_setting_is_refused(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('no_such_thing = 1\n')
    try:
        load_settings(home=tmp_path, env={})
    except ValueError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("an unknown setting was accepted")
