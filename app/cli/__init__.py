"""Diagnostic and service subcommands of ``main.py``.

Each module here defines ``register(subparsers)``, which adds one subcommand and
sets ``handler=callable(args, settings) -> int`` on it. Modules are found by
name, so adding a command is adding a file. Registration must stay cheap: heavy
imports (Qt, drivers, the server) belong inside the handler.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Callable
from typing import Protocol

from app.settings import Settings

Handler = Callable[[argparse.Namespace, Settings], int]


class CommandModule(Protocol):
    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...


def register_all(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register every command module of this package, in name order."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module: CommandModule = importlib.import_module(f"{__name__}.{info.name}")
        module.register(subparsers)
