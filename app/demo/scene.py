"""The demo world: what the technician is "looking at" while a replacement runs on simulators.

On a real terminal the camera sees whatever meter or seal the technician points it
at, and the infrared probe sits on whatever meter it was pressed against. On the
simulators nothing moves by itself, so this one small adapter does it: before
each device operation of a step, the replacement view-model calls
:meth:`DemoScene.on_step` (injected by the composition root, never on a real
terminal), which

- puts the right picture in front of the :class:`SimulatedCamera`: the old meter
  (with its asset-number barcode) in steps 1-3, the new meter in step 4 onward,
  a fresh seal label in step 5;
- moves the meter simulator's probe (a callable the demo wiring passes in,
  e.g. ``MeterSimulator.probe`` or a line written to its control file): the old
  meter in steps 1-3, the new meter in steps 4-7.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.steps import ReplacementStep
from app.domain.work_orders import Kind, WorkOrder
from device_drivers.camera.folder import FolderCamera
from device_drivers.camera.simulated import MeterScene, SimulatedCamera, draw_meter, to_jpeg

OLD_METER_STEPS = frozenset({ReplacementStep.IDENTIFY_OLD, ReplacementStep.READ_OLD, ReplacementStep.DIAGNOSE,
                             ReplacementStep.CONFIRM})


class FolderView:
    """Shows a scene to a :class:`FolderCamera` (the camera of a terminal set to ``folder://``)."""

    def __init__(self, camera: FolderCamera) -> None:
        self.folder = camera
        self.shown = 0

    @property
    def scenes(self) -> list[MeterScene]:
        return []

    @scenes.setter
    def scenes(self, value: list[MeterScene]) -> None:
        self.folder.show(to_jpeg(draw_meter(value[0], seed=self.shown)), ".jpg")
        self.shown += 1


class SealCounter:
    """Seal numbers that no earlier run of the demo has used (kept in a small file)."""

    def __init__(self, path: Path, base: int) -> None:
        self.path, self.base = path, base

    def __next__(self) -> int:
        try:
            last = int(self.path.read_text())
        except (OSError, ValueError):
            last = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(str(last + 1))
        return last + 1


@dataclass
class DemoScene:
    camera: SimulatedCamera | FolderView
    probe: Callable[[str], None] | None = None  # move the simulated IR probe to a meter address
    seal_prefix: str = "SC"
    _seals: itertools.count[int] | SealCounter = field(default_factory=lambda: itertools.count(1))
    seal_base: int = 4773730000

    def next_seal(self) -> str:
        """A seal number no demo order has used yet (in this run)."""
        return f"{self.seal_prefix}{self.seal_base + next(self._seals):010d}"

    def on_step(self, step: str, order: WorkOrder) -> None:
        """Called on a worker before the device work of ``step`` (and before each seal scan)."""
        old = step in set(ReplacementStep) and ReplacementStep(step) in OLD_METER_STEPS \
            and order.kind is not Kind.NEW_INSTALL  # a new installation's customer signs for the new meter
        meter = order.archive.meter
        asset = meter.asset_no if old else (order.new_meter_asset_no or meter.asset_no)
        address = meter.address if old else (order.new_meter_address or meter.address)
        if step == ReplacementStep.SEAL:
            scene = MeterScene(asset_no=self.next_seal(), reading_kwh="", model="SEAL / 封印", tilt_deg=2.0)
        else:
            scene = MeterScene(asset_no=asset, reading_kwh="00000.00" if not old else "01411.51")
        self.camera.scenes = [scene]
        if self.probe is not None:
            self.probe(address)
