"""The console's pages. Each view parses, checks who may act, calls one service, renders.

Every form posts to its own URL and works without JavaScript. Refusals from the
services (`JamsosError`) are shown on the ticket page with their HTTP status: 409 for
an illegal status move or a reveal without verification, 429 at the limits, 403 for
someone else's ticket.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jamsos.channels.cs import config, errors, reports
from jamsos.channels.cs.access import AGENTS, CONSOLE, SUPERVISORS, console_view
from jamsos.channels.cs.forms import (
    CallerCheckForm,
    CorrectionForm,
    NoteForm,
    OpenCallForm,
    RevealForm,
    StatusForm,
    refusal,
)
from jamsos.channels.cs.models import CallerCheck
from jamsos.channels.cs.services import (
    AGENT_ROLE,
    CHECK_VALID_FOR,
    CallerAnswers,
    RevealOutcome,
    RevealResult,
    check_caller,
    reveal_membership,
    valid_check,
)
from jamsos.helpdesk.models import CorrectableField, Origin, Status, Ticket
from jamsos.helpdesk.selectors import agent_queue, visible_ticket
from jamsos.helpdesk.services import (
    add_note,
    assign,
    change_status,
    open_correction_request_from_ticket,
    open_ticket,
)
from jamsos.helpdesk.staff import is_agent
from jamsos.helpdesk.workflow import allowed_next
from jamsos.identity import mask_nik
from jamsos.ops.errors import JamsosError
from jamsos.registry.services import Actor


def _actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user, role=AGENT_ROLE, channel="cs")


def _ticket(request: HttpRequest, number: str) -> Ticket:
    try:
        return visible_ticket(request.user, number)
    except Ticket.DoesNotExist:
        raise Http404 from None


def _is_handler(request: HttpRequest, ticket: Ticket) -> bool:
    return ticket.assigned_to_id == request.user.pk


def _attach(form: forms.Form, error: JamsosError) -> bool:
    """Show a service's refusal beside the field it is about, when the form has that field."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, refusal(error))
        return True
    return False


def _latest_check(ticket: Ticket, agent: Any) -> CallerCheck | None:
    return (
        CallerCheck.objects.filter(
            ticket=ticket, agent=agent, checked_at__gte=timezone.now() - CHECK_VALID_FOR
        )
        .order_by("-checked_at", "-id")
        .first()
    )


def _correction_value(ticket: Ticket) -> str:
    try:
        correction = ticket.correction
    except ObjectDoesNotExist:
        return ""
    if correction.field == CorrectableField.NIK:
        return mask_nik(correction.requested_value)
    return correction.requested_value


