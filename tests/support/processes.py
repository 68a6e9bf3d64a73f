"""Which processes a process started, from /proc (to check that none outlives it)."""

from __future__ import annotations

from pathlib import Path


def _stat(pid: str) -> list[str]:
    return (Path("/proc") / pid / "stat").read_text().rsplit(")", 1)[1].split()


def children_of(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (gpsd and the like)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(entry.name)[1]) == pid:
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting for its parent)."""
    try:
        return _stat(str(pid))[0] != "Z"
    except OSError:
        return False


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in KiB."""
    for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise LookupError(f"no VmHWM for process {pid}")
