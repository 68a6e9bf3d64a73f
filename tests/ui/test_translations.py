"""Every string is translatable and translated: the .ts files cover the sources, zh_CN and en complete."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.ui.i18n_build import sources
from app.ui.language import I18N_DIR, LANGUAGES, qm_path


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    found = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            found[(name, message.findtext("source") or "")] = translation
    return found


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_message_is_translated(code: str) -> None:
    found = messages(I18N_DIR / f"meterfield_{code}.ts")
    assert len(found) > 80
    for key, translation in found.items():
        assert translation.get("type") is None, f"{code}: unfinished {key}"
        assert (translation.text or "").strip(), f"{code}: empty {key}"
    assert qm_path(code).stat().st_size > 1000
    assert qm_path(code).stat().st_mtime >= (I18N_DIR / f"meterfield_{code}.ts").stat().st_mtime - 1


def test_chinese_is_chinese() -> None:
    found = messages(I18N_DIR / "meterfield_zh_CN.ts")
    for (context, source), translation in found.items():
        if any(ch.isalpha() for ch in source.replace("%1", "")) and source not in ("‹ Back", "MeterField"):
            text = translation.text or ""
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{context}: {source!r} -> {text!r}"


def test_ts_files_cover_every_string_in_the_sources(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    tool = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(tool), *sources(), "-locations", "none", "-ts", str(fresh)], check=True,
                   capture_output=True)
    wanted = set(messages(fresh))
    have = set(messages(I18N_DIR / "meterfield_zh_CN.ts"))
    assert wanted - have == set(), "new strings: run python -m app.ui.i18n_build and translate them"
