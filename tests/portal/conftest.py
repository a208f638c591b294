import time

import pytest
from django.test import Client

from jamsos.channels.portal.access import AUTH_AT, SEEN_AT
from tests.accounts.cast import (
    SITI_BIRTH,
    SITI_EMAIL,
    SITI_PHONE,
    make_account,
    make_participant,
)


def english_client() -> Client:
    # English is the templates' source language: assertions on text do not depend on
    # the Indonesian catalogue, which the translators fill in later.
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def portal_session(client: Client, account) -> Client:
    """What a finished log-in at /peserta/masuk/ leaves in the session (see test_pages)."""
    client.force_login(account.user)
    session = client.session
    session[AUTH_AT] = session[SEEN_AT] = time.time()
    session.save()
    return client


@pytest.fixture
def budi(db):
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
def budi_client(budi_account):
    return portal_session(english_client(), budi_account)


@pytest.fixture
def siti_client(siti_account):
    return portal_session(english_client(), siti_account)
