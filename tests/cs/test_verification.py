import re

import pytest

from jamsos.audit.models import AuditEvent
from jamsos.channels.cs.models import CallerCheck
from tests.cs.conftest import check_caller, page
from tests.factories import make_nik
from tests.helpdesk.cast import CALLER_EMAIL


def matched(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-question="(\w+)" data-matched="(\w+)"', html))


def test_the_results_appear_only_after_the_questions_are_sent(agent_client, call):
    html = page(agent_client.get(f"/cs/tickets/{call.number}/"))

    assert 'id="check-result"' not in html
    assert 'id="reveal-button" disabled' in html


def test_each_question_says_only_whether_it_matched(agent_client, call, caller):
    nik, _ = caller

    response = check_caller(agent_client, call, nik, birth_date="18/05/1990")

    html = page(response)
    assert response.status_code == 200
    assert 'data-verified="false"' in html
    assert matched(html) == {
        "nik": "true",
        "full_name": "true",
        "birth_date": "false",
        "extra": "true",
    }
    assert 'id="reveal-button" disabled' in html


def test_a_caller_who_answers_everything_is_verified_and_the_ticket_linked(
    agent_client, call, caller
):
    nik, participant = caller

    html = page(check_caller(agent_client, call, nik, full_name="budi  SANTOSO"))

    assert 'data-verified="true"' in html
    assert set(matched(html).values()) == {"true"}
    assert 'id="reveal-button" disabled' not in html
    call.refresh_from_db()
    assert call.subject_participant == participant


def test_the_current_employer_can_stand_in_for_the_phone_digits(agent_client, call, caller):
    nik, _ = caller

    html = page(
        check_caller(agent_client, call, nik, phone_last4="", employer_name="pt sumber rejeki")
    )

    assert 'data-verified="true"' in html


def test_knowing_only_what_is_printed_on_a_ktp_is_not_enough(agent_client, call, caller):
    nik, _ = caller

    html = page(check_caller(agent_client, call, nik, phone_last4="1111", employer_name="PT Lain"))

    assert 'data-verified="false"' in html
    assert matched(html)["extra"] == "false"
    call.refresh_from_db()
    assert call.subject_participant is None


def test_an_unknown_nik_is_compared_with_nothing_else(agent_client, call):
    html = page(check_caller(agent_client, call, make_nik()))

    assert matched(html) == {
        "nik": "false",
        "full_name": "none",
        "birth_date": "none",
        "extra": "none",
    }
    event = AuditEvent.objects.get(action="participant.verify")
    assert (event.outcome, event.subject_participant_id) == ("not_found", None)


def test_the_extra_question_must_be_asked(agent_client, call, caller):
    nik, _ = caller

    response = check_caller(agent_client, call, nik, phone_last4="", employer_name="")

    html = page(response)
    assert response.status_code == 400
    assert 'aria-describedby="id_phone_last4_helptext id_phone_last4_error"' in html
    assert "not on the KTP" in html
    assert not CallerCheck.objects.exists()
    assert not AuditEvent.objects.filter(channel="cs").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nik", "12345"),
        ("nik", "1234567890123456"),
        ("birth_date", "1990-17-05"),
        ("phone_last4", "78a0"),
    ],
)
def test_a_malformed_answer_is_explained_beside_its_field_and_nothing_is_compared(
    agent_client, call, caller, field, value
):
    typed = {"nik": caller[0], field: value}

    response = check_caller(agent_client, call, typed.pop("nik"), **typed)

    assert response.status_code == 400
    assert f'id="id_{field}_error"' in page(response)
    assert not AuditEvent.objects.filter(channel="cs").exists()


def test_the_agent_never_sees_the_full_nik_phone_or_e_mail(agent_client, call, caller):
    nik, _ = caller
    responses = [
        check_caller(agent_client, call, nik, birth_date="01/01/1990"),  # not matched
        check_caller(agent_client, call, nik, birth_date="1990-99-99"),  # form error
        check_caller(agent_client, call, nik),  # verified
        agent_client.get(f"/cs/tickets/{call.number}/"),
    ]

    for response in responses:
        html = page(response)
        assert nik not in html
        assert "81234567890" not in html and "0812-3456-7890" not in html
        assert CALLER_EMAIL not in html
        assert 'value="7890"' not in html


def test_every_check_is_audited_with_the_record_it_was_compared_with(agent_client, call, caller):
    nik, participant = caller

    check_caller(agent_client, call, nik, full_name="Bambang")
    check_caller(agent_client, call, nik)

    failed, passed = AuditEvent.objects.filter(action="participant.verify").order_by("id")
    assert (failed.outcome, failed.subject_participant_id) == ("denied", participant.pk)
    assert failed.details["failed"] == ["full_name"]
    assert (passed.outcome, passed.subject_participant_id) == ("success", participant.pk)
    for event in (failed, passed):
        assert (event.actor_id, event.actor_role, event.channel) == (
            call.assigned_to_id,
            "cs_agent",
            "cs",
        )
        assert event.purpose.startswith(call.number)
        assert event.details["ticket"] == call.number
        assert nik not in str(event.details)


def test_after_three_failed_checks_the_ticket_is_not_checked_again(agent_client, call, caller):
    nik, _ = caller
    for _ in range(3):
        check_caller(agent_client, call, nik, birth_date="01/01/1990")

    response = check_caller(agent_client, call, nik)

    assert response.status_code == 409
    assert 'data-code="CS_TOO_MANY_FAILED_CHECKS"' in page(response)
    assert AuditEvent.objects.filter(action="participant.verify").count() == 3
    assert not CallerCheck.objects.filter(verified=True).exists()


def test_an_agent_s_checks_per_hour_are_limited(agent_client, call, caller, monkeypatch):
    monkeypatch.setenv("JAMSOS_CS_CHECKS_PER_HOUR", "2")
    nik, _ = caller
    check_caller(agent_client, call, nik, birth_date="01/01/1990")
    check_caller(agent_client, call, nik, birth_date="02/01/1990")

    response = check_caller(agent_client, call, nik)

    assert response.status_code == 429
    assert 'data-code="CS_CHECK_LIMIT"' in page(response)


def test_passing_as_someone_else_on_a_linked_ticket_is_refused(agent_client, call, caller):
    from tests.helpdesk.cast import enrol_caller

    nik, participant = caller
    check_caller(agent_client, call, nik)
    other_nik, other = enrol_caller()

    response = check_caller(agent_client, call, other_nik)

    assert response.status_code == 409
    assert 'data-code="TICKET_SUBJECT_DIFFERS"' in page(response)
    call.refresh_from_db()
    assert call.subject_participant == participant
    event = AuditEvent.objects.filter(action="participant.verify").latest("id")
    assert (event.outcome, event.subject_participant_id) == ("denied", other.pk)
    assert event.details["other_subject"] is True
