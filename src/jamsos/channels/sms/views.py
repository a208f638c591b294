"""The SMS channel's web edge: the gateway's inbound endpoint and the demo simulator."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from jamsos.audit.services import record_event
from jamsos.channels.sms.forms import SimulatorForm
from jamsos.channels.sms.gateway import handle_inbound_request
from jamsos.channels.sms.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER
from jamsos.channels.sms.simulator import sample_senders, simulate
from jamsos.identity import mask_nik, mask_phone
from jamsos.registry.models import Participant


@csrf_exempt  # the gateway authenticates with its HMAC signature, not a session
@require_POST
def inbound(request: HttpRequest) -> JsonResponse:
    result = handle_inbound_request(
        body=request.body,
        signature_header=request.headers.get(SIGNATURE_HEADER),
        timestamp_header=request.headers.get(TIMESTAMP_HEADER),
        request_id=getattr(request, "request_id", ""),
    )
    return JsonResponse(result.payload, status=result.status)


def _another_phone(e164: str) -> str:
    """The same number with its last digit changed: a phone that is not the registered one."""
    return e164[:-1] + str((int(e164[-1]) + 1) % 10)


def _prefill(request: HttpRequest, samples: list[Participant]) -> dict[str, str]:
    chosen = next((p for p in samples if str(p.pk) == request.GET.get("sample")), None)
    if chosen is None or not chosen.phone:
        return {}
    # The form now holds the full NIK and phone: logged like any other look at them.
    record_event(
        actor=request.user,
        actor_role="public",
        channel="web",
        action="participant.view",
        outcome="success",
        subject_participant_id=chosen.pk,
        purpose="SMS simulator: sample sender",
        request=request,
    )
    phone = chosen.phone if request.GET.get("from") != "other" else _another_phone(chosen.phone)
    return {"sender": phone, "text": f"CEK {chosen.nik}"}


@never_cache
@require_http_methods(["GET", "POST"])
def simulator(request: HttpRequest) -> HttpResponse:
    """Demo page: send an SMS from any number and see the reply. Not on production servers."""
    if not (settings.DEMO or settings.DEBUG):
        raise Http404
    # Sample identities only with demo data: the page shows them in full.
    samples = sample_senders() if settings.DEMO else []
    initial = _prefill(request, samples) if request.method == "GET" else {}
    form = SimulatorForm(request.POST or None, initial=initial)
    simulation = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            simulation = simulate(
                sender=form.cleaned_data["sender"],
                text=form.cleaned_data["text"],
                request_id=getattr(request, "request_id", ""),
            )
        else:
            status = 400
    language = "en" if (get_language() or "id").startswith("en") else "id"
    refusal = None
    if simulation is not None and simulation.response.status != 200:
        payload = simulation.response.payload
        refusal = {"code": payload.get("code"), "message": payload["message"][language]}
    context = {
        "form": form,
        "simulation": simulation,
        "refusal": refusal,
        "samples": [
            {
                "pk": p.pk,
                "name": p.full_name,
                "masked_nik": mask_nik(p.nik),
                "masked_phone": mask_phone(p.phone or ""),
            }
            for p in samples
        ],
        "signature_header": SIGNATURE_HEADER,
        "timestamp_header": TIMESTAMP_HEADER,
    }
    return render(request, "sms/simulator.html", context, status=status)