def _render_ticket(
    request: HttpRequest,
    ticket: Ticket,
    *,
    status: int = 200,
    error: JamsosError | None = None,
    reveal: RevealResult | None = None,
    **forms_in_use: forms.Form,
) -> HttpResponse:
    handler = _is_handler(request, ticket)
    check = _latest_check(ticket, request.user) if handler else None
    context = {
        "ticket": ticket,
        "is_handler": handler,
        "can_take": ticket.assigned_to_id is None and not ticket.is_closed,
        "check": check,
        "can_reveal": handler and valid_check(ticket, request.user) is not None,
        "check_minutes": int(CHECK_VALID_FOR.total_seconds() // 60),
        "check_form": forms_in_use.get("check_form") or CallerCheckForm(),
        "reveal_form": forms_in_use.get("reveal_form") or RevealForm(),
        "note_form": forms_in_use.get("note_form") or NoteForm(),
        "status_form": forms_in_use.get("status_form")
        or StatusForm(choices=[(s.value, s.label) for s in allowed_next(ticket.status)]),
        "reveal": reveal,
        "error": error.message(request.LANGUAGE_CODE) if error else "",
        "error_code": error.code if error else "",
        "overdue": ticket.is_overdue(),
        "correction_value": _correction_value(ticket),
    }
    response = render(request, "cs/ticket.html", context, status=status)
    if reveal is not None and reveal.retry_at is not None:
        seconds = int((reveal.retry_at - timezone.now()).total_seconds())
        response["Retry-After"] = str(max(1, seconds))
    return response


def _refuse_unless_handler(request: HttpRequest, ticket: Ticket) -> HttpResponse | None:
    if _is_handler(request, ticket):
        return None
    error = JamsosError(errors.CS_NOT_YOUR_TICKET)
    return _render_ticket(request, ticket, status=error.http_status, error=error)


@console_view(CONSOLE)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not is_agent(request.user):
        return redirect("cs:supervisor")
    return _render_home(request, OpenCallForm())


def _render_home(request: HttpRequest, form: OpenCallForm, status: int = 200) -> HttpResponse:
    queue = list(agent_queue(request.user))
    context = {
        "form": form,
        "mine": [t for t in queue if t.assigned_to_id == request.user.pk],
        "unassigned": [t for t in queue if t.assigned_to_id is None],
        "now": timezone.now(),
    }
    return render(request, "cs/home.html", context, status=status)


@console_view(AGENTS)
@require_POST
def open_call(request: HttpRequest) -> HttpResponse:
    form = OpenCallForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            ticket = open_ticket(
                category=data["category"],
                origin=Origin.CALL,
                actor=_actor(request),
                priority=data["priority"],
                caller_name=data["caller_name"],
                summary=data["summary"],
                assigned_to=request.user,
            )
        except JamsosError as error:
            if not _attach(form, error):
                form.add_error(None, refusal(error))
        else:
            return redirect("cs:ticket", number=ticket.number)
    return _render_home(request, form, status=400)


@console_view(AGENTS)
@require_GET
def ticket_page(request: HttpRequest, number: str) -> HttpResponse:
    return _render_ticket(request, _ticket(request, number))


@console_view(AGENTS)
@require_POST
def take(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _ticket(request, number)
    if ticket.assigned_to_id not in (None, request.user.pk):
        error = JamsosError(errors.CS_NOT_YOUR_TICKET)
        return _render_ticket(request, ticket, status=error.http_status, error=error)
    try:
        assign(ticket=ticket, assignee=request.user, actor=_actor(request))
    except JamsosError as error:
        return _render_ticket(request, ticket, status=error.http_status, error=error)
    return redirect("cs:ticket", number=ticket.number)


@console_view(AGENTS)
@require_POST
def check(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _ticket(request, number)
    form = CallerCheckForm(request.POST)
    if not form.is_valid():
        return _render_ticket(request, ticket, status=400, check_form=form)
    data = form.cleaned_data
    answers = CallerAnswers(
        nik=data["nik"],
        full_name=data["full_name"],
        birth_date=data["birth_date"],
        phone_last4=data["phone_last4"],
        employer_name=data["employer_name"].strip(),
    )
    try:
        check_caller(ticket=ticket, agent=request.user, answers=answers, request=request)
    except JamsosError as error:
        return _render_ticket(request, ticket, status=error.http_status, error=error)
    # A fresh, empty form: the typed NIK is not written back into the page.
    return _render_ticket(request, _ticket(request, number))


@console_view(AGENTS)
@require_POST
def reveal(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _ticket(request, number)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return _render_ticket(request, ticket, status=400, reveal_form=form)
    try:
        result = reveal_membership(
            ticket=ticket, agent=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except JamsosError as error:
        return _render_ticket(request, ticket, status=error.http_status, error=error)
    if result.outcome == RevealOutcome.NOT_VERIFIED:
        minutes = int(CHECK_VALID_FOR.total_seconds() // 60)
        error = JamsosError(errors.CS_REVEAL_NEEDS_VERIFICATION, minutes=minutes)
        return _render_ticket(request, ticket, status=error.http_status, error=error)
    if result.outcome == RevealOutcome.LIMITED:
        assert result.retry_at is not None
        error = JamsosError(
            errors.CS_REVEAL_LIMIT,
            limit=result.limit,
            time=f"{timezone.localtime(result.retry_at):%H:%M}",
        )
        return _render_ticket(request, ticket, status=error.http_status, error=error, reveal=result)
    # The audit row is already committed; only now does the data reach the page.
    return _render_ticket(request, ticket, reveal=result)


@console_view(AGENTS)
@require_POST
def note(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _ticket(request, number)
    if refused := _refuse_unless_handler(request, ticket):
        return refused
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            add_note(ticket=ticket, text=form.cleaned_data["text"], actor=_actor(request))
        except JamsosError as error:
            if _attach(form, error):
                return _render_ticket(request, ticket, status=error.http_status, note_form=form)
            return _render_ticket(request, ticket, status=error.http_status, error=error)
        return redirect("cs:ticket", number=ticket.number)
    return _render_ticket(request, ticket, status=400, note_form=form)


@console_view(AGENTS)
@require_POST
def status(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _ticket(request, number)
    if refused := _refuse_unless_handler(request, ticket):
        return refused
    # Every status parses; whether this move is allowed is the workflow's to say (409).
    form = StatusForm(request.POST, choices=Status.choices)
    if not form.is_valid():
        return _render_ticket(request, ticket, status=400)
    try:
        change_status(
            ticket=ticket,
            to=form.cleaned_data["to"],
            actor=_actor(request),
            note=form.cleaned_data["note"],
        )
    except JamsosError as error:
        return _render_ticket(
            request, _ticket(request, number), status=error.http_status, error=error
        )
    return redirect("cs:ticket", number=ticket.number)


@console_view(AGENTS)
@require_http_methods(["GET", "POST"])
def correction(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _ticket(request, number)
    if refused := _refuse_unless_handler(request, ticket):
        return refused
    form = CorrectionForm(request.POST or None)
    response_status = 200
    error_text = ""
    if request.method == "POST":
        response_status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                follow_up = open_correction_request_from_ticket(
                    ticket=ticket,
                    field=data["field"],
                    requested_value=data["requested_value"],
                    reason=data["reason"],
                    actor=_actor(request),
                )
            except JamsosError as error:
                response_status = error.http_status
                if not _attach(form, error):
                    error_text = error.message(request.LANGUAGE_CODE)
            else:
                return redirect("cs:ticket", number=follow_up.number)
    context = {"ticket": ticket, "form": form, "error": error_text}
    return render(request, "cs/correction.html", context, status=response_status)


@console_view(SUPERVISORS)
@require_GET
def supervisor_report(request: HttpRequest) -> HttpResponse:
    days, daily = reports.reveals_per_day(days=7)
    context = {
        "days": days,
        "daily": daily,
        "hourly": reports.reveals_per_hour(),
        "alerts": reports.recent_limit_alerts(hours=24),
        "limit": config.reveals_per_hour(),
    }
    return render(request, "cs/supervisor.html", context)
