"""The utility's own TLS certificate against the real server: a terminal pinning a CA or a key
syncs across renewals, a rotation to a new key is announced through sync, a legacy certificate
fingerprint keeps working, and a certificate the pins do not cover is refused."""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from app.storage.sync_state import SyncState
from server.config import ServerConfig
from server.run import EmbeddedServer
from server.tls import tls_files
from sync.client_http import PinningError, SyncHttpClient
from sync.errors import MESSAGES_ZH
from sync.protocol import PROTOCOL_VERSION, SCHEMA_VERSION, SyncRequest
from sync.runner import SyncStatus
from sync.tls_trust import certificate_fingerprint, spki_pin
from tests.server.conftest import small_demo
from tests.support.services import free_tcp_port
from tests.sync.conftest import TECH, Terminal
from tests.sync.pki import Ca, Key, install, new_key, pem


@dataclass
class Centre:
    """The utility's server, restarted on a new port with whatever certificate is installed."""

    home: Path
    cert: Path = field(init=False)
    key: Path = field(init=False)
    server: EmbeddedServer | None = None

    def __post_init__(self) -> None:
        self.cert, self.key = self.home / "tls" / "chain.pem", self.home / "tls" / "key.pem"

    def install(self, key: Key, *chain: x509.Certificate) -> None:
        install(self.home / "tls", key, *chain)

    def start(self, *pins: str) -> EmbeddedServer:
        self.stop()
        config = ServerConfig(home=self.home / "server", port=free_tcp_port(), tls=True,
                              tls_cert_file=str(self.cert), tls_key_file=str(self.key), tls_pins=pins)
        self.server = EmbeddedServer(config).start(demo=small_demo())  # seeds the first time only
        return self.server

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


@pytest.fixture
def centre(tmp_path: Path) -> Iterator[Centre]:
    c = Centre(tmp_path / "centre")
    yield c
    c.stop()


def sync_once(terminal: Terminal, url: str) -> SyncStatus:
    """One sync as the app does it: a runner built from the stored identity, then stopped."""
    runner = terminal.runner(url)
    runner.start()
    runner.sync_now()
    try:
        return runner.wait_settled(30)
    finally:
        runner.stop()


def pins_of(terminal: Terminal) -> set[str]:
    identity = terminal.local.identity()
    assert identity is not None
    return set(identity.pins)


def pin(key: Key) -> str:
    return spki_pin(key.public_key())


@pytest.mark.parametrize("pinned", ["issuing CA", "root CA"])
def test_a_terminal_pinning_the_utility_ca_syncs_across_a_renewal_with_a_new_key(
        centre: Centre, terminal: Terminal, pinned: str) -> None:
    root = Ca.root()
    issuing = root.intermediate()
    first = new_key()
    centre.install(first, issuing.issue(first), issuing.cert, root.cert)
    server = centre.start()
    ca_pin = issuing.pin if pinned == "issuing CA" else root.pin
    terminal.enrol(server.url, server.codes[TECH], ca_pin)  # the CA's pin, not the certificate's
    assert pins_of(terminal) == {ca_pin}
    assert sync_once(terminal, server.url).last_error == ""
    assert terminal.orders()

    renewed = new_key()  # a new certificate with a new key, from the same CA; the server restarts
    centre.install(renewed, issuing.issue(renewed), issuing.cert, root.cert)
    server = centre.start()
    assert pin(renewed) not in pins_of(terminal)  # only the CA can vouch for it
    status = sync_once(terminal, server.url)
    assert (status.last_error, status.error_code) == ("", "")  # no re-enrolment
    assert pins_of(terminal) == {pin(renewed), issuing.pin, root.pin}  # the first key is dropped


def test_a_terminal_pinning_the_server_key_syncs_after_a_renewal_with_the_same_key(
        centre: Centre, terminal: Terminal) -> None:
    key = new_key()
    old_cert = Ca.root("CA one").issue(key, days=30)
    centre.install(key, old_cert)  # the chain file holds the server's certificate only
    server = centre.start()
    assert server.fingerprint == pin(key)  # what the enrolment link carries
    terminal.enrol(server.url, server.codes[TECH], server.fingerprint)
    assert sync_once(terminal, server.url).last_error == ""

    new_cert = Ca.root("CA two").issue(key, days=365)  # renewed with the same key (here: another CA)
    centre.install(key, new_cert)
    server = centre.start()
    assert sync_once(terminal, server.url).last_error == ""
    assert pins_of(terminal) == {pin(key)}
    legacy = [certificate_fingerprint(c.public_bytes(Encoding.DER)) for c in (old_cert, new_cert)]
    assert legacy[0] != legacy[1]  # what a certificate pin would have refused


