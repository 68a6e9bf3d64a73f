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
from typing import Protocol, TypeAlias

from app.settings import Settings

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
Handler = Callable[[argparse.Namespace, Settings], int]


class CommandModule(Protocol):
    def register(self, subparsers: Subparsers) -> None: ...


def register_package(package: str, subparsers: Subparsers) -> None:
    """Register every command module of ``package`` (a package of this kind), in name order."""
    pkg = importlib.import_module(package)
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module: CommandModule = importlib.import_module(f"{package}.{info.name}")
        module.register(subparsers)


def register_all(subparsers: Subparsers) -> None:
    """Register every command of ``main.py``."""
    register_package(__name__, subparsers)
