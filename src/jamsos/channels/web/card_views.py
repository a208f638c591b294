"""The public card check, /kartu/verifikasi/: paste or scan a card's QR text, see whether
the card is genuine and the membership active today.

It shows only what the QR itself says (KPJ, masked name) plus the status today, so the page
tells a stranger holding a photo of a card nothing the card did not already show.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jamsos.ops.forms import active_message
from jamsos.registry.cards import MAX_PAYLOAD_CHARS, CardCheck, check_card_online


class CardVerifyForm(forms.Form):
    payload = forms.CharField(
        label=_("Card code (the text in the card's QR code)"),
        help_text=_(
            "Scan the QR with any QR reader app and paste its text here. It starts with JMS:"
        ),
        # Room for a URL around the payload; anything longer is not a card.
        max_length=MAX_PAYLOAD_CHARS * 2,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "JMS:…",
            }
        ),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def card_verify(request: HttpRequest) -> HttpResponse:
    form = CardVerifyForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "web/card_verify.html", {"form": form}, status=status)
    check = check_card_online(form.cleaned_data["payload"], request=request)
    if check.result == CardCheck.LIMITED:
        assert check.retry_at is not None
        response = render(
            request,
            "web/card_verify.html",
            {"form": CardVerifyForm(), "retry_at": timezone.localtime(check.retry_at)},
            status=429,
        )
        response["Retry-After"] = str(
            max(1, int((check.retry_at - timezone.now()).total_seconds()))
        )
        return response
    context = {
        "check": check,
        "problem": active_message(check.error) if check.error else "",
        "checked_at": timezone.localtime(),
    }
    return render(request, "web/card_verify_result.html", context)
