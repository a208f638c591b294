import pytest

from tests.accounts.cast import (
    SITI_BIRTH,
    SITI_EMAIL,
    SITI_PHONE,
    make_account,
    make_participant,
)


@pytest.fixture
def budi(db):
    """(nik, participant): Budi Santoso, with phone and e-mail on his record, no account."""
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