def test_a_rotation_to_a_new_key_is_announced_through_sync_and_strangers_are_refused(
        centre: Centre, terminal: Terminal, tmp_path: Path) -> None:
    ca = Ca.root()
    old, upcoming = new_key(), new_key()
    centre.install(old, ca.issue(old))
    server = centre.start()
    terminal.enrol(server.url, server.codes[TECH], server.fingerprint)
    assert sync_once(terminal, server.url).last_error == ""
    assert pins_of(terminal) == {pin(old)}

    server = centre.start(pin(upcoming))  # 1. the operator announces the next key ahead of the switch
    assert sync_once(terminal, server.url).last_error == ""
    assert pins_of(terminal) == {pin(old), pin(upcoming)}

    centre.install(upcoming, ca.issue(upcoming))  # 2. the switch (the extra pin is no longer needed)
    server = centre.start()
    assert sync_once(terminal, server.url).last_error == ""
    assert pins_of(terminal) == {pin(upcoming)}  # the old key is no longer trusted

    stranger = new_key()  # 3. another key, even with a certificate from the same CA
    for key, cert in ((stranger, Ca.root().issue(stranger)), (stranger, ca.issue(stranger)),
                      (old, ca.issue(old))):  # ... and the old key, say stolen with its certificate
        centre.install(key, cert)
        server = centre.start()
        status = sync_once(terminal, server.url)
        assert status.error_code == "certificate_mismatch", status
        assert pins_of(terminal) == {pin(upcoming)}
    identity = terminal.local.identity()
    assert identity is not None
    client = SyncHttpClient(server.url, identity.device_id, identity.secret, identity.pins)
    with pytest.raises(PinningError) as caught:
        client.sync(SyncRequest(PROTOCOL_VERSION, SCHEMA_VERSION, identity.device_id, 0, []))
    client.close()
    assert caught.value.code == "certificate_mismatch"
    assert caught.value.message_zh == MESSAGES_ZH["certificate_mismatch"]


def test_a_legacy_certificate_fingerprint_keeps_syncing_and_becomes_a_key_pin(
        tls_server: EmbeddedServer, terminal: Terminal) -> None:
    der = ssl.PEM_cert_to_DER_cert(tls_files(tls_server.config.home).cert.read_text())
    legacy = certificate_fingerprint(der)  # what enrolment links carried before key pins
    terminal.enrol(tls_server.url, tls_server.codes[TECH], legacy)
    _store_as_an_older_app_did(terminal)
    assert pins_of(terminal) == {legacy}
    assert sync_once(terminal, tls_server.url).last_error == ""
    assert pins_of(terminal) == {tls_server.fingerprint}  # upgraded by the server's announcement
    assert sync_once(terminal, tls_server.url).last_error == ""


def _store_as_an_older_app_did(terminal: Terminal) -> None:
    """The identity row without the fields this version added (as an installed handheld holds it:
    in plain, without the server's pins)."""
    identity = SyncState(terminal.store).identity()
    assert identity is not None
    data = json.loads(identity.to_json())
    data.pop("server_pins")
    with terminal.store.transaction() as db:
        db.table("sync_state").upsert({"key": "identity", "value": json.dumps(data)}, pk="key")


def test_the_published_chain_is_what_the_server_serves(centre: Centre, tmp_path: Path) -> None:
    root = Ca.root()
    key = new_key()
    centre.install(key, root.issue(key), root.cert)
    server = centre.start()
    served = ssl.get_server_certificate(("127.0.0.1", server.config.port))
    (tmp_path / "root.pem").write_bytes(pem(root.cert))
    published = requests.get(server.url + "/v1/tls/chain", verify=str(tmp_path / "root.pem"), timeout=10)
    assert published.headers["content-type"] == "application/pem-certificate-chain"
    chain = x509.load_pem_x509_certificates(published.content)
    assert chain[0] == x509.load_pem_x509_certificate(served.encode()) and chain[1] == root.cert
