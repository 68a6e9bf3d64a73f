"""The public demo meter keys never serve a database that holds real users.

The demo seed (:mod:`server.seed`) records the users it creates in ``demo_users``.
A *real* user is any other: one the marketing system's import or an administrator
created. On a database holding one, the server refuses to start on the demo meter
keys (:func:`refuse_demo_keys`) and ``--seed-demo`` refuses to run
(:func:`refuse_demo_seed`): either would hand out authorisations for real meters
under master keys anyone can read in this repository.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, insert, select

from server.db import reading, tables

SHOWN = 5  # user ids named in a refusal


class DemoRefusedError(Exception):
    """The demo keys or the demo seed were asked for on a database that holds real users."""


def mark_demo_users(conn: Connection, user_ids: list[str], *, now: int) -> None:
    """Inside the seed's transaction: these users come from the demo seed."""
    if user_ids:
        conn.execute(insert(tables.demo_users), [{"user_id": u, "seeded_at": now} for u in user_ids])


def real_users(engine: Engine) -> list[str]:
    """The users the demo seed did not create, sorted."""
    u, d = tables.users.c, tables.demo_users.c
    with reading(engine) as conn:
        return sorted(conn.execute(select(u.user_id).where(u.user_id.not_in(select(d.user_id)))).scalars())


def _named(users: list[str]) -> str:
    more = f" and {len(users) - SHOWN} more" if len(users) > SHOWN else ""
    return ", ".join(users[:SHOWN]) + more


def refuse_demo_keys(engine: Engine) -> None:
    """Raise :class:`DemoRefusedError` if the database holds a user the demo seed did not create."""
    users = real_users(engine)
    if users:
        raise DemoRefusedError(
            f"no meter master keys, and this database holds {len(users)} user(s) the demo did not "
            f"create ({_named(users)}): the demo keys are public and protect nothing. Pass "
            "--meter-keys FILE from the key system")


def refuse_demo_seed(engine: Engine) -> None:
    """Raise :class:`DemoRefusedError` if ``--seed-demo`` would run on a database with real users."""
    users = real_users(engine)
    if users:
        raise DemoRefusedError(
            f"--seed-demo refused: this database holds {len(users)} user(s) the demo did not create "
            f"({_named(users)}). The demo only fills an empty database (or its own). Start without "
            "--seed-demo, with --meter-keys FILE from the key system, or use another --home / --db")
