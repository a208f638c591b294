"""Typed readers for settings that come from the environment.

Each helper fails loudly with the variable's name, so a misconfigured server
refuses to start instead of running with a silent default.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigurationError(Exception):
    """A setting is missing or malformed; the message names the variable and the fix."""


def _read(name: str, default: object, parse: Callable[[str], T]) -> T:
    raw = os.environ.get(name)
    if raw is None:
        if default is _MISSING:
            raise ConfigurationError(f"{name} is not set.")
        return default  # type: ignore[return-value]
    try:
        return parse(raw.strip())
    except ValueError as exc:
        raise ConfigurationError(f"{name}={raw!r} is not valid: {exc}") from None


def env_str(name: str, default: object = _MISSING) -> str:
    return _read(name, default, str)


def env_int(name: str, default: object = _MISSING) -> int:
    return _read(name, default, int)


def env_bool(name: str, default: object = _MISSING) -> bool:
    def parse(raw: str) -> bool:
        lowered = raw.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError("expected one of 1/0, true/false, yes/no, on/off")

    return _read(name, default, parse)


def env_list(name: str, default: object = _MISSING) -> list[str]:
    return _read(
        name, default, lambda raw: [item.strip() for item in raw.split(",") if item.strip()]
    )
