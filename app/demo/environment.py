"""The demo's world: central server, meters, printer, camera and GPS, all on this machine.

The demo is a configuration of the field terminal, not a code path: :meth:`DemoEnvironment.configure`
hands the terminal the addresses of these simulators (stable links to their ptys, a camera
folder, gpsd's port, the embedded server's URL), and the terminal opens them with the same
drivers as in the field. The world puts things in front of the devices the way a technician
does: the enrolment QR code before the camera, a meter under the probe, its face before the camera.

- the central server, embedded on loopback with SQLite, TLS (demo CA) and the demo utility;
- the meters of the signed-in technician's orders behind one simulated infrared probe (a pty),
  their state kept in ``<home>/devices/meters.json`` so a demo meter keeps its readings;
- a receipt printer on a pty that renders each receipt to ``<home>/receipts/``;
- a GPS receiver driving around Chengdu, read by a real gpsd (when gpsd is installed);
- a camera (a folder the terminal's camera setting points at) showing what the technician
  points it at: the enrolment QR code, a meter's face, a seal.

:meth:`DemoEnvironment.provision` enrols the terminal for a user with a one-time code,
exactly as an administrator's code works in the field, and syncs.
"""

from __future__ import annotations

import contextlib
import logging
import random
import secrets
import socket
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.demo.inspected_meter import as_found
from app.demo.scene import DemoScene, FolderView, SealCounter
from app.domain.credentials import DEMO_PIN
from app.domain.demo_data import DemoUtility, generate
from app.domain.entities import Role, User
from app.domain.work_orders import Family
from app.services.field_devices import FieldDevices
from app.settings import Settings
from app.storage.db import Store
from app.storage.keystore import KeystoreError
from app.storage.sync_state import SyncState
from device_drivers.barcode.labels import qr_image
from device_drivers.camera.folder import FolderCamera
from device_drivers.camera.simulated import MeterScene
from device_drivers.card.files import CardParameters, CardType
from device_drivers.card.virtual_card.service import CARD_READER, PcscdProcess, VirtualCardProcess
from device_drivers.card.virtual_card.state import opened_card, save_state
from device_drivers.errors import DeviceError
from device_drivers.gps.client import GpsdClient
from device_drivers.gps.routes import route_for
from device_drivers.gps.simulator import GpsdProcess, GpsSimulator
from device_drivers.meter.simulator import keys as meter_keys
from device_drivers.meter.simulator.server import MeterSimulator
from device_drivers.meter.simulator.state import MeterState
from device_drivers.printer.simulator import PrinterSimulator
from device_drivers.security.card_ops import DEMO_KEYS_FILE as CARD_KEYS_FILE
from device_drivers.security.card_ops import demo_master_keys
from device_drivers.security.meter_ops import SoftwareMeterSecurityModule
from server import admin
from server.import_rows import from_document, to_document
from server.importer import import_batch
from server.marketing_sim import morning_requests
from server.run import EmbeddedServer, start_embedded
from sync.enrolment_link import EnrolmentLink
from sync.local_store import LocalSyncStore
from sync.runner import SyncRunner, build_runner, enrol_device

if TYPE_CHECKING:
    from app.terminal.terminal import Terminal

log = logging.getLogger(__name__)
DEMO_TEAM = "CD-T1"  # the demo handheld belongs to this team
ENROL_CODE_TTL_S = 600
MORNING_REQUESTS = 4  # the marketing system's new requests of the day, for the team leader to dispatch
FIRST_FIX_TIMEOUT_S = 8.0
DEMO_CARD_SERIAL = bytes.fromhex("4D46DE0000000001")  # the demo customer's prepaid card


