"""Qt runtime setup around QGuiApplication: style, renderer, font, touch sizes.

Touch sizes come from the screen's physical density: 1 dp = physical dpi / 160 px,
and a touch target is never smaller than 48 dp nor 9 mm, whichever is larger.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Property, QObject
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QScreen

CJK_FAMILY = "Noto Sans CJK SC"
MIN_TARGET_MM = 9.0
MIN_TARGET_DP = 48.0


def configure_before_app() -> None:
    """Style and scene-graph backend; call before the QGuiApplication exists."""
    from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

    from app.ui.refcount_guard import immortalise_singletons

    immortalise_singletons()  # before any Qt call: see app/ui/refcount_guard.py
    from PySide6.QtQuickControls2 import QQuickStyle

    QQuickStyle.setStyle("Material")
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)


def apply_cjk_font(app: QGuiApplication) -> str:
    """Make the Chinese font the application font when it is installed; returns the family used."""
    font = QFont(app.font())
    if CJK_FAMILY in QFontDatabase.families():
        font.setFamily(CJK_FAMILY)
    app.setFont(font)
    return font.family()


class Metrics(QObject):
    """Sizes for QML, in device pixels, from the screen's density (constant for a run)."""

    def __init__(self, physical_dpi: float, font_family: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._family = font_family
        self._dpi = max(physical_dpi, 96.0)
        self._dp = max(1.0, self._dpi / 160.0)
        self._touch = round(max(MIN_TARGET_DP * self._dp, MIN_TARGET_MM * self._dpi / 25.4))

    @classmethod
    def for_screen(cls, screen: QScreen | None, font_family: str = "") -> Metrics:
        return cls(screen.physicalDotsPerInch() if screen is not None else 160.0, font_family)

    def _px(self, dp: float) -> int:
        return round(dp * self._dp)

    @Property(str, constant=True)
    def fontFamily(self) -> str:  # noqa: N802
        return self._family

    @Property(float, constant=True)
    def dp(self) -> float:
        return self._dp

    @Property(int, constant=True)
    def touch(self) -> int:
        """The smallest touch target, px (>= 48 dp and >= 9 mm)."""
        return self._touch

    @Property(int, constant=True)
    def spacing(self) -> int:
        return self._px(8)

    @Property(int, constant=True)
    def fontSmall(self) -> int:  # noqa: N802
        return self._px(15)

    @Property(int, constant=True)
    def fontBody(self) -> int:  # noqa: N802
        return self._px(18)

    @Property(int, constant=True)
    def fontLarge(self) -> int:  # noqa: N802
        return self._px(21)

    @Property(int, constant=True)
    def fontTitle(self) -> int:  # noqa: N802
        return self._px(24)

    @Property(int, constant=True)
    def rowHeight(self) -> int:  # noqa: N802
        """The fixed height of a task-list row (three lines of text, padded)."""
        return max(self._touch, self._px(112))
