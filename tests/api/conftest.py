import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from tests.accounts.cast import (
    PASSWORD,
    SITI_BIRTH,
    SITI_EMAIL,
    SITI_PHONE,
    make_account,
    make_participant,
)
from tests.cards.conftest import encoded


class ApiClient:
    """The mobile app's view of /api/v1/: JSON in, JSON out, an optional bearer token."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self, token: str | None) -> dict:
        token = token if token is not None else self.token
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path: str, token: str | None = None, **query):
        return self.client.get(f"/api/v1{path}", query, **self._headers(token))

    def post(self, path: str, body: dict | None = None, token: str | None = None):
        return self.client.post(
            f"/api/v1{path}", body or {}, content_type="application/json", **self._headers(token)
        )


def log_in(identifier: str, password: str = PASSWORD) -> dict:
    response = ApiClient().post("/auth/login", {"identifier": identifier, "password": password})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "complete"
    return body["tokens"]


@pytest.fixture(autouse=True)
def card_key(settings):
    settings.CARD_SIGNING_KEY = encoded(Ed25519PrivateKey.generate())


@pytest.fixture
def app():
    return ApiClient()


@pytest.fixture
def budi(db):
    """(nik, participant): Budi Santoso, phone and e-mail on record, no account yet."""
    return make_participant()


@pytest.fixture
def siti(db):
    return make_participant(
        full_name="Siti Aminah", birth_date=SITI_BIRTH, sex="F", phone=SITI_PHONE, email=SITI_EMAIL
    )


@pytest.fixture
def budi_account(budi):
    return make_account(budi[1])


@pytest.fixture
def siti_account(siti):
    return make_account(siti[1])


@pytest.fixture
def budi_tokens(budi, budi_account):
    return log_in(budi[0])


@pytest.fixture
def siti_tokens(siti, siti_account):
    return log_in(siti[0])


@pytest.fixture
def budi_app(budi_tokens):
    return ApiClient(budi_tokens["access_token"])


@pytest.fixture
def siti_app(siti_tokens):
    return ApiClient(siti_tokens["access_token"])
