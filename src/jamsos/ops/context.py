from django.conf import settings
from django.http import HttpRequest


def agency(request: HttpRequest) -> dict[str, str]:
    return {"agency_name": settings.AGENCY_NAME, "call_centre": settings.CALL_CENTRE_NUMBER}
