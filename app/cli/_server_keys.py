"""``main.py server keys``: the key-system interface (server/key_system.py, docs/interfaces.md).

    main.py server keys import FILE --kek KEK     check a key-transfer file, store it wrapped, activate it
    main.py server keys list                      the imported versions (no key material)
    main.py server keys activate VERSION          go back (or forward) to another imported version
    main.py server keys wrap PLAIN.json --kek KEK --version N --out FILE
                                                  the key system's side, for tests and the demo: wrap
                                                  plain keys (a new KEK file is made if KEK is missing)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli import Subparsers

KEK_HELP = ("the key-encryption key file (64 hex digits, 0600) the key system's files are wrapped "
            "under; setting server_kek_file / METERFIELD_SERVER_KEK_FILE")


def register(admin: Subparsers, db_options: Callable[[argparse.ArgumentParser], None]) -> None:
    keys = admin.add_parser("keys", help="meter and card master keys from the key system (wrapped, "
                                         "versioned)")
    sub = keys.add_subparsers(dest="keys_command", metavar="KEYS", required=True)
    imp = sub.add_parser("import", help="check a key-transfer file and store it (wrapped) as the active "
                                        "version")
    imp.add_argument("file", metavar="FILE", help="the key system's file (meterfield-keys/1)")
    sub.add_parser("list", help="the imported key versions")
    act = sub.add_parser("activate", help="make an imported version the active one (restart the server)")
    act.add_argument("version", type=int, metavar="VERSION")
    wrap = sub.add_parser("wrap", help="TESTS AND DEMO: wrap plain keys (legacy JSON) into a key file")
    wrap.add_argument("plain", metavar="PLAIN.json")
    wrap.add_argument("--version", type=int, required=True, metavar="N", dest="key_version")
    wrap.add_argument("--out", required=True, metavar="FILE")
    keys.add_argument("--kek", default=argparse.SUPPRESS, metavar="KEK", help=KEK_HELP)
    for p in (imp, act, wrap, sub.choices["list"]):  # 'keys' itself gets --db from main.py server
        db_options(p)
        p.add_argument("--kek", default=argparse.SUPPRESS, metavar="KEK", help=KEK_HELP)


def run(args: argparse.Namespace, config: Any) -> int:
    from server import key_system
    from server.app import open_store

    command = args.keys_command
    try:
        if command == "wrap":
            return _wrap(args, config)
        engine = open_store(config)
        try:
            if command == "import":
                kek = key_system.load_kek(_kek_path(config))
                version = key_system.import_file(engine, Path(args.file), kek, now=int(time.time()))
                print(f"imported key version {version} (KEK {kek.kek_id}); it is active: restart the "
                      f"server with --kek to use it")
            elif command == "activate":
                key_system.activate(engine, args.version)
                print(f"key version {args.version} is active: restart the server to use it")
            else:
                for s in key_system.key_sets(engine):
                    state = "ACTIVE" if s.active else "      "
                    print(f"v{s.version:<4} {state} kek={s.kek_id} imported_at={s.imported_at}  "
                          f"{' '.join(s.names)}")
        finally:
            engine.dispose()
    except key_system.KeySystemError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _kek_path(config: Any) -> Path:
    from server.key_system import KeySystemError

    if not config.kek_file:
        raise KeySystemError("no KEK: pass --kek FILE (or set server_kek_file)")
    return Path(config.kek_file)


def _wrap(args: argparse.Namespace, config: Any) -> int:
    from server import key_system

    path = _kek_path(config)
    kek = key_system.load_kek(path) if path.exists() else key_system.create_kek(path)
    doc = key_system.wrap_plain(json.loads(Path(args.plain).read_text()), kek, args.key_version)
    Path(args.out).write_text(json.dumps(doc, indent=2) + "\n")
    print(f"wrote key version {args.key_version} under KEK {kek.kek_id} to {args.out}")
    return 0
