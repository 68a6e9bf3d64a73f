"""The desk's live line to the centre: the server-sent events of ``GET /v1/monitor/stream``.

A thread keeps one stream open. On ``event: changed`` it calls ``on_change`` (the desk syncs at
once). When the stream is cut or ends it reconnects after a short, growing pause; meanwhile the
desk's regular polling still runs, so nothing waits for the stream. ``connected`` says whether the
push is up (the desk shows live or polling).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sync.client_http import SyncHttpClient

log = logging.getLogger(__name__)
PATH_STREAM = "/v1/monitor/stream"
SHORTEST_S = 5.0  # a stream that ends sooner than this (a proxy that cuts it) counts as a failure
READ_TIMEOUT_S = 30.0  # many keepalives (the server sends one every 2 s): a dead link is noticed
RETRY_S = (1.0, 2.0, 5.0, 10.0, 30.0)


class LiveStream:
    def __init__(self, client: SyncHttpClient, cursor: Callable[[], int],
                 on_change: Callable[[], None], on_state: Callable[[bool], None] = lambda _up: None) -> None:
        self._client = client
        self._cursor = cursor
        self._on_change = on_change
        self._on_state = on_state
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._reply: object | None = None
        self.connected = False

    def start(self) -> LiveStream:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="meterfield-live", daemon=True)
            self._thread.start()
        return self

    def stop(self, wait: bool = True) -> None:
        """End the stream; ``wait=False`` returns at once (the thread ends at the next keepalive)."""
        self._stop.set()
        reply = self._reply
        if reply is not None:
            close = getattr(reply, "close", None)
            if close is not None:
                close()  # unblocks the read
        if self._thread is not None and wait:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            began = time.monotonic()
            try:
                self._listen()
                if time.monotonic() - began < SHORTEST_S:
                    raise ConnectionError("the stream ended at once")
                failures = 0  # the server ended the stream in order: reconnect at once
            except Exception as exc:  # ours (SyncError) or requests' own, while reading a cut stream
                if self._stop.is_set():
                    return
                log.info("live stream cut (%s): polling until it is back", exc)
                self._stop.wait(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1
            finally:
                if self.connected:
                    self.connected = False
                    self._on_state(False)

    def _listen(self) -> None:
        reply = self._client.open_stream(f"{PATH_STREAM}?cursor={self._cursor()}", READ_TIMEOUT_S)
        self._reply = reply
        try:
            for line in reply.iter_lines(chunk_size=1):  # each event as it comes (not 512 bytes at a time)
                if self._stop.is_set():
                    return
                if line == b": connected" and not self.connected:  # up only once the server spoke
                    self.connected = True
                    self._on_state(True)
                elif line == b"event: changed":
                    self._on_change()
        finally:
            self._reply = None
            reply.close()
