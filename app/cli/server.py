"""``main.py server``: run the central server, and administer it from the server machine.

    main.py server [--db URL] [--host H] [--port P] [--tls/--no-tls] [--kek KEK] [--seed-demo]
                   [--meter-keys FILE (legacy)] [--tls-cert CHAIN.pem --tls-key KEY.pem] [--tls-pin PIN ...]
                   [--device-key FILE]
    main.py server enrol-code --user CD101 [--ttl HOURS] [--qr FILE.png] [--url https://HOST:PORT]
    main.py server set-pin --user CD101 [--badge CODE] [--keep-pin]   (the PIN is read from stdin)
    main.py server revoke DEVICE_ID
    main.py server devices
    main.py server fingerprint [--of FILE.pem]
    main.py server init | user | team | reset-pin | audit   (first start and administration: _server_admin)
    main.py server keys import|list|activate|wrap ... [--kek KEK]   (the key system: _server_keys)
    main.py server stock issue|return|list ...   (the technicians' meters and seals: _server_stock)
    main.py server import FILE.json|FILE.csv|FILE.xlsx [--meter-keys FILE]
    main.py server import-drop DIR [--once] [--every SECONDS] [--meter-keys FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from app.cli import Subparsers, _server_admin, _server_keys, _server_stock
from app.settings import Settings


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("server", help="run the central server (and administer it)",
                                   description="Run the MeterField central server (FastAPI + uvicorn).")
    _db_options(parser, suppress=False)
    parser.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8443, help="listen port (default 8443)")
    parser.add_argument("--tls", action=argparse.BooleanOptionalAction, default=True,
                        help="serve HTTPS (default on): with --tls-cert/--tls-key, or the self-made demo "
                             "certificate with --seed-demo")
    parser.add_argument("--tls-cert", default="", metavar="CHAIN.pem",
                        help="the utility's TLS certificate chain (PEM, the server's certificate first)")
    parser.add_argument("--tls-key", default="", metavar="KEY.pem",
                        help="the certificate's private key (PEM, unencrypted, mode 600)")
    parser.add_argument("--tls-pin", action="append", default=[], metavar="PIN",
                        help="also tell handhelds to accept this key or CA (spki:<64 hex>, see "
                             "'fingerprint --of'): the next one, before switching to it (repeatable)")
    parser.add_argument("--kek", default="", metavar="KEK",
                        help="the key-encryption key of the key system's files: the server unwraps the "
                             "active imported key set with it ('server keys'); required unless "
                             "--meter-keys or --seed-demo")
    parser.add_argument("--meter-keys", default="", metavar="FILE",
                        help="LEGACY: the meter master keys as plain JSON (logs a warning; use --kek)")
    parser.add_argument("--device-key", default="", metavar="FILE",
                        help="the key that wraps the device secrets in the database (default "
                             "<home>/server/device-secrets.key, created on the first start; setting "
                             "server_device_key_file); keep it and its backup apart from the database's")
    parser.add_argument("--seed-demo", action="store_true",
                        help="load the demo utility into an empty database and print enrolment codes "
                             "(refused on a database holding users the demo did not create)")
    parser.set_defaults(handler=run)
    admin = parser.add_subparsers(dest="server_command", metavar="ADMIN")
    code = admin.add_parser("enrol-code", help="issue a one-time enrolment code for a user")
    code.add_argument("--user", required=True, help="user id, e.g. CD101")
    code.add_argument("--ttl", type=float, default=24.0, help="hours the code stays valid (default 24)")
    code.add_argument("--qr", default="", metavar="FILE.png",
                      help="also write the enrolment QR code (server URL, certificate fingerprint, code) "
                           "as a PNG for the terminal to scan")
    code.add_argument("--url", default="", metavar="URL",
                      help="the https address terminals reach the server at (default https://HOST:PORT "
                           "of this server's --host and --port)")
    pin = admin.add_parser("set-pin", help="set a user's sign-in PIN (read from stdin) and/or badge",
                           description="Reads the PIN (4-8 digits) from stdin: asked twice without "
                                       "echo on a terminal, one line otherwise. Terminals of the "
                                       "user's team get it at their next sync.")
    pin.add_argument("--user", required=True, help="user id, e.g. CD101")
    pin.add_argument("--badge", default=None, metavar="CODE",
                     help="also store (a hash of) the value of the user's badge barcode")
    pin.add_argument("--keep-pin", action="store_true", help="do not read or change the PIN (with --badge)")
    revoke = admin.add_parser("revoke", help="lock a lost device out at its next contact")
    revoke.add_argument("device", help="device id (see 'devices')")
    admin.add_parser("devices", help="list enrolled devices")
    fingerprint = admin.add_parser("fingerprint", help="print the TLS pin enrolment codes carry (the key of "
                                                       "the server's certificate)")
    fingerprint.add_argument("--of", default="", metavar="FILE.pem",
                             help="print the pin of this certificate, public key or private key instead")
    imp = admin.add_parser("import", help="import archives and work orders from the marketing system",
                           description="Import a batch (docs/interfaces.md: JSON, CSV or XLSX), all or "
                                       "nothing. Exit 0: imported (or already imported); 1: refused, with "
                                       "the row-by-row report; 2: the file is not the format.")
    imp.add_argument("file", metavar="FILE", help="the batch: .json, .csv or .xlsx")
    imp.add_argument("--meter-keys", default=argparse.SUPPRESS, metavar="FILE",
                     help="the meter master keys (assigned replacement orders get their authorisations); "
                          "default: the demo keys on a demo database, none otherwise")
    drop = admin.add_parser("import-drop", help="import the batches dropped into DIR/incoming",
                            description="Watch DIR/incoming for batches (.json, .csv, .xlsx; write them as "
                                        ".tmp and rename), import each, and move it to DIR/done or "
                                        "DIR/rejected with NAME.report.json beside it.")
    drop.add_argument("folder", metavar="DIR", help="the drop folder")
    drop.add_argument("--once", action="store_true", help="one pass, then exit (for cron)")
    drop.add_argument("--every", type=float, default=10.0, metavar="SECONDS",
                      help="seconds between passes (default 10)")
    drop.add_argument("--meter-keys", default=argparse.SUPPRESS, metavar="FILE",
                      help="as for 'import'")
    exported = admin.add_parser("export", help="print the results completed since a cursor, for the "
                                               "marketing system (IEC 61968-9 MeterServiceWork + "
                                               "MeterReadings, JSON)")
    exported.add_argument("--since", type=int, default=0, metavar="CURSOR",
                          help="the cursor the previous export printed (default 0: everything)")
    exported.add_argument("--out", default="", metavar="FILE.json", help="write to FILE instead of stdout")
    _server_admin.register(admin, lambda sub: _db_options(sub, suppress=True))
    _server_keys.register(admin, lambda sub: _db_options(sub, suppress=True))
    _server_stock.register(admin, lambda sub: _db_options(sub, suppress=True))
    for sub in admin.choices.values():
        _db_options(sub, suppress=True)


def _db_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", default=default, metavar="URL",
                        help="database URL (default: SQLite under <home>/server; "
                             "e.g. postgresql+psycopg://user@host/db)")


def _config(args: argparse.Namespace, settings: Settings) -> Any:
    from app.domain.identifiers import CHECK_DIGIT_RULES
    from server.config import ServerConfig

    if settings.server_asset_check_digit not in CHECK_DIGIT_RULES:
        rule = settings.server_asset_check_digit
        raise SystemExit(f"error: the setting server_asset_check_digit is {rule!r}: one of "
                         f"{', '.join(CHECK_DIGIT_RULES)}")

    return ServerConfig(home=settings.home / "server", db_url=args.db or settings.server_db_url,
                        host=args.host, port=args.port, tls=args.tls, tls_cert_file=args.tls_cert,
                        tls_key_file=args.tls_key, tls_pins=tuple(args.tls_pin),
                        meter_keys_file=getattr(args, "meter_keys", ""),
                        kek_file=getattr(args, "kek", "") or settings.server_kek_file,
                        device_key_file=getattr(args, "device_key", "") or settings.server_device_key_file,
                        asset_check_digit=settings.server_asset_check_digit,
                        fault=os.environ.get("METERFIELD_SERVER_FAULT", ""))


def run(args: argparse.Namespace, settings: Settings) -> int:
    command = getattr(args, "server_command", None)
    if command is None:
        from server.demo_guard import DemoRefusedError
        from server.device_secrets import DeviceKeyError
        from server.key_system import KeySystemError
        from server.run import serve
        from server.tls import TlsSetupError

        keys = args.meter_keys
        if keys and not os.path.isfile(keys):
            print(f"error: the meter keys file {keys} does not exist", file=sys.stderr)
            return 2
        if not args.tls and (args.tls_cert or args.tls_key):
            print("error: --tls-cert and --tls-key are for TLS: drop --no-tls", file=sys.stderr)
            return 2
        try:
            serve(_config(args, settings), seed_demo=args.seed_demo)
        # no meter keys, the demo on a real database, no usable TLS certificate, or the device-secret
        # key lost or wrong
        except (DemoRefusedError, TlsSetupError, DeviceKeyError, KeySystemError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return 0
    if command == "keys":
        return _server_keys.run(args, _config(args, settings))
    return _administer(command, args, _config(args, settings))


def _administer(command: str, args: argparse.Namespace, config: Any) -> int:
    from server import admin
    from server.app import open_store
    from server.errors import ServerError

    if command == "fingerprint":
        return _print_pin(args, config)
    engine = open_store(config)
    now = int(time.time())
    try:
        if command in _server_admin.COMMANDS:
            return _server_admin.run(command, args, engine, config, _write_qr)
        if command in _server_stock.COMMANDS:
            return _server_stock.run(args, engine)
        if command in ("import", "import-drop", "export"):
            return _interface(command, engine, args, config, now=now)
        if command == "enrol-code":
            code = admin.issue_code(engine, args.user, now=now, ttl_s=int(args.ttl * 3600))
            print(f"enrolment code for {args.user} (valid {args.ttl:g} h, works once): {code}")
            if args.qr:
                return _write_qr(args, config, code)
        elif command == "set-pin":
            return _set_pin(engine, args, now=now)
        elif command == "revoke":
            admin.revoke_device(engine, args.device, now=now)
            print(f"device {args.device} is revoked: it is locked out at its next contact")
        else:
            for d in admin.devices(engine):
                state = "REVOKED" if d["revoked_at"] else "active"
                print(f"{d['device_id']}  {d['user_id']:<8} {state:<8} "
                      f"acked={d['acked_through']}  {d['name']}")
    except ServerError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


def _interface(command: str, engine: Any, args: argparse.Namespace, config: Any, *, now: int) -> int:
    """The marketing-system interface: archives and orders in, results out."""
    if command == "import":
        return _import(engine, args, config, now=now)
    if command == "import-drop":
        return _import_drop(engine, args, config)
    return _export(engine, args)


def _authority(engine: Any, config: Any) -> Any:
    """The issuer of meter authorisations for imported replacement orders, or None without keys."""
    from server.authorisations import MeterKeys, TaskAuthority
    from server.commands import CommandSigner
    from server.demo_guard import DemoRefusedError, refuse_demo_keys

    if config.kek_file:
        from server import key_system
        from server.errors import ServerError

        try:
            keys = key_system.active_meter_keys(engine, key_system.load_kek(Path(config.kek_file)))[1]
        except key_system.KeySystemError as exc:
            raise ServerError(400, "meter_keys", str(exc)) from None
    elif config.meter_keys_file:
        keys = MeterKeys.load(Path(config.meter_keys_file))
    else:
        try:
            refuse_demo_keys(engine)
        except DemoRefusedError:
            print("warning: no --kek (the key system's keys): assigned replacement orders get their meter "
                  "authorisations "
                  "when the technician starts them", file=sys.stderr)
            return None
        keys = MeterKeys.load_demo()
    return TaskAuthority(CommandSigner.load_or_create(config.home), keys)


def _import(engine: Any, args: argparse.Namespace, config: Any, *, now: int) -> int:
    from server.import_rows import MalformedFileError, read_file
    from server.importer import import_batch

    try:
        batch = read_file(Path(args.file))
    except MalformedFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = import_batch(engine, batch, now=now, authority=_authority(engine, config),
                          asset_check=config.asset_check_digit)
    print("\n".join(report.lines()))
    return 0 if report.imported else 1


def _import_drop(engine: Any, args: argparse.Namespace, config: Any) -> int:
    from server.import_drop import process_once

    authority = _authority(engine, config)
    folder = Path(args.folder)
    try:
        while True:
            for dropped in process_once(engine, folder, now=int(time.time()), authority=authority,
                                        asset_check=config.asset_check_digit):
                outcome = "imported" if dropped.imported else "REJECTED"
                print(f"{dropped.name}: {outcome} (report: {dropped.name}.report.json)", flush=True)
            if args.once:
                return 0
            time.sleep(max(0.5, args.every))
    except KeyboardInterrupt:
        return 0


def _export(engine: Any, args: argparse.Namespace) -> int:
    """Every page since ``--since`` as one JSON document (its ``cursor`` is the next ``--since``)."""
    from server.export import export_results

    if args.since < 0:
        print("error: --since must be a cursor the previous export printed (>= 0)", file=sys.stderr)
        return 2
    records: list[Any] = []
    page = export_results(engine, args.since)
    records += page.records
    while page.more:
        page = export_results(engine, page.cursor)
        records += page.records
    document = json.dumps({**page.to_json(), "records": records, "more": False}, ensure_ascii=False, indent=2)
    if args.out:
        Path(args.out).write_text(document + "\n", encoding="utf-8")
        print(f"{len(records)} results exported to {args.out}; next time: --since {page.cursor}")
    else:
        print(document)
    return 0


LOOPBACK_OR_ANY = ("127.0.0.1", "localhost", "::1", "0.0.0.0", "::")
QR_SCALE = 10  # pixels per module: about 4 cm wide on paper at 150 dpi, easy for a handheld camera
QR_BORDER = 4  # the quiet zone the QR standard asks for


def _write_qr(args: argparse.Namespace, config: Any, code: str) -> int:
    """Write the enrolment link as a QR PNG (mode 0600: it holds a one-time code)."""
    import io

    import segno

    from server.run import write_private
    from server.tls import TlsSetupError, server_tls
    from sync.enrolment_link import EnrolmentLinkError, build_link

    url = args.url or f"https://{config.host}:{config.port}"
    if not args.url and config.host in LOOPBACK_OR_ANY:
        print(f"warning: the QR code names {url}; terminals cannot reach that address: "
              "pass --url https://ADDRESS:PORT", file=sys.stderr)
    try:
        link = build_link(url, server_tls(config).primary_pin, code)
    except (EnrolmentLinkError, TlsSetupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    buf = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buf, kind="png", scale=QR_SCALE, border=QR_BORDER)
    write_private(Path(args.qr), buf.getvalue())
    print(f"enrolment QR code for {url} written to {args.qr}")
    return 0


def _print_pin(args: argparse.Namespace, config: Any) -> int:
    """The pin of ``--of FILE``, or the one enrolment codes carry (the server's certificate's key)."""
    from server.tls import TlsSetupError, pin_of_pem, server_tls

    try:
        if args.of:
            print(pin_of_pem(Path(args.of).read_bytes()))
            return 0
        tls = server_tls(config)
    except (OSError, TlsSetupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if tls.demo:
        print("note: the self-made demo certificate; pass --tls-cert/--tls-key (before 'fingerprint') "
              "for the utility's", file=sys.stderr)
    print(tls.primary_pin)
    return 0


def _read_pin() -> str | None:
    """The PIN from stdin: twice without echo on a terminal (None if they differ), else one line."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("new PIN (4-8 digits): ")
        return first if getpass.getpass("the same PIN again: ") == first else None
    return sys.stdin.readline().strip()


def _set_pin(engine: Any, args: argparse.Namespace, *, now: int) -> int:
    from server import pins

    if args.keep_pin and args.badge is None:
        print("error: --keep-pin needs --badge", file=sys.stderr)
        return 2
    pin = None if args.keep_pin else _read_pin()
    if pin is None and not args.keep_pin:
        print("error: the two PINs differ; nothing was changed", file=sys.stderr)
        return 1
    pins.set_credentials(engine, args.user, pin=pin, badge=args.badge, now=now)
    what = " and ".join(w for w, v in (("PIN", pin), ("badge", args.badge)) if v is not None)
    print(f"{what} of {args.user} set; the terminals of the user's team get it at their next sync")
    return 0
