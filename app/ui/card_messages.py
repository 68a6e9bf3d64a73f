"""What the prepaid screen says after a card task: the repair's decision and why, a card written.

The centre decides a repair from the card and its ledger (``app.services.card_tasks``); the
technician reads the decision in their language with the figures that explain it, and what the
meter still has to take from the card (its return-write file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.ui.replacement_format import error_heading, tr, yuan

if TYPE_CHECKING:
    from app.services.card_tasks import RepairOutcome

UNFINISHED = QT_TRANSLATE_NOOP("Replacement", "The card operation did not finish: nothing was lost. Keep the card in the reader and try again")  # noqa: E501
REPAIR = {
    "credited": QT_TRANSLATE_NOOP("Replacement", "Credited: the card holds all %1 purchases the centre issued. Nothing is written again."),  # noqa: E501
    "not_credited": QT_TRANSLATE_NOOP("Replacement", "Not credited: purchase %1 was missing from the card. %2 yuan written now; the card holds %3 yuan."),  # noqa: E501
    "finished_here": QT_TRANSLATE_NOOP("Replacement", "This handheld's unfinished purchase was written: the card holds %3 yuan."),  # noqa: E501
    "card_behind": QT_TRANSLATE_NOOP("Replacement", "Refused: the card shows %1 purchases, but the centre cannot issue the next one again. Nothing was written; the centre has recorded it. Call the metering centre."),  # noqa: E501
    "cancelled": QT_TRANSLATE_NOOP("Replacement", "Refused: the missing purchase was cancelled at the centre (its payment returned). Nothing was written."),  # noqa: E501
    "card_ahead": QT_TRANSLATE_NOOP("Replacement", "Refused: the card shows %1 purchases, the centre issued only %2. Nothing was written; the centre has recorded it. Call the metering centre."),  # noqa: E501
    "nothing_issued": QT_TRANSLATE_NOOP("Replacement", "The centre issued no purchase for this card: there is nothing to write."),  # noqa: E501
}
TO_METER = QT_TRANSLATE_NOOP("Replacement", "The meter has taken purchases up to %1: insert the card into the meter to transfer the rest.")  # noqa: E501
WRITTEN = QT_TRANSLATE_NOOP("Replacement", "Card parameters written and checked: the card carries the centre's tariff now.")  # noqa: E501


def repair_text(outcome: RepairOutcome) -> str:
    """The decision, its reason in figures, and what the meter still has to take."""
    card, decision, wrote = outcome.card, outcome.decision, outcome.wrote
    first = {"card_ahead": card.purchase_count, "card_behind": card.purchase_count,
             "not_credited": card.purchase_count + 1}.get(
        decision, outcome.issued_count)
    text = (tr(REPAIR.get(decision, REPAIR["nothing_issued"])).replace("%1", str(first))
            .replace("%2", yuan(outcome.credited_fen) if wrote else str(outcome.issued_count))
            .replace("%3", yuan(outcome.balance_after_fen)))
    if decision not in REFUSED and 0 <= card.meter_count < outcome.count_after:
        text += "\n" + tr(TO_METER).replace("%1", str(card.meter_count))
    return text


REFUSED = frozenset({"card_ahead", "card_behind", "cancelled"})


def card_error_text(exc: BaseException) -> str:
    """What the prepaid screen says for ``exc``: its heading alone (the drivers' and services' details
    are English), or that the operation did not finish and nothing was lost."""
    return error_heading(exc) or tr(UNFINISHED)


def written_text() -> str:
    return tr(WRITTEN)
