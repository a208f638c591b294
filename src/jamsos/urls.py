from django.contrib import admin
from django.urls import include, path

from jamsos.channels.api.api import api
from jamsos.ops.views import health

admin.site.site_header = "Jamsos — Back office"
admin.site.site_title = "Jamsos back office"
admin.site.index_title = "Kantor cabang / Branch back office"

urlpatterns = [
    path("healthz/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("captcha/", include("captcha.urls")),
    path("sms/", include("jamsos.channels.sms.urls")),
    path("cs/", include("jamsos.channels.cs.urls")),
    path("peserta/", include("jamsos.channels.portal.urls")),
    path("api/v1/", api.urls),
    path("", include("jamsos.channels.web.urls")),
]
