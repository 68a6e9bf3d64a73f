"""Switching the interface language at run time (QTranslator + engine.retranslate()).

Source strings are English; ``resources/i18n/meterfield_<code>.qm`` holds each
language (Chinese, the default, and English). Python-side labels are translated
when shown, so the view-models only need to re-emit their properties
(:meth:`LanguageController.listeners`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Property, QCoreApplication, QObject, QTranslator, Signal, Slot
from PySide6.QtQml import QQmlEngine

I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"
LANGUAGES = ("zh_CN", "en")


def qm_path(code: str) -> Path:
    return I18N_DIR / f"meterfield_{code}.qm"


class LanguageController(QObject):
    changed = Signal()

    def __init__(self, engine: QQmlEngine | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._translator: QTranslator | None = None
        self._code = ""
        self.listeners: list[Callable[[], None]] = []

    @Slot(str)
    def setLanguage(self, code: str) -> None:  # noqa: N802
        """Load ``code``'s translations and re-label everything on screen."""
        if code not in LANGUAGES:
            raise ValueError(f"unknown language {code!r}; choose one of {', '.join(LANGUAGES)}")
        if code == self._code:
            return
        translator = QTranslator(self)
        if not translator.load(str(qm_path(code))):
            raise FileNotFoundError(f"missing translations {qm_path(code)}: run python -m app.ui.i18n_build")
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            QCoreApplication.removeTranslator(self._translator)
        QCoreApplication.installTranslator(translator)
        self._translator = translator
        self._code = code
        if self._engine is not None:
            self._engine.retranslate()
        for listener in self.listeners:
            listener()
        self.changed.emit()

    @Slot()
    def toggle(self) -> None:
        self.setLanguage("en" if self._code == "zh_CN" else "zh_CN")

    @Property(str, notify=changed)
    def language(self) -> str:
        return self._code

    @Property(str, notify=changed)
    def otherLabel(self) -> str:  # noqa: N802
        """The switch's caption: the other language, in that language."""
        return "EN" if self._code == "zh_CN" else "中文"
