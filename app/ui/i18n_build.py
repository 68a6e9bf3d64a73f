"""Update and compile the translations: ``python -m app.ui.i18n_build [--no-update]``.

``pyside6-lupdate`` collects every ``qsTr()`` of the QML and every
``QCoreApplication.translate`` / ``QT_TRANSLATE_NOOP`` of the view-models into
``resources/i18n/meterfield_<code>.ts`` (existing translations are kept; edit them
with ``pyside6-linguist``), then ``pyside6-lrelease`` compiles each to ``.qm``.
Both the .ts and the .qm files are committed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from app.ui.language import I18N_DIR, LANGUAGES

UI_DIR = Path(__file__).resolve().parent


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return found


def sources() -> list[str]:
    files = sorted(UI_DIR.glob("*.py")) + sorted(UI_DIR.glob("qml/**/*.qml"))
    return [str(f) for f in files if f.name != "i18n_build.py"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-update", action="store_true", help="only compile the .ts files")
    args = parser.parse_args(argv)
    for code in LANGUAGES:
        ts = I18N_DIR / f"meterfield_{code}.ts"
        if not args.no_update:
            subprocess.run([_tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-locations", "none",
                            "-source-language", "en", "-target-language", code, "-ts", str(ts)],
                           check=True)
        subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