def _years_of_use(address: str) -> list[Decimal]:
    """Plausible per-tariff registers of a meter in service, different for every meter."""
    rng = random.Random(address)
    return [Decimal(rng.randint(5_000, 90_000)) / 100 for _ in range(4)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def server_port(home: Path) -> int:
    """The port this demo home's server used last time if it is free (so a second run
    finds the server where the terminal left it), else a new one."""
    remembered = home / "server-port"
    try:
        port = int(remembered.read_text())
    except (OSError, ValueError):
        port = 0
    if not port or not _port_free(port):
        port = free_port()
        remembered.write_text(str(port))
    return port


def _link(link: Path, target: str) -> str:
    """A stable name for a pty (the device setting stays the same from run to run)."""
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    return str(link)


@dataclass
class DemoEnvironment:
    home: Path
    demo: DemoUtility
    server: EmbeddedServer
    meters: MeterSimulator
    printer: PrinterSimulator
    camera: FolderCamera
    gps_port: int = 0
    _gps: GpsSimulator | None = None
    _gpsd: GpsdProcess | None = None
    _runner: SyncRunner | None = None
    _pcscd: PcscdProcess | None = None
    _card: VirtualCardProcess | None = None
    _stopped: bool = field(default=False)

    @classmethod
    def start(cls, home: Path, *, fast_meters: bool = False, with_gps: bool = True,
              with_card: bool = False) -> DemoEnvironment:
        """Start everything; ``fast_meters`` skips the 1200 bps pacing (tests, screenshots);
        ``with_card``: a customer's prepaid card in the virtual reader (pcscd; needs root to start it)."""
        home.mkdir(parents=True, exist_ok=True)
        server = start_embedded(home / "server", port=server_port(home), tls=True)
        keys = meter_keys.load()
        state_file = home / "devices" / "meters.json"
        state_file.parent.mkdir(parents=True, exist_ok=True)
        placeholder = [MeterState.create("000000000001", keys)]
        meters = MeterSimulator(placeholder, state_file=state_file, fast=fast_meters).start()
        printer = PrinterSimulator(home / "receipts").start()
        env = cls(home, generate(), server, meters, printer, FolderCamera(home / "camera"))
        try:
            env.feed_morning_requests()
            _link(home / "dev" / "meter", meters.port)
            _link(home / "dev" / "printer", printer.path)
            if with_gps:
                env._start_gps()
            if with_card:
                env._start_card()
        except BaseException:  # e.g. SIGTERM while waiting for the first fix: stop what started
            env.stop()
            raise
        return env

    def feed_morning_requests(self) -> None:
        """The marketing system sends the day's new service requests for the demo team, through the
        centre's importer (the path of a file drop): unassigned, for the team leader to dispatch.
        Sent again on the same day it changes nothing (one order per external id)."""
        busy = {o.archive.customer.customer_no for o in self.demo.orders}
        company = next(t.company_id for t in self.demo.teams if t.team_id == DEMO_TEAM)
        free = [a for a in self.demo.archives if a.customer.company_id == company
                and a.customer.customer_no not in busy]
        day = time.strftime("%Y-%m-%d")
        rows = morning_requests(free, DEMO_TEAM, count=MORNING_REQUESTS, day=day)
        report = import_batch(self.server.app.state.server.engine,
                              from_document(to_document(f"SG186-{day}", rows)), now=int(time.time()))
        if not report.imported:
            log.error("demo: the marketing system's morning batch was refused: %s", report.errors[:3])

    # --- the terminal's configuration ------------------------------------------------------------

    def configure(self, settings: Settings) -> Settings:
        """The terminal's settings, pointed at this world (what an installer sets in the field)."""
        return settings.with_overrides(
            meter_port=str(self.home / "dev" / "meter"), printer_port=str(self.home / "dev" / "printer"),
            camera=f"folder://{self.home / 'camera'}", scanner_port="", gps_host="127.0.0.1",
            gps_port=self.gps_port, security_module=f"soft:{meter_keys.DEMO_KEYS_FILE}",
            server_url=self.server.url, sign_in_hint=DEMO_PIN,
            **({"card_reader": CARD_READER, "card_security": f"soft:{CARD_KEYS_FILE}"} if self._card else {}))

    def show_enrolment_code(self, user_id: str) -> str:
        """An administrator's enrolment QR code for ``user_id``, held in front of the camera."""
        engine = self.server.app.state.server.engine
        code = admin.issue_code(engine, user_id, now=int(time.time()), ttl_s=ENROL_CODE_TTL_S)
        link = EnrolmentLink(self.server.url, self.server.fingerprint, code).text()
        self.camera.show(_png(qr_image(link, scale=8)))
        return link

    def show_for_scan(self, what: str) -> None:
        """What the technician scans at the door, before the camera: for ``payment``, the customer's
        phone with a payment code (18 digits, as a mobile wallet shows it). A meter's label is already
        there when the technician is at a meter (:meth:`look_at`)."""
        if what == "payment":
            code = f"13{secrets.randbelow(10**16):016d}"
            self.camera.show(_png(qr_image(code, scale=8)))

    def scene(self) -> DemoScene:
        """Follows the replacement's steps: the right meter under the probe and before the camera."""
        return DemoScene(FolderView(self.camera), probe=lambda address: self.look_at(address=address),
                         _seals=SealCounter(self.home / "devices" / "seal-counter", 0))

    def card_customer(self) -> str:
        """The customer whose prepaid card the demo's reader holds (one of the demo team's company)."""
        company = next(t.company_id for t in self.demo.teams if t.team_id == DEMO_TEAM)
        return next(a.customer.customer_no for a in self.demo.archives
                    if a.customer.company_id == company and a.meter.prepaid)

    def _start_card(self) -> None:
        """pcscd with the virtual readers and a customer's card in the first; without them (no root,
        no pcscd) the demo handheld simply has no card reader."""
        state = self.home / "devices" / "customer-card.json"
        if not state.exists():
            archive = next(a for a in self.demo.archives if a.customer.customer_no == self.card_customer())
            params = CardParameters(archive.customer.customer_no, archive.meter.address, CardType.PURCHASE,
                                    tariff_version=1, tariff_count=2)
            save_state(state, opened_card(DEMO_CARD_SERIAL, demo_master_keys(), params, balance_fen=2350,
                                          count=3))
        try:
            self._pcscd = PcscdProcess().start(self.home / "pcscd.log")
            self._card = VirtualCardProcess(state).start(self.home / "card.log")
        except (DeviceError, OSError) as exc:
            log.warning("demo: no card reader (%s): prepaid recharge is not offered", exc)
            self._stop_card()

    def _stop_card(self) -> None:
        card, self._card = self._card, None
        pcscd, self._pcscd = self._pcscd, None
        if card is not None:
            card.stop()
        if pcscd is not None:
            pcscd.stop()

    def _start_gps(self) -> None:
        try:
            self._gps = GpsSimulator(route_for("chengdu")).start()
            self.gps_port = free_port()
            self._gpsd = GpsdProcess(self._gps.path, self.gps_port, self.home / "gpsd.log")
            self._gpsd.start()
        except DeviceError as exc:  # no gpsd here: the demo runs on, photos say "no GPS fix"
            log.warning("demo without GPS: %s", exc)
            self.gps_port = 0
            return
        self._wait_for_fix(GpsdClient(port=self.gps_port), FIRST_FIX_TIMEOUT_S)

    @staticmethod
    def _wait_for_fix(client: GpsdClient, timeout: float) -> None:
        """A receiver that has been on for a while has its fix: so has the demo's, once started."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                client.current()
                break
            except DeviceError:
                time.sleep(0.2)
        client.close()

    # --- the terminal's devices --------------------------------------------------------------

    def field_devices(self, command_key: bytes) -> FieldDevices:
        keys = meter_keys.load()
        server_key = Ed25519PublicKey.from_public_bytes(command_key)
        security = SoftwareMeterSecurityModule(keys.transport_key, server_key)
        position = GpsdClient(port=self.gps_port) if self.gps_port else None
        return FieldDevices(meter_port=self.meters.port, meter_security=security, camera=self.camera,
                            position=position, printer_port=self.printer.path)

    def attach(self, terminal: Terminal, role_view: str = "handheld") -> None:
        """Follow the terminal: meters within reach of whoever signs in, the camera and probe on
        each step's meter; and, for a handheld not enrolled yet, the enrolment QR code before
        its camera (a technician's for the handheld, a team leader's for the desktop build)."""
        terminal.before_step = self.scene().on_step
        terminal.before_scan = self.show_for_scan
        terminal.after_sign_in.append(self.on_signed_in)
        team = [u for u in self.demo.users if u.team_id == DEMO_TEAM]
        role = Role.SUPERVISOR if role_view == "desktop" else Role.TECHNICIAN
        self.show_enrolment_code(next(u.user_id for u in team if u.role is role))

    def on_signed_in(self, user: User) -> None:
        """The technician brings their day's meters (the probe reaches them)."""
        self.meters_for(user.user_id)

    def meters_for(self, user_id: str) -> None:
        """Put the meters of ``user_id``'s orders within the probe's reach (old and new)."""
        keys = meter_keys.load()
        states = []
        for order in self.demo.orders_of(user_id):
            old = MeterState.create(order.archive.meter.address, keys)
            old.asset_number = order.archive.meter.asset_no
            old.forward = _years_of_use(order.archive.meter.address)
            old.customer_number = order.archive.customer.customer_no.rjust(12, "0")
            if order.family is Family.INSPECTION:
                as_found(old, order)
            states.append(old)
            if order.family is Family.REPLACEMENT and order.new_meter_address:
                new = MeterState.create(order.new_meter_address, keys)
                new.asset_number = order.new_meter_asset_no
                new.forward = [Decimal(0)] * len(new.forward)  # a new meter starts from zero
                new.settled_forward = [Decimal(0)] * len(new.settled_forward)
                states.append(new)
        self.meters.add(states)

    def look_at(self, asset_no: str = "", address: str = "") -> None:
        """The technician points the camera at a meter and the probe at its IR window."""
        if asset_no:
            FolderView(self.camera).scenes = [MeterScene(asset_no=asset_no)]
        if address and address in self.meters.meters:
            self.meters.probe(address)

    # --- enrolment and sync --------------------------------------------------------------------

    def provision(self, store: Store, user: User, data_dir: Path, timeout: float = 60.0) -> SyncRunner:
        """Enrol this terminal for ``user`` (if it is not already theirs) and sync their work down."""
        sync_store = LocalSyncStore(store, data_dir)
        state = SyncState(store)
        try:
            identity = state.identity()
        except KeystoreError as exc:  # its key store is gone: enrolled again, as in the field
            log.warning("demo terminal: %s", exc)
            state.forget_identity()
            state.reset_cursor()
            identity = None
        if identity is not None and identity.user_id != user.user_id:
            self._drain()  # what the previous user recorded goes up under their own identity
            state.forget_identity()
            state.reset_cursor()
            identity = None
        if identity is None:
            engine = self.server.app.state.server.engine
            code = admin.issue_code(engine, user.user_id, now=int(time.time()), ttl_s=ENROL_CODE_TTL_S)
            enrol_device(sync_store, self.server.url, code, f"demo terminal ({user.user_id})",
                         fingerprint=self.server.fingerprint)
        self.meters_for(user.user_id)
        self._stop_runner()
        runner = build_runner(sync_store)
        runner.start()
        runner.sync_now()
        runner.wait_settled(timeout)
        self._runner = runner
        return runner

    @property
    def runner(self) -> SyncRunner | None:
        return self._runner

    def _drain(self) -> None:
        if self._runner is not None:
            self._runner.sync_now()
            with contextlib.suppress(TimeoutError):
                self._runner.wait_settled(30)

    def _stop_runner(self) -> None:
        if self._runner is not None:
            self._runner.stop()
            self._runner = None

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._stop_runner()
        self._stop_card()
        if self._gpsd is not None:
            self._gpsd.stop()
        if self._gps is not None:
            self._gps.stop()
        self.printer.stop()
        self.meters.save()
        self.meters.stop()
        self.server.stop()


def _png(image: object) -> bytes:
    import io

    buf = io.BytesIO()
    image.save(buf, format="PNG")  # type: ignore[attr-defined]
    return buf.getvalue()
