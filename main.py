"""MeterField: composition root.

Parses the command line, loads the one Settings object, and either runs a
subcommand (``python main.py --help`` lists them) or starts the touch UI.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import Handler, register_all
from app.settings import Settings, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="MeterField: field operations for smart electricity meters.",
    )
    parser.add_argument("--home", type=Path, help="data folder (default ~/.meterfield)")
    parser.add_argument("--demo", action="store_true", help="demo mode: demo data, simulated devices")
    parser.add_argument("--desktop", action="store_true", help="supervisor desktop layout")
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="interface language (default zh_CN)")
    parser.add_argument("--capture", type=Path, metavar="DIR",
                        help="offscreen: write a PNG per screen to DIR and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    register_all(subparsers)
    return parser


def settings_from(args: argparse.Namespace) -> Settings:
    settings = load_settings(home=args.home)
    return settings.with_overrides(
        demo=True if args.demo or args.capture else None,
        language=args.lang,
        role_view="desktop" if args.desktop else None,
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = settings_from(args)
    except ValueError as exc:  # a malformed or unknown setting: say which, start nothing
        sys.stderr.write(f"MeterField: {exc}\n设置文件有误，请改正或删除后重新启动。\n")
        return 2
    handler: Handler | None = getattr(args, "handler", None)
    if handler is not None:
        return handler(args, settings)
    from app.ui.launch import run_ui  # Qt is imported only when the UI starts

    return run_ui(settings, capture_dir=args.capture)


if __name__ == "__main__":
    sys.exit(main())
