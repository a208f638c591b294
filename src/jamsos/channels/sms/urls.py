from django.urls import path

from jamsos.channels.sms import views

app_name = "sms"
urlpatterns = [
    path("inbound/", views.inbound, name="inbound"),
    path("simulator/", views.simulator, name="simulator"),
]
