"""The project's URLs plus a bare view: the yardstick a feature's throughput is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from jamsos.registry.models import Participant


def bare_lookup(request: HttpRequest) -> HttpResponse:
    """One indexed query by blind index, nothing else: no forms, limits, audit or templates."""
    found = Participant.objects.filter(nik_index=request.GET.get("i", "")).values("kpj").first()
    return HttpResponse(found["kpj"] if found else "-", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare_lookup),
    path("", include("jamsos.urls")),
]
