"""``main.py server init | user | team | reset-pin | audit``: first start and administration from
the server machine, thin wrappers over :mod:`server.users` and :mod:`server.audit` (the functions
the REST routes call), audited with the actor "cli".

    main.py server init [--admin-id ADMIN --admin-name NAME] [--ttl HOURS] [--qr FILE.png] [--url URL]
    main.py server user add --id CD201 --name NAME --role technician [--team CD-T1] [--company CD]
    main.py server user update CD201 [--name N] [--role R] [--team T] [--company C]
    main.py server user list
    main.py server team add --id CD-T3 --company CD --name NAME
    main.py server team list
    main.py server area set --team CD-T1 --name NAME --district 成华1号台区 [--district ...]
    main.py server area list
    main.py server reset-pin --user CD201 [--clear]   (the new PIN is read from stdin)
    main.py server audit [--since ID] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from app.cli import Subparsers

COMMANDS = ("init", "user", "team", "area", "reset-pin", "audit")
ROLES = ("technician", "supervisor", "administrator", "metering_centre")
QrWriter = Callable[[argparse.Namespace, Any, str], int]


def register(admin: Subparsers, db_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the commands to ``main.py server``'s subcommands (``db_options`` adds ``--db``)."""
    init = admin.add_parser("init", help="create the database and the first administrator (once)",
                            description="Creates (or migrates) the database and, if it has no "
                                        "administrator, creates one and prints a one-time enrolment code "
                                        "for their device. On a database with an administrator it "
                                        "creates nothing. There is no default password.")
    init.add_argument("--admin-id", default="ADMIN", help="the administrator's user id (default ADMIN)")
    init.add_argument("--admin-name", default="Administrator", help="their name")
    init.add_argument("--ttl", type=float, default=24.0, help="hours the code stays valid (default 24)")
    init.add_argument("--qr", default="", metavar="FILE.png", help="also write the enrolment QR code")
    init.add_argument("--url", default="", metavar="URL", help="the https address terminals reach the "
                                                               "server at (for the QR code)")
    user = admin.add_parser("user", help="add, change or list users").add_subparsers(
        dest="user_command", metavar="ACTION", required=True)
    add = user.add_parser("add", help="create a user (no PIN: give one with reset-pin)")
    add.add_argument("--id", required=True, dest="user_id", help="user id, e.g. CD201")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, help=f"one of {', '.join(ROLES)}")
    _placement(add)
    change = user.add_parser("update", help="change a user's name, role, team or company")
    change.add_argument("user_id", help="user id")
    change.add_argument("--name", default=None)
    change.add_argument("--role", default=None, help=f"one of {', '.join(ROLES)}")
    _placement(change)
    listing = user.add_parser("list", help="list users")
    team = admin.add_parser("team", help="add or list teams").add_subparsers(
        dest="team_command", metavar="ACTION", required=True)
    team_add = team.add_parser("add", help="create a team")
    team_add.add_argument("--id", required=True, dest="team_id", help="team id, e.g. CD-T3")
    team_add.add_argument("--company", required=True, dest="company_id", help="company id, e.g. CD")
    team_add.add_argument("--name", required=True)
    team_list = team.add_parser("list", help="list teams")
    area = admin.add_parser("area", help="set or list the teams' service areas").add_subparsers(
        dest="area_command", metavar="ACTION", required=True)
    area_set = area.add_parser("set", help="the transformer districts a team serves (replaces its list)")
    area_set.add_argument("--team", required=True, dest="team_id", help="team id")
    area_set.add_argument("--name", default="", help="the area's name")
    area_set.add_argument("--district", action="append", default=[], dest="transformers", metavar="D",
                          help="a transformer district (台区) of the archives (repeatable)")
    area_list = area.add_parser("list", help="list the service areas")
    reset = admin.add_parser("reset-pin", help="clear a user's PIN (--clear) or set a new one (stdin)")
    reset.add_argument("--user", required=True, help="user id")
    reset.add_argument("--clear", action="store_true",
                       help="clear it: the user cannot sign in until given one")
    log = admin.add_parser("audit", help="print the audit log of administrative acts")
    log.add_argument("--since", type=int, default=0, metavar="ID", help="only entries after this id")
    log.add_argument("--json", action="store_true", help="one JSON object a line")
    for parser in (add, change, listing, team_add, team_list, area_set, area_list):
        db_options(parser)


