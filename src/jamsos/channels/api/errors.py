"""One error shape for every API response that is not a success.

    {"code": "NIK_LENGTH", "field": "nik", "message": {"id": "...", "en": "..."}}

Domain refusals carry their own code and HTTP status; request validation and unknown
routes are mapped into the same shape so a mobile app handles one format.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from jamsos.ops.errors import ErrorSpec, JamsosError, define_error

REQUEST_INVALID = define_error(
    "REQUEST_INVALID",
    id="Permintaan tidak lengkap atau formatnya salah: {detail}",
    en="The request is incomplete or malformed: {detail}",
    http_status=422,
)
NOT_AUTHENTICATED = define_error(
    "NOT_AUTHENTICATED",
    id="Masuk terlebih dahulu: token akses tidak ada, salah, atau kedaluwarsa.",
    en="Log in first: the access token is missing, wrong or expired.",
    http_status=401,
)
RATE_LIMITED = define_error(
    "API_RATE_LIMITED",
    id="Terlalu banyak permintaan. Coba lagi dalam {seconds} detik.",
    en="Too many requests. Try again in {seconds} seconds.",
    http_status=429,
)
HTTP_ERROR = define_error(
    "HTTP_ERROR",
    id="Permintaan tidak dapat dilayani: {detail}",
    en="The request cannot be served: {detail}",
    http_status=400,
)


class RetryLater(JamsosError):
    """A refusal that tells the client when to come back (a `Retry-After` header)."""

    def __init__(self, spec: ErrorSpec, *, retry_after: int, **params: Any) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(spec, **params)


def _describe(errors: list[dict[str, Any]]) -> tuple[str | None, str]:
    first = errors[0] if errors else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    field = location[-1] if location else None
    return field, "; ".join(
        f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in errors
    )


def install_error_handlers(api: NinjaAPI) -> None:
    def render(request: HttpRequest, error: JamsosError, status: int | None = None) -> HttpResponse:
        response = api.create_response(request, error.as_dict(), status=status or error.http_status)
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            response["Retry-After"] = str(retry_after)
        return response

    @api.exception_handler(JamsosError)
    def domain_refusal(request: HttpRequest, exc: JamsosError) -> HttpResponse:
        return render(request, exc)

    @api.exception_handler(ValidationError)
    def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        field, detail = _describe(list(exc.errors))
        return render(request, JamsosError(REQUEST_INVALID, field=field, detail=detail[:300]))

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return render(request, JamsosError(NOT_AUTHENTICATED))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return render(request, JamsosError(HTTP_ERROR, detail=str(exc)), status=exc.status_code)
