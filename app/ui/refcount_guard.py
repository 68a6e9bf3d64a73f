"""Work around PySide6 6.12 on CPython 3.11: calls into Qt drop references to None, True and False.

Measured on this build (``sys.getrefcount`` before and after 1000 calls): every call
of a ``void`` Qt method from Python (``setObjectName``, ``QTimer.start``,
``processEvents``) takes one reference from ``None``, and ``Signal.emit`` with
arguments takes one from ``True``/``False``. The wheels seem to assume Python 3.12's
immortal singletons. On 3.11, after a few thousand such calls the count reaches
zero and the interpreter aborts (``Fatal Python error: none_dealloc`` or
``bool_dealloc``): a handheld left on for a shift would crash.

:func:`immortalise_singletons` gives the three singletons a reference count so
large that they can never reach zero, which is what Python 3.12 does for them. It
is a no-op on 3.12 and later. Remove it once PySide6 or the interpreter is fixed.
"""

from __future__ import annotations

import ctypes
import sys

_BALLAST = 1 << 40


def immortalise_singletons() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in (None, True, False):
        if sys.getrefcount(obj) < _BALLAST:
            ctypes.c_ssize_t.from_address(id(obj)).value += _BALLAST
