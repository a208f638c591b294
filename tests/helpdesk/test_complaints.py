import pytest

from jamsos.helpdesk.models import Category, Origin, Status
from jamsos.helpdesk.selectors import agent_queue, tickets_of_participant
from jamsos.helpdesk.services import submit_complaint
from jamsos.ops.errors import JamsosError


def test_a_participant_s_complaint_lands_unassigned_in_every_agent_s_queue(
    caller, agent, second_agent
):
    _, participant = caller

    ticket = submit_complaint(
        participant=participant,
        category=Category.EMPLOYER_COMPLAINT,
        text="Perusahaan memotong iuran tetapi tidak menyetorkannya.",
    )

    assert (ticket.origin, ticket.status, ticket.assigned_to) == (Origin.PORTAL, Status.OPEN, None)
    assert ticket.subject_participant == participant
    assert ticket.caller_name == participant.full_name
    (note,) = ticket.notes.all()
    assert (note.author, note.author_label) == (None, "participant")
    assert note.text.startswith("Perusahaan memotong iuran")
    assert ticket in agent_queue(agent) and ticket in agent_queue(second_agent)
    assert list(tickets_of_participant(participant.pk)) == [ticket]
    assert ticket.status_changes.get().changed_by_label == "participant"


def test_a_complaint_can_come_from_the_api_but_not_from_an_agent_s_channel(caller):
    _, participant = caller

    ticket = submit_complaint(
        participant=participant, category="app_or_website", text="Aplikasi error", origin="api"
    )

    assert ticket.origin == Origin.API
    with pytest.raises(ValueError):
        submit_complaint(participant=participant, category="claim", text="x", origin="call")


@pytest.mark.parametrize(
    ("category", "text", "code"),
    [
        ("lottery", "Saya menang undian?", "TICKET_CATEGORY_UNKNOWN"),
        ("claim", "", "TICKET_TEXT_EMPTY"),
        ("claim", "hubungi saya di 081234567890", "TICKET_TEXT_HAS_PERSONAL_DATA"),
    ],
)
def test_a_complaint_that_cannot_be_taken_says_why(caller, category, text, code):
    _, participant = caller

    with pytest.raises(JamsosError) as refusal:
        submit_complaint(participant=participant, category=category, text=text)

    assert refusal.value.code == code
    assert not tickets_of_participant(participant.pk).exists()
