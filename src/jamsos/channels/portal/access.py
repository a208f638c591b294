"""Who may open a portal page, and when a portal session ends.

A portal session begins when a participant finishes log-in (password, and the SMS code
when they turned it on). Every page checks it with `jamsos.accounts.services
.session_is_current`: idle and absolute limits, and sessions ended by a password reset
elsewhere. Staff are never participants here: a logged-in staff user gets 403.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from jamsos.accounts.models import ParticipantAccount
from jamsos.accounts.selectors import account_for_user
from jamsos.accounts.services import session_is_current

AUTH_AT = "portal_auth_at"
SEEN_AT = "portal_seen_at"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _moment(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(float(value), tz=dt.UTC)
    except (TypeError, ValueError):
        return None


def start_session(request: HttpRequest, account: ParticipantAccount) -> None:
    """Log the participant in (a new session key) and start the session's clocks."""
    auth_login(request, account.user, backend=BACKEND)
    restamp(request)


def restamp(request: HttpRequest) -> None:
    """After the account's sessions were ended from this one (a password change): go on."""
    now = time.time()
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Only a portal page; anything else (another site, the back office) is ignored."""
    if (
        candidate
        and candidate.startswith("/peserta/")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
    ):
        return candidate
    return ""


def to_login(request: HttpRequest, **extra: str) -> HttpResponseRedirect:
    query = urlencode({"next": request.get_full_path(), **extra})
    return HttpResponseRedirect(f"{reverse('portal:login')}?{query}")


def current_account(request: HttpRequest) -> ParticipantAccount | None:
    """The logged-in participant whose session is still current, else None."""
    account = account_for_user(request.user)
    if account is None:
        return None
    auth_at, seen_at = _moment(request.session.get(AUTH_AT)), _moment(request.session.get(SEEN_AT))
    if auth_at is None or seen_at is None:
        return None
    if not session_is_current(account, authenticated_at=auth_at, last_seen_at=seen_at):
        return None
    return account


def participant_page(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Guard a page that shows the logged-in participant's own data.

    The view gets the account as its second argument; it never takes a participant id
    from the URL, so there is no other person's page to ask for.
    """

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if user.is_authenticated and account_for_user(user) is None:
            raise PermissionDenied
        account = current_account(request)
        if account is None:
            expired = user.is_authenticated
            if expired:
                logout(request)
            return to_login(request, **({"expired": "1"} if expired else {}))
        request.session[SEEN_AT] = time.time()
        request.participant_account = account  # type: ignore[attr-defined]
        response = view(request, account, *args, **kwargs)
        # Pages with personal data must not be kept by the browser or a proxy.
        add_never_cache_headers(response)
        return response

    return guarded
