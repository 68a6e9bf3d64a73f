"""Qt's network information tells the terminal when the link comes back (or goes).

``QNetworkInformation`` follows the OS's view (NetworkManager, ConnMan, glib); when it
says the network is reachable again, sync is woken at once instead of waiting for its
next backoff or poll. Where no backend is available the runner's own probing with
backoff still finds the link, only later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtNetwork import QNetworkInformation

log = logging.getLogger(__name__)
R = QNetworkInformation.Reachability
UP = (R.Online, R.Site, R.Local)  # the centre may be on the utility's own network


class NetworkWatch:
    def __init__(self, on_change: Callable[[bool], None]) -> None:
        self._on_change = on_change
        self._info: QNetworkInformation | None = None
        self._online: bool | None = None

    def start(self) -> bool:
        """Follow reachability (once, however often called); False when there is no backend."""
        if self._info is not None:
            return True
        if not QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
            log.info("no network information backend: sync finds the link by probing")
            return False
        self._info = QNetworkInformation.instance()
        if self._info is None:
            return False
        self._info.reachabilityChanged.connect(self._changed)
        return True

    def _changed(self, reachability: QNetworkInformation.Reachability) -> None:
        if reachability not in UP and reachability != R.Disconnected:
            return  # Unknown: the runner's own probing decides
        online = reachability in UP
        if online != self._online:
            self._online = online
            self._on_change(online)
