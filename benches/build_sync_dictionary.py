"""Train the zstd dictionary both ends of the sync protocol share (resources/sync/zstd-dict-v1.bin).

Trained ONLY on the demo utility (``app.domain.demo_data``), never on the benchmark data set: the
sync messages a demo day produces (work orders with archives, reference data, readings, seals,
step events, fixes, results, operation events). Deterministic: same seed, same dictionary.

    python benches/build_sync_dictionary.py            # print the gain, do not write
    python benches/build_sync_dictionary.py --write    # (re)write the resource file
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402
import zstandard  # noqa: E402

from app.domain.demo_data import DemoUtility, generate  # noqa: E402
from app.domain.records import GpsFix, OperationEvent, Reading, Seal, SealPosition  # noqa: E402
from app.domain.serialize import to_record  # noqa: E402
from app.domain.steps import steps_of  # noqa: E402
from app.domain.work_orders import WorkOrder  # noqa: E402
from sync.protocol import Change, Mutation, SyncRequest, SyncResponse  # noqa: E402

DICT_SIZE = 32 * 1024
OUT = ROOT / "resources" / "sync" / "zstd-dict-v1.bin"
DIS = ("00010000", "00010100", "00010200", "00010300", "00010400", "00020000", "04000101", "04000102")


def _down(demo: DemoUtility, orders: list[WorkOrder], base: int) -> bytes:
    changes = [Change(base + i, "work_order", o.order_no, "upsert", to_record(o))
               for i, o in enumerate(orders)]
    n = base + len(changes)
    changes += [Change(n + i, "user", u.user_id, "upsert", to_record(u))
                for i, u in enumerate(demo.users[:8])]
    changes += [Change(n + 9, "team", t.team_id, "upsert", to_record(t)) for t in demo.teams[:2]]
    return msgspec.msgpack.encode(SyncResponse(1, 1, 0, [], changes, n + 10, False, 1_790_000_000))


def _records(o: WorkOrder, rng: random.Random) -> list[tuple[str, str, dict[str, Any], str]]:
    a, t = o.archive, o.window_start + timedelta(minutes=rng.randint(5, 30))
    out: list[tuple[str, str, dict[str, Any], str]] = []
    for di in rng.sample(DIS, 5):
        r = Reading(o.order_no, a.meter.address, di, f"{rng.uniform(0, 20000):.2f}", "kWh", t)
        out.append(("reading", f"{o.order_no}:old:{a.meter.address}:{di}", to_record(r), t.isoformat()))
    for pos in rng.sample(list(SealPosition), 3):
        seal_no = "SC" + "".join(rng.choice("0123456789") for _ in range(10))
        s = Seal(o.order_no, seal_no, pos, a.meter.asset_no, t)
        out.append(("seal", f"{o.order_no}:seal:{s.seal_no}", to_record(s), t.isoformat()))
    fix = GpsFix(round(30 + rng.random(), 6), round(104 + rng.random(), 6), round(rng.uniform(3, 30), 1),
                 rng.randint(5, 14), t)
    out.append(("gps_fix", f"{o.order_no}:gps:{t.isoformat()}", {"order_no": o.order_no, **to_record(fix)},
                t.isoformat()))
    for k, step in enumerate(steps_of(o.kind)):
        at = (t + timedelta(minutes=2 * k)).isoformat()
        event = {"order_no": o.order_no, "event": step, "status": "in_progress", "step": step, "at": at}
        out.append(("order_event", o.order_no, event, at))
        ev = OperationEvent(f"{o.order_no}:{k}", o.order_no, step, t + timedelta(minutes=2 * k),
                            t + timedelta(minutes=2 * k + 1), "ok", "D0000000000000001", o.tech_id, "offline",
                            fix, {"customer_no": a.customer.customer_no, "meter": a.meter.asset_no})
        out.append(("operation_event", ev.event_id, to_record(ev), at))
    out.append(("work_result", o.order_no, {"order_no": o.order_no, **to_record(a)}, t.isoformat()))
    return out


def _up(orders: list[WorkOrder], rng: random.Random) -> bytes:
    seq = rng.randint(1, 5000)
    mutations = []
    for o in orders:
        for entity, entity_id, payload, at in _records(o, rng):
            seq += 1
            op = "event" if entity.endswith("event") else "upsert"
            mutations.append(Mutation(seq, entity, entity_id, op, payload, at))
    return msgspec.msgpack.encode(SyncRequest(1, 1, "D0000000000000001", rng.randint(0, 9999), mutations))


def samples(seed: int = 20261124) -> list[bytes]:
    demo = generate(seed)
    rng = random.Random(seed)
    out = []
    for tech in demo.technicians()[:48]:
        orders = demo.orders_of(tech.user_id)
        out.append(_down(demo, orders, rng.randint(1, 50_000)))
        out.append(_up(orders[: rng.randint(1, len(orders))], rng))
    return out


def train(seed: int = 20261124) -> bytes:
    return zstandard.train_dictionary(DICT_SIZE, samples(seed), level=19, threads=1).as_bytes()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    args = parser.parse_args()
    data = train()
    held_out = samples(seed=7)[:6]  # another demo utility: what the dictionary saves on unseen data
    plain = zstandard.ZstdCompressor(level=19)
    with_dict = zstandard.ZstdCompressor(level=19, dict_data=zstandard.ZstdCompressionDict(data))
    for s in held_out:
        print(f"{len(s):>8,} raw: zstd-19 {len(plain.compress(s)):>7,}  with dictionary "
              f"{len(with_dict.compress(s)):>7,}")
    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_bytes(data)
        print(f"wrote {OUT.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
