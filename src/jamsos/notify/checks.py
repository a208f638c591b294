"""`jamsos check` for outbound messages: a backend that cannot work, or should not be used.

Run at start-up by the management commands, so a misconfigured SMS gateway is reported
before the first message fails rather than after.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from jamsos.conf.env import ConfigurationError
from jamsos.notify import config
from jamsos.notify.backends import LOCAL_BACKENDS, backend_class


@checks.register(checks.Tags.compatibility)
def check_backends(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    for kind in ("sms", "email"):
        variable = config.backend_variable(kind)
        try:
            name = config.backend_name(kind)
            backend_class(kind).from_env()
        except ConfigurationError as exc:
            problems.append(
                checks.Error(
                    f"{kind} messages cannot be sent: {exc}",
                    hint=f"Set {variable} and its variables (see jamsos.notify.config).",
                    id="notify.E001",
                )
            )
            continue
        if name in LOCAL_BACKENDS and not (settings.DEMO or settings.DEBUG):
            problems.append(
                checks.Warning(
                    f"{variable}={name}: {kind} messages reach nobody, and their recipients "
                    "and bodies (one-time codes, membership numbers) are kept in the clear "
                    "on this server.",
                    hint="Use http for SMS or smtp for e-mail on a server with real people.",
                    id="notify.W001",
                )
            )
    return problems
