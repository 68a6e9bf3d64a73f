"""Opening the connection ahead of a request (the prepaid screen does it while the amount is tapped):
the next signed request rides the same pinned TLS connection, no second handshake; a dead link only
says so."""

from __future__ import annotations

from server.run import EmbeddedServer
from sync.client_http import SyncHttpClient
from sync.link_emulator import LinkEmulator, LinkProfile
from sync.protocol import PATH_TASK_REQUEST
from tests.support.services import free_tcp_port


def test_the_warmed_connection_carries_the_next_request(tls_server: EmbeddedServer) -> None:
    with LinkEmulator(("127.0.0.1", tls_server.config.port), LinkProfile()) as link:
        client = SyncHttpClient(f"https://127.0.0.1:{link.port}", "DEV-NONE", b"k" * 32,
                                tls_server.fingerprint)
        assert client.warm() and link.connections == 1
        reply = client.request("POST", PATH_TASK_REQUEST, b"", accept=frozenset({401, 403}))
        assert reply.status_code in (401, 403)  # unknown device: refused, but over the same connection
        assert link.connections == 1
        client.close()


def test_warming_a_dead_link_says_so_and_raises_nothing() -> None:
    client = SyncHttpClient(f"http://127.0.0.1:{free_tcp_port()}", "DEV-X", b"k" * 32, timeout=(0.5, 0.5))
    assert client.warm() is False
    client.close()
