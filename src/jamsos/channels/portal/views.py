"""The participant portal's pages. Each parses a form, calls one account service, and
renders; the services decide, audit and send. No page takes a participant id from its
address: every page shows the logged-in participant's own data."""

from __future__ import annotations

import json
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.core.serializers.json import DjangoJSONEncoder
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jamsos.accounts import config, services
from jamsos.accounts.models import ParticipantAccount
from jamsos.channels.portal.access import (
    current_account,
    participant_page,
    restamp,
    safe_next,
    start_session,
)
from jamsos.channels.portal.charts import bar_chart
from jamsos.channels.portal.forms import (
    CodeForm,
    ContactChangeForm,
    LoginForm,
    PasswordChangeForm,
    ResetForm,
    SecondFactorForm,
    SignupCodeForm,
    SignupForm,
    SignupResumeForm,
)
from jamsos.ops.errors import JamsosError
from jamsos.ops.forms import active_message

CHANNEL = "portal"
PENDING_LOGIN = "portal_pending_login"
SIGNUP = "portal_signup"
RESET = "portal_reset"
CONTACT = "portal_contact"

# Where a service's refusal shows: its field, under the form's name for it.
_FIELD_NAMES = {"password": "password1", "recipient": "value"}


def show_error(form: Form, error: JamsosError) -> int:
    """Put a service's refusal on the form; return the HTTP status to answer with."""
    field = _FIELD_NAMES.get(error.field or "", error.field)
    if field not in form.fields:
        field = "password" if error.field == "password" and "password" in form.fields else None
    form.add_error(field, active_message(error))
    return error.http_status


def _challenge(request: HttpRequest, key: str) -> dict[str, Any] | None:
    """The challenge a flow keeps in the session, while it has not expired."""
    state = request.session.get(key)
    if not state or time.time() > float(state.get("expires", 0)):
        request.session.pop(key, None)
        return None
    return state


def _keep(request: HttpRequest, key: str, challenge: services.CodeChallenge, **extra: Any) -> None:
    request.session[key] = {
        "handle": challenge.handle,
        "expires": challenge.expires_at.timestamp(),
        "sent_to": list(challenge.sent_to),
        **extra,
    }


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


