from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

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
    ("api-1.0.0:openapi-view", "API v1", _("JSON API for the mobile app (OpenAPI).")),
    ("admin:index", "Back office", _("Branch officers, claims officers and supervisors.")),
]


def _available_channels() -> list[dict[str, str]]:
    available = []
    for url_name, title, summary in _CHANNELS:
        try:
            available.append({"url": reverse(url_name), "title": title, "summary": summary})
        except NoReverseMatch:
            continue
    return available


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"channels": _available_channels()})
