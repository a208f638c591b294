"""Console log-in: username and password, then a TOTP code from the agent's own device.

The password step only remembers, for a few minutes, who is half-way in; the user is
logged in (and the session marked verified by django-otp) only after the code. An
agent without a confirmed device enrols one on first log-in, but only a device that a
supervisor has issued (an unconfirmed TOTP device, created in the back office): otherwise
anyone holding an agent's password could attach their own authenticator. The page shows
the issued key as a QR code and as text, and the first correct code confirms it. Replacing
a lost device is the same: a supervisor removes it and issues a new one.
"""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

import segno
from django.contrib.auth import authenticate, get_user_model, logout
from django.contrib.auth import login as auth_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jamsos.channels.cs import errors
from jamsos.channels.cs.access import may_use_console, start_console_session
from jamsos.channels.cs.forms import CodeForm, LoginForm, refusal
from jamsos.helpdesk.staff import is_agent
from jamsos.ops import ratelimit
from jamsos.ops.errors import JamsosError

PENDING = "cs_pending_login"
# Between the password and the code.
PENDING_SECONDS = 5 * 60
# Wrong passwords per username; the TOTP device throttles wrong codes itself.
LOGIN_FAILURES = ratelimit.Limit("cs.login_failures", 10, 15 * 60)
DEVICE_NAME = "Jamsos console"


def issue_device(user: Any) -> TOTPDevice:
    """A supervisor's step: an authenticator the agent confirms at their next log-in."""
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Only a console page; anything else (another site, the admin) goes to the console home."""
    if (
        candidate
        and candidate.startswith("/cs/")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
    ):
        return candidate
    return ""


def _pending(request: HttpRequest) -> tuple[Any, str, str] | None:
    state = request.session.get(PENDING)
    if not state or time.time() - float(state["at"]) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = get_user_model().objects.filter(pk=state["user"], is_active=True).first()
    if user is None or not may_use_console(user):
        return None
    return user, state["backend"], state.get("next", "")


def _finish(
    request: HttpRequest, user: Any, backend: str, device: TOTPDevice, next_url: str
) -> HttpResponseRedirect:
    request.session.pop(PENDING, None)
    auth_login(request, user, backend=backend)
    otp_login(request, device)
    start_console_session(request)
    if next_url:
        return HttpResponseRedirect(next_url)
    return redirect("cs:home" if is_agent(user) else "cs:supervisor")


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            username = form.cleaned_data["username"].strip()
            key = username.lower()
            state = ratelimit.check(LOGIN_FAILURES, key)
            user = None
            if not state.allowed:
                status = 429
                error = JamsosError(
                    errors.CS_LOGIN_LIMITED, time=f"{timezone.localtime(state.retry_at):%H:%M}"
                )
                form.add_error("password", refusal(error))
            else:
                user = authenticate(
                    request, username=username, password=form.cleaned_data["password"]
                )
                if user is None:
                    ratelimit.hit(LOGIN_FAILURES, key)
                    form.add_error("password", refusal(JamsosError(errors.CS_LOGIN_FAILED)))
                elif not may_use_console(user):
                    status = 403
                    form.add_error("username", refusal(JamsosError(errors.CS_LOGIN_NOT_ALLOWED)))
                else:
                    request.session.cycle_key()
                    request.session[PENDING] = {
                        "user": user.pk,
                        "backend": user.backend,
                        "at": time.time(),
                        "next": next_url,
                    }
                    has_device = TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
                    return redirect("cs:login_code" if has_device else "cs:enrol")
    context = {"form": form, "next": next_url, "expired": request.GET.get("expired") == "1"}
    return render(request, "cs/login.html", context, status=status)


def _check_code(device: TOTPDevice, token: str) -> JamsosError | None:
    """None when the code is right; the device's own throttling answers repeated guesses."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, why = locked.verify_is_allowed()
        if not allowed:
            until = (why or {}).get("locked_until") or timezone.now()
            seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
            return JamsosError(errors.CS_CODE_THROTTLED, seconds=seconds)
        if locked.verify_token(token):
            return None
    return JamsosError(errors.CS_CODE_WRONG)


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def code_view(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return redirect("cs:login")
    user, backend, next_url = pending
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("id").first()
    if device is None:
        return redirect("cs:enrol")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            problem = _check_code(device, form.cleaned_data["token"])
            if problem is None:
                device.refresh_from_db()
                return _finish(request, user, backend, device, next_url)
            status = problem.http_status
            form.add_error("token", refusal(problem))
    return render(request, "cs/login_code.html", {"form": form}, status=status)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return redirect("cs:login")
    user, backend, next_url = pending
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        # Only a first device is enrolled here; replacing one needs the back office.
        return redirect("cs:login_code")
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("id").first()
    if device is None:
        context = {"username": user.get_username()}
        return render(request, "cs/enrol_not_issued.html", context, status=403)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            problem = _check_code(device, form.cleaned_data["token"])
            if problem is None:
                device.refresh_from_db()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                return _finish(request, user, backend, device, next_url)
            status = problem.http_status
            form.add_error("token", refusal(problem))
    uri = device.config_url
    context = {
        "form": form,
        "qr_code": segno.make(uri, error="m").svg_data_uri(scale=5, border=2),
        "secret": _grouped(b32encode(device.bin_key).decode().rstrip("=")),
        "username": user.get_username(),
    }
    return render(request, "cs/enrol.html", context, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(reverse("cs:login"))
