"""Qt's network reachability wakes sync when the link comes back and parks it when it goes."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtNetwork import QNetworkInformation

from app.ui.network_watch import NetworkWatch

R = QNetworkInformation.Reachability


def test_reachability_changes_reach_sync_once_each(qapp: QGuiApplication) -> None:
    seen: list[bool] = []
    watch = NetworkWatch(seen.append)
    for reachability in (R.Disconnected, R.Disconnected, R.Unknown, R.Online, R.Site, R.Disconnected,
                         R.Local):
        watch._changed(reachability)
    assert seen == [False, True, False, True]  # Unknown leaves the runner's own probing in charge


def test_a_backend_is_found_here(qapp: QGuiApplication) -> None:
    watch = NetworkWatch(lambda _online: None)
    assert watch.start(), "no QNetworkInformation backend on this machine: sync would only probe"
