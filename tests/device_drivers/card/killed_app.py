"""A terminal app that is killed (SIGKILL) in the middle of a journaled recharge.

argv: journal.json token.bin server.pub STAGE. STAGE is after-confirm (the
server's confirmation is in the journal, the card untouched) or after-increase
(the card took the credit, the journal was not told). The recharge is the real
``operations.recharge_with_journal``; the kill comes from the journal.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from device_drivers.card.operations import TokenVerifier, recharge_with_journal
from device_drivers.card.pcsc_reader import PcscReader
from device_drivers.card.user_card import UserCard
from device_drivers.security.card_ops import SoftwareCardSecurityModule, demo_sealed_keys
from tests.device_drivers.card.kit import CARD_READER, NOW, FileJournal


class KilledJournal(FileJournal):
    def __init__(self, path: Path, stage: str) -> None:
        super().__init__(path)
        self.stage = stage

    def record_confirmed(self, transaction_id: str, token: bytes) -> None:
        super().record_confirmed(transaction_id, token)
        if self.stage == "after-confirm":
            os.kill(os.getpid(), signal.SIGKILL)

    def record_applied(self, transaction_id: str) -> None:
        os.kill(os.getpid(), signal.SIGKILL)  # the card has the credit; the journal never knows


def main() -> None:
    journal_path, token_path, key_path, stage = sys.argv[1:5]
    public_key = Ed25519PublicKey.from_public_bytes(Path(key_path).read_bytes())
    verifier = TokenVerifier(public_key, clock=lambda: float(NOW))
    security = SoftwareCardSecurityModule.from_sealed(demo_sealed_keys(), "meterfield-demo-only")
    with PcscReader(CARD_READER).connect(5.0) as conn:
        recharge_with_journal(UserCard(conn, security), KilledJournal(Path(journal_path), stage),
                              Path(token_path).read_bytes(), verifier)
    sys.exit("the app was not killed")


if __name__ == "__main__":
    main()
