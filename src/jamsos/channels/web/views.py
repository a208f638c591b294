from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jamsos.channels.web.forms import MembershipLookupForm
from jamsos.identity import mask_nik
from jamsos.registry.lookup import Outcome, lookup_membership
from jamsos.registry.verification import WEB_LOOKUP, Claims

# Every member channel the system may offer, in the order a worker would look for them.
# A channel appears on the home page as soon as its URL exists.
_CHANNELS = [
    ("web:cek_kepesertaan", "Cek Kepesertaan", _("Find your membership number (KPJ) and status.")),
    (
        "portal:home",
        _("Participant portal"),
        _("Participant self-service: card, JHT balance, claims."),
    ),
    ("employer:home", _("Employer portal"), _("Employer HR: workers, wage reports, invoices.")),
    ("cs:home", _("Customer-service console"), _("Call-centre console for agents.")),
    (
        "sms:simulator",
        _("SMS simulator"),
        _("Send a keyword SMS such as CEK <NIK> and see the reply."),
    ),
    ("api:openapi-view", "API v1", _("JSON API for the mobile app (OpenAPI).")),
    ("admin:index", "Back office", _("Branch officers, claims officers and supervisors.")),
    ("web:card_verify", _("Card check"), _("Check that a digital membership card is genuine.")),
    ("web:help", _("Help"), _("Where to find your KPJ, and what to do when data does not match.")),
]


# Demo-only pages: linked only where they answer.
_DEMO_ONLY = {"sms:simulator"}


def _available_channels() -> list[dict[str, str]]:
    available = []
    for url_name, title, summary in _CHANNELS:
        if url_name in _DEMO_ONLY and not (settings.DEMO or settings.DEBUG):
            continue
        try:
            available.append({"url": reverse(url_name), "title": title, "summary": summary})
        except NoReverseMatch:
            continue
    return available


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"channels": _available_channels()})


@never_cache
@require_http_methods(["GET", "POST"])
def membership_lookup(request: HttpRequest) -> HttpResponse:
    """The public "Cek Kepesertaan" form. POST only carries the NIK; it never goes in a URL.

    Not registered, wrong birth date and wrong name all render the same page with the
    same status: the caller learns only that these three things did not match together.
    """
    form = MembershipLookupForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "web/lookup_form.html", {"form": form}, status=status)
    data = form.cleaned_data
    result = lookup_membership(
        policy=WEB_LOOKUP,
        claims=Claims(nik=data["nik"], birth_date=data["birth_date"], full_name=data["full_name"]),
        request=request,
    )
    if result.outcome == Outcome.LIMITED:
        assert result.retry_at is not None
        retry_at = timezone.localtime(result.retry_at)
        response = render(request, "web/lookup_limited.html", {"retry_at": retry_at}, status=429)
        response["Retry-After"] = str(
            max(1, int((result.retry_at - timezone.now()).total_seconds()))
        )
        return response
    if result.outcome == Outcome.NO_MATCH:
        return render(request, "web/lookup_no_match.html")
    context = {
        "answer": result.answer,
        "sent_to": result.sent_to,
        "masked_nik": mask_nik(data["nik"]),
    }
    return render(request, "web/lookup_result.html", context)


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "web/help.html")
