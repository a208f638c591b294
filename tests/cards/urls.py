"""The project's URLs plus the card check page, for as long as web/urls.py lacks its line."""

from django.urls import include, path

from jamsos import urls as project
from jamsos.channels.web import card_views
from jamsos.channels.web import urls as web

_web = list(web.urlpatterns)
if not any(getattr(pattern, "name", None) == "card_verify" for pattern in _web):
    _web.append(path("kartu/verifikasi/", card_views.card_verify, name="card_verify"))

urlpatterns = [
    *(p for p in project.urlpatterns if getattr(p, "app_name", None) != "web"),
    path("", include((_web, "web"))),
]