def _placement(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--team", default=None, dest="team_id", help="team id (technicians, team leaders)")
    parser.add_argument("--company", default=None, dest="company_id",
                        help="company id (a regional supervisor; otherwise the team's)")


def run(command: str, args: argparse.Namespace, engine: Any, config: Any, write_qr: QrWriter) -> int:
    """Run ``command``; :class:`server.errors.ServerError` propagates (the caller prints it)."""
    from server import audit, users

    now = int(time.time())
    if command == "init":
        return _init(args, engine, config, write_qr, now=now)
    if command == "user":
        return _user(args, engine, now=now)
    if command == "team":
        if args.team_command == "list":
            for t in users.list_teams(engine):
                print(f"{t['team_id']:<12} {t['company_id']:<8} {t['name']}")
            return 0
        team = users.create_team(engine, {"team_id": args.team_id, "company_id": args.company_id,
                                          "name": args.name}, actor=audit.CLI, now=now)
        print(f"team {team['team_id']} of company {team['company_id']} created")
        return 0
    if command == "area":
        return _area(args, engine, now=now)
    if command == "reset-pin":
        return _reset_pin(args, engine, now=now)
    for entry in audit.entries(engine, args.since):
        if args.json:
            print(json.dumps(entry, ensure_ascii=False))
        else:
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(entry["at"]))
            device = entry["actor_device_id"]
            actor = entry["actor_user_id"] + (f"@{device}" if device else "")
            print(f"{entry['id']:>6}  {when}Z  {actor:<24} {entry['action']:<16} {entry['target']}  "
                  f"{json.dumps(entry['detail'], ensure_ascii=False)}")
    return 0


def _area(args: argparse.Namespace, engine: Any, *, now: int) -> int:
    from server import audit, service_areas

    if args.area_command == "list":
        for a in service_areas.list_areas(engine):
            districts = ", ".join(a["transformers"])
            print(f"{a['team_id']:<12} {a['company_id']:<8} {a['name'] or '-'}: {districts}")
        return 0
    area = service_areas.set_area(engine, {"team_id": args.team_id, "name": args.name,
                                           "transformers": args.transformers}, actor=audit.CLI, now=now)
    print(f"team {area['team_id']} serves {len(area['transformers'])} district(s)")
    return 0


def _user(args: argparse.Namespace, engine: Any, *, now: int) -> int:
    from server import audit, users

    if args.user_command == "list":
        for u in users.list_users(engine):
            pin = "PIN" if u["has_pin"] else "no PIN"
            print(f"{u['user_id']:<12} {u['role']:<15} {u['team_id'] or '-':<10} "
                  f"{u['company_id'] or '-':<8} {pin:<7} {u['name']}")
        return 0
    data = {k: getattr(args, k) for k in ("name", "role", "team_id", "company_id")
            if getattr(args, k) is not None}
    if args.user_command == "add":
        record = users.create_user(engine, {"user_id": args.user_id, **data}, actor=audit.CLI, now=now)
        print(f"user {record['user_id']} created ({record['role']}, team {record['team_id'] or '-'}); "
              "give a PIN with reset-pin and a device code with enrol-code")
    else:
        record = users.update_user(engine, args.user_id, data, actor=audit.CLI, now=now)
        print(f"user {record['user_id']} updated: {record['role']}, team {record['team_id'] or '-'}, "
              f"company {record['company_id'] or '-'}, {record['name']}")
    return 0


def _init(args: argparse.Namespace, engine: Any, config: Any, write_qr: QrWriter, *, now: int) -> int:
    from server import users

    start = users.first_administrator(engine, args.admin_id, args.admin_name, now=now,
                                      ttl_s=int(args.ttl * 3600))
    print(f"database ready: {engine.url.render_as_string(hide_password=True)}")
    if start.existing:
        print(f"the database already has an administrator ({', '.join(start.existing)}): nothing was "
              f"created; 'enrol-code --user {start.user_id}' issues a new device code")
        return 0
    print(f"administrator {start.user_id} created")
    print(f"enrolment code for {start.user_id} (valid {args.ttl:g} h, works once): {start.code}")
    return write_qr(args, config, start.code) if args.qr else 0


def _reset_pin(args: argparse.Namespace, engine: Any, *, now: int) -> int:
    from app.cli.server import _read_pin
    from server import audit, users

    pin = None if args.clear else _read_pin()
    if pin is None and not args.clear:
        print("error: the two PINs differ; nothing was changed", file=sys.stderr)
        return 1
    users.reset_pin(engine, args.user, pin=pin, actor=audit.CLI, now=now)
    print(f"PIN of {args.user} {'cleared' if pin is None else 'set'}; the terminals of the user's team get "
          "it at their next sync")
    return 0
