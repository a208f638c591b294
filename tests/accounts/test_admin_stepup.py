"""The back-office side of a step-up: an officer approves it and sets the checked contact."""

import pytest
from django.urls import reverse

from jamsos.accounts.models import StepUpRequest, StepUpStatus
from jamsos.accounts.services import signup_start
from jamsos.audit.models import AuditEvent
from tests.accounts.cast import BUDI_BIRTH, BUDI_EMAIL, MALLORY_PHONE, codes_sent_to
from tests.helpdesk.cast import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def step_up(budi):
    nik, participant = budi
    signup_start(
        nik=nik,
        full_name="Budi Santoso",
        birth_date=BUDI_BIRTH,
        phone=MALLORY_PHONE,
        email=BUDI_EMAIL,
    )
    return StepUpRequest.objects.get(participant=participant)


def officer_client(client, *groups):
    client.force_login(make_staff("petugas", *groups))
    return client


def test_a_branch_officer_approves_a_sign_up_step_up_and_the_code_goes_to_the_checked_phone(
    client, step_up
):
    officer_client(client, "branch_officer")
    url = reverse("admin:accounts_stepuprequest_approve", args=[step_up.pk])

    page = client.get(url)
    assert page.status_code == 200 and "+62 ****-****-890" in page.content.decode()
    response = client.post(
        url,
        {"evidence": "in_person", "phone": MALLORY_PHONE, "email": "", "note": "KTP asli dicek"},
    )

    assert response.status_code == 302
    step_up.refresh_from_db()
    assert step_up.status == StepUpStatus.APPROVED and step_up.evidence == "in_person"
    assert len(codes_sent_to(MALLORY_PHONE)) == 1
    assert AuditEvent.objects.filter(
        action="account.stepup.approve", subject_participant_id=step_up.participant_id
    ).exists()


def test_a_sign_up_step_up_needs_a_phone(client, step_up):
    officer_client(client, "branch_officer")
    url = reverse("admin:accounts_stepuprequest_approve", args=[step_up.pk])

    response = client.post(url, {"evidence": "in_person", "phone": "", "note": "x"})

    assert response.status_code == 200
    step_up.refresh_from_db()
    assert step_up.status == StepUpStatus.PENDING


def test_staff_without_the_permission_cannot_approve(client, step_up):
    officer_client(client, "claims_officer")

    response = client.post(
        reverse("admin:accounts_stepuprequest_approve", args=[step_up.pk]),
        {"evidence": "in_person", "phone": MALLORY_PHONE, "note": "x"},
    )

    assert response.status_code == 403
    step_up.refresh_from_db()
    assert step_up.status == StepUpStatus.PENDING


def test_an_officer_rejects_a_step_up(client, step_up):
    officer_client(client, "cs_agent")

    client.post(
        reverse("admin:accounts_stepuprequest_reject", args=[step_up.pk]),
        {"note": "penelepon tidak lolos verifikasi"},
    )

    step_up.refresh_from_db()
    assert step_up.status == StepUpStatus.REJECTED and step_up.resolved_at is not None


def test_the_list_finds_a_request_by_kpj_and_refuses_a_nik_in_the_address(client, step_up, budi):
    nik, participant = budi
    officer_client(client, "branch_officer")
    url = reverse("admin:accounts_stepuprequest_changelist")

    by_kpj = client.get(url, {"q": participant.kpj}).content.decode()
    by_nik = client.get(url, {"q": nik}).content.decode()

    assert "Budi Santoso" in by_kpj
    assert "Budi Santoso" not in by_nik
