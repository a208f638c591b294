"""The JSON API for the mobile app and partners: /api/v1/, documented at /api/v1/docs."""

from ninja import NinjaAPI

from jamsos.channels.api import auth, calculators, me
from jamsos.channels.api.errors import install_error_handlers

api = NinjaAPI(
    title="Jamsos API",
    version="1",
    description=(
        "Membership, JHT balance, digital card and calculators for the mobile app. "
        "Every error has the shape {code, field, message: {id, en}}."
    ),
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/calculators", calculators.router)
api.add_router("/auth", auth.router)
api.add_router("/me", me.router)
