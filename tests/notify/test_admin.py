from __future__ import annotations

import pytest
from django.urls import reverse

from jamsos.notify.models import OutboxMessage
from jamsos.notify.services import queue_message

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notify_outboxmessage_changelist")
BODY = "Nomor KPJ Anda: 12345678901"


@pytest.fixture
def messages():
    return [
        queue_message(
            kind="sms", recipient="081234567890", body=BODY, purpose="lookup.kpj", participant_id=42
        ),
        queue_message(
            kind="email",
            recipient="budi.santoso@example.com",
            subject="Kode OTP rahasia",
            body=BODY,
            purpose="otp.signup",
        ),
    ]


def test_the_list_shows_masked_recipients_and_neither_subject_nor_body(admin_client, messages):
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    page = response.content.decode()
    assert "+62 ****-****-890" in page
    assert "b***@example.com" in page
    for hidden in ("81234567890", "budi.santoso", "12345678901", "Kode OTP rahasia"):
        assert hidden not in page
    assert "lookup.kpj" in page


def test_the_detail_page_is_read_only_and_hides_the_body(admin_client, messages):
    url = reverse("admin:notify_outboxmessage_change", args=[messages[1].pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "b***@example.com" in page
    for hidden in ("budi.santoso", "12345678901", "Kode OTP rahasia"):
        assert hidden not in page
    assert admin_client.post(url, {"status": "sent"}).status_code == 403


def test_adding_and_deleting_are_forbidden(admin_client, messages):
    delete_url = reverse("admin:notify_outboxmessage_delete", args=[messages[0].pk])

    assert admin_client.get(reverse("admin:notify_outboxmessage_add")).status_code == 403
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert OutboxMessage.objects.count() == 2


def test_the_list_finds_a_participant_s_messages_and_filters_by_status(admin_client, messages):
    by_participant = admin_client.get(CHANGELIST, {"q": "42"})
    by_garbage = admin_client.get(CHANGELIST, {"q": "not-a-number"})
    by_status = admin_client.get(CHANGELIST, {"status__exact": "sent"})

    assert by_participant.context["cl"].result_count == 1
    assert by_garbage.context["cl"].result_count == 0
    assert by_status.context["cl"].result_count == 0
