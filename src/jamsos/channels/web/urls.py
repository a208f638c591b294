from django.urls import path

from jamsos.channels.web import card_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("cek-kepesertaan/", views.membership_lookup, name="cek_kepesertaan"),
    path("bantuan/", views.help_page, name="help"),
    path("kartu/verifikasi/", card_views.card_verify, name="card_verify"),
]
