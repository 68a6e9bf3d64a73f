"""Run the server: in the foreground (``main.py server``) or embedded in a thread (demo, tests)."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine, select

from app.domain.demo_data import DemoUtility
from app.domain.work_orders import FAMILY_OF, Family
from server import admin, seed
from server.app import create_app, open_store
from server.authorisations import ASSIGNED_TTL_S, issue_for_order
from server.config import ServerConfig
from server.db import tables
from server.demo_guard import DemoRefusedError, refuse_demo_seed
from server.http import ServerState
from server.tls import NO_CERTIFICATE, TlsSetupError, server_tls

AUTHORISED_KINDS = [k.value for k, f in FAMILY_OF.items() if f in (Family.REPLACEMENT, Family.INSPECTION)]

DEMO_USERS = ("CD101", "CD100", "ADMIN")  # a technician, their supervisor, the administrator
DEMO_CODES_FILE = "demo_enrol_codes.json"
KEEP_ALIVE_S = 90
NO_METER_KEYS = ("no meter master keys: import the key system's file ('server keys import FILE "
                 "--kek KEK') and pass --kek KEK; the demo keys are only for --seed-demo")


class MeterKeysMissingError(DemoRefusedError):
    """A production server was started without the key system's meter master keys."""


def build(config: ServerConfig, *, seed_demo: bool = False, demo: DemoUtility | None = None
          ) -> tuple[FastAPI, dict[str, str]]:
    """The app, after migrating and (optionally) seeding ``demo`` (default: the demo utility).

    Seeding an empty database also issues enrolment codes for :data:`DEMO_USERS`
    (written to ``<home>/demo_enrol_codes.json`` for demo mode). Raises
    :class:`~server.demo_guard.DemoRefusedError` when ``seed_demo`` is asked on a database
    that holds users the demo did not create, or when there are no meter keys on one.
    """
    engine = open_store(config)
    try:
        return _build(config, engine, seed_demo=seed_demo, demo=demo)
    except BaseException:
        engine.dispose()
        raise


def _build(config: ServerConfig, engine: Engine, *, seed_demo: bool, demo: DemoUtility | None
           ) -> tuple[FastAPI, dict[str, str]]:
    codes: dict[str, str] = {}
    if seed_demo:
        refuse_demo_seed(engine)
        now = int(time.time())
        if not seed.seed(engine, demo, now=now).skipped:
            known = set(admin.user_ids(engine))
            codes = {u: admin.issue_code(engine, u, now=now, ttl_s=config.enrol_code_ttl_s)
                     for u in DEMO_USERS if u in known}
            write_private(config.home / DEMO_CODES_FILE, json.dumps(codes, indent=2).encode())
            app = create_app(config, engine)
            _authorise_replacements(app, engine, now=now)
            return app, codes
    return create_app(config, engine), codes


def write_private(path: Path, data: bytes) -> None:
    """Write ``path`` readable by its owner only (0600), even if it existed with a wider mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fh.fileno(), 0o600)
        fh.write(data)


def _authorise_replacements(app: FastAPI, engine: Engine, *, now: int) -> None:
    """Issue the task authorisations of every open replacement and inspection (offline work needs them)."""
    st: ServerState = app.state.server
    with engine.begin() as conn:
        for order_no in conn.execute(select(tables.orders.c.order_no)
                                     .where(tables.orders.c.kind.in_(AUTHORISED_KINDS))).scalars():
            issue_for_order(conn, st.signer, st.meter_keys, order_no, now=now, ttl_s=ASSIGNED_TTL_S)


def uvicorn_config(app: FastAPI, config: ServerConfig, log_level: str = "info") -> uvicorn.Config:
    """Raises :class:`~server.tls.TlsSetupError` when the certificate or key cannot be used."""
    kwargs: dict[str, object] = {}
    if config.tls:
        tls = app.state.tls = server_tls(config)  # the routes announce and publish what is served
        kwargs = {"ssl_certfile": str(tls.cert_file), "ssl_keyfile": str(tls.key_file)}
    # A long keep-alive lets a terminal that syncs every minute reuse its TCP + TLS connection:
    # one round trip per cycle instead of three on a 300-1000 ms link.
    return uvicorn.Config(app, host=config.host, port=config.port, log_level=log_level,
                          access_log=False, timeout_graceful_shutdown=5,
                          timeout_keep_alive=KEEP_ALIVE_S, **kwargs)  # type: ignore[arg-type]


def base_url(config: ServerConfig) -> str:
    return f"{'https' if config.tls else 'http'}://{config.host}:{config.port}"


def serve(config: ServerConfig, *, seed_demo: bool = False) -> None:
    """Run in the foreground until interrupted; refuses the demo meter keys unless seeding the demo.

    Refuses (:class:`~server.tls.TlsSetupError`) to serve TLS without the utility's
    certificate unless seeding the demo, and a certificate or key that cannot be used."""
    if not config.kek_file and not config.meter_keys_file and not seed_demo:
        raise MeterKeysMissingError(NO_METER_KEYS)
    if config.tls and not config.tls_cert_file and not seed_demo:
        raise TlsSetupError(NO_CERTIFICATE)
    tls = server_tls(config) if config.tls else None  # checked before the database is touched
    if not logging.getLogger().handlers:  # the server's own lines with a time and a level
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app, codes = build(config, seed_demo=seed_demo)
    print(f"MeterField server on {base_url(config)}  (database: {_safe_url(config.database_url)})")
    for line in tls.describe() if tls is not None else []:
        print(line)
    for user, code in codes.items():
        print(f"enrolment code for {user}: {code}")
    uvicorn.Server(uvicorn_config(app, config)).run()


def _safe_url(url: str) -> str:
    head, sep, tail = url.rpartition("@")
    return f"{head.split('://')[0]}://***@{tail}" if sep else url


@dataclass
class EmbeddedServer:
    """A server running in a background thread of this process (loopback only)."""

    config: ServerConfig
    codes: dict[str, str] = field(default_factory=dict)
    _app: FastAPI | None = None
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return base_url(self.config)

    @property
    def fingerprint(self) -> str:
        """The pin an enrolment link carries ("" without TLS)."""
        return server_tls(self.config).primary_pin if self.config.tls else ""

    @property
    def app(self) -> FastAPI:
        assert self._app is not None, "not started"
        return self._app

    def start(self, *, seed_demo: bool = True, demo: DemoUtility | None = None,
              timeout: float = 20.0) -> EmbeddedServer:
        self._app, self.codes = build(self.config, seed_demo=seed_demo, demo=demo)
        self._server = uvicorn.Server(uvicorn_config(self._app, self.config, log_level="warning"))
        self._thread = threading.Thread(target=self._server.run, name="meterfield-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self.app.state.stopping = True  # open event streams end now (server.routes_live)
            self._server.should_exit = True
            self._thread.join(timeout=1.0)
            if self._thread.is_alive():  # idle TLS keep-alive connections linger: do not wait for them
                self._server.force_exit = True
                self._thread.join(timeout=10)
            self.app.state.server.engine.dispose()


def start_embedded(home: Path, *, port: int, db_url: str = "", tls: bool = True,
                   seed_demo: bool = True) -> EmbeddedServer:
    """Start the server on 127.0.0.1:``port`` in this process (demo mode)."""
    config = ServerConfig(home=home, db_url=db_url, port=port, tls=tls)
    return EmbeddedServer(config).start(seed_demo=seed_demo)
