from django.urls import path

from jamsos.channels.portal import views

app_name = "portal"
# No route takes a participant or object id: every page is the logged-in person's own.
urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.login_view, name="login"),
    path("masuk/kode/", views.login_code_view, name="login_code"),
    path("keluar/", views.logout_view, name="logout"),
    path("daftar/", views.signup_view, name="signup"),
    path("daftar/kode/", views.signup_code_view, name="signup_code"),
    path("daftar/kode-petugas/", views.signup_resume_view, name="signup_resume"),
    path("lupa-kata-sandi/", views.reset_view, name="reset"),
    path("lupa-kata-sandi/kode/", views.reset_code_view, name="reset_code"),
    path("profil/", views.profile_view, name="profile"),
    path("saldo-jht/", views.balance_view, name="balance"),
    path("iuran/", views.contributions_view, name="contributions"),
    path("akses-data/", views.access_log_view, name="access_log"),
    path("data-saya/", views.data_export_view, name="data_export"),
    path("keamanan/", views.security_view, name="security"),
    path("kontak/", views.contact_view, name="contact"),
    path("kontak/kode/", views.contact_code_view, name="contact_code"),
    path("kontak/petugas/", views.contact_stepup_view, name="contact_stepup"),
]
