"""The import file drop: batches the marketing system drops into a folder, imported one by one.

    <drop>/incoming/   the sender writes ``NAME.tmp`` and renames it to ``NAME.json|.csv|.xlsx``
    <drop>/done/       imported (or already imported) batches, each with ``NAME.report.json``
    <drop>/rejected/   refused or malformed batches, each with ``NAME.report.json`` (the reply file:
                       every rejected row with its reason)

A file modified in the last :data:`SETTLE_S` seconds is left for the next pass (a sender that
writes in place instead of renaming).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from server.authorisations import TaskAuthority
from server.import_rows import MalformedFileError, read_file
from server.importer import import_batch

SUFFIXES = (".json", ".csv", ".xlsx")
SETTLE_S = 2.0


@dataclass(frozen=True, slots=True)
class Dropped:
    name: str
    imported: bool
    report: dict[str, Any]


def folders(drop: Path) -> tuple[Path, Path, Path]:
    incoming, done, rejected = drop / "incoming", drop / "done", drop / "rejected"
    for folder in (incoming, done, rejected):
        folder.mkdir(parents=True, exist_ok=True)
    return incoming, done, rejected


def process_once(engine: Engine, drop: Path, *, now: int, authority: TaskAuthority | None = None,
                 settle_s: float = SETTLE_S, asset_check: str = "none") -> list[Dropped]:
    """Import every settled batch in ``<drop>/incoming`` (oldest name first) and file it away."""
    incoming, done, rejected = folders(drop)
    out: list[Dropped] = []
    for path in sorted(p for p in incoming.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES):
        if time.time() - path.stat().st_mtime < settle_s:
            continue
        try:
            report = import_batch(engine, read_file(path), now=now, authority=authority,
                                  asset_check=asset_check)
            result, imported = report.to_dict(), report.imported
        except MalformedFileError as exc:
            result, imported = {"batch_id": "", "imported": False, "malformed": str(exc), "errors": []}, False
        target = done if imported else rejected
        (target / f"{path.name}.report.json").write_text(json.dumps(result, ensure_ascii=False, indent=2),
                                                         encoding="utf-8")
        path.replace(target / path.name)
        out.append(Dropped(path.name, imported, result))
    return out