# --- Landing and log-in --------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if current_account(request) is not None:
        return redirect("portal:profile")
    return _render(request, "portal/home.html", {})


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                result = services.login_with_password(
                    identifier=form.cleaned_data["identifier"],
                    password=form.cleaned_data["password"],
                    channel=CHANNEL,
                    request=request,
                )
            except JamsosError as error:
                status = show_error(form, error)
            else:
                if result.second_factor is not None:
                    request.session.cycle_key()
                    _keep(
                        request,
                        PENDING_LOGIN,
                        result.second_factor,
                        account=result.account.pk,
                        next=next_url,
                    )
                    return redirect("portal:login_code")
                start_session(request, result.account)
                return HttpResponseRedirect(next_url or reverse("portal:profile"))
    context = {
        "form": form,
        "next": next_url,
        "expired": request.GET.get("expired") == "1",
    }
    return _render(request, "portal/login.html", context, status)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_code_view(request: HttpRequest) -> HttpResponse:
    state = _challenge(request, PENDING_LOGIN)
    account = (
        ParticipantAccount.objects.select_related("user", "participant")
        .filter(pk=state["account"])
        .first()
        if state
        else None
    )
    if state is None or account is None:
        return redirect("portal:login")
    form = CodeForm(request.POST or None)
    status = 200
    problem = ""
    if request.method == "POST" and request.POST.get("action") == "resend":
        form = CodeForm()
        try:
            challenge = services.login_resend_code(
                account=account, channel=CHANNEL, request=request
            )
        except JamsosError as error:
            problem, status = active_message(error), error.http_status
        else:
            _keep(request, PENDING_LOGIN, challenge, account=account.pk, next=state.get("next", ""))
            messages.info(request, _("We sent a new code."))
            return redirect("portal:login_code")
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.login_complete(
                    account=account,
                    handle=state["handle"],
                    code=form.cleaned_data["code"],
                    channel=CHANNEL,
                    request=request,
                )
            except JamsosError as error:
                status = show_error(form, error)
            else:
                request.session.pop(PENDING_LOGIN, None)
                start_session(request, account)
                return HttpResponseRedirect(state.get("next") or reverse("portal:profile"))
    context = {
        "form": form,
        "sent_to": state.get("sent_to", []),
        "problem": problem,
        "minutes": config.code_seconds() // 60,
    }
    return _render(request, "portal/login_code.html", context, status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(f"{reverse('portal:login')}?logged_out=1")


# --- Sign-up -------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                challenge = services.signup_start(
                    nik=data["nik"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    phone=data["phone"],
                    email=data["email"],
                    channel=CHANNEL,
                    request=request,
                )
            except JamsosError as error:
                status = show_error(form, error)
            else:
                _keep(request, SIGNUP, challenge)
                return redirect("portal:signup_code")
    return _render(request, "portal/signup.html", {"form": form}, status)


@never_cache
@sensitive_post_parameters("code", "password1", "password2")
@require_http_methods(["GET", "POST"])
def signup_code_view(request: HttpRequest) -> HttpResponse:
    state = _challenge(request, SIGNUP)
    if state is None:
        messages.info(request, _("The code has expired. Fill in the form again for a new one."))
        return redirect("portal:signup")
    form = SignupCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                account = services.signup_complete(
                    handle=state["handle"],
                    code=form.cleaned_data["code"],
                    password=form.cleaned_data["password1"],
                    channel=CHANNEL,
                    request=request,
                )
            except JamsosError as error:
                status = show_error(form, error)
            else:
                request.session.pop(SIGNUP, None)
                start_session(request, account)
                messages.success(request, _("Your account is ready. Welcome!"))
                return redirect("portal:profile")
    context = {"form": form, "minutes": config.code_seconds() // 60}
    return _render(request, "portal/signup_code.html", context, status)


@never_cache
@sensitive_post_parameters("nik", "code", "password1", "password2")
@require_http_methods(["GET", "POST"])
def signup_resume_view(request: HttpRequest) -> HttpResponse:
    form = SignupResumeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                account = services.signup_resume(
                    nik=form.cleaned_data["nik"],
                    code=form.cleaned_data["code"],
                    password=form.cleaned_data["password1"],
                    channel=CHANNEL,
                    request=request,
                )
            except JamsosError as error:
                status = show_error(form, error)
            else:
                start_session(request, account)
                messages.success(request, _("Your account is ready. Welcome!"))
                return redirect("portal:profile")
    return _render(request, "portal/signup_resume.html", {"form": form}, status)


# --- Forgotten password --------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def reset_view(request: HttpRequest) -> HttpResponse:
    form = ResetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                challenge = services.reset_start(
                    identifier=form.cleaned_data["identifier"], channel=CHANNEL, request=request
                )
            except JamsosError as error:
                status = show_error(form, error)
            else:
                _keep(request, RESET, challenge)
                return redirect("portal:reset_code")
    return _render(request, "portal/reset.html", {"form": form}, status)


@never_cache
@sensitive_post_parameters("code", "password1", "password2")
@require_http_methods(["GET", "POST"])
def reset_code_view(request: HttpRequest) -> HttpResponse:
    state = _challenge(request, RESET)
    if state is None:
        messages.info(request, _("The code has expired. Ask for a new one."))
        return redirect("portal:reset")
    form = SignupCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.reset_complete(
                    handle=state["handle"],
                    code=form.cleaned_data["code"],
                    password=form.cleaned_data["password1"],
                    channel=CHANNEL,
                    request=request,
                )
            except JamsosError as error:
                status = show_error(form, error)
            else:
                request.session.pop(RESET, None)
                messages.success(
                    request, _("Your password was changed. Log in with your new password.")
                )
                return redirect("portal:login")
    context = {"form": form, "minutes": config.reset_code_seconds() // 60}
    return _render(request, "portal/reset_code.html", context, status)


# --- My data -------------------------------------------------------------------------------


@participant_page
@require_GET
def profile_view(request: HttpRequest, account: ParticipantAccount) -> HttpResponse:
    profile = services.participant_profile(account=account, channel=CHANNEL, request=request)
    return _render(request, "portal/profile.html", {"profile": profile})


def _int_param(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) <= 6 else None


@participant_page
@require_GET
def balance_view(request: HttpRequest, account: ParticipantAccount) -> HttpResponse:
    balance = services.participant_balance(
        account=account, year=_int_param(request, "tahun"), channel=CHANNEL, request=request
    )
    return _render(request, "portal/balance.html", {"balance": balance})


@participant_page
@require_GET
def contributions_view(request: HttpRequest, account: ParticipantAccount) -> HttpResponse:
    history = services.participant_contributions(account=account, channel=CHANNEL, request=request)
    recent = history.months[-24:]
    chart = bar_chart([(f"{m.month:%m/%y}", f"{m.month:%m/%Y}", m.jht) for m in recent])
    context = {"history": history, "chart": chart, "chart_months": recent}
    return _render(request, "portal/contributions.html", context)


@participant_page
@require_GET
def access_log_view(request: HttpRequest, account: ParticipantAccount) -> HttpResponse:
    log = services.participant_access_log(
        account=account, page=_int_param(request, "halaman") or 1, channel=CHANNEL, request=request
    )
    return _render(request, "portal/access_log.html", {"log": log})


@participant_page
@require_GET
def data_export_view(request: HttpRequest, account: ParticipantAccount) -> HttpResponse:
    data = services.participant_data_export(account=account, channel=CHANNEL, request=request)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="data-jamsos-{stamp}.json"'
    return response


# --- Security settings and contact details -------------------------------------------------


@participant_page
@sensitive_post_parameters("current_password", "password1", "password2", "password")
@require_http_methods(["GET", "POST"])
def security_view(request: HttpRequest, account: ParticipantAccount) -> HttpResponse:
    action = request.POST.get("action") if request.method == "POST" else None
    password_form = PasswordChangeForm(request.POST if action == "password" else None)
    factor_form = SecondFactorForm(request.POST if action in ("factor_on", "factor_off") else None)
    status = 200
    if action == "password":
        status = 400
        if password_form.is_valid():
            try:
                services.password_change(
                    account=account,
                    current_password=password_form.cleaned_data["current_password"],
                    new_password=password_form.cleaned_data["password1"],
                    channel=CHANNEL,
                    request=request,
                )
            except JamsosError as error:
                status = show_error(password_form, error)
            else:
                # Every session ended; this one goes on.
                update_session_auth_hash(request, account.user)
                restamp(request)
                messages.success(request, _("Your password was changed. Other sessions ended."))
                return redirect("portal:security")
    elif action in ("factor_on", "factor_off"):
        status = 400
        if factor_form.is_valid():
            try:
                services.second_factor_set(
                    account=account,
                    enabled=action == "factor_on",
                    password=factor_form.cleaned_data["password"],
                    channel=CHANNEL,
                    request=request,
                )
            except JamsosError as error:
                status = show_error(factor_form, error)
            else:
                messages.success(request, _("Your log-in settings were saved."))
                return redirect("portal:security")
    context = {"account": account, "password_form": password_form, "factor_form": factor_form}
    return _render(request, "portal/security.html", context, status)


@participant_page
@require_http_methods(["GET", "POST"])
def contact_view(request: HttpRequest, account: ParticipantAccount) -> HttpResponse:
    form = ContactChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                challenge = services.contact_change_start(
                    account=account,
                    kind=form.cleaned_data["kind"],
                    value=form.cleaned_data["value"],
                    channel=CHANNEL,
                    request=request,
                )
            except JamsosError as error:
                status = show_error(form, error)
            else:
                _keep(request, CONTACT, challenge, step="old", kind=form.cleaned_data["kind"])
                return redirect("portal:contact_code")
    return _render(request, "portal/contact.html", {"form": form}, status)


@participant_page
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def contact_code_view(request: HttpRequest, account: ParticipantAccount) -> HttpResponse:
    state = _challenge(request, CONTACT)
    if state is None:
        messages.info(request, _("The code has expired. Start the change again."))
        return redirect("portal:contact")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            code = form.cleaned_data["code"]
            try:
                if state["step"] == "old":
                    challenge = services.contact_change_verify_old(
                        account=account,
                        handle=state["handle"],
                        code=code,
                        channel=CHANNEL,
                        request=request,
                    )
                else:
                    services.contact_change_confirm_new(
                        account=account,
                        handle=state["handle"],
                        code=code,
                        channel=CHANNEL,
                        request=request,
                    )
            except JamsosError as error:
                status = show_error(form, error)
            else:
                if state["step"] == "old":
                    _keep(request, CONTACT, challenge, step="new", kind=state["kind"])
                    return redirect("portal:contact_code")
                request.session.pop(CONTACT, None)
                messages.success(request, _("Your contact details were changed."))
                return redirect("portal:profile")
    context = {
        "form": form,
        "step": state["step"],
        "sent_to": state.get("sent_to", []),
        "minutes": config.code_seconds() // 60,
    }
    return _render(request, "portal/contact_code.html", context, status)


@participant_page
@require_POST
def contact_stepup_view(request: HttpRequest, account: ParticipantAccount) -> HttpResponse:
    services.contact_change_request_stepup(account=account, channel=CHANNEL, request=request)
    request.session.pop(CONTACT, None)
    messages.success(
        request,
        _(
            "Your request is waiting for an officer. Visit a branch office with your KTP, "
            "or call the call centre."
        ),
    )
    return redirect("portal:profile")
