"""Who reaches what over the API, and that the OpenAPI document tells the whole truth."""

import re

import pytest

from jamsos.channels.api.api import api as ninja_api
from tests.api.conftest import ApiClient

# Routes whose path carries an identifier (a {parameter}). Each needs a review that the
# caller may only reach their own objects, and a line in the matrix below, before it is
# added here. None exist today: the token alone says whose data /me serves.
REVIEWED_ID_ROUTES: set[str] = set()

# Every route of the API, with whether it needs a token. A route missing here fails
# `test_the_openapi_document_lists_exactly_the_routes_the_tests_know`.
PUBLIC_ROUTES = {
    ("post", "/api/v1/calculators/contribution"),
    ("post", "/api/v1/auth/signup/start"),
    ("post", "/api/v1/auth/signup/complete"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/login/complete"),
    ("post", "/api/v1/auth/refresh"),
    ("post", "/api/v1/auth/password-reset/start"),
    ("post", "/api/v1/auth/password-reset/complete"),
}
OWN_DATA_ROUTES = {
    ("get", "/api/v1/me/profile"),
    ("get", "/api/v1/me/balance"),
    ("get", "/api/v1/me/contributions"),
    ("get", "/api/v1/me/access-log"),
    ("get", "/api/v1/me/card"),
    ("get", "/api/v1/me/card.png"),
    ("get", "/api/v1/me/card.pdf"),
    ("get", "/api/v1/me/data-export"),
    ("post", "/api/v1/me/complaints"),
}
TOKEN_ROUTES = OWN_DATA_ROUTES | {("post", "/api/v1/auth/logout")}
OWN_DATA_GETS = sorted(path for method, path in OWN_DATA_ROUTES if method == "get")


@pytest.fixture
def document(client, db):
    return client.get("/api/v1/openapi.json").json()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def test_no_route_takes_an_identifier_unless_it_was_reviewed(document):
    with_ids = {path for path in document["paths"] if re.search(r"\{[^}]+\}", path)}
    assert with_ids <= REVIEWED_ID_ROUTES, f"review these id-bearing routes: {with_ids}"


def test_the_openapi_document_lists_exactly_the_routes_the_tests_know(document):
    documented = {(method, path) for method, path, _ in operations(document)}
    assert documented == PUBLIC_ROUTES | TOKEN_ROUTES


def test_the_openapi_document_lists_every_route_the_api_serves(document):
    served = set()
    for prefix, router in ninja_api._routers:
        for path, view in router.path_operations.items():
            full = f"/api/v1/{prefix.strip('/')}/{path.lstrip('/')}".replace("//", "/")
            full = full.rstrip("/") if full != "/api/v1/" else full
            for operation in view.operations:
                served |= {(m.lower(), full) for m in operation.methods}
    documented = {
        (method, re.sub(r"\{(\w+)\}", r"{\1}", path)) for method, path, _ in operations(document)
    }
    assert served == documented


def test_every_operation_documents_its_success_and_error_responses(document):
    for method, path, operation in operations(document):
        responses = operation["responses"]
        assert any(code.startswith("2") for code in responses), (method, path)
        errors = [code for code in responses if code.startswith("4")]
        assert errors, (method, path)
        for code in errors:
            schema = responses[code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, code)
        assert operation.get("summary"), (method, path)


def test_every_token_route_is_documented_as_needing_the_bearer_token(document):
    for method, path, operation in operations(document):
        needs_token = (method, path) in TOKEN_ROUTES
        assert bool(operation.get("security")) == needs_token, (method, path)


def test_the_card_downloads_are_documented_as_png_and_pdf(document):
    assert (
        "image/png"
        in document["paths"]["/api/v1/me/card.png"]["get"]["responses"]["200"]["content"]
    )
    assert (
        "application/pdf"
        in document["paths"]["/api/v1/me/card.pdf"]["get"]["responses"]["200"]["content"]
    )


@pytest.mark.parametrize(("method", "path"), sorted(TOKEN_ROUTES))
def test_every_token_route_refuses_a_caller_without_a_token(app, db, method, path):
    route = path.removeprefix("/api/v1")
    response = app.get(route) if method == "get" else app.post(route, {})
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


@pytest.mark.parametrize("path", OWN_DATA_GETS)
def test_each_participant_reaches_only_their_own_data(budi, siti, budi_app, siti_app, path):
    """The permission matrix for the API: two participants, every own-data route."""
    route = path.removeprefix("/api/v1")
    for me, other, app in ((budi, siti, budi_app), (siti, budi, siti_app)):
        response = app.get(route)
        assert response.status_code == 200, (route, response.content)
        content = response.content
        assert other[1].kpj.encode() not in content, route
        assert other[0].encode() not in content, route
        if response["Content-Type"] == "application/json":
            text = content.decode()
            assert other[1].full_name not in text
            if "kpj" in text or "participant" in text:
                assert me[1].kpj in text, route


def test_a_complaint_is_filed_about_the_token_holder_whatever_the_body_says(budi, siti, budi_app):
    from jamsos.helpdesk.models import Ticket

    response = budi_app.post(
        "/me/complaints",
        {
            "category": "balance",
            "text": "Saldo saya",
            "participant": siti[1].pk,
            "kpj": siti[1].kpj,
        },
    )
    assert response.status_code == 201
    assert Ticket.objects.get().subject_participant_id == budi[1].pk


def test_a_query_parameter_naming_someone_else_is_ignored(budi, siti, budi_app):
    body = budi_app.get("/me/profile", kpj=siti[1].kpj, participant=siti[1].pk).json()
    assert body["kpj"] == budi[1].kpj


@pytest.mark.parametrize(
    ("method", "path", "body", "query", "status", "code"),
    [
        ("post", "/auth/login", {"identifier": "x"}, {}, 422, "REQUEST_INVALID"),
        ("post", "/auth/login", {"identifier": "bukan-nik", "password": "x"}, {}, 400, None),
        (
            "post",
            "/auth/refresh",
            {"refresh_token": "jrt_nothing"},
            {},
            401,
            "REFRESH_TOKEN_INVALID",
        ),
        ("post", "/auth/signup/start", {"nik": "1"}, {}, 422, "REQUEST_INVALID"),
        (
            "post",
            "/auth/signup/complete",
            {"handle": "h", "code": "1", "password": "p"},
            {},
            None,
            None,
        ),
        ("post", "/auth/login/complete", {"handle": "h", "code": "123456"}, {}, None, None),
        ("post", "/auth/password-reset/start", {"identifier": ""}, {}, None, None),
        ("get", "/me/access-log", None, {"page": 0}, 422, "REQUEST_INVALID"),
        ("get", "/me/balance", None, {"year": "tahun"}, 422, "REQUEST_INVALID"),
        ("get", "/me/contributions", None, {"months": 0}, 422, "REQUEST_INVALID"),
        ("post", "/me/complaints", {"category": "balance"}, {}, 422, "REQUEST_INVALID"),
        ("post", "/me/complaints", {"category": "balance", "text": ""}, {}, 400, None),
    ],
)
def test_every_client_error_has_the_one_error_shape(
    budi_app, method, path, body, query, status, code
):
    response = budi_app.get(path, **query) if method == "get" else budi_app.post(path, body)
    assert 400 <= response.status_code < 500, response.content
    if status is not None:
        assert response.status_code == status
    error = response.json()
    assert set(error) == {"code", "field", "message"}
    assert set(error["message"]) == {"id", "en"}
    if code is not None:
        assert error["code"] == code


def test_an_anonymous_client_gets_the_error_shape_too():
    response = ApiClient().get("/me/profile", token="garbage")
    assert response.status_code == 401
    assert set(response.json()) == {"code", "field", "message"}
