"""A terminal app that is killed (SIGKILL) in the middle of a recharge, for the fault tests.

argv: journal.json token.bin server.pub STAGE, STAGE = after-confirm (the server's
confirmation is in the journal, the card not touched) or after-increase (the
card took the credit, the journal does not know).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from device_drivers.card.pcsc_reader import PcscReader
from device_drivers.card.user_card import UserCard
from device_drivers.security.card_ops import SoftwareCardSecurityModule, demo_sealed_keys
from device_drivers.security.credit_token import decode_body
from device_drivers.security.signed import decode
from tests.device_drivers.card.kit import CARD_READER, NOW, FileJournal


def main() -> None:
    journal_path, token_path, key_path, stage = sys.argv[1:5]
    raw = Path(token_path).read_bytes()
    public_key = Ed25519PublicKey.from_public_bytes(Path(key_path).read_bytes())
    token = decode_body(decode(raw).verify(public_key, NOW, "credit-token"))
    FileJournal(Path(journal_path)).record_confirmed(token.transaction_id, raw)
    if stage == "after-confirm":
        os.kill(os.getpid(), signal.SIGKILL)
    security = SoftwareCardSecurityModule.from_sealed(demo_sealed_keys(), "meterfield-demo-only")
    with PcscReader(CARD_READER).connect(5.0) as conn:
        card = UserCard(conn, security)
        card.select()
        card.authenticate()
        card.increase(token)
        os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
