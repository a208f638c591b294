from django.urls import path

from jamsos.channels.cs import login, views

app_name = "cs"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", login.login_view, name="login"),
    path("login/code/", login.code_view, name="login_code"),
    path("login/enrol/", login.enrol_view, name="enrol"),
    path("logout/", login.logout_view, name="logout"),
    path("calls/", views.open_call, name="open_call"),
    path("tickets/<str:number>/", views.ticket_page, name="ticket"),
    path("tickets/<str:number>/take/", views.take, name="take"),
    path("tickets/<str:number>/check/", views.check, name="check"),
    path("tickets/<str:number>/reveal/", views.reveal, name="reveal"),
    path("tickets/<str:number>/notes/", views.note, name="note"),
    path("tickets/<str:number>/status/", views.status, name="status"),
    path("tickets/<str:number>/correction/", views.correction, name="correction"),
    path("supervisor/", views.supervisor_report, name="supervisor"),
]
