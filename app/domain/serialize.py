"""Records <-> plain dicts (JSON-ready), for the local store, the outbox and the wire.

Dates become ISO 8601 text, decimals text, enums their value, nested dataclasses
dicts, tuples lists. :func:`from_record` rebuilds a dataclass from such a dict
using its type hints, so one definition serves the terminal and the server.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_record(obj: Any) -> Any:
    """A JSON-ready form of a dataclass (recursively)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_record(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (list, tuple)):
        return [to_record(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_record(v) for k, v in obj.items()}
    return obj


def from_record(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild ``cls`` from :func:`to_record` output; unknown keys are ignored (newer schema)."""
    hints = _hints(typing.cast(Any, cls))
    kwargs = {f.name: _convert(hints[f.name], data[f.name])
              for f in dataclasses.fields(cls)  # type: ignore[arg-type]
              if f.name in data}
    return cls(**kwargs)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(inner[0], value)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:  # tuple[X, ...]: every item an X
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value, strict=True))  # tuple[X, Y]: by place
    if origin is list:
        return [_convert(typing.get_args(tp)[0], v) for v in value]
    if origin is dict:
        return dict(value)
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            return from_record(tp, value)
        if issubclass(tp, Enum):
            return tp(value)
        if tp is datetime:
            return datetime.fromisoformat(value)
        if tp is date:
            return date.fromisoformat(value)
        if tp is Decimal:
            return Decimal(value)
    return value
