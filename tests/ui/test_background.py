"""The background helper: the callable runs on a worker, the answer comes back on the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from app.ui.background import Background


def test_success_is_delivered_on_the_gui_thread(qapp: Any, qtbot: Any) -> None:
    bg = Background()
    seen: dict[str, Any] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback"] = threading.get_ident()

    bg.run(work, done)
    assert bg.busy
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42
    assert seen["worker"] != threading.get_ident()
    assert seen["callback"] == threading.get_ident()
    qtbot.waitUntil(lambda: not bg.busy, timeout=5000)


def test_failure_is_delivered_to_on_failure(qapp: Any, qtbot: Any) -> None:
    bg = Background()
    errors: list[BaseException] = []
    results: list[object] = []

    def work() -> None:
        raise ValueError("the meter did not answer")

    bg.run(work, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], ValueError) and "did not answer" in str(errors[0])
    assert results == []


def test_many_operations_all_answer(qapp: Any, qtbot: Any) -> None:
    bg = Background(max_threads=2)
    results: list[int] = []
    def square(i: int) -> Callable[[], int]:
        return lambda: i * i

    for i in range(50):
        bg.run(square(i), results.append)
    qtbot.waitUntil(lambda: len(results) == 50, timeout=10_000)
    assert sorted(results) == [i * i for i in range(50)]
    assert not bg.busy
