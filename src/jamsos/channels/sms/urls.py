from django.urls import path  # noqa: F401  (routes are added by the sms channel)

app_name = "sms"
urlpatterns: list = []
