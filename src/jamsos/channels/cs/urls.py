from django.urls import path  # noqa: F401  (routes are added by the cs channel)

app_name = "cs"
urlpatterns: list = []
