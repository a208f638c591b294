from django.urls import path  # noqa: F401  (routes are added by the portal channel)

app_name = "portal"
urlpatterns: list = []
