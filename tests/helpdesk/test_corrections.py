import pytest
from django.db import connection

from jamsos.helpdesk.models import (
    Category,
    CorrectionRequest,
    Document,
    Note,
    Origin,
    Status,
    Ticket,
)
from jamsos.helpdesk.services import (
    change_status,
    link_participant,
    open_correction_request_from_ticket,
    open_ticket,
)
from jamsos.ops.errors import JamsosError
from tests.factories import make_nik
from tests.helpdesk.cast import as_agent, enrol_caller


@pytest.fixture
def verified_call(agent, caller):
    _, participant = caller
    ticket = open_ticket(
        category=Category.MEMBERSHIP_NUMBER,
        origin=Origin.CALL,
        actor=as_agent(agent),
        assigned_to=agent,
        caller_name="Budi",
    )
    return link_participant(ticket=ticket, participant=participant, actor=as_agent(agent))


def test_a_correction_request_is_a_new_ticket_about_the_same_participant(agent, verified_call):
    follow_up = open_correction_request_from_ticket(
        ticket=verified_call,
        field="full_name",
        requested_value="Budi Santosa",
        reason="Salah ketik saat pendaftaran",
        actor=as_agent(agent),
    )

    assert follow_up.category == Category.DATA_CORRECTION
    assert follow_up.parent == verified_call
    assert follow_up.subject_participant == verified_call.subject_participant
    assert follow_up.assigned_to is None and follow_up.status == Status.OPEN
    correction = CorrectionRequest.objects.get(ticket=follow_up)
    assert (correction.field, correction.requested_value) == ("full_name", "Budi Santosa")
    assert [e.document for e in correction.evidence.all()] == [
        Document.KTP,
        Document.KK,
        Document.EMPLOYER_LETTER,
    ]
    assert not any(e.received_at for e in correction.evidence.all())
    assert Note.objects.filter(ticket=verified_call, text__contains=follow_up.number).exists()


@pytest.mark.parametrize(
    ("field", "typed", "stored", "documents"),
    [
        ("birth_date", "18/05/1990", "1990-05-18", {"ktp", "kk", "birth_certificate"}),
        ("sex", "f", "F", {"ktp", "kk"}),
    ],
)
def test_each_field_asks_for_its_own_documents(
    agent, verified_call, field, typed, stored, documents
):
    follow_up = open_correction_request_from_ticket(
        ticket=verified_call, field=field, requested_value=typed, actor=as_agent(agent)
    )

    assert follow_up.correction.requested_value == stored
    assert {e.document for e in follow_up.correction.evidence.all()} == documents


def test_a_requested_nik_is_stored_encrypted(agent, verified_call):
    new_nik = make_nik()
    open_correction_request_from_ticket(
        ticket=verified_call, field="nik", requested_value=new_nik, actor=as_agent(agent)
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT requested_value FROM helpdesk_correction_request")
        (raw,) = cursor.fetchone()
    assert new_nik not in raw
    assert CorrectionRequest.objects.get().requested_value == new_nik


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("nik", "12345", "NIK_LENGTH"),
        ("birth_date", "1990-17-05", "CORRECTION_VALUE_INVALID"),
        ("sex", "X", "CORRECTION_VALUE_INVALID"),
        ("full_name", "", "NAME_REQUIRED"),
    ],
)
def test_an_invalid_requested_value_is_refused_and_nothing_is_opened(
    agent, verified_call, field, typed, code
):
    with pytest.raises(JamsosError) as refusal:
        open_correction_request_from_ticket(
            ticket=verified_call, field=field, requested_value=typed, actor=as_agent(agent)
        )

    assert refusal.value.code == code
    assert refusal.value.field == "requested_value"
    assert Ticket.objects.count() == 1


def test_no_correction_is_requested_before_the_caller_is_verified(agent):
    ticket = open_ticket(
        category=Category.DATA_CORRECTION, origin=Origin.CALL, actor=as_agent(agent)
    )

    with pytest.raises(JamsosError) as refusal:
        open_correction_request_from_ticket(
            ticket=ticket, field="full_name", requested_value="Budi", actor=as_agent(agent)
        )
    assert refusal.value.code == "CORRECTION_NEEDS_VERIFIED_PARTICIPANT"
    assert refusal.value.http_status == 409


def test_a_ticket_stays_about_the_one_participant_it_was_linked_to(agent, verified_call):
    _, other = enrol_caller()
    with pytest.raises(JamsosError) as refusal:
        link_participant(ticket=verified_call, participant=other, actor=as_agent(agent))
    assert refusal.value.code == "TICKET_SUBJECT_DIFFERS"

    again = link_participant(
        ticket=verified_call, participant=verified_call.subject_participant, actor=as_agent(agent)
    )
    assert again.subject_participant == verified_call.subject_participant


def test_a_closed_ticket_opens_no_correction(agent, verified_call):
    change_status(ticket=verified_call, to=Status.CLOSED, actor=as_agent(agent))

    with pytest.raises(JamsosError) as refusal:
        open_correction_request_from_ticket(
            ticket=verified_call, field="sex", requested_value="F", actor=as_agent(agent)
        )
    assert refusal.value.code == "TICKET_CLOSED"
