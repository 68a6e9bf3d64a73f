"""The numeric keypad for an amount that is not a preset: digits only, bounded, whole yuan."""

from __future__ import annotations

from app.ui.amount_keypad import MAX_YUAN, AmountKeypad


def press(*keys: str) -> AmountKeypad:
    pad = AmountKeypad()
    for key in keys:
        pad.press(key)
    return pad


def test_digits_make_whole_yuan_in_fen() -> None:
    assert press("3", "8").fen == 3800
    assert press("0", "0", "7").fen == 700  # leading zeros dropped
    assert press().fen == 0


def test_back_clear_and_anything_else() -> None:
    assert press("1", "2", "back").fen == 100
    assert press("1", "2", "clear", "5").fen == 500
    assert press("1", ".", "5", "-", "x", "55").fen == 1500  # only single digits count


def test_an_amount_above_the_doors_limit_or_too_long_cannot_be_tapped() -> None:
    assert press("5", "0", "0", "1").fen == 500 * 100  # 5001 would pass MAX_YUAN: the 1 is refused
    assert press("9", "9", "9", "9").fen == 999 * 100
    assert press(*str(MAX_YUAN)).fen == MAX_YUAN * 100
    assert press("1", "2", "3", "4", "5").fen == 1234 * 100
