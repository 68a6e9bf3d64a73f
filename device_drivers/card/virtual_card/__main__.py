"""``python -m device_drivers.card.virtual_card STATE``: the virtual card of STATE in the first vpcd
reader until stopped (the demo's card; ``main.py simulate card`` has every option)."""

from __future__ import annotations

import sys
from pathlib import Path

from device_drivers.card.virtual_card.runner import CARD_PORT, run_card


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m device_drivers.card.virtual_card STATE_FILE", file=sys.stderr)
        return 2
    try:
        return run_card(Path(argv[0]), host="127.0.0.1", port=CARD_PORT, plan=None,
                        serial=bytes.fromhex("4D46000000000001"), blank=False)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
