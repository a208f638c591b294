"""Who may use the console, and for how long a console session lasts.

A console session begins at /cs/login/ (password, then a TOTP code) and ends after
`JAMSOS_CS_IDLE_SECONDS` without a console request, shorter than the site's own
session: agents work beside callers, and leave their desks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from jamsos.channels.cs import config
from jamsos.helpdesk.staff import is_agent, is_supervisor

# When the console last saw this session (Unix seconds); set at log-in.
SEEN_AT = "cs_seen_at"

AGENTS = "agents"
SUPERVISORS = "supervisors"
CONSOLE = "console"  # either


def may_use_console(user: Any) -> bool:
    return is_agent(user) or is_supervisor(user)


_ALLOWED: dict[str, Callable[[Any], bool]] = {
    AGENTS: is_agent,
    SUPERVISORS: is_supervisor,
    CONSOLE: may_use_console,
}


def start_console_session(request: HttpRequest) -> None:
    request.session[SEEN_AT] = time.time()


def _to_login(request: HttpRequest, **extra: str) -> HttpResponseRedirect:
    query = urlencode({"next": request.get_full_path(), **extra})
    return HttpResponseRedirect(f"{reverse('cs:login')}?{query}")


def console_view(
    for_whom: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Guard a console view: log-in with the second factor, the right group, not idle.

    Not logged in, logged in with a password only, or logged in elsewhere: to the
    console's log-in. Idle too long: logged out, then to the log-in with a notice.
    Logged in properly but in neither group the view is for: 403.
    """
    allowed = _ALLOWED[for_whom]

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: Any = request.user
            seen_at = request.session.get(SEEN_AT)
            if not user.is_authenticated or not user.is_verified() or seen_at is None:
                return _to_login(request)
            if time.time() - float(seen_at) > config.idle_seconds():
                logout(request)
                return _to_login(request, expired="1")
            if not allowed(user):
                raise PermissionDenied
            # For the console's navigation: which of its parts this person may open.
            request.cs_roles = {"agent": is_agent(user), "supervisor": is_supervisor(user)}  # type: ignore[attr-defined]
            request.session[SEEN_AT] = time.time()
            response = view(request, *args, **kwargs)
            # Pages with participant data must not be kept by the browser or a proxy.
            add_never_cache_headers(response)
            return response

        return guarded

    return decorator
