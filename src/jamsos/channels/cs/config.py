"""The console's settings, read from the environment each time they are used.

JAMSOS_CS_IDLE_SECONDS      a console session ends after this long without a request (900)
JAMSOS_CS_REVEALS_PER_HOUR  membership reveals one agent may make per clock hour (30)
JAMSOS_CS_CHECKS_PER_HOUR   caller verifications one agent may run per clock hour (60)
"""

from __future__ import annotations

from jamsos.conf.env import ConfigurationError, env_int


def _positive(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 1:
        raise ConfigurationError(f"{name}={value} must be at least 1.")
    return value


def idle_seconds() -> int:
    return _positive("JAMSOS_CS_IDLE_SECONDS", 15 * 60)


def reveals_per_hour() -> int:
    return _positive("JAMSOS_CS_REVEALS_PER_HOUR", 30)


def checks_per_hour() -> int:
    return _positive("JAMSOS_CS_CHECKS_PER_HOUR", 60)
